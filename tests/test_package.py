"""The release archives: `python -m build` makes a wheel and an sdist that hold the whole package.

A site installs the wheel from PyPI and never sees this repository, so every template, partial,
stylesheet, script, string table and file template must be inside it; the sdist must hold the
same, since a wheel can be built from it. The build runs as the release workflow runs it
(`make dist`: no isolation, with the locked setuptools) on a copy of the files git would keep.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path, PurePosixPath

import pytest

import microcred

REPO = Path(__file__).resolve().parent.parent
VERSION = microcred.__version__


def kept_files() -> list[Path]:
    """The files of a fresh checkout, with what is being written and not yet committed."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode()
    # Symbolic links are the bad-catalogue cases that point out of the repository.
    paths = (REPO / name for name in listed.split("\0") if name)
    return [path for path in paths if path.is_file() and not path.is_symlink()]


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """Names inside the wheel and the sdist, and the package's files (`source`), each relative
    to the package's folder."""
    source = tmp_path_factory.mktemp("source")
    for path in kept_files():
        target = source / path.relative_to(REPO)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    dist = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(source)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    wheel = dist / f"microcred-{VERSION}-py3-none-any.whl"
    sdist = dist / f"microcred-{VERSION}.tar.gz"
    assert sorted(p.name for p in dist.iterdir()) == sorted([wheel.name, sdist.name])
    with zipfile.ZipFile(wheel) as archive:
        wheel_names = archive.namelist()
        metadata = Parser().parsestr(
            archive.read(f"microcred-{VERSION}.dist-info/METADATA").decode()
        )
    with tarfile.open(sdist) as archive:
        sdist_names = [member.name for member in archive.getmembers() if member.isfile()]
    assert metadata["Name"] == "microcred"
    assert metadata["Version"] == VERSION
    # Nothing else lands in a site's environment: no tests, no sample catalogue.
    tops = {PurePosixPath(name).parts[0] for name in wheel_names}
    assert tops == {"microcred", f"microcred-{VERSION}.dist-info"}
    root = f"microcred-{VERSION}"
    assert f"{root}/CHANGELOG.md" in sdist_names
    assert f"{root}/pyproject.toml" in sdist_names
    package = source / "plugins" / "microcred"
    return {
        "source": {
            path.relative_to(package).as_posix()
            for path in package.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
        },
        "wheel": {n.removeprefix("microcred/") for n in wheel_names if n.startswith("microcred/")},
        "sdist": {
            n.removeprefix(f"{root}/plugins/microcred/")
            for n in sdist_names
            if n.startswith(f"{root}/plugins/microcred/")
        },
    }


@pytest.mark.parametrize("kind", ["wheel", "sdist"])
def test_archive_holds_every_file_of_the_package(kind: str, archives: dict[str, set[str]]) -> None:
    held = archives[kind]
    assert not {name for name in held if name.endswith((".pyc", ".pyo"))}
    assert sorted(archives["source"] - held) == [], f"missing from the {kind}"
    # The theme and the files that the test above would miss if the package's folder were empty.
    expected = [
        "py.typed",
        "theme/main.html",
        "theme/programme.html",
        "theme/partials/programme-facts.html",
        "theme/assets/javascripts/finder.js",
        "templates/programme.yaml.j2",
    ]
    assert sorted(set(expected) - held) == []
    assert any(re.fullmatch(r"theme/assets/stylesheets/[\w-]+\.css", name) for name in held)
    assert any(re.fullmatch(r"theme/microcred/[\w-]+\.md\.j2", name) for name in held)
    if any(name.startswith("strings/") for name in archives["source"]):
        assert any(name.startswith("strings/") and not name.endswith(".py") for name in held)


def test_changelog_has_the_version_and_an_unreleased_section() -> None:
    headings = re.findall(r"^## \[([^\]]+)\]", (REPO / "CHANGELOG.md").read_text("utf-8"), re.M)
    assert headings[0] == "Unreleased"
    assert VERSION in headings, f"CHANGELOG.md has no section for {VERSION}"
