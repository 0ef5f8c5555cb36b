"""The check takes time in proportion to the text, whatever the text.

A value crafted for a backtracking pattern (`<a<a<a...` with no `>`, `a.a.a...` where an address
is expected, runs of brackets, stars and invisible characters) once made one line cost minutes.
Each adversarial file below holds a line of 100,000 characters; it is timed against an ordinary
file of the same size, in the same process, and only the ratio is judged (no absolute times).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import yaml

from microcred.catalogue import build, settings_from_options
from microcred.errors import Severity

TODAY = date(2026, 11, 18)
OPTIONS = {
    "institution_name": "Test University",
    "default_languages": ["en"],
    "default_quality_assurance": {"type": "internal"},
    "default_awarding_bodies": [{"name": "Test University", "country": "IE"}],
}
SETTINGS, _ = settings_from_options(OPTIONS)

SIZE = 100_000
# Generous: the ordinary file is parsed and validated too; what this guards against is a
# quadratic pattern, which at this size is thousands of times slower, not a few.
MAX_RATIO = 8

HEAD = """id: data-basics
status: published
credential: micro-credential
mode: online
assessments: [{type: quiz}]
"""
FIELDS = {
    "title": "Data Basics",
    "summary": "A short course on reading and cleaning data.",
    "subjects": ["Data"],
    "workload_hours": 50,
    "learning_outcomes": ["Clean data."],
}


def _file(**changes: object) -> str:
    values = {**FIELDS, **changes}
    # width: one value stays on one line, however long.
    return HEAD + yaml.safe_dump(values, allow_unicode=True, width=SIZE * 2, sort_keys=False)


def _long(unit: str) -> str:
    return (unit * (SIZE // len(unit) + 1))[:SIZE]


ADVERSARIAL: dict[str, Callable[[], str]] = {
    "tag openings without `>`": lambda: _file(title=_long("<a")),
    "tag openings in a summary": lambda: _file(summary=_long("<a ")),
    "tag openings in a description": lambda: _file(description=_long("<a")),
    "unclosed link brackets": lambda: _file(description=_long("[](")),
    "emphasis runs": lambda: _file(description=_long("*_")),
    "javascript links": lambda: _file(description=_long("](javascript:")),
    "setext-like text": lambda: _file(description=_long("a=")),
    "invisible characters": lambda: _file(title=_long("\u200b")),
    "spaces then a letter": lambda: _file(summary=_long(" ") + "x"),
    "dotted address": lambda: _file(apply_url="https://" + _long("a.")),
    "dotted email": lambda: _file(contact={"email": "a@" + _long("a.")}),
    "unknown long key": lambda: HEAD + _long("k") + ": 1\n" + _file()[len(HEAD) :],
    "unknown long key, a field missing": lambda: (
        HEAD.replace("mode: online\n", "") + _long("m") + ": online\n" + _file()[len(HEAD) :]
    ),
    "long vocabulary value": lambda: _file(mode=_long("online")).replace("mode: online\n", "", 1),
    "long subject": lambda: _file(subjects=[_long("Ω ")]),
    "long language tag": lambda: _file(languages=[_long("en-")]),
}


def _time_check(root: Path, text: str) -> tuple[float, bool]:
    (root / "programmes" / "data-basics.yaml").write_text(text, encoding="utf-8")
    best = float("inf")
    refused = False
    for _ in range(3):
        start = time.perf_counter()
        assert SETTINGS is not None
        _, problems = build(root, SETTINGS, today=TODAY)
        best = min(best, time.perf_counter() - start)
        refused = any(p.severity is Severity.ERROR for p in problems)
    return best, refused


@pytest.fixture(scope="module")
def ordinary(tmp_path_factory: pytest.TempPathFactory) -> float:
    root = tmp_path_factory.mktemp("ordinary")
    (root / "programmes").mkdir()
    # The same size, as an ordinary file holds it: a long comment of plain words.
    text = _file() + "# " + _long("Plain words in an ordinary comment. ") + "\n"
    seconds, refused = _time_check(root, text)
    assert not refused
    return seconds


@pytest.mark.parametrize("case", sorted(ADVERSARIAL))
def test_adversarial_line_costs_what_an_ordinary_one_does(
    case: str, ordinary: float, tmp_path: Path
) -> None:
    (tmp_path / "programmes").mkdir()
    text = ADVERSARIAL[case]()
    assert len(text) > SIZE
    seconds, refused = _time_check(tmp_path, text)
    assert refused, "each of these values breaks a rule, so the check must report it"
    assert seconds / ordinary < MAX_RATIO, f"{case}: {seconds:.4f} s against {ordinary:.4f} s"
