"""The search index: Pagefind run by the plugin on the built site, read back from the bundle.

What is indexed and with which filters, sort keys and metadata is read twice: from the built
pages' Pagefind attributes and from the index's own fragments (what Pagefind understood of
them), and compared with values computed here from the catalogue's fields.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from conftest import BUILD_EPOCH, REPO, BuiltSite, SiteBuilder
from microcred import search
from microcred.catalogue import Catalogue
from microcred.errors import Problem
from microcred.models import Programme
from microcred.strings import for_site
from test_browser import facet_values, next_start

SCRIPT = REPO / "plugins" / "microcred" / "theme" / "assets" / "javascripts" / "search.js"


def attributes(page: BeautifulSoup, kind: str) -> list[tuple[str, str]]:
    """The page's inline Pagefind values of one kind ("filter", "sort", "meta") as pairs."""
    pairs = []
    for element in page.select(f"[data-pagefind-{kind}]"):
        name, _, value = str(element[f"data-pagefind-{kind}"]).partition(":")
        pairs.append((name, value))
    return pairs


def hand_written(site: BuiltSite) -> set[str]:
    """The URLs of the site's pages written in docs/ (index.md is the home page)."""
    urls = set()
    for source in (REPO / "docs").glob("*.md"):
        urls.add("/" if source.stem == "index" else f"/{source.stem}/")
    return {url for url in urls if (site.root / url.lstrip("/") / "index.html").is_file()}


def programme_filters(catalogue: Catalogue, programme: Programme) -> set[tuple[str, str]]:
    expected = {("kind", "programme")}
    for name, values in facet_values(catalogue, programme).items():
        expected |= {(name, value) for value in values}
    expected |= {
        ("starts", i.start.isoformat()) for i in programme.intakes if i.start >= catalogue.today
    }
    return expected


def fee_key(catalogue: Catalogue, programme: Programme) -> str:
    """The fee sort key: cents, 12 digits, then the title (fees in another currency last)."""
    fee = programme.fee
    currency = catalogue.settings.defaults.currency
    if fee is None or (fee.amount != 0 and (fee.currency or currency) != currency):
        cents = "999999999999"
    else:
        cents = f"{round(fee.amount * 100):012d}"
    return f"{cents} {programme.title.casefold()}"


def listing_key(catalogue: Catalogue, programme: Programme, key: str) -> tuple[object, ...]:
    """The order of the listing's sort `key`: unknown values last, then by title."""
    fee = programme.fee
    currency = catalogue.settings.defaults.currency
    comparable = fee is not None and (fee.amount == 0 or (fee.currency or currency) == currency)
    value: object = {
        "start": next_start(programme, catalogue.today),
        "title": programme.title.casefold(),
        "duration": programme.duration_weeks,
        "fee": fee.amount if fee is not None and comparable else None,
    }[key]
    return (value is None, value if value is not None else 0, programme.title.casefold())


# The bundle and what it holds ----------------------------------------------------------------


def test_the_site_has_a_search_bundle(sample_site: BuiltSite) -> None:
    bundle = sample_site.root / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    assert sample_site.json("pagefind/pagefind-entry.json")["languages"]
    assert list((bundle / "fragment").glob("*.pf_fragment"))
    # Pagefind's own interfaces are not published: the header search is the package's.
    assert (
        not list(bundle.glob("pagefind-*ui*")) and not (bundle / "pagefind-highlight.js").exists()
    )


def test_indexed_are_the_programme_partner_subject_and_hand_written_pages(
    sample_site: BuiltSite, sample_catalogue: Catalogue
) -> None:
    indexed = sample_site.search_pages()
    catalogue = sample_catalogue
    expected = {f"/programmes/{pid}/" for pid in catalogue.published + catalogue.archived}
    expected |= {f"/partners/{pid}/" for pid in catalogue.partners}
    expected |= {f"/subjects/{slug}/" for slug in catalogue.subjects}
    expected |= hand_written(sample_site)
    assert set(indexed) == expected
    # Of what is not there: the hubs, the redirects of renamed programmes, drafts, embeds.
    assert catalogue.redirects and catalogue.drafts
    for url in ("/programmes/", "/partners/", "/subjects/"):
        assert url not in indexed
    assert not any(url.startswith("/programmes/page/") for url in indexed)
    for old in catalogue.redirects:
        assert f"/programmes/{old}/" not in indexed
    assert not any(url.endswith("embed.html") for url in indexed)


def test_every_indexed_page_says_its_kind(
    sample_site: BuiltSite, sample_catalogue: Catalogue
) -> None:
    kinds = {url: page["filters"].get("kind") for url, page in sample_site.search_pages().items()}
    for url, kind in kinds.items():
        pid = url.split("/")[2] if url.startswith("/programmes/") else None
        if pid is not None:
            want = "programme" if pid in sample_catalogue.published else "archived"
        elif url.startswith("/partners/"):
            want = "partner"
        elif url.startswith("/subjects/"):
            want = "subject"
        else:
            want = "page"
        assert kind == [want], url


def test_a_published_programme_carries_the_listings_filters_sort_keys_and_meta(
    sample_site: BuiltSite, sample_catalogue: Catalogue
) -> None:
    catalogue = sample_catalogue
    strings = for_site("en", catalogue.settings.institution.country)
    indexed = sample_site.search_pages()
    for pid in catalogue.published:
        programme = catalogue.programmes[pid]
        page = sample_site.html(f"programmes/{pid}/")
        filters = set(attributes(page, "filter"))
        assert filters == programme_filters(catalogue, programme), pid
        # Pagefind read every one of them.
        fragment = indexed[f"/programmes/{pid}/"]
        assert {(k, v) for k, vs in fragment["filters"].items() for v in vs} == filters, pid

        start = next_start(programme, catalogue.today)
        title = programme.title.casefold()
        assert dict(attributes(page, "sort")) == {
            "start": f"{start.isoformat() if start else '9999-12-31'} {title}",
            "title": title,
            "duration": f"{programme.duration_weeks or 999999:06d} {title}",
            "fee": fee_key(catalogue, programme),
        }, pid

        meta = fragment["meta"]
        assert meta["title"] == programme.title
        assert meta["summary"] == programme.summary
        assert meta["subjects"] == " · ".join(programme.subjects)
        partners = [catalogue.partners[p.partner].name for p in programme.employer_partners]
        assert meta.get("partners", "") == ", ".join(dict.fromkeys(partners))
        ids = dict.fromkeys(p.partner for p in programme.employer_partners)
        assert meta.get("partner_ids", "") == " ".join(ids)
        assert meta.get("start_iso") == (start.isoformat() if start else None)
        assert meta.get("start") == (strings.date(start) if start else None)
        weeks = programme.duration_weeks
        assert meta.get("duration") == (strings("count.weeks", count=weeks) if weeks else None)
        assert "" not in meta.values()


def test_sort_keys_order_programmes_as_the_listing_does(
    sample_site: BuiltSite, sample_catalogue: Catalogue
) -> None:
    # Pagefind compares the keys as text: their text order is the listing's order, ties by title.
    catalogue = sample_catalogue
    keys = {
        pid: dict(attributes(sample_site.html(f"programmes/{pid}/"), "sort"))
        for pid in catalogue.published
    }
    for key in ("start", "title", "duration", "fee"):
        by_key = sorted(catalogue.published, key=lambda pid: keys[pid][key])
        want = sorted(
            catalogue.published,
            key=lambda pid: listing_key(catalogue, catalogue.programmes[pid], key),
        )
        assert by_key == want, key


def test_an_archived_programme_is_filtered_only_by_its_kind_and_keeps_its_sort_keys(
    sample_site: BuiltSite, sample_catalogue: Catalogue
) -> None:
    assert sample_catalogue.archived
    for pid in sample_catalogue.archived:
        page = sample_site.html(f"programmes/{pid}/")
        assert attributes(page, "filter") == [("kind", "archived")]
        assert {name for name, _ in attributes(page, "sort")} == {
            "start",
            "title",
            "duration",
            "fee",
        }


def test_the_index_holds_outcomes_partners_skills_keywords_and_subjects(
    sample_site: BuiltSite, sample_catalogue: Catalogue
) -> None:
    indexed = sample_site.search_pages()
    for pid in sample_catalogue.published + sample_catalogue.archived:
        programme = sample_catalogue.programmes[pid]
        content = " ".join(indexed[f"/programmes/{pid}/"]["content"].split())
        words = [*programme.learning_outcomes, *programme.keywords, *programme.subjects]
        words += [sample_catalogue.partners[p.partner].name for p in programme.employer_partners]
        words += [skill.label for skill in programme.skills]
        for expected in words:
            assert " ".join(expected.split()) in content, (pid, expected)


def test_the_title_weighs_most_then_the_programmes_fields(sample_site: BuiltSite) -> None:
    # Pagefind ranks by these weights: the title's words above the outcomes' and skills',
    # and those above the rest of the body (weight 1).
    pid_pages = [p for p in sample_site.search_pages() if p.startswith("/programmes/")]
    page = sample_site.html(pid_pages[0].lstrip("/"))
    body = page.select_one("[data-pagefind-body]")
    assert body is not None
    title = body.select_one("h1[data-pagefind-weight]")
    assert title is not None
    fields = [float(str(e["data-pagefind-weight"])) for e in body.select("[data-pagefind-weight]")]
    assert float(str(title["data-pagefind-weight"])) == max(fields)
    assert len(set(fields)) >= 2 and min(fields) > 1


def test_hubs_and_page_furniture_are_not_indexed(sample_site: BuiltSite) -> None:
    for hub in ("programmes/", "partners/", "subjects/"):
        assert sample_site.html(hub).select("[data-pagefind-body]") == []
    indexed = sample_site.search_pages()
    for page in indexed.values():
        # The header, the navigation and the footer are outside every page's indexed body.
        assert "Skip to content" not in page["content"]
        assert "Search the site" not in page["content"]


# The header search ---------------------------------------------------------------------------


def test_the_header_search_is_a_labelled_form_that_works_without_javascript(
    sample_site: BuiltSite, sample_catalogue: Catalogue
) -> None:
    pid = sample_catalogue.published[0]
    for path, listing in (("", "programmes/"), (f"programmes/{pid}/", "../")):
        page = sample_site.html(path)
        form = page.select_one('header form[role="search"]')
        assert form is not None, path
        assert form["method"] == "get" and form["action"] == listing
        field = form.select_one("input#mc-search")
        assert field is not None and field["type"] == "search" and field["name"] == "q"
        label = form.select_one('label[for="mc-search"]')
        assert label is not None and label.get_text(strip=True)
        status = form.select_one("#mc-search-status")
        assert status is not None and status["role"] == "status"
        assert form.select_one("ul#mc-search-results") is not None
    # Material's search and its index are gone.
    assert not (sample_site.root / "search" / "search_index.json").exists()
    assert sample_site.html("").select(".md-search") == []


@pytest.mark.parametrize("language", ["en", "de", "fr", "ga"])
def test_the_result_count_has_every_plural_form_of_the_language(
    site_builder: SiteBuilder, language: str
) -> None:
    site_builder.config["theme"]["language"] = language
    site_builder.programme("one")
    site = site_builder.build(strict=True)
    status = site.html("").select_one("#mc-search-status")
    assert status is not None
    forms = {
        str(name).removeprefix("data-results-"): value
        for name, value in status.attrs.items()
        if str(name).startswith("data-results-")
    }
    assert forms == dict(for_site(language).plurals("search.results"))
    assert all("{count}" in text for text in forms.values())


def test_the_search_script_builds_its_results_without_parsing_html() -> None:
    source = SCRIPT.read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", source, flags=re.S)
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in code, sink
    assert "textContent" in code and "createElement" in code


# What Pagefind reads -------------------------------------------------------------------------


PAGEFIND_ATTRIBUTES = ("body", "ignore", "filter", "sort", "meta", "weight", "index-attrs")


def whole_site_bundle(site: Path, into: Path) -> Path:
    """The bundle Pagefind makes of every HTML file of the built site, as it reads a site."""
    program = search.executable()
    assert program is not None
    bundle = into / "whole-site-bundle"
    subprocess.run(
        [str(program), "--site", str(site), "--output-path", str(bundle), "--silent"],
        cwd=into,
        check=True,
        capture_output=True,
    )
    return bundle


def found_image(page: dict[str, Any]) -> tuple[str, str] | None:
    """The image Pagefind gave a page's metadata of its own accord (the first image after the
    first heading: no template names one), as its source and alternative text."""
    meta = page["meta"]
    return (meta["image"], meta["image_alt"]) if "image" in meta else None


def assert_same_index(site: BuiltSite, into: Path) -> int:
    """The site's bundle, made from its pages' indexed parts, is the one Pagefind makes of the
    whole site: the same pages, each the same (its indexed text, whose words the word index
    holds, its anchors, filters, sort keys and meta), in the same languages.

    But for one thing, which nothing reads: reading the whole site, Pagefind takes the first
    image after a page's heading as its image, which on a partner or subject page is a logo in
    its list of programmes and on a programme without a badge its QR code. Those lie in the
    stretches the indexed parts leave out, so there the page has no image; where its image is
    in what the index reads (a programme's badge), it is the same.

    The word index's chunks are not compared by name: they number the pages in the order
    Pagefind found their files, the order a folder lists them, which differs between file
    systems (the indexed parts may be in shared memory). Nor are the fragments: each is named
    by a hash of what it holds, compared here."""
    whole = whole_site_bundle(site.root, into)
    built = site.root / "pagefind"
    pages = site.search_pages()
    reference = BuiltSite.search_pages_in(whole)
    assert pages and sorted(pages) == sorted(reference)
    left_out = 0
    for url, page in pages.items():
        expected = reference[url]
        image = found_image(expected)
        if image is not None and found_image(page) is None:
            # The image was in a stretch left out: no such image is in what the index read.
            part = search.indexed_part(site.file(url.lstrip("/")).read_text(encoding="utf-8"))
            assert part is not None, url
            read = BeautifulSoup(part, "html.parser").find_all("img")
            src, alt = image[0], BeautifulSoup(image[1], "html.parser").get_text()
            assert (src, alt) not in [(i.get("src"), i.get("alt")) for i in read], url
            meta = {k: v for k, v in expected["meta"].items() if k not in ("image", "image_alt")}
            expected = {**expected, "meta": meta}
            left_out += 1
        assert page == expected, url
    assert len(list((built / "fragment").iterdir())) == len(list((whole / "fragment").iterdir()))
    entry = json.loads((built / "pagefind-entry.json").read_text(encoding="utf-8"))
    whole_entry = json.loads((whole / "pagefind-entry.json").read_text(encoding="utf-8"))
    counts = {name: language["page_count"] for name, language in entry["languages"].items()}
    assert counts == {name: lang["page_count"] for name, lang in whole_entry["languages"].items()}
    assert len(list((built / "index").iterdir())) == len(list((whole / "index").iterdir()))
    return left_out


def test_pagefind_reads_the_indexed_parts_and_makes_the_whole_sites_index(
    sample_site: BuiltSite, tmp_path: Path
) -> None:
    # Every partner and subject page, and the programmes without a badge, lose theirs.
    assert assert_same_index(sample_site, tmp_path) > 10


def test_the_indexed_parts_leave_out_what_the_index_does_not_read(sample_site: BuiltSite) -> None:
    # The facts, intakes and share links of a programme, a partner's and a subject's list of
    # programmes: marked by the templates, cut from what Pagefind parses.
    cases = {
        "programmes/digital-health-informatics/index.html": ("mc-facts", "mc-share", "mc-intakes"),
        "partners/western-regional-health/index.html": ("mc-card",),
        "subjects/health-social-care/index.html": ("mc-card",),
    }
    for path, classes in cases.items():
        html = (sample_site.root / path).read_text(encoding="utf-8")
        part = search.indexed_part(html)
        assert part is not None and search.SKIP in html, path
        for name in classes:
            assert f'class="{name}' in html and f'class="{name}' not in part, (path, name)
        assert "data-pagefind-body" in part and search.SKIP not in part, path


def test_content_that_spells_the_cut_marks_is_indexed_whole(
    site_builder: SiteBuilder, tmp_path: Path
) -> None:
    # Text naming the attribute the cut starts at, and the footer it ends at, is escaped
    # content (a programme's text may not hold tags at all; a page in docs/ shows them as code
    # here): the index is the whole site's still, with that text in it. Also for a site whose
    # pages are files (programmes/x.html), not folders.
    marks = '`data-pagefind-body <footer class="md-footer"> </head> <html lang="xx"> <title>`'
    site_builder.config["use_directory_urls"] = False
    site_builder.programme(
        "marked",
        title="Marked data-pagefind-body",
        description="Before data-pagefind-body, md-footer and data-pagefind-meta. After the marks.",
    )
    site_builder.programme("plain")
    site_builder.write_raw("docs/notes.md", f"# Notes\n\nSearch {marks} notes text.\n")
    site = site_builder.build()
    assert_same_index(site, tmp_path)
    pages = site.search_pages()
    assert "After the marks." in pages["/programmes/marked.html"]["content"]
    assert "notes text" in pages["/notes.html"]["content"]


def test_catalogue_text_cannot_hide_itself_from_the_index_with_the_skip_marks(
    site_builder: SiteBuilder, tmp_path: Path
) -> None:
    # The marks written raw into a description (the sanitiser drops comments) and as code (shown
    # escaped) cut nothing: the words between them are indexed, and the index is the whole
    # site's.
    raw = f"Before the mark. {search.SKIP} Hidden words. {search.SKIP_END} After the mark."
    shown = f"Shown `{search.SKIP}` quoted words `{search.SKIP_END}` end."
    site_builder.programme("raw", description=raw)
    site_builder.programme("shown", description=shown)
    site = site_builder.build()
    for path in ("programmes/raw/", "programmes/shown/"):
        html = site.file(path).read_text(encoding="utf-8")
        # Only the template's own: three stretches, none from the description.
        assert html.count(search.SKIP) == html.count(search.SKIP_END) == 3, path
    assert_same_index(site, tmp_path)
    pages = site.search_pages()
    assert "Hidden words." in pages["/programmes/raw/"]["content"]
    assert "quoted words" in pages["/programmes/shown/"]["content"]


def test_the_indexed_part_of_every_page_holds_every_pagefind_attribute(
    sample_site: BuiltSite,
) -> None:
    cut_pages = 0
    for path in sorted(sample_site.root.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        part = search.indexed_part(html)
        if "data-pagefind-body" not in html:
            assert part is None, path
            continue
        assert part is not None and len(part) < len(html), path
        whole, cut = BeautifulSoup(html, "html.parser"), BeautifulSoup(part, "html.parser")
        for name in PAGEFIND_ATTRIBUTES:
            selector = f"[data-pagefind-{name}]"
            if name in ("body", "ignore"):
                # Each may hold a stretch left out, and an ignored element may lie in one whole.
                kept = [(e.name, e.attrs) for e in cut.select(selector)]
                there = [(e.name, e.attrs) for e in whole.select(selector)]
                assert kept == there if name == "body" else all(k in there for k in kept), path
            else:
                kept = [str(e) for e in cut.select(selector)]
                assert kept == [str(e) for e in whole.select(selector)], (path, name)
        assert whole.html is not None and cut.html is not None
        assert cut.html.attrs == whole.html.attrs
        assert cut.title is not None and whole.title is not None
        assert cut.title.string == whole.title.string
        cut_pages += 1
    assert cut_pages > 20


@given(st.text(alphabet=st.sampled_from(list("<>/=\"' ahtmlbodyfe-")), max_size=300))
def test_the_cut_of_any_text_keeps_all_from_its_first_pagefind_attribute(text: str) -> None:
    page = f"<html><head><title>t</title></head><body>{text}</body></html>"
    part = search.indexed_part(page)
    if "data-pagefind-body" not in page:
        assert part is None
    elif part is not None:
        first = page.find("data-pagefind-", page.find("</head>"))
        assert page[first : page.rfind('<footer class="md-footer"')] in part or (
            page[first:] in part
        )


_PIECES = [search.SKIP, search.SKIP_END, "<p data-pagefind-body>", "</p>", "x", " "]


@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_each_marked_stretch_and_only_it_is_cut(pieces: list[str]) -> None:
    # From a SKIP to the next SKIP_END after it, as a lazy regular expression reads it; a SKIP
    # with none after it cuts nothing.
    body = "".join(pieces)
    page = f"<html><head><title>t</title></head><body>{body}</body></html>"
    part = search.indexed_part(page)
    if "data-pagefind-body" not in body:
        assert part is None
        return
    assert part is not None
    first = page.rfind("<", 0, page.find("data-pagefind-"))
    lazy = re.escape(search.SKIP) + ".*?" + re.escape(search.SKIP_END)
    expected = re.sub(lazy, "", page[first:], flags=re.DOTALL)
    assert part.endswith("<body>" + expected + "</body></html>")


# A run that fails ----------------------------------------------------------------------------


def fake_pagefind(folder: Path, body: str) -> Path:
    """An executable that stands in for the Pagefind binary and runs `body` (a shell script)."""
    program = folder / "pagefind"
    program.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    program.chmod(0o755)
    return program


def test_index_site_reports_pagefind_failing_in_plain_words(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    failing = fake_pagefind(tmp_path, 'echo "Error: could not read a page" >&2; exit 3')
    problem = search.index_site(tmp_path / "site", where="mkdocs.yml", binary=failing)
    assert isinstance(problem, Problem)
    assert (problem.file, problem.line, problem.column) == ("mkdocs.yml", 1, 1)
    assert "exit status 3" in problem.message
    assert "Error: could not read a page" in problem.message


def test_index_site_stops_a_run_that_hangs(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    hanging = fake_pagefind(tmp_path, "exec sleep 30")
    problem = search.index_site(tmp_path / "site", where="mkdocs.yml", binary=hanging, timeout=1)
    assert isinstance(problem, Problem)
    assert "did not finish within 1 seconds" in problem.message


def test_index_site_reports_a_program_that_cannot_start_or_writes_no_bundle(
    tmp_path: Path,
) -> None:
    (tmp_path / "site").mkdir()
    missing = search.index_site(tmp_path / "site", where="x.yml", binary=tmp_path / "absent")
    assert isinstance(missing, Problem)
    assert "could not be started" in missing.message
    silent = fake_pagefind(tmp_path, "exit 0")
    nothing = search.index_site(tmp_path / "site", where="x.yml", binary=silent)
    assert isinstance(nothing, Problem)
    assert "wrote no pagefind/pagefind.js" in nothing.message


def test_index_site_runs_the_installed_pagefind(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text(
        '<!doctype html><html lang="en"><body><main data-pagefind-body><h1>Otter</h1>'
        "<p>Rivers and otters.</p></main></body></html>",
        encoding="utf-8",
    )
    assert search.executable() is not None
    indexed = search.index_site(site, where="mkdocs.yml")
    assert isinstance(indexed, search.Indexed), indexed
    assert indexed.bundle == site.resolve() / "pagefind"
    assert (indexed.bundle / "pagefind.js").is_file()
    # A page only on disk (as one another plugin writes) is read from there and indexed.
    pages = BuiltSite(site, "", (), ()).search_pages()
    assert list(pages) == ["/a/"] and "otters" in pages["/a/"]["content"]


def test_a_page_that_cannot_be_written_for_the_index_is_a_located_plain_error(
    tmp_path: Path,
) -> None:
    (tmp_path / "site").mkdir()
    with search.Inputs() as inputs:
        # Where the page's folder should be, a file: the page cannot be written (as on a full
        # disk), and the build is told so in words, once, not with a traceback.
        (inputs.folder / "a").write_text("", encoding="utf-8")
        page = '<html lang="en"><body><main data-pagefind-body>Otters</main></body></html>'
        inputs.add("a/index.html", page)
        inputs.add("b/index.html", page)
        problem = inputs.index(tmp_path / "site", where="mkdocs.yml")
    assert isinstance(problem, Problem)
    assert (problem.file, problem.line, problem.column) == ("mkdocs.yml", 1, 1)
    assert problem.message.startswith(
        "the search index could not be built: the page a/index.html could not be written"
    )
    assert not inputs.folder.exists()


def test_a_failing_index_fails_the_build_with_a_located_plain_error(
    site_builder: SiteBuilder, tmp_path: Path
) -> None:
    site_builder.programme("one")
    config = site_builder.root / "mkdocs.yml"
    site_builder.build()  # writes mkdocs.yml; this build, with the real Pagefind, succeeds
    failing = fake_pagefind(tmp_path, 'echo "Error: disk full" >&2; exit 2')
    env: dict[str, Any] = {
        **os.environ,
        "SOURCE_DATE_EPOCH": BUILD_EPOCH,
        "NO_MKDOCS_2_WARNING": "1",
        # pagefind.service finds the binary it is told to use here, as `python -m pagefind`.
        "PAGEFIND_BINARY_PATH": str(failing),
    }
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    result = subprocess.run(
        [mkdocs, "build", "-f", str(config), "-d", str(tmp_path / "out")],
        cwd=site_builder.root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert (
        "mkdocs.yml:1:1: error: search: the search index could not be built: Pagefind stopped "
        "with exit status 2 and said: Error: disk full"
    ) in result.stderr
    assert "the search index could not be built; nothing was published." in result.stderr
