"""The interface speaks the site's language: the sample built in each shipped language.

Every word a visitor reads comes from a string table (strings/<language>.json for ours,
Material's partials/languages/*.html for its own), chosen by `theme.language`.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import get_args
from xml.etree import ElementTree as ET

import pytest
import yaml
from babel import Locale
from bs4 import BeautifulSoup
from mkdocs.exceptions import Abort

from conftest import REPO, BuiltSite, build_site
from microcred import models, strings

LANGUAGES = ("en", "de", "fr", "ga")
TRANSLATED = ("de", "fr", "ga")
PROGRAMME = "applied-data-analytics-python"  # fee, intakes with deadlines, partners, review date
PARTNER = "claddagh-bank"
SUBJECT = "data-computing"
PAGES = ("", "programmes/", f"programmes/{PROGRAMME}/", f"partners/{PARTNER}/",
         f"subjects/{SUBJECT}/", "partners/", "subjects/")  # fmt: skip
MATERIAL_EN = (
    REPO / ".venv/lib/python3.11/site-packages/material/templates/partials/languages/en.html"
)
GA_MATERIAL = REPO / "plugins/microcred/theme/partials/languages/ga.html"
_PLACEHOLDER = re.compile(r"\{[a-z]+\}")
_MACRO_KEY = re.compile(r'^\s+"([a-z.]+)":', re.MULTILINE)


def copy_sample(root: Path, language: str) -> Path:
    """The sample site in `root` with `theme.language` set; its nav takes the hubs' own titles,
    which are the interface's words (the sample's nav names them in English)."""
    for folder in ("programmes", "partners", "docs", "theme_overrides"):
        shutil.copytree(REPO / folder, root / folder)
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["language"] = language
    config["nav"] = ["index.md", "programmes/index.md", "subjects/index.md", "partners/index.md"]
    config["not_in_nav"] = "authoring.md\ndata.md"
    config_file = root / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), "utf-8")
    return config_file


@pytest.fixture(scope="module", params=LANGUAGES)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = tmp_path_factory.mktemp(f"site-{request.param}")
    return build_site(copy_sample(root, request.param), root / "site", strict=True)


def language_of(site: BuiltSite) -> str:
    return site.html("programmes/").html["lang"]


def texts(entry: strings.Entry) -> list[str]:
    return [entry] if isinstance(entry, str) else list(entry.values())


def english_fragments(language: str) -> set[str]:
    """The pieces of English interface text (between placeholders) that must not show in
    `language`: all but those that read the same in it (Online, Portfolio, ECTS) and those
    that the sample's own content also says (its titles and descriptions are not translated)."""
    content = " ".join(
        p.read_text(encoding="utf-8")
        for folder in ("programmes", "partners", "docs")
        for p in (REPO / folder).rglob("*")
        if p.suffix in {".yaml", ".md"}
    )
    content += " " + " ".join(str(v) for v in site_settings().values())
    translated = " ".join(t for e in strings.for_site(language).table.values() for t in texts(e))
    fragments = set()
    for entry in strings.for_site("en").table.values():
        for text in texts(entry):
            for part in _PLACEHOLDER.split(text):
                piece = part.strip(" .:()\u2013")
                if len(piece) < 4 or not re.search("[A-Za-z]{3}", piece):
                    continue
                if not any(_words(piece).search(t) for t in (content, translated)):
                    fragments.add(piece)
    return fragments


def site_settings() -> dict[str, object]:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    palette = " ".join(p["toggle"]["name"] for p in config["theme"]["palette"])
    return {k: config[k] for k in ("site_name", "site_description", "copyright")} | {
        "palette": palette
    }


def _words(piece: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + re.escape(piece) + r"(?![\w-])")


def visible(page: BeautifulSoup) -> str:
    """What a visitor reads or hears: text and the attributes that name things."""
    for hidden in page(["script", "style", "textarea"]):
        hidden.decompose()
    said = [
        str(value)
        for tag in page.find_all(True)
        for name, value in tag.attrs.items()
        if name in {"alt", "title", "aria-label", "placeholder"} or name.startswith("data-")
    ]
    return " ".join([page.get_text(" "), *said])


# The string tables ------------------------------------------------------------------------


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_language_has_exactly_the_keys_of_english(language: str) -> None:
    table = strings.for_site(language).table
    assert list(table) == list(strings.for_site("en").table)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_plural_has_exactly_the_languages_categories(language: str) -> None:
    categories = set(Locale.parse(language).plural_form.tags) | {"other"}
    for key, entry in strings.for_site(language).table.items():
        if not isinstance(entry, str):
            assert set(entry) == categories, key


def test_the_package_ships_english_german_french_and_irish() -> None:
    assert strings.languages() == sorted(LANGUAGES)


def test_every_vocabulary_value_has_a_label() -> None:
    vocabularies = (
        models.CredentialType, models.Difficulty, models.Mode, models.Pace,
        models.AssessmentType, models.Supervision, models.PartnerRole,
    )  # fmt: skip
    values = {v for vocabulary in vocabularies for v in get_args(vocabulary)}
    values |= {"internal", "external"}
    for language in LANGUAGES:
        for value in values:
            assert strings.for_site(language).label(value)


def test_irish_plurals_follow_the_number() -> None:
    irish = strings.for_site("ga")
    shown = [irish("count.weeks", count=n) for n in (1, 2, 3, 7, 20)]
    assert shown == ["1 seachtain", "2 sheachtain", "3 seachtaine", "7 seachtaine", "20 seachtain"]
    assert irish("count.programmes", count=7) == "7 gclár"


def test_irish_gives_every_key_of_materials_english() -> None:
    english = set(_MACRO_KEY.findall(MATERIAL_EN.read_text(encoding="utf-8")))
    assert set(_MACRO_KEY.findall(GA_MATERIAL.read_text(encoding="utf-8"))) == english


# A missing string fails the build ---------------------------------------------------------


def test_a_language_missing_a_key_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = json.loads((strings.FOLDER / "de.json").read_text(encoding="utf-8"))
    del table["facts.heading"]
    shutil.copy(strings.FOLDER / "en.json", tmp_path / "en.json")
    (tmp_path / "de.json").write_text(json.dumps(table), encoding="utf-8")
    monkeypatch.setattr(strings, "FOLDER", tmp_path)
    strings._table.cache_clear()
    strings.for_site.cache_clear()
    try:
        with pytest.raises(strings.StringsError, match=r"`facts\.heading` is missing"):
            strings.for_site("de")
    finally:
        strings._table.cache_clear()
        strings.for_site.cache_clear()


def test_a_template_asking_for_an_unknown_key_fails_the_build(tmp_path: Path) -> None:
    config_file = copy_sample(tmp_path, "de")
    partial = tmp_path / "theme_overrides" / "partials" / "programme-contact.html"
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.write_text("{#- Variables: none -#}{{ 'contact.no-such-key' | t }}", "utf-8")
    with pytest.raises(strings.StringsError, match=r"contact\.no-such-key"):
        build_site(config_file, tmp_path / "site")


def test_a_language_without_strings_fails_the_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(Abort):
        build_site(copy_sample(tmp_path, "es"), tmp_path / "site")
    assert "the interface has no strings for `es`" in caplog.text


# The sample in each language ---------------------------------------------------------------


def test_pages_declare_the_language(built: BuiltSite) -> None:
    language = language_of(built)
    assert language in LANGUAGES
    for path in PAGES:
        assert built.html(path).html["lang"] == language
    embed = BeautifulSoup(
        (built.root / f"programmes/{PROGRAMME}/embed.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    assert embed.html["lang"] == language


def test_no_english_interface_text_in_another_language(built: BuiltSite) -> None:
    language = language_of(built)
    if language == "en":
        pytest.skip("the English site is English")
    fragments = english_fragments(language)
    assert {"Key facts", "Apply now", "Filter programmes", "hours of study"} <= fragments
    for path in PAGES:
        shown = visible(built.html(path))
        found = sorted(f for f in fragments if _words(f).search(shown))
        assert not found, f"{language} {path}: {found}"


def test_dates_and_money_are_written_as_the_locale_writes_them(built: BuiltSite) -> None:
    language = language_of(built)
    expected = {
        "en": ("€1,950", "January 2027"),
        "de": ("1.950\xa0€", "Januar 2027"),
        "fr": ("1\u202f950\xa0€", "janvier 2027"),
        "ga": ("€1,950", "Eanáir 2027"),
    }[language]
    facts = built.html(f"programmes/{PROGRAMME}/").select_one(".mc-facts")
    assert facts is not None
    shown = facts.get_text(" ")
    for text in expected:
        assert text in shown, (language, text, shown)


def test_listing_counts_and_filters_speak_the_language(built: BuiltSite) -> None:
    language = language_of(built)
    listing = built.html("programmes/")
    status = listing.select_one("[data-mc-status]")
    assert status is not None
    categories = set(Locale.parse(language).plural_form.tags) | {"other"}
    assert {a.removeprefix("data-all-") for a in status.attrs if a.startswith("data-all-")} == (
        categories
    )
    legends = [legend.get_text() for legend in listing.select(".mc-facet__legend")]
    assert strings.for_site(language)("filter.subject") in legends


def test_structured_data_and_feeds_follow_the_language(built: BuiltSite) -> None:
    language = language_of(built)
    script = built.html("programmes/").select_one('script[type="application/ld+json"]')
    assert script is not None
    assert json.loads(script.get_text())["inLanguage"] == language
    feed = ET.fromstring((built.root / "feeds/programmes.atom").read_bytes())  # noqa: S314 - ours
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == language
    title = feed.find("{http://www.w3.org/2005/Atom}title")
    assert title is not None
    institution = "Harbourside University"
    expected = strings.for_site(language)("outputs.feed-title", institution=institution)
    assert title.text == expected
    badge = built.json(f"badges/{PROGRAMME}.json")
    outcomes = strings.for_site(language)("outputs.badge-outcomes")
    assert badge["criteria"]["narrative"].startswith(outcomes)


@pytest.mark.parametrize("amounts", [(0.0, -0.0), (-0.0, 0.0), (2, 2.0, -2.0)])
def test_money_and_numbers_are_written_as_each_value_is_whatever_came_first(
    amounts: tuple[float, ...],
) -> None:
    """Money and numbers are formatted once per value and kept: a value that compares equal to
    one written before (0 and -0.0) is still written as itself, in any order."""
    table, locale = strings.for_site("en").table, strings.site_locale("en", None)
    kept = strings.Strings("en", table, locale)
    for amount in amounts:
        fresh = strings.Strings("en", table, locale)
        assert kept.money(amount, "EUR") == fresh.money(amount, "EUR"), amount
        assert kept.number(amount) == fresh.number(amount), amount
    assert kept.money(-0.0, "EUR") != kept.money(0.0, "EUR")
