"""`microcred new ID`: a commented programme file that passes `check` once its TODOs are filled."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from microcred.models import Programme

Git = Callable[..., str]
MICROCRED = str(Path(sys.executable).with_name("microcred"))
TEMPLATE = Path(__file__).resolve().parent.parent / "plugins/microcred/templates/programme.yaml.j2"
# What a faculty member writes in place of each TODO of the template.
FILLED = {
    'title: "TODO: the programme\'s title"': "title: Data Visualisation for Decision Makers",
    'summary: "TODO: one or two sentences that tell a learner what they will be able to do."': (
        "summary: Turn spreadsheets into clear charts and dashboards that managers act on."
    ),
    '  - "TODO: subject area"': "  - Data & Computing",
    "credential: TODO": "credential: micro-credential",
    "workload_hours: TODO": "workload_hours: 50",
    "mode: TODO": "mode: online",
    '  - "TODO: Build ..."': "  - Build a dashboard that answers a manager's question.",
    "  - type: TODO": "  - type: project-work",
}


def microcred(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795000000"}
    return subprocess.run(
        [MICROCRED, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line and not line.startswith(" ")]


def test_new_file_is_refused_by_check_until_its_placeholders_are_filled(sample_repo: Path) -> None:
    result = microcred(sample_repo, "new", "data-visualisation", "--subject-folder", "computing")
    assert result.returncode == 0, result.stderr
    path = sample_repo / "programmes/computing/data-visualisation.yaml"
    assert result.stdout == (
        "Wrote programmes/computing/data-visualisation.yaml: replace each TODO, then run "
        "`microcred check`.\n"
    )
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/programme.schema.json"
    assert (path.parent / first.split("=", 1)[1]).resolve().is_file()
    assert "id: data-visualisation\n" in text

    check = microcred(sample_repo, "check")
    assert check.returncode == 1
    problems = [line.split(": ", 3) for line in problem_lines(check.stdout)]
    assert [(where.split(":")[0], kind, field) for where, kind, field, _ in problems] == [
        ("programmes/computing/data-visualisation.yaml", "error", field)
        for field in (
            "title",
            "summary",
            "subjects.0",
            "credential",
            "workload_hours",
            "mode",
            "learning_outcomes.0",
            "assessments.0.type",
        )
    ]
    placeholder = "this is still the template's TODO placeholder; write the real text"
    assert [message for *_, message in problems].count(placeholder) == 4
    assert all("TODO" in message for *_, message in problems)

    for placeholder, value in FILLED.items():
        assert text.count(placeholder) == 1, placeholder
        text = text.replace(placeholder, value)
    assert "TODO" not in re.sub(r"(?m)^#.*$", "", text)
    path.write_text(text.replace("status: draft", "status: published"), encoding="utf-8")

    filled = microcred(sample_repo, "check")
    assert filled.returncode == 0, filled.stdout
    assert filled.stdout == ""


def test_the_schema_path_is_relative_to_the_folder(sample_repo: Path) -> None:
    assert microcred(sample_repo, "new", "data-visualisation").returncode == 0
    first = (sample_repo / "programmes/data-visualisation.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/programme.schema.json"
    deep = microcred(sample_repo, "new", "bim-advanced", "--subject-folder", "engineering/civil")
    assert deep.returncode == 0, deep.stderr
    first = (sample_repo / "programmes/engineering/civil/bim-advanced.yaml").read_text()
    assert first.startswith("# yaml-language-server: $schema=../../../schemas/programme.schema")


def test_every_programme_field_is_explained_in_the_template() -> None:
    text = TEMPLATE.read_text(encoding="utf-8")
    missing = [
        name for name in Programme.model_fields if not re.search(rf"(?m)^(# )?{name}:", text)
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("programme_id", "message"),
    [
        (
            "cloud-security-fundamentals",
            "the id `cloud-security-fundamentals` is taken by "
            "programmes/computing/cloud-security-fundamentals.yaml; ids are permanent, "
            "choose another",
        ),
        (
            "cybersecurity-essentials",
            "the id `cybersecurity-essentials` is an old id of the programme in "
            "programmes/computing/cloud-security-fundamentals.yaml; ids are permanent, "
            "choose another",
        ),
        (
            "Data_Visualisation",
            "`Data_Visualisation` is not a valid id: use lower-case letters, digits and single "
            "hyphens, at most 80 characters, e.g. data-analytics-python",
        ),
        (
            "a" * 81,
            f"`{'a' * 81}` is not a valid id: use lower-case letters, digits and single "
            "hyphens, at most 80 characters, e.g. data-analytics-python",
        ),
    ],
)
def test_refused_ids(sample_repo: Path, programme_id: str, message: str) -> None:
    before = sorted(p.relative_to(sample_repo) for p in sample_repo.rglob("*.yaml"))
    result = microcred(sample_repo, "new", programme_id)
    assert result.returncode == 1
    assert result.stderr == f"microcred new: {message}\n"
    assert sorted(p.relative_to(sample_repo) for p in sample_repo.rglob("*.yaml")) == before


def test_an_id_removed_from_the_catalogue_is_never_reused(sample_repo: Path, git: Git) -> None:
    git(sample_repo, "rm", "--quiet", "programmes/health/digital-health-informatics.yaml")
    git(sample_repo, "commit", "--quiet", "-m", "Withdraw Digital Health Informatics")
    result = microcred(sample_repo, "new", "digital-health-informatics")
    assert result.returncode == 1
    assert result.stderr == (
        "microcred new: the id `digital-health-informatics` belonged to a programme that was "
        "removed; ids are permanent, choose another\n"
    )
    assert not (sample_repo / "programmes/digital-health-informatics.yaml").exists()


def test_a_bad_subject_folder_is_refused(sample_repo: Path) -> None:
    result = microcred(sample_repo, "new", "data-visualisation", "--subject-folder", "../docs")
    assert result.returncode == 1
    assert result.stderr == (
        "microcred new: `..` is not a valid subject folder: use lower-case letters, digits and "
        "single hyphens, at most 80 characters, e.g. computing\n"
    )
    assert not list(sample_repo.rglob("data-visualisation.yaml"))


def test_outside_git_only_the_files_on_disk_are_consulted(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test\nplugins:\n  - microcred:\n      institution_name: Test University\n"
    )
    result = microcred(tmp_path, "new", "first-programme")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "programmes/first-programme.yaml").is_file()
    again = microcred(tmp_path, "new", "first-programme")
    assert again.returncode == 1
    assert "is taken by programmes/first-programme.yaml" in again.stderr
