"""`microcred diff BASE`: the change a pull request makes, in words, on real git repositories."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

Git = Callable[..., str]
MICROCRED = str(Path(sys.executable).with_name("microcred"))
# A fixed "today" (2026-11-18) so review-date warnings do not change as time passes.
EPOCH = "1795000000"
CLOUD = Path("programmes/computing/cloud-security-fundamentals.yaml")


def diff(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.run(
        [MICROCRED, "diff", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def section(markdown: str, heading: str) -> str:
    """The text under one `## heading`, up to the next heading of the same level."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", markdown, re.M | re.S)
    assert match, f"no section {heading!r} in:\n{markdown}"
    return match.group(1)


def test_no_change_says_so(sample_repo: Path) -> None:
    result = diff(sample_repo, "HEAD")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "Catalogue changes since HEAD\n"
        "============================\n"
        "No change to the catalogue: no programme or partner is added, removed or edited.\n"
    )


def test_a_typical_pull_request_in_words(sample_repo: Path, git: Git) -> None:
    git(sample_repo, "switch", "--quiet", "-c", "faculty-edits")
    cloud = sample_repo / CLOUD
    edit(cloud, "status: published", "status: archived")
    edit(cloud, "  amount: 950\n", "  amount: 1050\n")
    edit(cloud, "  - start: 2027-03-01\n", "  - start: 2027-03-08\n")
    edit(
        cloud,
        "learning_outcomes:\n",
        "learning_outcomes:\n  - Evaluate a cloud provider's compliance reports.\n",
    )
    old = sample_repo / "programmes/business/leading-hybrid-teams.yaml"
    renamed = old.with_name("leading-remote-teams.yaml")
    git(sample_repo, "mv", str(old), str(renamed))
    edit(
        renamed,
        "id: leading-hybrid-teams\n",
        "id: leading-remote-teams\nprevious_ids:\n  - leading-hybrid-teams\n",
    )
    git(sample_repo, "rm", "--quiet", "programmes/health/digital-health-informatics.yaml")
    edit(
        sample_repo / "partners/claddagh-bank.yaml",
        "name: Claddagh Bank\n",
        "name: Claddagh Bank plc\n",
    )
    git(sample_repo, "commit", "--quiet", "-am", "Edits")

    result = diff(sample_repo, "main", "--format", "markdown")

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("# Catalogue changes since main\n")
    assert (
        "1 programme removed, 1 programme renamed, 1 change of status, 2 programmes edited, "
        "1 partner added, removed or edited." in out
    )
    assert "**Digital Health Informatics** (`digital-health-informatics`): removed" in section(
        out, "Removed programmes"
    )
    assert (
        "(`leading-remote-teams`): renamed from `leading-hybrid-teams`; links to the old page "
        "redirect here" in section(out, "Renamed programmes")
    )
    assert "(`cloud-security-fundamentals`): archived: the page stays online" in section(
        out, "Published, archived or withdrawn"
    )
    edited = section(out, "Programmes edited")
    assert "- **Fee**: EUR 950 → EUR 1,050\n" in edited
    assert (
        "  - starts 1 March 2027, ends 7 May 2027, applications close 12 February 2027, "
        "places: 80 → starts 8 March 2027, ends 7 May 2027, applications close 12 February "
        "2027, places: 80\n" in edited
    )
    assert "  - added: Evaluate a cloud provider's compliance reports.\n" in edited
    # Status has its own section; it is not repeated as an edited field.
    assert "**Status**" not in edited
    assert "- **Name**: Claddagh Bank → Claddagh Bank plc\n" in section(
        out, "Employer partners edited"
    )
    assert "New problems" not in out


def test_new_problems_are_listed_and_old_ones_are_not(sample_repo: Path, git: Git) -> None:
    cloud = sample_repo / CLOUD
    edit(cloud, "workload_hours: 140\n", "workload_hours: 100\n")
    git(sample_repo, "commit", "--quiet", "-am", "A warning already on the base")
    # Lines inserted above the base's warning move it; it is still not new.
    edit(cloud, "title: Cloud Security Fundamentals\n", "title: Cloud Security Fundamentals\n\n\n")
    edit(
        sample_repo / "programmes/computing/responsive-web-design.yaml",
        "mode: ",
        "learning_outcome: typo\nmode: ",
    )
    edit(
        sample_repo / "programmes/business/leading-hybrid-teams.yaml",
        "last_reviewed: 2026-06-18",
        "last_reviewed: 2025-06-18",
    )

    result = diff(sample_repo, "HEAD")

    assert result.returncode == 0, result.stderr
    assert (
        "2 programmes edited, 1 new error (the site will not build), 1 new warning.\n"
        in result.stdout
    )
    new = result.stdout.split("New problems\n------------\n", 1)[1]
    assert [line for line in new.splitlines() if line.startswith("- ")] == [
        "- programmes/business/leading-hybrid-teams.yaml:85:16: warning: last_reviewed: last "
        "reviewed on 2025-06-18, over 12 months ago; review the programme and update the date",
        "- programmes/computing/responsive-web-design.yaml:38:1: error: learning_outcome: "
        "`learning_outcome` is not a field here (did you mean `learning_outcomes`?)",
    ]


def test_text_format_has_no_markdown(sample_repo: Path) -> None:
    edit(sample_repo / CLOUD, "title: Cloud Security Fundamentals", "title: Cloud *Security*")
    result = diff(sample_repo, "HEAD")
    assert result.returncode == 0, result.stderr
    assert "- Title: Cloud Security Fundamentals → Cloud *Security*\n" in result.stdout
    markdown = diff(sample_repo, "HEAD", "--format", "markdown").stdout
    assert "- **Title**: Cloud Security Fundamentals → Cloud \\*Security\\*\n" in markdown


def test_added_draft_and_published_draft(sample_repo: Path, git: Git) -> None:
    draft = sample_repo / "programmes/computing/data-visualisation.yaml"
    shutil.copy(sample_repo / CLOUD, draft)
    edit(draft, "id: cloud-security-fundamentals", "id: data-visualisation")
    edit(draft, "title: Cloud Security Fundamentals", "title: Data Visualisation")
    edit(draft, "status: published", "status: draft")
    edit(draft, "previous_ids:\n  - cybersecurity-essentials\n", "")
    result = diff(sample_repo, "HEAD", "--format", "markdown")
    assert (
        "- **Data Visualisation** (`data-visualisation`): added as a draft (not on the site)\n"
        in (section(result.stdout, "New programmes"))
    )

    git(sample_repo, "add", ".")
    git(sample_repo, "commit", "--quiet", "-m", "Draft")
    edit(draft, "status: draft", "status: published")
    published = diff(sample_repo, "HEAD", "--format", "markdown").stdout
    assert "(`data-visualisation`): published: it gets a page and joins the listing\n" in section(
        published, "Published, archived or withdrawn"
    )


def test_a_rewritten_description_shows_the_changed_lines(sample_repo: Path) -> None:
    edit(
        sample_repo / CLOUD,
        "  still work and bring you here.\n",
        "  still work and bring you to this page.\n",
    )
    result = diff(sample_repo, "HEAD", "--format", "markdown")
    assert (
        "- **Description**: rewritten\n\n"
        "  ~~~diff\n"
        "  -still work and bring you here.\n"
        "  +still work and bring you to this page.\n"
        "  ~~~\n" in result.stdout
    )


def test_site_in_a_subfolder_of_the_repository(tmp_path: Path, sample_repo: Path, git: Git) -> None:
    outer = tmp_path / "outer"
    outer.mkdir()
    shutil.copytree(sample_repo, outer / "site-source", ignore=shutil.ignore_patterns(".git"))
    git(outer, "init", "--quiet")
    git(outer, "add", ".")
    git(outer, "commit", "--quiet", "-m", "Catalogue in a subfolder")
    edit(outer / "site-source" / CLOUD, "  amount: 950\n", "  amount: 0\n")
    result = diff(outer / "site-source", "HEAD")
    assert result.returncode == 0, result.stderr
    assert "- Fee: EUR 950 → free\n" in result.stdout


def test_a_base_that_is_not_a_commit_is_refused(sample_repo: Path) -> None:
    result = diff(sample_repo, "no-such-branch")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "microcred diff: `no-such-branch` is not a commit in this repository; name a branch, "
        "tag or commit (fetch it first if it lives on the remote, e.g. `git fetch origin main`)\n"
    )


def test_outside_a_git_repository(tmp_path: Path, sample_repo: Path) -> None:
    copy = tmp_path / "no-git"
    shutil.copytree(sample_repo, copy, ignore=shutil.ignore_patterns(".git"))
    result = diff(copy, "HEAD")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("microcred diff: ")
    assert "this folder is not in a git repository" in result.stderr


@pytest.mark.parametrize("base", ["--help", "-x"])
def test_a_base_that_looks_like_an_option_is_a_revision(sample_repo: Path, base: str) -> None:
    result = diff(sample_repo, "--", base)
    assert result.returncode == 2
    assert f"`{base}` is not a commit in this repository" in result.stderr


def test_a_file_broken_by_the_change_is_not_reported_as_removed(sample_repo: Path) -> None:
    edit(sample_repo / CLOUD, "mode: online\n", "mode: online\n\tpace: scheduled\n")
    result = diff(sample_repo, "HEAD", "--format", "markdown")
    assert result.returncode == 0, result.stderr
    assert "Removed programmes" not in result.stdout
    assert (
        "### Cloud Security Fundamentals (cloud-security-fundamentals)\n\n"
        "the file cannot be read any more; see New problems below\n" in result.stdout
    )
    new = section(result.stdout, "New problems")
    assert "- `programmes/computing/cloud-security-fundamentals.yaml:" in new
    assert ": error: " in new


def test_control_characters_from_the_files_reach_no_terminal(sample_repo: Path) -> None:
    # A change a reviewer reads in a terminal or a job summary: an escape sequence in a value
    # could rewrite what they see. The check refuses it; the diff shows it as a code.
    edit(sample_repo / CLOUD, "title: ", 'title: "\\e]0;approved\\a" # ')
    for output in ("text", "markdown"):
        result = diff(sample_repo, "HEAD", "--format", output)
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout
        assert "\x07" not in result.stdout
        assert "\\u001b" in result.stdout
