"""The listing as a finder: numbered pages without JavaScript, search and filters with it.

Three layers, as elsewhere: the paging rules of pages/listing.py on their own; the numbered
pages of the built sample site, read back with a parser; and the finder in headless Chromium,
over the Pagefind index the build writes. Every expected result is computed here from the
catalogue's own models, never written down.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from mkdocs.config import load_config

from conftest import BUILD_EPOCH, BuiltSite, SiteBuilder
from microcred import addresses
from microcred.catalogue import Catalogue, settings_from_options
from microcred.catalogue import build as build_catalogue
from microcred.pages.listing import (
    NO_START,
    PAGE_SIZE,
    SORTS,
    listing_order,
    page_numbers,
    page_src,
    page_url,
    paginate,
    sort_keys,
)

# The paging rules ----------------------------------------------------------------------------


@pytest.mark.parametrize("count", [0, 1, 23, 24, 25, 48, 49, 1000])
def test_pages_hold_every_programme_once_in_order(count: int) -> None:
    ids = [f"p{n:04d}" for n in range(count)]
    pages = paginate(ids)
    assert [pid for page in pages for pid in page.ids] == ids
    assert len(pages) == max(1, -(-count // PAGE_SIZE))
    for index, page in enumerate(pages):
        assert page.number == index + 1
        assert page.total == len(pages)
        assert 0 < len(page.ids) <= PAGE_SIZE or count == 0
        assert ids[page.first - 1 : page.last] == list(page.ids)
        assert page.previous == (page.number - 1 or None)
        assert page.next == (page.number + 1 if page.number < len(pages) else None)


def test_the_first_page_is_the_listing_and_the_others_are_numbered() -> None:
    assert page_url(1) == addresses.url("programmes")
    assert page_src(1) == addresses.src("programmes")
    assert page_url(2) == "programmes/page/2/"
    assert page_src(12) == "programmes/page/12.md"
    with pytest.raises(ValueError):
        page_url(0)
    with pytest.raises(ValueError):
        paginate(["a"], size=0)


@pytest.mark.parametrize(
    ("current", "total", "shown"),
    [
        (1, 1, [1]),
        (1, 2, [1, 2]),
        (1, 9, [1, 2, 3, None, 9]),
        (5, 9, [1, 2, 3, 4, 5, 6, 7, 8, 9]),
        (5, 10, [1, 2, 3, 4, 5, 6, 7, None, 10]),
        (6, 209, [1, None, 4, 5, 6, 7, 8, None, 209]),
        (209, 209, [1, None, 207, 208, 209]),
    ],
)
def test_page_numbers_keep_the_ends_and_the_neighbours(
    current: int, total: int, shown: list[int | None]
) -> None:
    assert page_numbers(current, total) == shown


@pytest.mark.parametrize("total", [1, 2, 5, 8, 30])
def test_page_numbers_never_hide_a_single_page_behind_a_gap(total: int) -> None:
    for current in range(1, total + 1):
        shown = page_numbers(current, total)
        numbers = [n for n in shown if n is not None]
        assert numbers == sorted(set(numbers)) and numbers[0] == 1 and numbers[-1] == total
        assert current in numbers
        for before, gap, after in zip(shown, shown[1:], shown[2:], strict=False):
            if gap is None:
                assert before is not None and after is not None and after - before > 2


def test_sort_keys_order_as_the_listing_does(sample_catalogue: Catalogue) -> None:
    """Each key's text order is the order by its value, missing values last, then by title."""
    catalogue = sample_catalogue
    currency = catalogue.settings.defaults.currency

    def value(pid: str, key: str) -> object:
        programme = catalogue.programmes[pid]
        fee = programme.fee
        return {
            "start": catalogue.next_intake_start(pid),
            "title": None,
            "duration": programme.duration_weeks,
            "fee": fee.amount
            if fee and (fee.amount == 0 or (fee.currency or currency) == currency)
            else None,
        }[key]

    for key in SORTS:

        def wanted(pid: str, key: str = key) -> tuple[bool, object, str]:
            found = value(pid, key)
            return (found is None, found or 0, catalogue.programmes[pid].title.casefold())

        assert listing_order(catalogue, catalogue.published, key) == sorted(
            catalogue.published, key=wanted
        ), key
    keys = [sort_keys(catalogue, pid) for pid in catalogue.published]
    assert all(set(k) == set(SORTS) for k in keys)
    assert any(k["start"].startswith(NO_START) for k in keys) or all(
        catalogue.next_intake_start(pid) for pid in catalogue.published
    )


# A listing of several pages, built ------------------------------------------------------------

WORDS = ("Welding", "Accounting", "Nursing", "Coding", "Baking", "Farming", "Teaching")
PAGED = 2 * PAGE_SIZE + 3  # three pages: 24, 24 and 3


@dataclass(frozen=True)
class Paged:
    site: BuiltSite
    catalogue: Catalogue


@pytest.fixture(scope="module")
def paged(tmp_path_factory: pytest.TempPathFactory) -> Paged:
    """A catalogue of 51 published programmes (and a draft and an archived one) whose starts
    tie on purpose, so that the title decides; titles do not sort as ids do."""
    builder = SiteBuilder(tmp_path_factory.mktemp("paged") / "project")
    for n in range(PAGED):
        fields: dict[str, Any] = {
            "title": f"{WORDS[n % len(WORDS)]} {n:02d}",
            "mode": ("online", "blended", "in-person")[n % 3],
        }
        if n % 5:
            fields["intakes"] = [{"start": date(2027, 1 + n % 6, 1), "location": "Campus"}]
        builder.programme(f"prog-{n:02d}", **fields)
    builder.programme("hidden-draft", status="draft")
    builder.programme("old-one", status="archived")
    site = builder.build(strict=True)
    config = load_config(str(builder.root / "mkdocs.yml"))
    settings, problems = settings_from_options(dict(config.plugins["microcred"].config))
    assert settings is not None, problems
    today = datetime.fromtimestamp(int(BUILD_EPOCH), tz=UTC).date()
    catalogue, problems = build_catalogue(builder.root, settings, today=today)
    assert catalogue is not None, problems
    return Paged(site, catalogue)


def resolve(page_path: str, href: str) -> str:
    return urljoin("https://site.invalid/" + page_path, href).removeprefix("https://site.invalid/")


def card_ids(page: BeautifulSoup) -> list[str]:
    return [str(li["data-id"]) for li in page.select("[data-mc-cards] > li.mc-cards__item")]


def test_the_numbered_pages_list_every_published_programme_once_in_listing_order(
    paged: Paged,
) -> None:
    order = listing_order(paged.catalogue, paged.catalogue.published)
    assert len(order) == PAGED
    pages = paginate(order)
    assert len(pages) == 3
    seen = []
    for listing in pages:
        html = paged.site.html(page_url(listing.number))
        assert card_ids(html) == list(listing.ids)
        seen += card_ids(html)
    assert seen == order
    assert not (paged.site.root / page_url(len(pages) + 1)).exists()
    # Ties on the start date are ordered by title, so the title order, not the ids', shows.
    starts = [sort_keys(paged.catalogue, pid)["start"] for pid in seen]
    assert starts == sorted(starts) and seen != sorted(seen)


def test_each_numbered_page_links_its_neighbours_and_itself(paged: Paged) -> None:
    site_url = paged.site.site_url
    total = len(paginate(paged.catalogue.published))
    titles = set()
    for number in range(1, total + 1):
        path = page_url(number)
        html = paged.site.html(path)
        canonical = html.select_one('link[rel="canonical"]')
        assert canonical is not None and canonical["href"] == urljoin(site_url, path)
        nav = html.select_one('nav[aria-label="Pages of programmes"]')
        assert nav is not None, number
        links = {str(a["href"]): a for a in nav.select("a[href]")}
        targets = {resolve(path, href) for href in links}
        assert targets == {page_url(n) for n in range(1, total + 1)}
        current = nav.select('a[aria-current="page"]')
        assert [resolve(path, str(a["href"])) for a in current] == [path]
        for rel, other in (("prev", number - 1), ("next", number + 1)):
            head = html.select(f'head link[rel="{rel}"]')
            in_nav = nav.select(f'a[rel="{rel}"]')
            if 1 <= other <= total:
                assert [resolve(path, str(x["href"])) for x in head + in_nav] == [
                    page_url(other)
                ] * 2
            else:
                assert head == [] and in_nav == []
        title = html.select_one("title")
        assert title is not None
        titles.add(title.get_text())
        count = html.select_one("#mc-listing-count")
        assert count is not None
        first = (number - 1) * PAGE_SIZE + 1
        last = min(number * PAGE_SIZE, PAGED)
        shown = " ".join(count.get_text().split())
        assert shown == f"Programmes {first}\N{EN DASH}{last} of {PAGED}"
        # The listing is a way into the programmes, not a search result of its own.
        assert html.select("[data-pagefind-body]") == []
    assert len(titles) == total


def test_a_listing_of_one_page_has_no_pagination(sample_site: BuiltSite) -> None:
    html = sample_site.html(page_url(1))
    assert html.select("[data-mc-pages]") == []
    assert html.select('head link[rel="prev"], head link[rel="next"]') == []
    assert not (sample_site.root / page_url(2)).exists()


def test_the_card_template_holds_every_slot_the_finder_fills(
    sample_site: BuiltSite, sample_catalogue: Catalogue
) -> None:
    """The finder fills the template from the index's metadata; each slot is a key of it."""
    html = sample_site.html(page_url(1))
    template = html.select_one("template[data-mc-card]")
    assert template is not None
    slots = {str(e["data-slot"]) for e in template.select("[data-slot]")}
    assert slots == {"subjects", "title", "summary", "level", "mode", "duration", "fee",
                     "start", "partners"}  # fmt: skip
    assert template.select_one("time[data-slot=start]") is not None
    prototypes = html.select_one("template[data-mc-partners]")
    assert prototypes is not None
    partners = prototypes.find_all("li", recursive=False)
    published = {
        link.partner
        for pid in sample_catalogue.published
        for link in sample_catalogue.programmes[pid].employer_partners
    }
    assert {str(li["data-partner"]) for li in partners} == published
