"""The problem value: every stage reports what is wrong as data, never by raising.

A problem carries the file, the 1-based line and column, the dotted field path and a message
written for the faculty member who edits the YAML. Only the edges (the command line and the
MkDocs plugin) turn problems into output or into a failed build.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the catalogue, located in a file."""

    file: str
    line: int
    column: int
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def format_text(self) -> str:
        """`FILE:LINE:COLUMN: error|warning: FIELD: MESSAGE`, the format the spec fixes."""
        field = f"{self.field}: " if self.field else ""
        text = f"{self.file}:{self.line}:{self.column}: {self.severity}: {field}{self.message}"
        return printable(text)

    def format_github(self) -> str:
        """A GitHub Actions workflow command, so the problem shows on the changed line."""
        kind = "error" if self.severity is Severity.ERROR else "warning"
        title = _escape_property(self.field or "catalogue")
        return printable(
            f"::{kind} file={_escape_property(self.file)},line={self.line},col={self.column},"
            f"title={title}::{_escape_data(self.message)}"
        )


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Files in path order, then by position, so output is stable between runs."""
    return sorted(problems, key=lambda p: (p.file, p.line, p.column, p.field, p.message))


def source_line(root: Path, file: str, line: int) -> str | None:
    """The text of one line of a repository file, for showing under a message.

    None if the file is unreadable, or is not a regular file inside `root` (a link out of the
    repository is reported, never shown).
    """
    path = root / file
    try:
        if not path.resolve().is_relative_to(root.resolve()) or not path.is_file():
            return None
        with path.open("rb") as fh:
            for number, raw in enumerate(fh, start=1):
                if number == line:
                    return raw.decode("utf-8", errors="replace").rstrip("\r\n").lstrip("\ufeff")
    except (OSError, RuntimeError):  # RuntimeError: resolving a loop of links
        return None
    return None


# What a terminal or a CI log would act on rather than show: controls (escape sequences can
# rewrite what a reviewer sees), the line separators, and the bidirectional overrides that make
# text read in another order ("Trojan source"). Tab stays: excerpts line up with it.
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)


def printable(text: str, *, lines: bool = False) -> str:
    """Text safe to print to a terminal: each control character shown as its code, \\u001b.

    With `lines`, line feeds stay: the text is several lines, each made safe.
    """
    if lines:
        return "\n".join(printable(line) for line in text.split("\n"))
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _escape_data(text: str) -> str:
    # Workflow commands treat %, CR and LF specially in the message part.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
