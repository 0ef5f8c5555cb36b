"""Every page of the sample build is valid HTML to the Nu HTML Checker (vnu), Material's own
markup included.

vnu (a Java program from the `vnu-jar` npm package, installed by `.ci/run` into .ci/) reads all
pages in one run; its findings are reported per file and line.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, BuiltSite

VNU = REPO / ".ci" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_errors(pages: list[Path]) -> list[str]:
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        message = "vnu needs Java and `npm install --prefix .ci vnu-jar` (.ci/run does both)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}" for m in messages
    ]


def test_every_page_of_the_sample_is_valid_html(sample_site: BuiltSite) -> None:
    pages = sorted(sample_site.root.rglob("*.html"))
    assert len(pages) > 40
    assert vnu_errors(pages) == []


def test_the_checker_finds_invalid_markup(tmp_path: Path) -> None:
    # So that an empty list above means valid pages, not a checker that reads nothing.
    page = tmp_path / "bad.html"
    page.write_text(
        '<!doctype html><html lang="en"><title>x</title>'
        '<input type="checkbox" autocomplete="off"><label for="missing">x</label></html>',
        encoding="utf-8",
    )
    assert len(vnu_errors([page])) == 2
