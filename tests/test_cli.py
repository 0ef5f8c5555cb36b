"""The `microcred` command, run as users run it: the installed console script in a subprocess.

The bad-files corpus (tests/bad/<case>/) is run in-process through the same `main`, because it
has dozens of cases; each case is a small catalogue with one defect and `expected.txt` holding
the exact problem lines `microcred check` must print.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from microcred.cli import main
from microcred.errors import printable

REPO = Path(__file__).resolve().parent.parent
BAD = Path(__file__).resolve().parent / "bad"
CASES = sorted(p.name for p in BAD.iterdir() if (p / "expected.txt").is_file())
# The corpus's "today", so review-date warnings do not change as time passes: 2026-11-18.
CORPUS_EPOCH = "1795000000"
MICROCRED = str(Path(sys.executable).with_name("microcred"))

MKDOCS = """site_name: Test
plugins:
  - search
  - microcred:
      institution_name: Test University
      default_languages: [en]
      default_quality_assurance: {type: internal}
      default_awarding_bodies: [{name: Test University, country: IE}]
"""
PROGRAMME = """id: data-basics
title: Data Basics
status: published
summary: A short course on reading and cleaning data.
subjects: [Data & Computing]
credential: micro-credential
workload_hours: 50
mode: online
learning_outcomes: [Clean a small dataset with a spreadsheet.]
assessments: [{type: project-work}]
"""


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": CORPUS_EPOCH}
    return subprocess.run(
        [MICROCRED, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def problem_lines(output: str) -> list[str]:
    """The problem lines of text output, without the source excerpts indented under them."""
    return [line for line in output.splitlines() if line and not line.startswith(" ")]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "mkdocs.yml").write_text(MKDOCS)
    (tmp_path / "programmes").mkdir()
    (tmp_path / "programmes" / "data-basics.yaml").write_text(PROGRAMME)
    return tmp_path


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES)
def test_bad_file_gives_exact_problems(
    case: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = BAD / case
    expected = (folder / "expected.txt").read_text(encoding="utf-8").splitlines()
    monkeypatch.chdir(folder)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", CORPUS_EPOCH)
    status = main(["check"])
    out, err = capsys.readouterr()
    assert problem_lines(out) == expected
    assert err == ""
    assert status == (1 if any(": error: " in line for line in expected) else 0)


@pytest.mark.parametrize("case", CASES)
def test_bad_file_excerpt_shows_the_line_and_column(
    case: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = BAD / case
    monkeypatch.chdir(folder)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", CORPUS_EPOCH)
    main(["check"])
    lines = capsys.readouterr().out.splitlines()
    for index, line in enumerate(lines):
        if line.startswith(" "):
            continue
        file, number, column = line.split(":")[:3]
        path = folder / file
        if path.is_dir() or not _inside(path, folder):
            # A folder has no line to show, and a link out of the repository (or one that loops)
            # is never read.
            assert index + 1 == len(lines) or not lines[index + 1].startswith(" ")
            continue
        raw = path.read_bytes().splitlines()
        source = raw[int(number) - 1].decode("utf-8", "replace").lstrip("\ufeff") if raw else ""
        if not source.strip():
            continue
        gutter, text = lines[index + 1].split(" | ", 1)
        assert gutter.strip() == number
        assert text == printable(source)
        caret = lines[index + 2].split("| ", 1)[1]
        assert caret.endswith("^")
        assert len(caret) == int(column)


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except RuntimeError:  # a loop of links
        return False


def test_sample_catalogue_is_clean() -> None:
    result = run(REPO, "check")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_errors_exit_1_with_excerpt(site: Path) -> None:
    path = site / "programmes" / "data-basics.yaml"
    path.write_text(PROGRAMME.replace("workload_hours: 50", 'workload_hours: "50"'))
    result = run(site, "check")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "programmes/data-basics.yaml:7:17: error: workload_hours: "
        '"50" is text, not a number; write a number without quotes',
        '    7 | workload_hours: "50"',
        "      |                 ^",
    ]


def test_warnings_alone_exit_0(site: Path) -> None:
    with (site / "programmes" / "data-basics.yaml").open("a") as fh:
        fh.write("ects: 5\n")
    result = run(site, "check")
    assert result.returncode == 0
    assert ": warning: workload_hours: " in result.stdout


def test_github_format(site: Path) -> None:
    path = site / "programmes" / "data-basics.yaml"
    path.write_text(PROGRAMME.replace("mode: online", "mode: onlne"))
    result = run(site, "check", "--format", "github")
    assert result.returncode == 1
    assert result.stdout == (
        "::error file=programmes/data-basics.yaml,line=8,col=7,title=mode::"
        "`onlne` is not allowed (did you mean `online`?); write one of: online, in-person, "
        "blended\n"
    )


def test_paths_limit_the_report_but_not_the_rules(site: Path) -> None:
    (site / "programmes" / "other.yaml").write_text(
        PROGRAMME.replace("id: data-basics", "id: other")
        + "prerequisites: {programmes: [missing-one]}\n"
    )
    (site / "programmes" / "data-basics.yaml").write_text(PROGRAMME.replace("mode: online", ""))
    only_other = run(site, "check", "programmes/other.yaml")
    assert only_other.returncode == 1
    assert [line.split(":")[0] for line in problem_lines(only_other.stdout)] == [
        "programmes/other.yaml"
    ]
    folder = run(site, "check", "programmes")
    assert len(problem_lines(folder.stdout)) == 2


def test_missing_path_cannot_run(site: Path) -> None:
    result = run(site, "check", "programmes/nope.yaml")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "microcred check: programmes/nope.yaml does not exist\n"


def test_no_mkdocs_yml_cannot_run(tmp_path: Path) -> None:
    result = run(tmp_path, "check")
    assert result.returncode == 2
    assert result.stderr.startswith("microcred check: there is no mkdocs.yml here;")
    assert "Traceback" not in result.stderr


def test_plugin_not_enabled_cannot_run(site: Path) -> None:
    (site / "mkdocs.yml").write_text("site_name: Test\nplugins:\n  - search\n")
    result = run(site, "check")
    assert result.returncode == 2
    assert "does not use the microcred plugin" in result.stderr


def test_bad_options_are_located_in_mkdocs_yml(site: Path) -> None:
    (site / "mkdocs.yml").write_text(
        MKDOCS.replace("default_languages: [en]", "default_languages: english")
    )
    result = run(site, "check")
    assert result.returncode == 2
    assert problem_lines(result.stdout) == [
        "mkdocs.yml:6:26: error: default_languages: this must be a list; write each item on "
        "its own line starting with `- `"
    ]
    assert result.stderr == (
        "microcred check: the microcred options in mkdocs.yml have errors (above)\n"
    )


def test_mkdocs_yml_with_engine_tags_is_read(site: Path) -> None:
    (site / "mkdocs.yml").write_text(
        MKDOCS
        + "markdown_extensions:\n  - pymdownx.emoji:\n"
        + "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        + "extra:\n  analytics: !ENV [ANALYTICS_KEY, none]\n"
    )
    result = run(site, "check")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_options_from_env_tag(site: Path) -> None:
    (site / "mkdocs.yml").write_text(
        MKDOCS.replace("institution_name: Test University", "institution_name: !ENV UNI_NAME")
    )
    result = run(site, "check")
    assert result.returncode == 2
    assert "institution_name" in result.stdout


def test_malformed_mkdocs_yml_cannot_run(site: Path) -> None:
    (site / "mkdocs.yml").write_text("site_name: [Test\n")
    result = run(site, "check")
    assert result.returncode == 2
    assert result.stdout.startswith("mkdocs.yml:")
    assert "Traceback" not in result.stdout + result.stderr


def test_unknown_subcommand_is_usage_error(tmp_path: Path) -> None:
    result = run(tmp_path, "frobnicate")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_schema_writes_both_files(tmp_path: Path) -> None:
    result = run(tmp_path, "schema", "--out", "out")
    assert result.returncode == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "partner.schema.json",
        "programme.schema.json",
    ]


def test_authoring_guide_shows_every_message_as_printed() -> None:
    guide = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
    # A block may use a longer fence when its message quotes ``` itself.
    blocks = re.findall(r"^(`{3,})text\n(.*?)^\1$", guide, re.MULTILINE | re.DOTALL)
    shown = {line for _, block in blocks for line in block.splitlines()}
    printed = {
        case: (BAD / case / "expected.txt").read_text(encoding="utf-8").splitlines()
        for case in CASES
    }
    every_line = {line for lines in printed.values() for line in lines}
    assert shown <= every_line, "the guide quotes a message the check no longer prints"
    assert [case for case, lines in printed.items() if lines and lines[0] not in shown] == []
