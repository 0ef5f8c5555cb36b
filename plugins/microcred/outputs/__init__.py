"""Stage 5: the machine-readable outputs, built from a validated Catalogue.

Every function here is pure: a catalogue and the site's absolute base URL in, JSON-ready data or
bytes out, so the same catalogue always gives the same bytes (sorted keys, no clock: the only
date is the catalogue's `today`). XML is built with `xml.etree`, never by joining strings, so text
from the YAML files is always escaped. Nothing here imports the site engine.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import math
import re
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree as ET

import segno
from pydantic import Field

from ..catalogue import Catalogue
from ..errors import Problem
from ..models import JSON_SCHEMA_DIALECT, Institution, Intake, Programme, Strict
from ..pages import image_reference, markdown_escape, printable, web_address
from ..strings import for_site

JsonObject = dict[str, Any]

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_NS = "http://www.w3.org/XML/1998/namespace"
OB3_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
ESCO_FRAMEWORK = "ESCO (European Skills, Competences, Qualifications and Occupations)"
# Open Badges restricts `inLanguage` to language, script and region; BCP 47 variants are dropped.
_OB3_LANGUAGE = re.compile(r"^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?")
# Google's Course info rich result reads these fixed words, not our vocabulary.
_COURSE_MODE = {"online": "Online", "in-person": "Onsite", "blended": "Blended"}
_EDUCATIONAL_LEVEL = {
    "introductory": "Beginner",
    "intermediate": "Intermediate",
    "advanced": "Advanced",
}
# Leading characters that make a spreadsheet treat a cell as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Beyond this a float no longer holds every whole number, and hours times 60 or a division by
# a week count can overflow: no catalogue figure comes near it.
LARGEST_NUMBER = 10**15

PATHS = {
    "badge": "badges/{id}.json",
    "issuer": "badges/issuer.json",
    "atom": "feeds/programmes.atom",
    "ical": "feeds/intakes.ics",
    "csv": "api/catalogue.csv",
    "schema": "api/catalogue.schema.json",
    "qr": "programmes/{id}/qr.svg",
    "embed": "programmes/{id}/embed.html",
}
"""Where each output is published, relative to the site root; other sites link to these."""


def base_url(site_url: str) -> str:
    """The site's absolute URL with exactly one trailing slash, for joining paths onto."""
    return site_url.rstrip("/") + "/"


def page_url(site_url: str, programme_id: str) -> str:
    return urljoin(base_url(site_url), f"programmes/{programme_id}/")


def output_url(site_url: str, kind: str, programme_id: str = "") -> str:
    return urljoin(base_url(site_url), PATHS[kind].format(id=programme_id))


def asset_url(site_url: str, reference: str) -> str | None:
    """An image reference from the YAML (https URL or path under docs/) as an absolute URL.

    None for any other reference (pages.image_reference), which the models refuse anyway.
    """
    checked = image_reference(reference)
    if checked is None or "://" in checked:
        return checked
    return urljoin(base_url(site_url), checked)


def unpublishable_numbers(catalogue: Catalogue) -> list[Problem]:
    """An error for each number of a programme on the site that no output can write.

    NaN and infinity are not JSON, and a number beyond LARGEST_NUMBER overflows the durations
    computed from it. The models refuse both; this stops the build with a message, not a
    traceback, should one get past them. Positions are not known here: line 1 of the file.
    """
    problems = []
    for pid in catalogue.published + catalogue.archived:
        source = catalogue.sources.get(("programme", pid), pid)
        for field, value in _numbers(catalogue.programmes[pid].model_dump(), ""):
            # Size first: an int too large for a float cannot be asked whether it is finite.
            if abs(value) > LARGEST_NUMBER or not math.isfinite(value):
                message = (
                    f"`{value}` is not a number the site can publish; write a number "
                    f"between {-LARGEST_NUMBER:,} and {LARGEST_NUMBER:,}"
                )
                problems.append(Problem(source, 1, 1, field, message))
    return problems


def _numbers(data: object, path: str) -> Iterable[tuple[str, float]]:
    """Every number in a model dump, with its dotted field path (`assessments.0.weight`)."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _numbers(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list | tuple):
        for index, value in enumerate(data):
            yield from _numbers(value, f"{path}.{index}")
    elif isinstance(data, int | float) and not isinstance(data, bool):
        yield path, data


def dumps(data: Any) -> bytes:
    """JSON as published: UTF-8, sorted keys, indented, ending in a newline.

    Text loses the characters no output holds (pages.printable; JSON would write a control as
    `\\u0001` and cannot write a lone surrogate as UTF-8). NaN and infinity are refused
    (ValueError), never written as the `NaN` that is not JSON.
    """
    text = json.dumps(_printable(data), ensure_ascii=False, indent=2, sort_keys=True,
                      allow_nan=False)  # fmt: skip
    return (text + "\n").encode()


def _printable(data: Any) -> Any:
    if isinstance(data, str):
        return printable(data)
    if isinstance(data, dict):
        return {printable(str(key)): _printable(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [_printable(value) for value in data]
    return data


def iso_duration_hours(hours: float) -> str:
    """ISO 8601 duration of a number of hours, to the minute: 22.5 -> "PT22H30M"."""
    minutes = round(hours * 60)
    whole, rest = divmod(minutes, 60)
    return f"PT{whole}H{rest}M" if rest else f"PT{whole}H"


def _current_intakes(catalogue: Catalogue, programme: Programme) -> list[Intake]:
    """Intakes that have not finished by the catalogue's today, earliest first."""
    return sorted(
        (i for i in programme.intakes if (i.end or i.start) >= catalogue.today),
        key=lambda i: i.start,
    )


def _provider(catalogue: Catalogue) -> JsonObject:
    institution = catalogue.settings.institution
    provider: JsonObject = {"@type": "CollegeOrUniversity", "name": institution.name}
    if institution.url:
        provider["url"] = institution.url
        provider["sameAs"] = institution.url
    return provider


def course(catalogue: Catalogue, programme_id: str, site_url: str) -> JsonObject:
    """schema.org `Course` for one published programme, shaped for Google's Course info.

    Every intake that has not yet finished becomes a `CourseInstance`; a programme without one
    (self-paced, rolling enrolment) gets a single instance without dates, because the rich result
    needs at least one. `offers` is left out when the YAML gives no fee: a price is never guessed.
    """
    programme = catalogue.programmes[programme_id]
    url = page_url(site_url, programme_id)
    languages = programme.languages or []
    data: JsonObject = {
        "@context": "https://schema.org",
        "@type": "Course",
        "@id": f"{url}#course",
        "url": url,
        "name": programme.title,
        "description": programme.summary,
        "courseCode": programme.id,
        "provider": _provider(catalogue),
        "hasCourseInstance": [
            _course_instance(programme, intake) for intake in _current_intakes(catalogue, programme)
        ]
        or [_course_instance(programme, None)],
        "educationalCredentialAwarded": {
            "@type": "EducationalOccupationalCredential",
            "name": programme.title,
            "credentialCategory": programme.credential.replace("-", " "),
            "url": url,
        },
        "timeRequired": (
            f"P{programme.duration_weeks}W"
            if programme.duration_weeks
            else iso_duration_hours(programme.workload_hours)
        ),
        "teaches": list(programme.learning_outcomes),
        "about": list(programme.subjects),
    }
    if languages:
        data["inLanguage"] = languages[0]
        data["availableLanguage"] = list(languages)
    if programme.fee is not None:
        offer: JsonObject = {
            "@type": "Offer",
            "category": "Free" if programme.fee.amount == 0 else "Paid",
            "price": programme.fee.amount,
            "priceCurrency": programme.fee.currency or catalogue.settings.defaults.currency,
            "url": web_address(programme.apply_url) or url,
        }
        data["offers"] = [offer]
        if programme.fee.funding:
            data["financialAidEligible"] = programme.fee.funding
    if programme.ects is not None:
        data["numberOfCredits"] = {
            "@type": "StructuredValue",
            "value": programme.ects,
            "unitText": "ECTS",
        }
    level = _educational_level(programme)
    if level:
        data["educationalLevel"] = level
    if programme.keywords:
        data["keywords"] = ", ".join(programme.keywords)
    image = asset_url(site_url, programme.badge_image) if programme.badge_image else None
    if image:
        data["image"] = image
    if programme.prerequisites and programme.prerequisites.text:
        data["coursePrerequisites"] = programme.prerequisites.text
    return data


def _educational_level(programme: Programme) -> str | None:
    level = programme.level
    if level is None:
        return None
    if level.difficulty:
        return _EDUCATIONAL_LEVEL[level.difficulty]
    if level.nqf:
        return level.nqf
    return f"EQF level {level.eqf}" if level.eqf else None


def _course_instance(programme: Programme, intake: Intake | None) -> JsonObject:
    instance: JsonObject = {
        "@type": "CourseInstance",
        "courseMode": _COURSE_MODE[programme.mode],
        "courseWorkload": iso_duration_hours(programme.workload_hours),
    }
    if programme.duration_weeks and programme.pace != "self-paced":
        schedule: JsonObject = {
            "@type": "Schedule",
            "repeatFrequency": "Weekly",
            "repeatCount": programme.duration_weeks,
            "duration": iso_duration_hours(programme.workload_hours / programme.duration_weeks),
        }
        if intake is not None:
            schedule["startDate"] = intake.start.isoformat()
            if intake.end:
                schedule["endDate"] = intake.end.isoformat()
        instance["courseSchedule"] = schedule
    if intake is not None:
        instance["startDate"] = intake.start.isoformat()
        if intake.end:
            instance["endDate"] = intake.end.isoformat()
        if intake.location:
            instance["location"] = intake.location
    return instance


def item_list(
    catalogue: Catalogue, programme_ids: Sequence[str], site_url: str, *, language: str = "en"
) -> JsonObject:
    """schema.org `ItemList` of the listing page, in the order the listing shows them.

    Google's course list reads a summary page whose items point at the full programme pages.
    The list's name is in the site's `language`, as the page is; each programme's own
    `inLanguage` (on its Course) is the language it is taught in.
    """
    strings = for_site(language)
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": strings("outputs.listing-name", institution=catalogue.settings.institution.name),
        "inLanguage": language,
        "numberOfItems": len(programme_ids),
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "url": page_url(site_url, pid),
                "name": catalogue.programmes[pid].title,
            }
            for position, pid in enumerate(programme_ids, start=1)
        ],
    }


def issuer_profile(catalogue: Catalogue, site_url: str) -> JsonObject:
    """The Open Badges `Profile` of the institution, creator of every Achievement."""
    institution = catalogue.settings.institution
    profile: JsonObject = {
        "id": output_url(site_url, "issuer"),
        "type": ["Profile"],
        "name": institution.name,
        "url": institution.url or base_url(site_url),
    }
    if institution.country:
        profile["address"] = {"type": ["Address"], "addressCountryCode": institution.country}
    return profile


def achievement(
    catalogue: Catalogue,
    programme_id: str,
    site_url: str,
    default_image: str | None,
    *,
    language: str = "en",
) -> JsonObject:
    """Open Badges 3.0 `Achievement` for one published programme, for issuing platforms.

    `default_image` (a path under docs/ or an https URL, or None) stands in when the programme
    has no badge artwork, because platforms show an image for every badge.
    """
    programme = catalogue.programmes[programme_id]
    strings = for_site(language)
    url = page_url(site_url, programme_id)
    data: JsonObject = {
        "@context": OB3_CONTEXT,
        "id": output_url(site_url, "badge", programme_id),
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "name": programme.title,
        "description": programme.summary,
        "criteria": {"id": url, "narrative": criteria_narrative(programme, language=language)},
        "fieldOfStudy": programme.subjects[0],
        "tag": list(programme.keywords),
        "humanCode": programme.id,
        "creator": issuer_profile(catalogue, site_url),
        "alignment": _alignments(programme),
    }
    reference = programme.badge_image or default_image
    image = asset_url(site_url, reference) if reference else None
    if image:
        data["image"] = {
            "id": image,
            "type": "Image",
            "caption": strings("outputs.badge-caption", title=programme.title),
        }
    if programme.ects is not None:
        data["creditsAvailable"] = programme.ects
    if programme.languages:
        match = _OB3_LANGUAGE.match(programme.languages[0])
        if match:
            data["inLanguage"] = match.group(0)
    if programme.last_reviewed:
        data["version"] = programme.last_reviewed.isoformat()
    return data


def criteria_narrative(programme: Programme, *, language: str = "en") -> str:
    """What a learner must do to earn the badge, in Markdown (which Open Badges allows)."""
    strings = for_site(language)
    lines = [markdown_escape(strings("outputs.badge-outcomes")), ""]
    lines += [f"- {markdown_escape(outcome)}" for outcome in programme.learning_outcomes]
    lines += ["", markdown_escape(strings("outputs.badge-assessment")), ""]
    for item in programme.assessments:
        name = markdown_escape(strings.label(item.type))
        weight = (
            markdown_escape(strings("outputs.badge-weight", weight=strings.percent(item.weight)))
            if item.weight is not None
            else ""
        )
        detail = f": {markdown_escape(item.description)}" if item.description else ""
        lines.append(f"- {name}{weight}{detail}")
    return "\n".join(lines)


def _alignments(programme: Programme) -> list[JsonObject]:
    # Platforms show each alignment as a link: only addresses a browser reads as written.
    skills = [
        {
            "type": ["Alignment"],
            "targetName": skill.label,
            "targetUrl": url,
            "targetFramework": ESCO_FRAMEWORK,
            "targetType": "ceasn:Competency",
        }
        for skill in programme.skills
        # ESCO's URIs are http: its concept identifiers, not pages.
        if (url := web_address(skill.esco, schemes=("http", "https")))
    ]
    stacks = [
        {
            "type": ["Alignment"],
            "targetName": stack.title,
            "targetUrl": url,
            "targetType": "ceterms:Credential",
        }
        for stack in programme.stacks_into
        if (url := web_address(stack.url))
    ]
    return skills + stacks


def _rfc3339(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _updated(catalogue: Catalogue, programme: Programme) -> date:
    """When a programme last changed, as far as the catalogue knows: its review date."""
    return programme.last_reviewed or catalogue.today


def atom_feed(catalogue: Catalogue, site_url: str, *, language: str = "en") -> bytes:
    """Atom (RFC 4287) feed of the published programmes, most recently reviewed first.

    The feed's own words are in the site's `language`, which `xml:lang` declares.
    """
    strings = for_site(language)
    ET.register_namespace("", ATOM_NS)
    programmes = sorted(
        (catalogue.programmes[pid] for pid in catalogue.published),
        key=lambda p: (-_updated(catalogue, p).toordinal(), p.id),
    )
    institution = catalogue.settings.institution
    feed = ET.Element(f"{{{ATOM_NS}}}feed", {f"{{{XML_NS}}}lang": language})
    _sub(feed, "id", output_url(site_url, "atom"))
    _sub(feed, "title", strings("outputs.feed-title", institution=institution.name))
    _sub(feed, "subtitle", strings("outputs.feed-subtitle"))
    latest = max((_updated(catalogue, p) for p in programmes), default=catalogue.today)
    _sub(feed, "updated", _rfc3339(latest))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=output_url(site_url, "atom"))
    _sub(
        feed,
        "link",
        rel="alternate",
        type="text/html",
        href=urljoin(base_url(site_url), "programmes/"),
    )
    author = _sub(feed, "author")
    _sub(author, "name", institution.name)
    if institution.url:
        _sub(author, "uri", institution.url)
    for programme in programmes:
        url = page_url(site_url, programme.id)
        entry = _sub(feed, "entry")
        _sub(entry, "id", url)
        _sub(entry, "title", programme.title)
        _sub(entry, "updated", _rfc3339(_updated(catalogue, programme)))
        _sub(entry, "link", rel="alternate", type="text/html", href=url)
        _sub(entry, "summary", programme.summary)
        for subject in programme.subjects:
            _sub(entry, "category", term=subject)
    ET.indent(feed)
    document: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    # ElementTree escapes markup but writes any character: XML 1.0 forbids most controls.
    cleaned = {name: printable(value) for name, value in attributes.items()}
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", cleaned)
    element.text = printable(text) if text is not None else None
    return element


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
        r"\\n", printable(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    )


_ICAL_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545 3.1)."""
    if len(line) <= 75 and line.isascii():  # most lines: no need to measure each character
        return line
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


CSV_COLUMNS = (
    "id",
    "title",
    "url",
    "summary",
    "subjects",
    "credential",
    "eqf_level",
    "nqf_level",
    "difficulty",
    "ects",
    "workload_hours",
    "duration_weeks",
    "mode",
    "pace",
    "languages",
    "fee_amount",
    "fee_currency",
    "next_intake_start",
    "next_application_deadline",
    "employer_partners",
    "apply_url",
    "contact_email",
    "last_reviewed",
)
"""The CSV export's columns, in order. Lists are joined with "; "."""


def catalogue_csv(catalogue: Catalogue, site_url: str) -> bytes:
    """Every published programme as one CSV row, for spreadsheets.

    UTF-8 with a byte order mark, so Excel reads accents correctly; CRLF line ends (RFC 4180).
    A cell that a spreadsheet would run as a formula gets a leading apostrophe.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for pid in catalogue.published:
        writer.writerow(_csv_cell(v) for v in _csv_row(catalogue, pid, site_url))
    return out.getvalue().encode("utf-8-sig")


def _csv_row(catalogue: Catalogue, pid: str, site_url: str) -> list[object]:
    programme = catalogue.programmes[pid]
    level = programme.level
    fee = programme.fee
    nxt = catalogue.next_intake(pid)
    partners = [catalogue.partners[link.partner].name for link in programme.employer_partners]
    return [
        programme.id,
        programme.title,
        page_url(site_url, pid),
        programme.summary,
        "; ".join(programme.subjects),
        programme.credential,
        level.eqf if level else None,
        level.nqf if level else None,
        level.difficulty if level else None,
        programme.ects,
        programme.workload_hours,
        programme.duration_weeks,
        programme.mode,
        programme.pace,
        "; ".join(programme.languages or []),
        fee.amount if fee else None,
        fee.currency if fee else None,
        nxt.start.isoformat() if nxt else None,
        nxt.application_deadline.isoformat() if nxt and nxt.application_deadline else None,
        "; ".join(partners),
        programme.apply_url,
        programme.contact.email if programme.contact else None,
        programme.last_reviewed.isoformat() if programme.last_reviewed else None,
    ]


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = printable(str(value))
    return "'" + text if text.startswith(_FORMULA_START) else text


SVG_NS = "http://www.w3.org/2000/svg"
QR_BORDER = 4  # modules of quiet zone: the minimum the QR standard asks for
QR_SCALE = 8  # SVG units per module, so the file's nominal size suits a screen
_DARK_RUN = re.compile(rb"\x01+")


# `mkdocs serve` rebuilds every page after each save; a page's code changes only with its address.
@functools.lru_cache(maxsize=20_000)
def qr_svg(url: str, *, language: str = "en") -> bytes:
    """A scalable QR code (SVG) of `url`, dark on an opaque white square for any print stock.

    Error correction level M survives a crease or a smudge on a poster. The mask is fixed:
    searching all eight for the best-scoring one took most of the time, and any mask is valid
    and reads the same. The drawing is one stroked path, a horizontal line per run of dark
    modules, written here rather than by segno's SVG writer, which visits every module in
    Python and cost more than the encoding itself.
    """
    code = segno.make(url, error="m", micro=False, boost_error=False, mask=0)
    size = len(code.matrix) + 2 * QR_BORDER
    commands = []
    for y, row in enumerate(code.matrix):
        middle = f" {QR_BORDER + y}.5h"  # a line through the middle of the row's modules
        for start, end in (run.span() for run in _DARK_RUN.finditer(row)):
            commands.append(f"M{QR_BORDER + start}{middle}{end - start}")
    ET.register_namespace("", SVG_NS)
    svg = ET.Element(f"{{{SVG_NS}}}svg", viewBox=f"0 0 {size * QR_SCALE} {size * QR_SCALE}")
    title = for_site(language)("outputs.qr-title", url=url)
    ET.SubElement(svg, f"{{{SVG_NS}}}title").text = printable(title)
    group = ET.SubElement(svg, f"{{{SVG_NS}}}g", transform=f"scale({QR_SCALE})")
    ET.SubElement(group, f"{{{SVG_NS}}}path", fill="#fff", d=f"M0 0h{size}v{size}h-{size}z")
    ET.SubElement(group, f"{{{SVG_NS}}}path", stroke="#000", d="".join(commands))
    document: bytes = ET.tostring(svg, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


API_VERSION = 1
"""Bumped only when a field of `/api/catalogue.json` changes meaning or disappears."""


def catalogue_api(catalogue: Catalogue, site_url: str) -> JsonObject:
    """`/api/catalogue.json`: every published programme, as the content model defines it.

    Each programme carries its fields with the site's defaults applied, plus `url` (its page).
    Drafts and archived programmes are left out: the API lists what a learner can apply for.
    """
    institution = catalogue.settings.institution
    programmes = [
        {**catalogue.programmes[pid].model_dump(mode="json", exclude_none=True),
         "url": page_url(site_url, pid)}
        for pid in catalogue.published
    ]  # fmt: skip
    return {
        "version": API_VERSION,
        "generated": catalogue.today.isoformat(),
        "institution": institution.model_dump(mode="json", exclude_none=True),
        "count": len(programmes),
        "programmes": programmes,
    }


class ApiProgramme(Programme):
    """One programme in `/api/catalogue.json`: its fields, defaults applied, and its page."""

    url: str = Field(description="The programme's page on this site (absolute URL).")


class ApiCatalogue(Strict):
    """`/api/catalogue.json`: every published programme of the catalogue."""

    version: int = Field(description="Format version; it changes only when a field changes.")
    generated: date = Field(description="The date the site was built (YYYY-MM-DD).")
    institution: Institution = Field(description="The institution that publishes the catalogue.")
    count: int = Field(ge=0, description="The number of programmes listed.")
    programmes: list[ApiProgramme] = Field(description="Published programmes, by id.")


def catalogue_schema(site_url: str) -> JsonObject:
    """The JSON Schema of `/api/catalogue.json`, generated from the same models as the data.

    Fields that a programme leaves empty are omitted from the API rather than written as null.
    """
    schema = ApiCatalogue.model_json_schema(mode="serialization")
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": output_url(site_url, "schema"),
        **schema,
        "title": "Micro-credential catalogue API",
    }


def site_files(
    catalogue: Catalogue, site_url: str, default_image: str | None, *, language: str = "en"
) -> dict[str, bytes]:
    """Every machine-readable file the site publishes, by its path under the site root.

    What people read in them (feed and calendar titles, badge criteria) is in `language`.

    Badges exist for published programmes only (nothing can be awarded for an archived one);
    QR codes for every programme page, archived ones included, since their pages stay online.
    """
    issuer = {"@context": OB3_CONTEXT, **issuer_profile(catalogue, site_url)}
    files = {
        PATHS["issuer"]: dumps(issuer),
        PATHS["atom"]: atom_feed(catalogue, site_url, language=language),
        PATHS["ical"]: icalendar(catalogue, site_url, language=language),
        PATHS["csv"]: catalogue_csv(catalogue, site_url),
        PATHS["schema"]: dumps(catalogue_schema(site_url)),
    }
    for pid in catalogue.published:
        badge = achievement(catalogue, pid, site_url, default_image, language=language)
        files[PATHS["badge"].format(id=pid)] = dumps(badge)
    for pid in catalogue.published + catalogue.archived:
        files[PATHS["qr"].format(id=pid)] = qr_svg(page_url(site_url, pid), language=language)
    return files


def page_context(
    catalogue: Catalogue,
    site_url: str,
    default_image: str | None,
    *,
    programme_id: str | None = None,
    listing: Sequence[str] | None = None,
    language: str = "en",
) -> JsonObject:
    """What a page's templates need to publish it: head tags, structured data, share links.

    `image` is the preview image: a programme's badge when it is a PNG (social networks do not
    show SVG), otherwise the site's default image. `jsonld` is the page's structured data:
    a Course on a published programme's page (an archived one is not offered, so it has none)
    and an ItemList on the listing. `embed` holds a programme page's embed card addresses.
    """
    image, square, jsonld, embed = default_image, False, None, None
    if programme_id is not None:
        programme = catalogue.programmes[programme_id]
        badge = programme.badge_image
        if badge and urlsplit(badge).path.lower().endswith(".png"):
            image, square = badge, True
        if programme.status == "published":
            jsonld = course(catalogue, programme_id, site_url)
        embed = embed_links(catalogue, programme_id, site_url)
    elif listing is not None:
        jsonld = item_list(catalogue, listing, site_url, language=language)
    return {
        "image": asset_url(site_url, image) if image else None,
        "image_square": square,
        "jsonld": jsonld,
        "embed": embed,
        "institution": catalogue.settings.institution.name,
    }


def embed_links(catalogue: Catalogue, programme_id: str, site_url: str) -> JsonObject:
    """The absolute addresses an embed card uses, so it works when pasted on another site."""
    badge = catalogue.programmes[programme_id].badge_image
    return {
        "page": page_url(site_url, programme_id),
        "embed": output_url(site_url, "embed", programme_id),
        "badge": asset_url(site_url, badge) if badge else None,
        "qr": output_url(site_url, "qr", programme_id),
    }
