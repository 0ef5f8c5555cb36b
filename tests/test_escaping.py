"""Hostile catalogue text, published: every output is inert and well-formed on its own.

The models refuse most of these values. Here they reach the build behind the models' back (the
`unchecked` fixture hands the plugin a catalogue with fields replaced after validation), so
what these tests prove is the output side alone: escaping in every template, Material's
included, the search index, the edit link, the Markdown escaper, the Atom feed, the iCalendar
file, the JSON, the CSV and the links out of the repository.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import string
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn
from xml.etree import ElementTree as ET

import icalendar
import pytest
from bs4 import BeautifulSoup, Tag
from mkdocs.exceptions import Abort

import microcred.catalogue
from conftest import REPO, BuiltSite, SiteBuilder
from microcred.catalogue import Catalogue
from microcred.models import (
    Assessment,
    AwardingBody,
    Contact,
    EmployerPartner,
    Fee,
    Intake,
    Level,
    Prerequisites,
    QualityAssurance,
    Skill,
    Stack,
)
from microcred.pages import strip_unprintable

# One payload per way out of a context: an unfinished tag (the rest of the template closes
# it), attribute and element break-outs, the end of a script, of a CDATA section or a title,
# entities, template syntax and a script URL.
HOSTILE = (
    "Intro <svg onload=alert(1) ",
    '"><img src=x onerror=alert(2)>',
    "'><script>alert(3)</script>",
    "</script><script>alert(4)</script><!--",
    "]]></title><x>&amp;&lt;b&gt;&#x3c;svg onload=alert(5)&gt;",
    "{{ 7 * 7 }}{% if %}${x}",
    "javascript:alert(6)",
)
# Every character no document may hold, and each kind of line break.
CONTROLS = (
    "C0 \x00\x01\x08\x0b\x0c\x1b DEL \x7f C1 \x85\x9f separators \u2028\u2029 "
    "nonchars \ufffe\uffff\U0001fffe lone \ud800\udfff CR\rCRLF\r\nLF\nend"
)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "xlink:href"}


# Catalogues with unchecked values ----------------------------------------------------------


Unchecked = Callable[..., None]


@pytest.fixture
def unchecked(monkeypatch: pytest.MonkeyPatch) -> Unchecked:
    """Replace fields of programmes and partners after the models have checked the files.

    `unchecked(programmes={id: {field: value}}, partners=..., sources=...)`, then build: the
    plugin receives the changed catalogue as if it had passed every rule.
    """
    real = microcred.catalogue.build

    def install(
        programmes: Mapping[str, Mapping[str, Any]] | None = None,
        partners: Mapping[str, Mapping[str, Any]] | None = None,
        sources: Mapping[tuple[str, str], str] | None = None,
    ) -> None:
        def build(root: Path, settings: Any, *, today: date) -> tuple[Catalogue | None, Any]:
            built, problems = real(root, settings, today=today)
            assert built is not None, problems
            changed = Catalogue(
                settings=built.settings,
                today=built.today,
                programmes=MappingProxyType(
                    {
                        pid: p.model_copy(update=(programmes or {}).get(pid, {}))
                        for pid, p in built.programmes.items()
                    }
                ),
                partners=MappingProxyType(
                    {
                        pid: p.model_copy(update=(partners or {}).get(pid, {}))
                        for pid, p in built.partners.items()
                    }
                ),
                sources=MappingProxyType({**built.sources, **(sources or {})}),
            )
            return changed, problems

        monkeypatch.setattr(microcred.catalogue, "build", build)

    return install


def everywhere(value: str, partner: str) -> dict[str, Any]:
    """Every plain-text field of a programme set to `value` (models built without checks)."""
    return {
        "title": value,
        "summary": value,
        "subjects": [value],
        "keywords": [value],
        "learning_outcomes": [value],
        "assessments": [Assessment.model_construct(type="quiz", description=value)],
        "prerequisites": Prerequisites.model_construct(text=value, programmes=[]),
        "stacks_into": [Stack.model_construct(title=value, url="https://stack.example/")],
        "skills": [Skill.model_construct(label=value)],
        "intakes": [
            Intake.model_construct(
                start=date(2027, 2, 1), application_deadline=date(2027, 1, 15), location=value
            )
        ],
        "fee": Fee.model_construct(amount=900.0, funding=value),
        "contact": Contact.model_construct(name=value, email="office@courses.example.org"),
        "quality_assurance": QualityAssurance.model_construct(
            type="external", body=value, url="https://qa.example/", statement=value
        ),
        "awarding_bodies": [AwardingBody.model_construct(name=value, country="IE")],
        "level": Level.model_construct(eqf=5, nqf=value),
        "employer_partners": [
            EmployerPartner.model_construct(partner=partner, role="endorses", note=value)
        ],
    }


def hostile_site(
    site_builder: SiteBuilder, unchecked: Unchecked, values: tuple[str, ...]
) -> BuiltSite:
    """A site with one programme and one partner per value, every text field that value."""
    site_builder.config["theme"]["features"] += ["navigation.tabs", "navigation.path"]
    programmes, partners = {}, {}
    for index, value in enumerate(values):
        site_builder.partner(f"partner-{index}")
        site_builder.programme(f"prog-{index}")
        programmes[f"prog-{index}"] = everywhere(value, f"partner-{index}")
        partners[f"partner-{index}"] = {"name": value, "sector": value}
    unchecked(programmes=programmes, partners=partners)
    return site_builder.build()


def as_parsed(text: str) -> str:
    return re.sub(r"\r\n?", "\n", text)


def shown(value: str) -> str:
    """What a page shows of a value: without the characters no output holds, spaces folded."""
    return " ".join(strip_unprintable(value).split())


# Checks on what was built ------------------------------------------------------------------


def refuse_constant(name: str) -> NoReturn:
    raise AssertionError(f"{name} is not JSON")


def strict_json(text: str) -> Any:
    return json.loads(text, parse_constant=refuse_constant)


def html_files(site: BuiltSite) -> Iterator[Path]:
    yield from sorted(site.root.rglob("*.html"))


def assert_inert(html: str, where: str) -> None:
    """Nothing on the page can run script: no handler, no script URL, no script from content."""
    page = BeautifulSoup(html, "html.parser")
    for element in page.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), (where, element)
            if name.lower() in URL_ATTRIBUTES:
                scheme = re.sub(r"[\x00-\x20]", "", str(value)).lower()
                assert not scheme.startswith(("javascript:", "vbscript:", "data:")), (
                    where,
                    element,
                )
        if element.name == "script":
            text = element.string or ""
            if element.get("type") in {"application/json", "application/ld+json"}:
                strict_json(text)
            else:
                assert "alert(" not in text, (where, element)
    assert page.find_all(["iframe", "object", "embed", "x"]) == [], where  # none drawn by us
    assert page.find_all("img", src="x") == [], where
    assert not re.search(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]", html), where


def heading(page: BeautifulSoup) -> str:
    found = page.select_one("article h1")
    assert isinstance(found, Tag)
    return " ".join(found.get_text().split())


# HTML: every page, Material's partials included --------------------------------------------


def test_hostile_text_is_inert_on_every_page(
    site_builder: SiteBuilder, unchecked: Unchecked
) -> None:
    site = hostile_site(site_builder, unchecked, (*HOSTILE, CONTROLS))
    pages = list(html_files(site))
    assert len(pages) > 2 * len(HOSTILE)  # programme, partner, subject and embed pages
    for path in pages:
        assert_inert(path.read_text(encoding="utf-8"), str(path.relative_to(site.root)))
    for index, value in enumerate((*HOSTILE, CONTROLS)):
        page = site.html(f"programmes/prog-{index}/")
        assert heading(page) == shown(value)
        # Material's header prints the page title: as text, never as markup.
        topic = page.select_one('[data-md-component="header-topic"]')
        assert isinstance(topic, Tag)
        assert " ".join(topic.get_text().split()) == shown(value)
        title = page.title
        assert title is not None and " ".join(title.get_text().split()).startswith(shown(value))
        description = page.select_one('meta[name="description"]')
        # An HTML parser reads CR and CR LF as LF, in attributes too.
        assert description is not None and description["content"] == as_parsed(
            strip_unprintable(value)
        )
        assert heading(site.html(f"partners/partner-{index}/")) == shown(value)


def test_json_in_script_cannot_close_the_script(
    site_builder: SiteBuilder, unchecked: Unchecked
) -> None:
    value = "</script><script>alert(1)</script> <!-- \u2028\u2029 & ' \""
    site = hostile_site(site_builder, unchecked, (value,))
    html = (site.root / "programmes/prog-0/index.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert len(scripts) == 1
    assert not re.search(r"[<>&\u2028\u2029]", scripts[0])
    assert strict_json(scripts[0])["name"] == value


def test_material_partials_print_page_titles_and_headings_as_text(
    site_builder: SiteBuilder,
) -> None:
    # Hand-written pages: a title in front matter and one taken from the first heading, and
    # TOC entries, printed by Material's header, nav, tabs, breadcrumbs and TOC.
    title = "Intro <svg onload=alert(1) \"quoted\" & 'single'"
    site_builder.config["theme"]["features"] += ["navigation.tabs", "navigation.path"]
    site_builder.config["markdown_extensions"].append("toc")
    site_builder.config["nav"] = [
        {"Home": "index.md"},
        {"Section <svg onload=alert(2) ": ["guide/index.md", "guide/entities.md"]},
    ]
    (site_builder.root / "docs" / "guide").mkdir()
    site_builder.write_raw(
        "docs/guide/index.md",
        f"---\ntitle: {json.dumps(title)}\n---\n\n## Part &lt;svg onload=alert(3)&gt; &amp; more\n",
    )
    site_builder.write_raw(
        "docs/guide/entities.md", "# Fish &amp; chips &lt;b&gt;\n\n## Step &quot;one&quot;\n"
    )
    site_builder.programme("plain")
    site = site_builder.build(strict=True)
    for path in html_files(site):
        assert_inert(path.read_text(encoding="utf-8"), str(path))
    guide = site.html("guide/")
    texts = [" ".join(t.get_text().split()) for t in guide.select(".md-ellipsis")]
    assert title in texts  # header topic, nav and breadcrumbs
    assert "Part <svg onload=alert(3)> & more" in texts  # the TOC entry
    assert "Section <svg onload=alert(2)" in texts
    # A title from the first heading is decoded once, then escaped once: no `&amp;amp;`.
    entities = site.html("guide/entities/")
    assert "Fish & chips <b>" in [
        " ".join(t.get_text().split()) for t in entities.select(".md-ellipsis")
    ]
    assert 'Step "one"' in [
        " ".join(t.get_text().split()) for t in entities.select(".md-nav__link")
    ]
    raw = (site.root / "guide/entities/index.html").read_text(encoding="utf-8")
    assert "&amp;amp;" not in raw


def test_search_index_holds_titles_and_text_as_written(
    site_builder: SiteBuilder, unchecked: Unchecked
) -> None:
    site = hostile_site(site_builder, unchecked, HOSTILE)
    pages = site.search_pages()
    # The header search writes what the index holds as text (assets/javascripts/search.js),
    # so the index holds each value as written: decoded once, never escaped twice or stripped.
    for index, value in enumerate(HOSTILE):
        page = pages[f"/programmes/prog-{index}/"]
        assert page["meta"]["title"] == value.strip()
        assert " ".join(value.split()) in " ".join(page["content"].split())


def test_edit_link_is_https_with_the_path_percent_encoded(
    site_builder: SiteBuilder, unchecked: Unchecked
) -> None:
    site_builder.programme("quoted")
    site_builder.programme("climbing")
    unchecked(
        sources={
            ("programme", "quoted"): "programmes/a\"b c#d?e%f'<g>/quoted.yaml",
            ("programme", "climbing"): "programmes/../../elsewhere.yaml",
        }
    )
    site = site_builder.build()
    edit = site.html("programmes/quoted/").select_one('a[rel="edit"]')
    assert edit is not None
    assert edit["href"] == (
        "https://github.com/example/catalogue/edit/main/"
        "programmes/a%22b%20c%23d%3Fe%25f%27%3Cg%3E/quoted.yaml"
    )
    assert site.html("programmes/climbing/").select_one('a[rel="edit"]') is None


def test_script_addresses_never_reach_a_link(
    site_builder: SiteBuilder, unchecked: Unchecked
) -> None:
    script = "javascript:alert(1)"
    site_builder.partner("acme")
    site_builder.programme("linked", employer_partners=[{"partner": "acme", "role": "endorses"}])
    unchecked(
        programmes={
            "linked": {
                "apply_url": script,
                "badge_image": " JaVa\tScRiPt:alert(2)",
                "quality_assurance": QualityAssurance.model_construct(
                    type="external", body="Body", url=script
                ),
                "stacks_into": [Stack.model_construct(title="Next", url=script)],
                "skills": [Skill.model_construct(label="Skill", esco=script)],
            }
        },
        partners={"acme": {"website": script, "logo": "//evil.example/logo.png"}},
    )
    site = site_builder.build()
    for path in html_files(site):
        html = path.read_text(encoding="utf-8")
        assert_inert(html, str(path))
        assert "evil.example" not in html
    badge = strict_json((site.root / "badges/linked.json").read_text(encoding="utf-8"))
    assert badge["alignment"] == []
    assert "image" not in badge
    html = (site.root / "programmes/linked/index.html").read_text(encoding="utf-8")
    (jsonld,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert "alert(" not in jsonld


# The Markdown escaper: plain text shows as written -----------------------------------------

PUNCTUATION = [
    *string.punctuation,
    *(f"a{char}b" for char in string.punctuation),
    *(f"{char} x" for char in string.punctuation),
    *(f"{char * 3}" for char in string.punctuation),
    string.punctuation,
    "x:y=z^w~v|u",
    "a < b & c > d",
    "&amp; &lt;b&gt; &#60; &copy;",
    "{: .x}",
    "text { onclick=alert(1) }",
    "# heading",
    "1. item",
    "2026. A year",
    "> quote",
    "---",
    "* * *",
    "===",
    "~~~",
    "```",
    "!!! note",
    "two trailing spaces  ",
    "`code` and ``more``",
    "snake_case_name and __dunder__",
    "*em* **strong** _u_",
    "[link](https://x.example) ![img](https://x.example/i.png) <https://x.example>",
    "[TOC]",
    "a | b | c",
    "back\\slash \\* \\",
]


# What the models refuse in plain text (a tag's opening): left out when written as YAML.
TAG_OPENING = re.compile(r"<[A-Za-z/!?]")


def rendered_items(page: BeautifulSoup, heading_id: str) -> list[Tag]:
    section = page.find(id=heading_id)
    assert isinstance(section, Tag)
    listing = section.find_next("ul")
    assert isinstance(listing, Tag)
    return listing.find_all("li", recursive=False)


def assert_shown_as_written(value: str, node: Tag, where: str) -> None:
    assert " ".join(node.get_text().split()) == " ".join(value.split()), where
    assert node.get_text().count("\\") == value.count("\\"), where  # no visible backslash
    assert node.find(True) is None, (where, node)  # text only, no markup


@pytest.mark.parametrize("through_yaml", [True, False], ids=["from YAML", "unchecked"])
def test_plain_text_shows_exactly_as_written_in_markdown(
    site_builder: SiteBuilder, unchecked: Unchecked, *, through_yaml: bool
) -> None:
    site_builder.config["markdown_extensions"] = [
        "md_in_html", "attr_list", "admonition", {"toc": {"permalink": False}},
    ]  # fmt: skip
    values: dict[str, dict[str, Any]] = {}
    for index, value in enumerate(PUNCTUATION):
        if through_yaml and TAG_OPENING.search(value):
            continue
        fields = {
            "learning_outcomes": [value, f"Start {value} end"],
            "prerequisites": {"text": value},
            "assessments": [{"type": "quiz", "description": value}],
            "keywords": [value],
        }
        if through_yaml:  # every value here passes the models today
            site_builder.programme(f"p-{index}", **fields)
        else:
            site_builder.programme(f"p-{index}")
            values[f"p-{index}"] = {
                "learning_outcomes": fields["learning_outcomes"],
                "prerequisites": Prerequisites.model_construct(text=value, programmes=[]),
                "assessments": [Assessment.model_construct(type="quiz", description=value)],
                "keywords": [value],
            }
    if not through_yaml:
        unchecked(programmes=values)
    site = site_builder.build(strict=through_yaml)
    for index, value in enumerate(PUNCTUATION):
        if through_yaml and TAG_OPENING.search(value):
            continue
        page = site.html(f"programmes/p-{index}/")
        where = f"{value!r}"
        outcome, inside = rendered_items(page, "what-you-will-learn")
        assert_shown_as_written(value, outcome, where)
        assert_shown_as_written(f"Start {value} end", inside, where)
        entry = page.find(id="entry-requirements")
        assert isinstance(entry, Tag)
        paragraph = entry.find_next_sibling()
        assert isinstance(paragraph, Tag) and paragraph.name == "p", where
        assert_shown_as_written(value, paragraph, where)
        (assessment,) = rendered_items(page, "how-you-are-assessed")
        strong = assessment.find("strong")
        assert isinstance(strong, Tag)
        strong.extract()
        assert " ".join(assessment.get_text().split()) == " ".join(f": {value}".split()), where
        assert assessment.find(True) is None, where


def test_partner_names_and_notes_in_links_show_as_written(
    site_builder: SiteBuilder, unchecked: Unchecked
) -> None:
    site_builder.config["markdown_extensions"] = ["md_in_html", "attr_list", "admonition", "toc"]
    names = ["*x* [y](z) `c` {: .k} & <b> ]]", "1. # > --- ~~~ !!! ===", "a_b_c \\ |"]
    programmes, partners = {}, {}
    for index, name in enumerate(names):
        site_builder.partner(f"partner-{index}", logo="assets/logo.png")
        site_builder.programme(f"p-{index}")
        link = EmployerPartner.model_construct(
            partner=f"partner-{index}", role="endorses", note=name
        )
        programmes[f"p-{index}"] = {
            "employer_partners": [link],
            "skills": [Skill.model_construct(label=name, esco="https://esco.example/s")],
            "stacks_into": [Stack.model_construct(title=name, url="https://x.example/a b)c")],
        }
        partners[f"partner-{index}"] = {"name": name}
    (site_builder.root / "docs" / "assets").mkdir()
    shutil.copy(
        REPO / "docs" / "assets" / "images" / "social-card.png",
        site_builder.root / "docs" / "assets" / "logo.png",
    )
    unchecked(programmes=programmes, partners=partners)
    site = site_builder.build()
    for index, name in enumerate(names):
        page = site.html(f"programmes/p-{index}/")
        strong = page.select_one(".mc-partners li a strong")
        assert isinstance(strong, Tag)
        assert_shown_as_written(name, strong, name)
        image = page.select_one(".mc-partners li a img")
        assert isinstance(image, Tag) and image["alt"] == f"{name} logo"
        (skill,) = page.select(".mc-tags li a")
        assert_shown_as_written(name, skill, name)
        (stack,) = rendered_items(page, "where-it-leads")
        anchor = stack.find("a")
        assert isinstance(anchor, Tag)
        assert anchor["href"] == "https://x.example/a%20b%29c"
        assert_shown_as_written(name, anchor, name)


# Machine-readable outputs ------------------------------------------------------------------


def test_feed_calendar_json_and_csv_stay_well_formed(
    site_builder: SiteBuilder, unchecked: Unchecked
) -> None:
    values = (*HOSTILE, CONTROLS, '=HYPERLINK("https://evil.example")', "\r=1+1", "@SUM(A1)")
    site = hostile_site(site_builder, unchecked, values)
    # Atom: a strict XML parser reads it, and each title is the text written.
    feed = ET.fromstring((site.root / "feeds/programmes.atom").read_bytes())  # noqa: S314 - ours
    namespace = {"a": "http://www.w3.org/2005/Atom"}
    titles = [
        e.findtext("a:title", namespaces=namespace) for e in feed.findall("a:entry", namespace)
    ]
    assert sorted(t.replace("\r\n", "\n").replace("\r", "\n") for t in titles if t) == sorted(
        strip_unprintable(v).replace("\r\n", "\n").replace("\r", "\n") for v in values
    )
    # iCalendar: every line at most 75 octets, each event exactly its own properties, and the
    # text unfolds and unescapes to what was written (line breaks as \n, controls dropped).
    raw = (site.root / "feeds/intakes.ics").read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert b"\r\n" not in raw.replace(b"\r\n", b"") and b"\n" not in raw.replace(b"\r\n", b"")
    calendar = icalendar.Calendar.from_ical(raw)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 2 * len(values)
    allowed = {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "URL",
               "CATEGORIES", "TRANSP", "LOCATION"}  # fmt: skip
    for event in events:
        assert set(event) <= allowed, set(event) - allowed
    locations = sorted(str(e["LOCATION"]) for e in events if "LOCATION" in e)
    expected = sorted(re.sub(r"\r\n|\r", "\n", strip_unprintable(v)) for v in values)
    assert locations == expected
    # JSON: strict parsers, no NaN or Infinity, text as written.
    api = strict_json((site.root / "api/catalogue.json").read_text(encoding="utf-8"))
    assert sorted(p["title"] for p in api["programmes"]) == sorted(
        strip_unprintable(v) for v in values
    )
    for path in (site.root / "badges").glob("*.json"):
        strict_json(path.read_text(encoding="utf-8"))
    # CSV: one row per programme, every cell read back, formulas defused.
    text = (site.root / "api/catalogue.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == len(values)
    formula = ("=", "+", "-", "@", "\t", "\r")
    defused = [f"'{t}" if t.startswith(formula) else t for t in map(strip_unprintable, values)]
    assert sorted(row["title"] for row in rows) == sorted(defused)
    # QR codes: well-formed XML (the embed cards are among the pages checked elsewhere).
    for path in site.root.glob("programmes/*/qr.svg"):
        ET.fromstring(path.read_bytes())  # noqa: S314 - our own output


@pytest.mark.parametrize(
    ("field", "value"),
    [("workload_hours", float("inf")), ("ects", float("nan")), ("duration_weeks", 10**400)],
)
def test_a_number_no_output_can_write_fails_the_build_with_a_message(
    site_builder: SiteBuilder,
    unchecked: Unchecked,
    caplog: pytest.LogCaptureFixture,
    field: str,
    value: float,
) -> None:
    site_builder.programme("numbers")
    fee = Fee.model_construct(amount=float("-inf"))
    unchecked(programmes={"numbers": {field: value, "fee": fee}})
    with pytest.raises(Abort):
        site_builder.build()
    assert not (site_builder.root / "site").exists()
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert any(e.startswith(f"programmes/numbers.yaml:1:1: error: {field}: ") for e in errors)
    assert any(e.startswith("programmes/numbers.yaml:1:1: error: fee.amount: ") for e in errors)


# Links out of the repository ---------------------------------------------------------------


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A folder outside the site's repository, with a secret in it."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "secret.txt").write_text("the build machine's secret", encoding="utf-8")
    return folder


def assert_refused(site_builder: SiteBuilder, caplog: pytest.LogCaptureFixture, shown: str) -> None:
    site_builder.programme("ordinary")
    with pytest.raises(Abort):
        site_builder.build()
    site = site_builder.root / "site"
    assert not any(p.is_file() for p in site.rglob("*")) if site.exists() else True
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert f"{shown}:1:1: error: this is a link to a place outside the repository" in " ".join(
        errors
    )


def test_a_file_linking_out_of_the_repository_is_refused(
    site_builder: SiteBuilder, elsewhere: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (site_builder.root / "docs" / "notes.txt").symlink_to(elsewhere / "secret.txt")
    assert_refused(site_builder, caplog, "docs/notes.txt")


def test_a_folder_linking_out_of_the_repository_is_refused(
    site_builder: SiteBuilder, elsewhere: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (site_builder.root / "docs" / "shared").symlink_to(elsewhere, target_is_directory=True)
    assert_refused(site_builder, caplog, "docs/shared")


def test_a_link_into_git_metadata_is_refused(
    site_builder: SiteBuilder, caplog: pytest.LogCaptureFixture
) -> None:
    git = site_builder.root / ".git"
    git.mkdir()
    (git / "config").write_text("[http]\n\textraheader = AUTHORIZATION: basic x\n", "utf-8")
    (site_builder.root / "docs" / "config.txt").symlink_to(git / "config")
    assert_refused(site_builder, caplog, "docs/config.txt")


def test_a_link_to_a_file_inside_the_repository_is_published(site_builder: SiteBuilder) -> None:
    (site_builder.root / "README.md").write_text("# Read me\n", encoding="utf-8")
    (site_builder.root / "docs" / "readme.md").symlink_to(site_builder.root / "README.md")
    site_builder.programme("ordinary")
    site = site_builder.build(strict=True)
    assert (site.root / "readme" / "index.html").is_file()
