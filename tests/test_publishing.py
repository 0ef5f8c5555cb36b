"""Marketing and machine-readable publishing, read back from a real build of the sample site.

Every output is checked against its format with a real parser: JSON-LD, Open Badges, Atom,
iCalendar, CSV, the sitemap; QR codes are decoded from what headless Chromium draws, and the
redirect from an old id is followed in the browser.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree as ET

import feedparser
import icalendar
import jsonschema
import pytest
import zxingcpp
from bs4 import BeautifulSoup
from PIL import Image
from playwright.sync_api import Browser

from conftest import BuiltSite
from microcred.catalogue import Catalogue
from openbadges import achievement_validator

ROOT = Path(__file__).resolve().parents[1]
SITE_URL = "https://microcredentials.harbourside.example/"
ISO_DURATION = re.compile(r"^P(?!$)(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?)?$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@pytest.fixture(scope="module")
def site(sample_site: BuiltSite) -> Path:
    """The sample site, built once per session by the shared fixture."""
    assert sample_site.site_url == SITE_URL
    return sample_site.root


@pytest.fixture(scope="module")
def catalogue(sample_catalogue: Catalogue) -> Catalogue:
    return sample_catalogue


def html(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def page_file(pid: str) -> str:
    return f"programmes/{pid}/index.html"


def page_url(pid: str) -> str:
    return f"{SITE_URL}programmes/{pid}/"


def site_path(site: Path, url: str) -> Path:
    """The built file an absolute URL of this site serves."""
    assert url.startswith(SITE_URL), url
    path = site / urlsplit(url).path.lstrip("/")
    return path / "index.html" if url.endswith("/") else path


def json_ld(soup: BeautifulSoup) -> list[dict[str, Any]]:
    return [json.loads(s.string or "") for s in soup.find_all("script", type="application/ld+json")]


def meta(soup: BeautifulSoup, key: str) -> str | None:
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return None if tag is None else str(tag["content"])


# --- Structured data -----------------------------------------------------------------------


def test_programme_pages_carry_a_complete_course(site: Path, catalogue: Catalogue) -> None:
    for pid in catalogue.published:
        programme = catalogue.programmes[pid]
        soup = html(site, page_file(pid))
        [data] = json_ld(soup)
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "Course"
        assert data["name"] == soup.h1.get_text(strip=True) == programme.title
        assert data["description"] == programme.summary
        assert data["url"] == page_url(pid)
        assert data["provider"]["name"] == catalogue.settings.institution.name
        assert programme.fee is not None
        [offer] = data["offers"]
        assert offer["category"] in {"Free", "Paid"}
        assert (offer["category"] == "Free") == (programme.fee.amount == 0)
        assert isinstance(offer["price"], int | float)
        assert re.fullmatch(r"[A-Z]{3}", offer["priceCurrency"])
        assert data["educationalCredentialAwarded"]["@type"] == "EducationalOccupationalCredential"
        assert ISO_DURATION.match(data["timeRequired"])
        assert data["inLanguage"] == "en"
        assert data["teaches"] == programme.learning_outcomes
        assert data["educationalLevel"] in {"Beginner", "Intermediate", "Advanced"}
        if programme.ects is not None:
            assert data["numberOfCredits"]["value"] == programme.ects
        assert data["hasCourseInstance"]
        for instance in data["hasCourseInstance"]:
            assert instance["@type"] == "CourseInstance"
            assert instance["courseMode"] in {"Online", "Onsite", "Blended"}
            assert ISO_DURATION.match(instance.get("courseWorkload", "")) or instance.get(
                "courseSchedule"
            )
            if "startDate" in instance:
                assert ISO_DATE.match(instance["startDate"])
                assert ISO_DATE.match(instance["endDate"])
                assert date.fromisoformat(instance["endDate"]) >= catalogue.today
                if programme.mode != "online":
                    assert isinstance(instance["location"], str)
                    assert instance["location"]


def test_archived_and_other_pages_carry_no_course(site: Path, catalogue: Catalogue) -> None:
    for pid in catalogue.archived:
        assert json_ld(html(site, page_file(pid))) == []
    for path in ("index.html", "subjects/index.html", "partners/index.html", "data/index.html"):
        assert json_ld(html(site, path)) == []


def test_listing_carries_an_item_list_in_card_order(site: Path, catalogue: Catalogue) -> None:
    soup = html(site, "programmes/index.html")
    [data] = json_ld(soup)
    assert data["@type"] == "ItemList"
    cards = [
        urljoin(f"{SITE_URL}programmes/", str(a["href"])) for a in soup.select("a.mc-card__link")
    ]
    assert cards
    assert [item["url"] for item in data["itemListElement"]] == cards
    assert sorted(cards) == sorted(page_url(pid) for pid in catalogue.published)
    assert [item["position"] for item in data["itemListElement"]] == list(range(1, len(cards) + 1))


# --- Link previews and feed links ----------------------------------------------------------


def test_programme_pages_have_link_previews(site: Path, catalogue: Catalogue) -> None:
    for pid in catalogue.published + catalogue.archived:
        programme = catalogue.programmes[pid]
        soup = html(site, page_file(pid))
        canonical = soup.find("link", rel="canonical")
        assert canonical is not None
        assert canonical["href"] == page_url(pid)
        assert meta(soup, "og:url") == page_url(pid)
        assert meta(soup, "og:title") == programme.title
        assert meta(soup, "twitter:title") == programme.title
        assert meta(soup, "description") == programme.summary
        assert meta(soup, "og:description") == programme.summary
        assert meta(soup, "twitter:description") == programme.summary
        image = meta(soup, "og:image")
        assert image is not None
        assert meta(soup, "twitter:image") == image
        assert site_path(site, image).is_file()
        assert urlsplit(image).path.endswith((".png", ".jpg"))  # social networks skip SVG
        assert meta(soup, "twitter:card") in {"summary", "summary_large_image"}


def test_feeds_are_linked_in_the_page_not_as_head_alternates(site: Path) -> None:
    for path in ("index.html", "programmes/index.html", page_file("leading-hybrid-teams")):
        # Material fetches a sitemap.xml beside every <link rel="alternate">: a 404 per view.
        assert html(site, path).find_all("link", rel="alternate") == []
    listing = html(site, "programmes/index.html")
    visible = {str(a["href"]) for a in listing.select(".mc-feeds a")}
    assert {"../feeds/programmes.atom", "../feeds/intakes.ics", "../api/catalogue.csv"} <= visible
    for href in visible:
        target = (site / "programmes" / href).resolve()
        assert target.is_file() or (target / "index.html").is_file(), href


# --- Open Badges ---------------------------------------------------------------------------


def test_badges_are_valid_open_badges_achievements(site: Path, catalogue: Catalogue) -> None:
    validator = achievement_validator()
    published = {f"{pid}.json" for pid in catalogue.published}
    assert {p.name for p in (site / "badges").iterdir()} == published | {"issuer.json"}
    for pid in catalogue.published:
        programme = catalogue.programmes[pid]
        data = json.loads((site / "badges" / f"{pid}.json").read_text(encoding="utf-8"))
        assert [e.message for e in validator.iter_errors(data)] == [], pid
        assert data["achievementType"] == "MicroCredential"
        assert data["name"] == programme.title
        assert isinstance(data["description"], str)
        assert isinstance(data["criteria"]["narrative"], str)
        for outcome in programme.learning_outcomes:
            assert outcome in data["criteria"]["narrative"]
        assert site_path(site, data["image"]["id"]).is_file()
        assert isinstance(data["creditsAvailable"], float)
        assert isinstance(data["fieldOfStudy"], str)
        assert all(isinstance(tag, str) for tag in data["tag"])
        assert isinstance(data["inLanguage"], str)
        assert isinstance(data["alignment"], list)
        assert site_path(site, data["creator"]["id"]).is_file()


# --- Feeds, CSV, API schema ----------------------------------------------------------------


def test_atom_feed_from_the_build(site: Path, catalogue: Catalogue) -> None:
    feed = feedparser.parse((site / "feeds" / "programmes.atom").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert sorted(e.link for e in feed.entries) == sorted(page_url(p) for p in catalogue.published)
    updated = [e.updated_parsed for e in feed.entries]
    assert updated == sorted(updated, reverse=True)
    for entry in feed.entries:
        assert site_path(site, entry.link).is_file()


def test_calendar_from_the_build(site: Path, catalogue: Catalogue) -> None:
    calendar = icalendar.Calendar.from_ical((site / "feeds" / "intakes.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    intakes = [i for pid in catalogue.published for i in catalogue.programmes[pid].intakes]
    deadlines = [i for i in intakes if i.application_deadline]
    assert len(events) == len(intakes) + len(deadlines)
    assert len({str(e["UID"]) for e in events}) == len(events)
    assert {e.decoded("DTSTAMP").date() for e in events} == {catalogue.today}
    for event in events:
        assert site_path(site, str(event["URL"])).is_file()


def test_csv_and_api_schema_from_the_build(site: Path, catalogue: Catalogue) -> None:
    text = (site / "api" / "catalogue.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["id"] for r in rows] == list(catalogue.published)
    schema = json.loads((site / "api" / "catalogue.schema.json").read_text(encoding="utf-8"))
    api = json.loads((site / "api" / "catalogue.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(api)) == []


# --- Sitemap -------------------------------------------------------------------------------


def test_sitemap_lists_exactly_the_pages(site: Path, catalogue: Catalogue) -> None:
    tree = ET.fromstring((site / "sitemap.xml").read_bytes())  # noqa: S314 - our own build
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    listed = [loc.text for loc in tree.iter(f"{namespace}loc")]
    assert len(listed) == len(set(listed))
    docs = sorted(
        p.relative_to(ROOT / "docs").with_suffix("").as_posix()
        for p in (ROOT / "docs").rglob("*.md")
    )
    static = {SITE_URL if d == "index" else f"{SITE_URL}{d}/" for d in docs}
    expected = (
        static
        | {f"{SITE_URL}{hub}/" for hub in ("programmes", "subjects", "partners")}
        | {page_url(pid) for pid in catalogue.published + catalogue.archived}
        | {f"{SITE_URL}subjects/{slug}/" for slug in catalogue.subjects}
        | {f"{SITE_URL}partners/{pid}/" for pid in catalogue.partners}
    )
    assert set(listed) == expected
    for pid in (*catalogue.drafts, *catalogue.redirects):
        assert page_url(pid) not in listed


# --- Embed card ----------------------------------------------------------------------------


def test_embed_snippet_is_the_published_card(site: Path, catalogue: Catalogue) -> None:
    for pid in catalogue.published + catalogue.archived:
        programme = catalogue.programmes[pid]
        embed_page = html(site, f"programmes/{pid}/embed.html")
        card = embed_page.select_one("article.microcred-embed")
        assert card is not None
        assert card["data-microcred-programme"] == pid
        page = html(site, page_file(pid))
        textarea = page.select_one("textarea#mc-embed-code")
        assert textarea is not None
        label = page.find("label", attrs={"for": "mc-embed-code"})
        assert label is not None
        snippet = BeautifulSoup(textarea.get_text(), "html.parser")
        pasted = snippet.select_one("article.microcred-embed")
        assert pasted is not None
        assert str(pasted) == str(card)
        assert snippet.find(["script", "style", "link"]) is None
        links = [str(a["href"]) for a in snippet.find_all("a")]
        assert links == [page_url(pid)]
        for image in snippet.find_all("img"):
            assert site_path(site, str(image["src"])).is_file()
        assert programme.title in pasted.get_text()
        assert programme.summary in pasted.get_text()


# --- Browser -------------------------------------------------------------------------------


@pytest.mark.browser
def test_old_id_redirect_keeps_campaign_parameters(
    served_site: str, browser: Browser, catalogue: Catalogue
) -> None:
    assert catalogue.redirects
    page = browser.new_page()
    try:
        for old, new in catalogue.redirects.items():
            query = "?utm_source=x&utm_campaign=spring%20intake"
            page.goto(f"{served_site}programmes/{old}/{query}#outcomes")
            page.wait_for_url(f"{served_site}programmes/{new}/**")
            assert page.url == f"{served_site}programmes/{new}/{query}#outcomes"
            assert page.locator("h1").first.inner_text() == catalogue.programmes[new].title
    finally:
        page.close()


@pytest.mark.browser
def test_old_id_redirect_works_without_script(
    served_site: str, browser: Browser, catalogue: Catalogue
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        old, new = next(iter(catalogue.redirects.items()))
        page.goto(f"{served_site}programmes/{old}/?utm_source=x")
        page.wait_for_url(f"{served_site}programmes/{new}/")
        assert page.locator("h1").first.inner_text() == catalogue.programmes[new].title
    finally:
        context.close()


def decode(png: bytes) -> str:
    [barcode] = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert barcode.format == zxingcpp.BarcodeFormat.QRCode
    return str(barcode.text)


@pytest.mark.browser
def test_qr_codes_decode_to_the_page_url(
    served_site: str, browser: Browser, catalogue: Catalogue
) -> None:
    """The QR code the page shows (the file it offers for download) leads to the page."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        for pid in catalogue.published + catalogue.archived:
            page.goto(f"{served_site}programmes/{pid}/")
            shown = page.locator(".mc-share__qr img")
            shown.scroll_into_view_if_needed()
            assert decode(shown.screenshot()) == page_url(pid)
            # The download link offers the very file the page shows.
            download = page.locator(".mc-share a[download]")
            assert download.get_attribute("href") == shown.get_attribute("src")
    finally:
        page.close()


@pytest.mark.browser
def test_printed_programme_page_is_a_short_handout_with_qr(
    served_site: str, browser: Browser, catalogue: Catalogue
) -> None:
    page = browser.new_page()
    try:
        for pid in catalogue.published:
            page.goto(f"{served_site}programmes/{pid}/")
            page.emulate_media(media="print")
            assert page.locator(".md-header").is_hidden()
            assert page.locator(".mc-embed").is_hidden()
            assert page.locator(".mc-share__qr img").is_visible()
            pdf = page.pdf(format="A4", print_background=False)
            pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
            assert 1 <= pages <= 2, (pid, pages)
            page.emulate_media(media="screen")
    finally:
        page.close()
