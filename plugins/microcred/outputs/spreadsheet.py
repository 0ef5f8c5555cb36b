"""The CSV export (`/api/catalogue.csv`): one row per published programme, for spreadsheets.

For marketing teams and anyone who works in Excel, LibreOffice or Google Sheets. The columns are
one list, COLUMNS, of (header, getter) pairs: the header row and every row come from it, and
`docs/data.md` is tested against it. The module is not named `csv`, which would shadow the
standard library's.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from ..catalogue import Catalogue
from ..pages import strip_unprintable
from .paths import page_url

Getter = Callable[[Catalogue, str, str], object]
"""A column's value for one programme: (catalogue, programme id, site URL) in, a cell out."""

# Leading characters that make a spreadsheet treat a cell as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _joined(values: list[str] | tuple[str, ...] | None) -> str:
    return "; ".join(values or [])


def _partners(catalogue: Catalogue, pid: str) -> list[str]:
    links = catalogue.programmes[pid].employer_partners
    return [catalogue.partners[link.partner].name for link in links]


def _next_deadline(catalogue: Catalogue, pid: str) -> str | None:
    nxt = catalogue.next_intake(pid)
    return nxt.application_deadline.isoformat() if nxt and nxt.application_deadline else None


COLUMNS: tuple[tuple[str, Getter], ...] = (
    ("id", lambda c, pid, url: c.programmes[pid].id),
    ("title", lambda c, pid, url: c.programmes[pid].title),
    ("url", lambda c, pid, url: page_url(url, pid)),
    ("summary", lambda c, pid, url: c.programmes[pid].summary),
    ("subjects", lambda c, pid, url: _joined(c.programmes[pid].subjects)),
    ("credential", lambda c, pid, url: c.programmes[pid].credential),
    ("eqf_level", lambda c, pid, url: level.eqf if (level := c.programmes[pid].level) else None),
    ("nqf_level", lambda c, pid, url: level.nqf if (level := c.programmes[pid].level) else None),
    (
        "difficulty",
        lambda c, pid, url: level.difficulty if (level := c.programmes[pid].level) else None,
    ),
    ("ects", lambda c, pid, url: c.programmes[pid].ects),
    ("workload_hours", lambda c, pid, url: c.programmes[pid].workload_hours),
    ("duration_weeks", lambda c, pid, url: c.programmes[pid].duration_weeks),
    ("mode", lambda c, pid, url: c.programmes[pid].mode),
    ("pace", lambda c, pid, url: c.programmes[pid].pace),
    ("languages", lambda c, pid, url: _joined(c.programmes[pid].languages)),
    ("fee_amount", lambda c, pid, url: fee.amount if (fee := c.programmes[pid].fee) else None),
    ("fee_currency", lambda c, pid, url: fee.currency if (fee := c.programmes[pid].fee) else None),
    (
        "next_intake_start",
        lambda c, pid, url: nxt.start.isoformat() if (nxt := c.next_intake(pid)) else None,
    ),
    ("next_application_deadline", lambda c, pid, url: _next_deadline(c, pid)),
    ("employer_partners", lambda c, pid, url: _joined(_partners(c, pid))),
    ("apply_url", lambda c, pid, url: c.programmes[pid].apply_url),
    (
        "contact_email",
        lambda c, pid, url: contact.email if (contact := c.programmes[pid].contact) else None,
    ),
    (
        "last_reviewed",
        lambda c, pid, url: day.isoformat() if (day := c.programmes[pid].last_reviewed) else None,
    ),
)
"""The CSV export's columns, in order: each header with how to get its value. Lists are joined
with "; "."""


def catalogue_csv(catalogue: Catalogue, site_url: str) -> bytes:
    """Every published programme as one CSV row, for spreadsheets.

    UTF-8 with a byte order mark, so Excel reads accents correctly; CRLF line ends (RFC 4180).
    A cell that a spreadsheet would run as a formula gets a leading apostrophe.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header for header, _ in COLUMNS)
    for pid in catalogue.published:
        writer.writerow(_csv_cell(get(catalogue, pid, site_url)) for _, get in COLUMNS)
    return out.getvalue().encode("utf-8-sig")


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = strip_unprintable(str(value))
    return "'" + text if text.startswith(_FORMULA_START) else text
