"""Fixtures shared by several test files."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

Git = Callable[..., str]


@pytest.fixture
def git() -> Git:
    """Run git in a folder as a committer would: `git(cwd, "commit", "-m", "...")`."""

    def run(cwd: Path, *args: str) -> str:
        result = subprocess.run(
            [
                "git",
                "-c",
                "user.name=Test Author",
                "-c",
                "user.email=author@example.org",
                "-c",
                "init.defaultBranch=main",
                *args,
            ],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout

    return run


@pytest.fixture
def sample_repo(tmp_path: Path, git: Git) -> Path:
    """A git repository holding the sample catalogue, committed once on `main`."""
    root = tmp_path / "catalogue"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root)
    for folder in ("programmes", "partners", "schemas", "docs/assets"):
        shutil.copytree(REPO / folder, root / folder)
    git(root, "init", "--quiet")
    git(root, "add", ".")
    git(root, "commit", "--quiet", "-m", "Sample catalogue")
    return root
