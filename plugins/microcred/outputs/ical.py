"""The iCalendar file of intakes and application deadlines (`/feeds/intakes.ics`).

For learners and advisers who subscribe to it in Outlook, Google Calendar or Apple Calendar.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from urllib.parse import urlsplit

from ..addresses import base_url
from ..catalogue import Catalogue
from ..pages import strip_unprintable
from ..strings import for_site
from .paths import page_url


def icalendar(catalogue: Catalogue, site_url: str, *, language: str = "en") -> bytes:
    """iCalendar (RFC 5545) with every intake and application deadline of published programmes.

    Events are whole days. UIDs are built from the programme id, the kind of event and its date,
    so a calendar that subscribes keeps the same event when anything else changes. DTSTAMP is
    the catalogue's today, which keeps a rebuild byte-for-byte identical.
    """
    strings = for_site(language)
    host = urlsplit(base_url(site_url)).hostname or "localhost"
    stamp = f"{catalogue.today:%Y%m%d}T000000Z"
    institution = catalogue.settings.institution.name
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{_ical_text(institution)}//microcred//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ical_text(strings('outputs.calendar-name', institution=institution))}",
    ]
    seen: set[str] = set()
    for pid in catalogue.published:
        programme = catalogue.programmes[pid]
        url = page_url(site_url, pid)
        for intake in sorted(programme.intakes, key=lambda i: i.start):
            details = [programme.summary, strings("outputs.calendar-details", url=url)]
            last = intake.end or intake.start
            lines += _event(
                uid=_unique(seen, f"{pid}-intake-{intake.start:%Y%m%d}@{host}"),
                stamp=stamp,
                first=intake.start,
                last=last,
                summary=strings("outputs.calendar-starts", title=programme.title),
                description="\n\n".join(details),
                location=intake.location,
                url=url,
                categories=programme.subjects,
            )
            if intake.application_deadline:
                lines += _event(
                    uid=_unique(seen, f"{pid}-deadline-{intake.start:%Y%m%d}@{host}"),
                    stamp=stamp,
                    first=intake.application_deadline,
                    last=intake.application_deadline,
                    summary=strings("outputs.calendar-closes", title=programme.title),
                    description=strings(
                        "outputs.calendar-closes-detail", date=intake.start.isoformat()
                    )
                    + f"\n\n{url}",
                    location=None,
                    url=url,
                    categories=programme.subjects,
                )
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines).encode()


def _unique(seen: set[str], uid: str) -> str:
    """A UID not used yet: two intakes of one programme may start on the same day."""
    candidate, number = uid, 1
    while candidate in seen:
        number += 1
        name, _, host = uid.partition("@")
        candidate = f"{name}-{number}@{host}"
    seen.add(candidate)
    return candidate


def _event(
    *,
    uid: str,
    stamp: str,
    first: date,
    last: date,
    summary: str,
    description: str,
    location: str | None,
    url: str,
    categories: Iterable[str],
) -> list[str]:
    event = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{first:%Y%m%d}",
        # DTEND of a whole-day event is exclusive: the day after the last day.
        f"DTEND;VALUE=DATE:{last + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{_ical_text(summary)}",
        f"DESCRIPTION:{_ical_text(description)}",
        f"URL;VALUE=URI:{url}",
        f"CATEGORIES:{','.join(_ical_text(c) for c in categories)}",
        "TRANSP:TRANSPARENT",
    ]
    if location:
        event.append(f"LOCATION:{_ical_text(location)}")
    event.append("END:VEVENT")
    return event


def _ical_text(text: str) -> str:
    """A TEXT value escaped as RFC 5545 section 3.3.11 requires, on one content line.

    Every line break (CR LF, a lone CR, LF) becomes the `\\n` escape: a raw one would end the
    line and let the text that follows start a property of its own.
    """
    return _ICAL_LINE_BREAK.sub(
        r"\\n",
        strip_unprintable(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,"),
    )


_ICAL_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545 3.1)."""
    if line.isascii():  # most lines: a character is an octet, so slices of 75, then of 74
        if len(line) <= 75:
            return line
        rest = (line[start : start + 74] for start in range(75, len(line), 74))
        return "\r\n ".join((line[:75], *rest))
    parts: list[str] = []
    current, size, limit = "", 0, 75
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with a space
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)
