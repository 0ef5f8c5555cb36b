"""The problem value: every stage reports what is wrong as data, never by raising.

A problem carries the file, the 1-based line and column, the dotted field path and a message
written for the faculty member who edits the YAML. Only the edges (the command line and the
MkDocs plugin) turn problems into output or into a failed build.
"""

from __future__ import annotations

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
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {field}{self.message}"

    def format_github(self) -> str:
        """A GitHub Actions workflow command, so the problem shows on the changed line."""
        kind = "error" if self.severity is Severity.ERROR else "warning"
        title = _escape_property(self.field or "catalogue")
        return (
            f"::{kind} file={_escape_property(self.file)},line={self.line},col={self.column},"
            f"title={title}::{_escape_data(self.message)}"
        )


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Files in path order, then by position, so output is stable between runs."""
    return sorted(problems, key=lambda p: (p.file, p.line, p.column, p.field, p.message))


def source_line(path: Path, line: int) -> str | None:
    """The text of one line of a file, for showing under a message; None if unreadable."""
    try:
        with path.open("rb") as fh:
            for number, raw in enumerate(fh, start=1):
                if number == line:
                    return raw.decode("utf-8", errors="replace").rstrip("\r\n").lstrip("\ufeff")
    except OSError:
        return None
    return None


def _escape_data(text: str) -> str:
    # Workflow commands treat %, CR and LF specially in the message part.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
