"""The machine-readable outputs, built from the sample catalogue and read back by real parsers."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any
from xml.etree import ElementTree as ET

import feedparser
import icalendar
import jsonschema
import markdown
import pytest
import zxingcpp
from bs4 import BeautifulSoup
from PIL import Image, ImageDraw

from microcred import outputs
from microcred.catalogue import Catalogue, build, settings_from_options
from microcred.load import load_config
from microcred.models import Programme
from microcred.outputs import spreadsheet
from openbadges import achievement_validator

ROOT = Path(__file__).resolve().parents[1]
SITE_URL = "https://microcredentials.harbourside.example/"
TODAY = date(2026, 12, 1)
DEFAULT_IMAGE = "assets/images/social-card.png"
ISO_DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ESCO_SKILL = "http://data.europa.eu/esco/skill/00000000-0000-4000-8000-000000000001"


def sample_catalogue(today: date = TODAY) -> Catalogue:
    document, problems = load_config(ROOT / "mkdocs.yml", "mkdocs.yml")
    assert document is not None, problems
    options = next(
        entry["microcred"]
        for entry in document.data["plugins"]
        if isinstance(entry, dict) and "microcred" in entry
    )
    settings, problems = settings_from_options(options)
    assert settings is not None, problems
    catalogue, problems = build(ROOT, settings, today=today)
    assert catalogue is not None, problems
    return catalogue


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return sample_catalogue()


def with_programme(catalogue: Catalogue, programme: Programme) -> Catalogue:
    """The catalogue with one programme replaced (or added), indexes rebuilt."""
    programmes = {**catalogue.programmes, programme.id: programme}
    return Catalogue(
        settings=catalogue.settings,
        today=catalogue.today,
        programmes=MappingProxyType(programmes),
        partners=catalogue.partners,
        sources=catalogue.sources,
    )


def changed(catalogue: Catalogue, programme_id: str, **fields: Any) -> Catalogue:
    """The catalogue with some fields of one programme changed, checked by the model."""
    data = catalogue.programmes[programme_id].model_dump()
    data.update(fields)
    return with_programme(catalogue, Programme.model_validate(data, strict=False))


# --- JSON-LD -------------------------------------------------------------------------------


def test_sample_has_programmes_of_every_kind(catalogue: Catalogue) -> None:
    """The assertions below only mean something if the sample covers these cases."""
    published = [catalogue.programmes[p] for p in catalogue.published]
    assert {p.mode for p in published} == {"online", "in-person", "blended"}
    assert any(p.fee and p.fee.amount == 0 for p in published)
    assert any(p.fee and p.fee.amount > 0 for p in published)
    assert any(p.pace == "self-paced" for p in published)
    assert catalogue.archived
    assert catalogue.drafts


def test_course_has_every_property_the_rich_result_needs(catalogue: Catalogue) -> None:
    for pid in catalogue.published:
        programme = catalogue.programmes[pid]
        data = json.loads(outputs.dumps(outputs.course(catalogue, pid, SITE_URL)))
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "Course"
        assert data["url"] == f"{SITE_URL}programmes/{pid}/"
        assert data["name"] == programme.title
        assert data["description"] == programme.summary
        assert data["provider"]["@type"] == "CollegeOrUniversity"
        assert data["provider"]["name"] == "Harbourside University"
        assert data["provider"]["sameAs"] == "https://www.harbourside.example"
        assert programme.fee is not None
        [offer] = data["offers"]
        assert offer["@type"] == "Offer"
        assert offer["category"] == ("Free" if programme.fee.amount == 0 else "Paid")
        assert isinstance(offer["price"], int | float)
        assert offer["price"] == programme.fee.amount
        assert offer["priceCurrency"] == "EUR"
        assert data["inLanguage"] == "en"
        assert data["teaches"] == programme.learning_outcomes
        assert ISO_DURATION.match(data["timeRequired"]), data["timeRequired"]
        assert data["educationalLevel"] in {"Beginner", "Intermediate", "Advanced"}
        assert data["keywords"] == ", ".join(programme.keywords)
        credential = data["educationalCredentialAwarded"]
        assert credential["@type"] == "EducationalOccupationalCredential"
        assert credential["name"] == programme.title
        if programme.ects is not None:
            assert data["numberOfCredits"]["@type"] == "StructuredValue"
            assert data["numberOfCredits"]["value"] == programme.ects
            assert data["numberOfCredits"]["unitText"] == "ECTS"
        current = [i for i in programme.intakes if (i.end or i.start) >= TODAY]
        instances = data["hasCourseInstance"]
        assert len(instances) == max(1, len(current))
        for instance in instances:
            assert instance["@type"] == "CourseInstance"
            assert (
                instance["courseMode"]
                == {
                    "online": "Online",
                    "in-person": "Onsite",
                    "blended": "Blended",
                }[programme.mode]
            )
            assert ISO_DURATION.match(instance["courseWorkload"])
        for instance, intake in zip(
            instances, sorted(current, key=lambda i: i.start), strict=False
        ):
            assert instance["startDate"] == intake.start.isoformat()
            assert ISO_DATE.match(instance["endDate"])
            if programme.mode != "online":
                assert instance["location"] == intake.location
                assert isinstance(instance["location"], str)
            if programme.pace == "scheduled":
                schedule = instance["courseSchedule"]
                assert schedule["@type"] == "Schedule"
                assert schedule["repeatFrequency"] == "Weekly"
                assert schedule["repeatCount"] == programme.duration_weeks
                assert ISO_DURATION.match(schedule["duration"])


def test_course_without_current_intake_still_has_an_instance(catalogue: Catalogue) -> None:
    pid = catalogue.published[0]
    later = sample_catalogue(today=date(2031, 1, 1))
    [instance] = outputs.course(later, pid, SITE_URL)["hasCourseInstance"]
    assert "startDate" not in instance
    assert ISO_DURATION.match(instance["courseWorkload"])


def test_course_workload_and_time_are_iso_durations() -> None:
    assert outputs.iso_duration_hours(270) == "PT270H"
    assert outputs.iso_duration_hours(22.5) == "PT22H30M"
    assert outputs.iso_duration_hours(0.25) == "PT0H15M"


def test_item_list_follows_the_given_order(catalogue: Catalogue) -> None:
    order = list(reversed(catalogue.published))
    data = outputs.item_list(catalogue, order, SITE_URL)
    assert data["@type"] == "ItemList"
    assert data["numberOfItems"] == len(order)
    items = data["itemListElement"]
    assert [i["position"] for i in items] == list(range(1, len(order) + 1))
    assert [i["url"] for i in items] == [f"{SITE_URL}programmes/{pid}/" for pid in order]
    assert all(i["@type"] == "ListItem" for i in items)


# --- Open Badges 3.0 -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft201909Validator:
    return achievement_validator()


def test_achievement_is_valid_open_badges(
    catalogue: Catalogue, validator: jsonschema.Draft201909Validator
) -> None:
    for pid in catalogue.published:
        programme = catalogue.programmes[pid]
        data = json.loads(outputs.dumps(outputs.achievement(catalogue, pid, SITE_URL, "x.png")))
        errors = [e.message for e in validator.iter_errors(data)]
        assert errors == [], (pid, errors)
        assert data["@context"][0] == "https://www.w3.org/ns/credentials/v2"
        assert data["id"] == f"{SITE_URL}badges/{pid}.json"
        assert data["type"] == ["Achievement"]
        assert data["achievementType"] == "MicroCredential"
        assert data["name"] == programme.title
        assert data["description"] == programme.summary
        assert data["criteria"]["id"] == f"{SITE_URL}programmes/{pid}/"
        assert data["fieldOfStudy"] == programme.subjects[0]
        assert data["tag"] == programme.keywords
        assert data["inLanguage"] == "en"
        assert data["image"]["type"] == "Image"
        assert data["image"]["id"].startswith(SITE_URL)
        if programme.ects is not None:
            assert isinstance(data["creditsAvailable"], float)
            assert data["creditsAvailable"] == programme.ects
        creator = data["creator"]
        assert creator["type"] == ["Profile"]
        assert creator["name"] == "Harbourside University"
        assert creator["address"]["addressCountryCode"] == "IE"


def test_achievement_image_is_the_badge_or_the_default(catalogue: Catalogue) -> None:
    images = {
        pid: outputs.achievement(catalogue, pid, SITE_URL, DEFAULT_IMAGE)["image"]["id"]
        for pid in catalogue.published
    }
    for pid, image in images.items():
        badge = catalogue.programmes[pid].badge_image
        assert image == SITE_URL + (badge or DEFAULT_IMAGE)
    assert SITE_URL + DEFAULT_IMAGE in images.values()


def test_criteria_narrative_lists_outcomes_and_assessment(catalogue: Catalogue) -> None:
    pid = "applied-data-analytics-python"
    narrative = outputs.achievement(catalogue, pid, SITE_URL, DEFAULT_IMAGE)["criteria"][
        "narrative"
    ]
    programme = catalogue.programmes[pid]
    items = narrative_items(narrative)
    for outcome in programme.learning_outcomes:
        assert outcome in items
    assert any(i.startswith("Project work (50%): Final project on anonymised") for i in items)
    assert any(i.startswith("Presentation (20%)") for i in items)


def test_criteria_narrative_escapes_markdown(catalogue: Catalogue) -> None:
    pid = catalogue.published[0]
    outcome = "Apply [links](https://x.example) and * <b>bold</b> &amp; 1. {: .x}"
    # Unchecked, as the models would refuse the tag: the narrative must not depend on them.
    risky = catalogue.programmes[pid].model_copy(update={"learning_outcomes": [outcome]})
    narrative = outputs.criteria_narrative(risky)
    assert outcome in narrative_items(narrative)
    assert "<b>" not in markdown.markdown(narrative)


def narrative_items(narrative: str) -> list[str]:
    """The text of each list item of a narrative, as Markdown renders it."""
    html = BeautifulSoup(markdown.markdown(narrative), "html.parser")
    return [li.get_text() for li in html.find_all("li")]


def test_achievement_aligns_esco_skills_and_stackable_credentials(
    catalogue: Catalogue, validator: jsonschema.Draft201909Validator
) -> None:
    pid = "applied-data-analytics-python"
    skills = [{"label": "SQL", "esco": ESCO_SKILL}, {"label": "statistics"}]
    with_skills = changed(catalogue, pid, skills=skills)
    data = outputs.achievement(with_skills, pid, SITE_URL, DEFAULT_IMAGE)
    assert list(validator.iter_errors(data)) == []
    esco = [a for a in data["alignment"] if a.get("targetFramework", "").startswith("ESCO")]
    assert esco == [
        {
            "type": ["Alignment"],
            "targetName": "SQL",
            "targetUrl": ESCO_SKILL,
            "targetFramework": outputs.ESCO_FRAMEWORK,
            "targetType": "ceasn:Competency",
        }
    ]
    stacks = [a for a in data["alignment"] if a["targetType"] == "ceterms:Credential"]
    assert [a["targetName"] for a in stacks] == [
        s.title for s in catalogue.programmes[pid].stacks_into if s.url
    ]


def test_achievement_language_drops_variants_open_badges_does_not_allow(
    catalogue: Catalogue,
) -> None:
    pid = catalogue.published[0]
    german = changed(catalogue, pid, languages=["de-CH-1996", "en"])
    assert outputs.achievement(german, pid, SITE_URL, DEFAULT_IMAGE)["inLanguage"] == "de-CH"


# --- Atom ----------------------------------------------------------------------------------


def test_atom_feed_parses_and_lists_published_newest_first(catalogue: Catalogue) -> None:
    feed = feedparser.parse(outputs.atom_feed(catalogue, SITE_URL))
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.id == f"{SITE_URL}feeds/programmes.atom"
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {
        "self": f"{SITE_URL}feeds/programmes.atom",
        "alternate": f"{SITE_URL}programmes/",
    }
    assert feed.feed.author == "Harbourside University"
    ids = [entry.id for entry in feed.entries]
    assert sorted(ids) == sorted(f"{SITE_URL}programmes/{pid}/" for pid in catalogue.published)
    updated = [entry.updated_parsed for entry in feed.entries]
    assert updated == sorted(updated, reverse=True)
    for entry in feed.entries:
        pid = entry.id.removeprefix(f"{SITE_URL}programmes/").rstrip("/")
        programme = catalogue.programmes[pid]
        assert entry.title == programme.title
        assert entry.summary == programme.summary
        assert entry.link == entry.id
        assert programme.last_reviewed is not None
        assert entry.updated.startswith(programme.last_reviewed.isoformat())
        assert [t.term for t in entry.tags] == programme.subjects
    newest = max(catalogue.programmes[p].last_reviewed or TODAY for p in catalogue.published)
    assert feed.feed.updated.startswith(newest.isoformat())


def test_atom_feed_escapes_text(catalogue: Catalogue) -> None:
    pid = catalogue.published[0]
    title = 'Risk & "Return" <Advanced'
    # Unchecked: the models refuse `<A`, and the feed must not depend on them.
    unchecked = catalogue.programmes[pid].model_copy(update={"title": title})
    feed_bytes = outputs.atom_feed(with_programme(catalogue, unchecked), SITE_URL)
    ET.fromstring(feed_bytes)  # noqa: S314 - our own output; must be well-formed XML
    feed = feedparser.parse(feed_bytes)
    assert feed.bozo == 0
    assert title in [entry.title for entry in feed.entries]


# --- iCalendar -----------------------------------------------------------------------------


def test_icalendar_has_every_intake_and_deadline(catalogue: Catalogue) -> None:
    raw = outputs.icalendar(catalogue, SITE_URL)
    calendar = icalendar.Calendar.from_ical(raw)
    assert str(calendar["VERSION"]) == "2.0"
    events = list(calendar.walk("VEVENT"))
    expected = [
        (pid, intake) for pid in catalogue.published for intake in catalogue.programmes[pid].intakes
    ]
    deadlines = [(pid, i) for pid, i in expected if i.application_deadline]
    assert len(events) == len(expected) + len(deadlines)
    assert len({str(e["UID"]) for e in events}) == len(events)
    starts = {
        (str(e["URL"]), e.decoded("DTSTART"))
        for e in events
        if str(e["SUMMARY"]).endswith("starts")
    }
    assert starts == {(f"{SITE_URL}programmes/{pid}/", i.start) for pid, i in expected}
    closes = {
        (str(e["URL"]), e.decoded("DTSTART"))
        for e in events
        if str(e["SUMMARY"]).endswith("applications close")
    }
    assert closes == {
        (f"{SITE_URL}programmes/{pid}/", i.application_deadline) for pid, i in deadlines
    }
    for event in events:
        assert event.decoded("DTSTAMP").date() == TODAY
        assert event.decoded("DTEND") > event.decoded("DTSTART")
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75
    assert raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")


def test_icalendar_intake_spans_its_dates_and_place(catalogue: Catalogue) -> None:
    pid = "applied-data-analytics-python"
    calendar = icalendar.Calendar.from_ical(outputs.icalendar(catalogue, SITE_URL))
    intake = catalogue.programmes[pid].intakes[0]
    [event] = [
        e
        for e in calendar.walk("VEVENT")
        if str(e["UID"]).startswith(f"{pid}-intake-{intake.start:%Y%m%d}@")
    ]
    assert event.decoded("DTSTART") == intake.start
    assert intake.end is not None
    assert (event.decoded("DTEND") - intake.end).days == 1  # exclusive end
    assert str(event["LOCATION"]) == intake.location


def test_icalendar_escapes_text_and_keeps_uids_stable(catalogue: Catalogue) -> None:
    pid = "applied-data-analytics-python"
    title = "Data; Analytics, with \\ backslash and a very long title to force line folding é"
    intakes = [
        i.model_dump() | {"location": "Room 1; Dock Road, Galway"}
        for i in catalogue.programmes[pid].intakes
    ]
    edited = changed(catalogue, pid, title=title, intakes=intakes)
    before = icalendar.Calendar.from_ical(outputs.icalendar(catalogue, SITE_URL))
    after = icalendar.Calendar.from_ical(outputs.icalendar(edited, SITE_URL))
    assert {str(e["UID"]) for e in before.walk("VEVENT")} == {
        str(e["UID"]) for e in after.walk("VEVENT")
    }
    mine = [e for e in after.walk("VEVENT") if str(e["UID"]).startswith(pid)]
    assert {str(e["SUMMARY"]) for e in mine} == {f"{title}: starts", f"{title}: applications close"}
    assert {str(e["LOCATION"]) for e in mine if "LOCATION" in e} == {"Room 1; Dock Road, Galway"}


def test_icalendar_uids_differ_for_intakes_on_one_day(catalogue: Catalogue) -> None:
    pid = "applied-data-analytics-python"
    first = catalogue.programmes[pid].intakes[0].model_dump()
    twin = first | {"location": "Harbourside Campus, Cork Road, Galway"}
    doubled = changed(catalogue, pid, intakes=[first, twin])
    calendar = icalendar.Calendar.from_ical(outputs.icalendar(doubled, SITE_URL))
    uids = [str(e["UID"]) for e in calendar.walk("VEVENT") if str(e["UID"]).startswith(pid)]
    assert len(uids) == 4
    assert len(set(uids)) == 4


# --- CSV -----------------------------------------------------------------------------------


def read_csv(raw: bytes) -> list[dict[str, str]]:
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_csv_has_a_row_per_published_programme(catalogue: Catalogue) -> None:
    raw = outputs.catalogue_csv(catalogue, SITE_URL)
    rows = read_csv(raw)
    assert list(rows[0]) == [header for header, _ in spreadsheet.COLUMNS]
    assert [r["id"] for r in rows] == list(catalogue.published)
    row = next(r for r in rows if r["id"] == "applied-data-analytics-python")
    assert row["title"] == "Applied Data Analytics with Python"
    assert row["url"] == f"{SITE_URL}programmes/applied-data-analytics-python/"
    assert row["ects"] == "10"
    assert row["fee_amount"] == "1950"
    assert row["fee_currency"] == "EUR"
    assert row["subjects"] == "Data & Computing"
    assert row["employer_partners"] == "Tidewater Software; Claddagh Bank"
    assert row["next_intake_start"] == "2027-01-25"
    assert row["next_application_deadline"] == "2027-01-08"
    assert raw.count(b"\r\n") == len(rows) + 1


def test_data_page_lists_the_csv_columns_in_order() -> None:
    # docs/data.md names the columns in one sentence, each in backticks, ending with a full stop.
    page = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    sentence = page.split("with these columns:", 1)[1].split(".\n", 1)[0]
    documented = re.findall(r"`([^`]+)`", sentence)
    assert documented == [header for header, _ in spreadsheet.COLUMNS]


def test_csv_defuses_formulas(catalogue: Catalogue) -> None:
    pid = catalogue.published[0]
    summary = '=HYPERLINK("https://evil.example","click") is what a spreadsheet would run'
    rows = read_csv(outputs.catalogue_csv(changed(catalogue, pid, summary=summary), SITE_URL))
    assert next(r for r in rows if r["id"] == pid)["summary"] == "'" + summary


# --- QR code -------------------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def rasterise(svg: bytes, pixels_per_unit: int = 4) -> Image.Image:
    """Draw an SVG made of paths of straight lines (M, H, V, Z; stroked or filled) with Pillow.

    Enough of SVG for a QR code, without a native graphics library: it reads the file's own
    viewBox, transforms, fills and strokes, so a broken file draws a broken image.
    """
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    _, _, width, height = (float(v) for v in root.attrib["viewBox"].split())
    image = Image.new("L", (round(width * pixels_per_unit), round(height * pixels_per_unit)), 255)
    draw = ImageDraw.Draw(image)

    def walk(element: ET.Element, scale: float) -> None:
        transform = element.attrib.get("transform", "")
        found = re.fullmatch(r"scale\(([\d.]+)\)", transform)
        assert transform == "" or found, transform
        scale *= float(found.group(1)) if found else 1
        if element.tag == f"{SVG}path":
            paint(element, scale)
        for child in element:
            walk(child, scale)

    def paint(path: ET.Element, scale: float) -> None:
        k = scale * pixels_per_unit
        x = y = start_x = start_y = 0.0
        shapes: list[list[tuple[float, float]]] = []
        for command, argument in re.findall(r"([MmHhVvZz])([^MmHhVvZz]*)", path.attrib["d"]):
            numbers = [float(n) for n in argument.replace(",", " ").split()]
            if command in "Mm":
                dx, dy = numbers
                x, y = (x + dx, y + dy) if command == "m" else (dx, dy)
                start_x, start_y = x, y
                shapes.append([(x, y)])
                continue
            if command in "Hh":
                x = x + numbers[0] if command == "h" else numbers[0]
            elif command in "Vv":
                y = y + numbers[0] if command == "v" else numbers[0]
            else:
                x, y = start_x, start_y
            shapes[-1].append((x, y))
        colour = {"#000": 0, "#fff": 255}
        for shape in shapes:
            points = [(px * k, py * k) for px, py in shape]
            if "fill" in path.attrib:
                draw.polygon(points, fill=colour[path.attrib["fill"]])
            if "stroke" in path.attrib:
                width = round(float(path.attrib.get("stroke-width", "1")) * k)
                draw.line(points, fill=colour[path.attrib["stroke"]], width=width)

    walk(root, 1.0)
    return image


def test_qr_code_decodes_to_the_programme_page(catalogue: Catalogue) -> None:
    for pid in catalogue.published + catalogue.archived:
        url = outputs.page_url(SITE_URL, pid)
        svg = outputs.qr_svg(url)
        assert b"viewBox" in svg  # scales to any poster size
        assert ET.fromstring(svg).find(f"{SVG}title") is not None  # noqa: S314
        [barcode] = zxingcpp.read_barcodes(rasterise(svg))
        assert barcode.format == zxingcpp.BarcodeFormat.QRCode
        assert barcode.text == url


def test_rasteriser_cannot_decode_a_damaged_code() -> None:
    """The decoding above is only a check if a wrong drawing fails to decode."""
    svg = outputs.qr_svg(f"{SITE_URL}programmes/x/")
    damaged = re.sub(rb'd="M4 4\.5[^"]*"', b'd="M4 4.5h7"', svg)
    assert damaged != svg
    assert zxingcpp.read_barcodes(rasterise(damaged)) == []


# --- Reproducibility -----------------------------------------------------------------------


def test_every_output_is_byte_for_byte_reproducible(catalogue: Catalogue) -> None:
    again = sample_catalogue()

    def everything(c: Catalogue) -> list[bytes]:
        pids = c.published
        return [
            outputs.atom_feed(c, SITE_URL),
            outputs.icalendar(c, SITE_URL),
            outputs.catalogue_csv(c, SITE_URL),
            outputs.dumps(outputs.item_list(c, pids, SITE_URL)),
            *(outputs.dumps(outputs.course(c, p, SITE_URL)) for p in pids),
            *(outputs.dumps(outputs.achievement(c, p, SITE_URL, DEFAULT_IMAGE)) for p in pids),
            *(outputs.qr_svg(outputs.page_url(SITE_URL, p)) for p in pids),
        ]

    assert everything(catalogue) == everything(again)


# --- API schema ----------------------------------------------------------------------------


def test_api_matches_its_published_schema(catalogue: Catalogue) -> None:
    schema = json.loads(outputs.dumps(outputs.catalogue_schema(SITE_URL)))
    assert schema["$id"] == f"{SITE_URL}api/catalogue.schema.json"
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    api = json.loads(outputs.dumps(outputs.catalogue_api(catalogue, SITE_URL)))
    assert [e.message for e in validator.iter_errors(api)] == []
    assert api["count"] == len(catalogue.published) > 0
    # The schema is strict enough to catch a field that drifts from the models.
    api["programmes"][0]["ects_credits"] = 10
    api["programmes"][1]["workload_hours"] = "270"
    del api["programmes"][2]["url"]
    messages = sorted(e.message for e in validator.iter_errors(api))
    assert len(messages) == 3, messages
    assert any("ects_credits" in m for m in messages)
    assert any("'url' is a required property" in m for m in messages)
