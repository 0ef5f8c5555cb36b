"""The listing as a finder: numbered pages without JavaScript, search and filters with it.

Three layers, as elsewhere: the paging rules of pages/listing.py on their own; the numbered
pages of the built sample site, read back with a parser; and the finder in headless Chromium,
over the Pagefind index the build writes. Every expected result is computed here from the
catalogue's own models, never written down.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from mkdocs.config import load_config
from playwright.sync_api import Browser, Page, ViewportSize

from conftest import (
    BUILD_EPOCH,
    DESKTOP,
    PHONE,
    REPO,
    BuiltSite,
    Opener,
    SiteBuilder,
    browsing,
    serve,
)
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
from test_browser import expected_ids

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
    # The sample's colours (its palette and brand stylesheet), which the accessibility checks
    # hold to AA contrast; the test site's stock Material colours are not this site's.
    sample = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    builder.config["theme"]["palette"] = sample["theme"]["palette"]
    builder.config["extra_css"] = sample["extra_css"]
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


def test_each_numbered_page_lists_its_programmes_as_one_item_list_that_goes_on(
    paged: Paged,
) -> None:
    # Search engines read each page's ItemList; positions continue from the page before, so
    # the three lists together number the whole listing 1 to 51, each item its own page.
    positions: list[int] = []
    for listing in paginate(listing_order(paged.catalogue, paged.catalogue.published)):
        html = paged.site.html(page_url(listing.number))
        [script] = html.select('script[type="application/ld+json"]')
        data = json.loads(script.get_text())
        assert data["@type"] == "ItemList"
        assert data["numberOfItems"] == len(listing.ids)
        items = data["itemListElement"]
        assert [item["url"].rsplit("/", 2)[-2] for item in items] == list(listing.ids)
        assert [item["name"] for item in items] == [
            paged.catalogue.programmes[pid].title for pid in listing.ids
        ]
        positions += [item["position"] for item in items]
    assert positions == list(range(1, PAGED + 1))


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


def test_the_finders_data_holds_the_search_indexs_entries(
    sample_site: BuiltSite, sample_catalogue: Catalogue
) -> None:
    """programmes/finder.json, from which the finder answers filters and orders, says of each
    published programme, in listing order, what its page's index attributes say."""
    where = addresses.url("finder")
    data = json.loads((sample_site.root / where).read_text(encoding="utf-8"))
    order = listing_order(sample_catalogue, sample_catalogue.published)
    rows = data["programmes"]
    assert [resolve(where, row[0]) for row in rows] == [
        addresses.url("programme", id=pid) for pid in order
    ]
    for pid, (_, filters, shown) in zip(order, rows, strict=True):
        html = sample_site.html(addresses.url("programme", id=pid))

        def pairs(name: str, html: BeautifulSoup = html) -> list[tuple[str, str]]:
            found = [str(e[name]).split(":", 1) for e in html.select(f"[{name}]")]
            return [(key, value) for key, value in found]

        assert [tuple(data["filters"][i]) for i in filters] == [
            pair for pair in pairs("data-pagefind-filter") if pair != ("kind", "programme")
        ], pid
        meta = {key: data["text"][i] for key, i in zip(data["meta"], shown, strict=True) if i >= 0}
        assert meta == dict(pairs("data-pagefind-meta")), pid
    for key in SORTS[1:]:
        assert [order[i] for i in data["orders"][key]] == listing_order(
            sample_catalogue, order, key
        ), key
    # Drafts are never built, and archived programmes are not in the listing.
    assert len(rows) == len(sample_catalogue.published)


# The finder in the browser --------------------------------------------------------------------

SCREENSHOTS = REPO / "artifacts" / "screenshots"
SETTLED = "!document.querySelector('[data-mc-finder]').hasAttribute('aria-busy')"
CARD_IDS = """() => [...document.querySelectorAll('[data-mc-cards] > li .mc-card__link')]
  .map((a) => new URL(a.getAttribute('href'), location.href).pathname.split('/').at(-2))"""
# A card as a visitor meets it: its text and, element by element, its tags, classes and what
# an image or a date says, so that a card drawn by the finder can be held against the server's.
CARD_SHAPE = """(li) => ({
  text: li.innerText.replace(/\\s+/g, ' ').trim(),
  shape: [...li.querySelectorAll('*')].map((e) => [e.tagName, e.className,
    e.getAttribute('alt') || '', e.getAttribute('datetime') || '',
    e.getAttribute('aria-label') || '', e.getAttribute('role') || ''].join('|')),
  link: new URL(li.querySelector('a').getAttribute('href'), location.href).pathname,
  image: [...li.querySelectorAll('img')]
    .map((i) => new URL(i.getAttribute('src'), location.href).pathname),
})"""


def shown_ids(page: Page) -> list[str]:
    page.wait_for_function(SETTLED)
    ids: list[str] = page.evaluate(CARD_IDS)
    return ids


def indexed_text(site: BuiltSite, pid: str) -> str:
    """The words of a programme page that the search index reads (data-pagefind-body, less
    what is marked data-pagefind-ignore), as the built page holds them."""
    html = site.html(addresses.url("programme", id=pid))
    bodies = html.select("[data-pagefind-body]")
    assert bodies, pid
    for ignored in html.select("[data-pagefind-body] [data-pagefind-ignore]"):
        ignored.decompose()
    return " ".join(body.get_text(" ") for body in bodies)


def word_matches(site: BuiltSite, catalogue: Catalogue, word: str) -> set[str]:
    """The published programmes whose indexed text has a word starting with `word`, as
    Pagefind matches a word of a query (by its start, whatever the case)."""
    pattern = re.compile(rf"(?<!\w){re.escape(word)}", re.IGNORECASE)
    return {pid for pid in catalogue.published if pattern.search(indexed_text(site, pid))}


def test_search_and_filters_narrow_together_to_the_catalogues_own_answer(
    open_page: Opener, sample_site: BuiltSite, sample_catalogue: Catalogue
) -> None:
    today = sample_catalogue.today
    word = "python"
    found = word_matches(sample_site, sample_catalogue, word)
    assert 1 < len(found) < len(sample_catalogue.published)
    page = open_page("programmes/")
    page.locator("#mc-finder-q").fill(word)
    page.wait_for_function("(q) => location.search === q", arg=f"?q={word}")
    in_order = listing_order(sample_catalogue, found)
    assert shown_ids(page) == in_order
    total = len(sample_catalogue.published)
    assert (
        page.locator("#mc-listing-count").inner_text()
        == f"{len(found)} of {total} programmes match"
    )
    # Each mode among the results, ticked, leaves exactly the results in that mode; the
    # options' counts are what each would leave.
    modes = {sample_catalogue.programmes[pid].mode for pid in found}
    assert len(modes) > 1
    for mode in sorted(modes):
        counted = page.locator(f'fieldset[data-facet="mode"] input[value="{mode}"]')
        label = counted.locator("xpath=ancestor::label")
        count = int(label.locator("[data-count]").inner_text())
        counted.check()
        want = found & expected_ids(sample_catalogue, {"mode": (mode,)}, today)
        assert set(shown_ids(page)) == want and count == len(want), mode
        assert shown_ids(page) == listing_order(sample_catalogue, want)
        counted.uncheck()
        assert shown_ids(page) == in_order
    # An option that no result has is disabled, and its count says so.
    absent = [
        o
        for o in page.locator('fieldset[data-facet="mode"] input').all()
        if o.get_attribute("value") not in modes
    ]
    for option in absent:
        assert option.is_disabled()


def test_the_state_lives_in_the_address_and_the_back_button_undoes(
    open_page: Opener, sample_site: BuiltSite, sample_catalogue: Catalogue
) -> None:
    today = sample_catalogue.today
    found = word_matches(sample_site, sample_catalogue, "python")
    online = found & expected_ids(sample_catalogue, {"mode": ("online",)}, today)
    assert online
    page = open_page("programmes/?q=python&mode=online&utm_campaign=autumn")
    assert page.input_value("#mc-finder-q") == "python"
    assert page.locator('fieldset[data-facet="mode"] input[value="online"]').is_checked()
    assert set(shown_ids(page)) == online
    # A campaign's link keeps its own parameters; the finder adds its state after them.
    page.select_option("#mc-sort", "title")
    page.wait_for_function(
        "(q) => location.search === q", arg="?utm_campaign=autumn&q=python&mode=online&sort=title"
    )
    assert shown_ids(page) == listing_order(sample_catalogue, online, "title")
    page.reload()
    assert page.input_value("#mc-sort") == "title"
    assert shown_ids(page) == listing_order(sample_catalogue, online, "title")
    page.go_back()
    assert page.input_value("#mc-sort") == "start"
    assert shown_ids(page) == listing_order(sample_catalogue, online)
    page.locator("#mc-finder-q").fill("")
    page.locator("#mc-finder-q").press("Enter")
    page.wait_for_function("(q) => location.search === q", arg="?utm_campaign=autumn&mode=online")
    assert set(shown_ids(page)) == expected_ids(sample_catalogue, {"mode": ("online",)}, today)
    page.go_back()
    assert page.input_value("#mc-finder-q") == "python"
    assert set(shown_ids(page)) == online


def test_parameters_named_like_object_members_are_kept(open_page: Opener) -> None:
    """A parameter the finder does not know is kept, even one named after a member of every
    JavaScript object."""
    page = open_page("programmes/?constructor=x&toString=y&__proto__=z&q=python")
    shown_ids(page)
    page.select_option("#mc-sort", "title")
    page.wait_for_function(
        "(q) => location.search === q",
        arg="?constructor=x&toString=y&__proto__=z&q=python&sort=title",
    )


def test_nothing_of_the_index_loads_until_the_visitor_reaches_for_the_finder(
    open_page: Opener,
) -> None:
    requests: list[str] = []
    page = open_page("programmes/")
    page.on("request", lambda r: requests.append(urlsplit(r.url).path))
    page.wait_for_timeout(500)
    assert not [path for path in requests if "/pagefind/" in path]
    page.locator("#mc-finder-q").focus()
    page.wait_for_selector("[data-mc-finder][data-mc-index=ready]")
    assert "/pagefind/pagefind.js" in requests
    # An address with a state loads the index at once, to draw it.
    linked = open_page("programmes/?mode=online")
    linked.wait_for_selector("[data-mc-finder][data-mc-index=ready]")


def test_filters_and_orders_are_answered_in_the_page_without_asking_the_index(
    open_page: Opener, sample_catalogue: Catalogue
) -> None:
    """Once loaded, the finder answers a change of filters or order from its data, within
    the frame: nothing more is fetched (words still go to the index)."""
    today = sample_catalogue.today
    page = open_page("programmes/")
    page.locator("#mc-finder-q").focus()
    page.wait_for_selector("[data-mc-finder][data-mc-index=ready]")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(urlsplit(r.url).path))
    page.locator('fieldset[data-facet="mode"] input[value="online"]').check()
    online = expected_ids(sample_catalogue, {"mode": ("online",)}, today)
    assert shown_ids(page) == listing_order(sample_catalogue, online)
    page.select_option("#mc-sort", "fee")
    assert shown_ids(page) == listing_order(sample_catalogue, online, "fee")
    # (Images of the cards now drawn may load: they are the cards', not the answer's.)
    asked = [path for path in requests if "/pagefind/" in path or path.endswith(".json")]
    assert asked == []
    page.locator("#mc-finder-q").fill("python")
    page.wait_for_function("(q) => location.search.startsWith(q)", arg="?q=python")
    shown_ids(page)
    assert [path for path in requests if "/pagefind/" in path]


# What the page holds when the finder says a change's first frame is drawn.
AT_FIRST_FRAME = """() => {
  window.__atResults = null;
  const root = document.querySelector('[data-mc-finder]');
  root.addEventListener('mc-finder:results', () => {
    window.__atResults = {
      status: document.querySelector('#mc-listing-count').textContent,
      ids: (CARD_IDS)(),
    };
  }, {once: true});
}""".replace("CARD_IDS", CARD_IDS)


def test_on_a_phone_the_cards_below_the_open_filters_follow_the_count(
    open_page: Opener, sample_catalogue: Catalogue
) -> None:
    """With the filters open on a phone the list is below them, off the screen: a change's
    first frame shows its count and leaves the cards for the frames after, which end as the
    state asks. With the list on the screen, the first frame holds the state's first cards."""
    today = sample_catalogue.today
    total = len(sample_catalogue.published)
    page = open_page("programmes/", viewport=PHONE)
    page.get_by_role("button", name="Filter programmes").click()
    page.locator("#mc-finder-q").focus()
    page.wait_for_selector("[data-mc-finder][data-mc-index=ready]")
    served = shown_ids(page)
    online = page.locator('fieldset[data-facet="mode"] input[value="online"]')
    online.scroll_into_view_if_needed()
    below = "document.querySelector('[data-mc-cards]').getBoundingClientRect().top > innerHeight"
    assert page.evaluate(below)
    page.wait_for_timeout(100)  # the observer has seen the list leave the window
    page.evaluate(AT_FIRST_FRAME)
    online.check()
    page.wait_for_function("window.__atResults !== null")
    want = listing_order(
        sample_catalogue, expected_ids(sample_catalogue, {"mode": ("online",)}, today)
    )
    assert want[:3] != served[:3]
    first = page.evaluate("window.__atResults")
    assert first["status"] == f"{len(want)} of {total} programmes match"
    assert first["ids"] == served
    assert shown_ids(page) == want
    # The list on the screen: the first frame draws the state's first cards. (Unticked from
    # the page: the pointer's click would scroll the option back into view.)
    page.locator("[data-mc-cards]").scroll_into_view_if_needed()
    page.wait_for_timeout(100)
    assert not page.evaluate(below)
    page.evaluate(AT_FIRST_FRAME)
    online.evaluate("(input) => input.click()")
    page.wait_for_function("window.__atResults !== null")
    first = page.evaluate("window.__atResults")
    assert first["ids"] and first["ids"] == served[: len(first["ids"])]
    assert shown_ids(page) == served


# What a change's first frame drew (the same moment as AT_FIRST_FRAME): each card's top and
# bottom against the window's height.
FIRST_FRAME_CARDS = """() => {
  window.__atResults = null;
  const root = document.querySelector('[data-mc-finder]');
  root.addEventListener('mc-finder:results', () => {
    const cards = [...document.querySelectorAll('[data-mc-cards] > li')];
    window.__atResults = {
      ids: (CARD_IDS)(),
      tops: cards.map((li) => li.getBoundingClientRect().top),
      bottoms: cards.map((li) => li.getBoundingClientRect().bottom),
      height: innerHeight,
    };
  }, {once: true});
}""".replace("CARD_IDS", CARD_IDS)


def test_with_the_top_of_the_list_in_the_window_the_first_frame_draws_what_it_shows(
    open_page: Opener, sample_catalogue: Catalogue
) -> None:
    """Below the last filter group a phone shows the top of the list, one card of it: the
    first frame draws the state's first cards down to the window's bottom and no further (a
    screen's worth, three, made the frame longer); the rest follow."""
    today = sample_catalogue.today
    page = open_page("programmes/", viewport=PHONE)
    page.get_by_role("button", name="Filter programmes").click()
    page.locator("#mc-finder-q").focus()
    page.wait_for_selector("[data-mc-finder][data-mc-index=ready]")
    want = listing_order(
        sample_catalogue, expected_ids(sample_catalogue, {"mode": ("online",)}, today)
    )
    height = page.evaluate("innerHeight")
    card = page.evaluate(
        "document.querySelector('[data-mc-cards] > li').getBoundingClientRect().height"
    )
    assert len(want) >= 3 and card < height  # a screen holds more than one card
    for shown in (card * 0.4, card * 1.5):
        page.evaluate(
            "(shown) => window.scrollBy(0, document.querySelector('[data-mc-cards]')"
            ".getBoundingClientRect().top - innerHeight + shown)",
            shown,
        )
        page.wait_for_timeout(100)  # the observer has seen the list's top where it is
        page.evaluate(FIRST_FRAME_CARDS)
        online = page.locator('fieldset[data-facet="mode"] input[value="online"]')
        online.evaluate("(input) => input.click()")  # a pointer's click would scroll to it
        page.wait_for_function("window.__atResults !== null")
        first = page.evaluate("window.__atResults")
        rows = 1 if shown < card else 2
        assert first["ids"] == want[:rows], shown
        assert first["bottoms"][-1] >= height  # the window shows new cards only
        assert all(top < height for top in first["tops"])  # each of them in the window
        assert shown_ids(page) == want
        online.evaluate("(input) => input.click()")
        page.wait_for_function("document.querySelectorAll('[aria-busy]').length === 0")


def test_without_the_index_the_finders_data_still_answers_filters(
    open_page: Opener, sample_catalogue: Catalogue
) -> None:
    """The index blocked (its script does not load): filters and orders are answered from
    the finder's data all the same; words, which only the index answers, say so."""
    today = sample_catalogue.today
    page = open_page("programmes/")
    page.route("**/pagefind/**", lambda route: route.abort())
    page.locator('fieldset[data-facet="mode"] input[value="online"]').check()
    online = expected_ids(sample_catalogue, {"mode": ("online",)}, today)
    assert shown_ids(page) == listing_order(sample_catalogue, online)
    page.select_option("#mc-sort", "title")
    assert shown_ids(page) == listing_order(sample_catalogue, online, "title")
    unavailable = page.get_attribute("#mc-listing-count", "data-unavailable")
    page.locator("#mc-finder-q").fill("python")
    page.wait_for_function(
        "(text) => document.querySelector('#mc-listing-count').textContent === text",
        arg=unavailable,
    )
    page.wait_for_function("document.querySelectorAll('[aria-busy]').length === 0")


def test_an_option_that_empties_while_focused_keeps_the_focus(open_page: Opener) -> None:
    """An unticked option whose count falls to zero is disabled, but not while the keyboard is
    on it (focus would fall to the page): only once focus leaves it."""
    emptied = open_page("programmes/?q=python")
    shown_ids(emptied)
    disabled = emptied.evaluate("""() => [...document.querySelectorAll(
        'fieldset[data-facet] input:disabled')].map((i) => [i.name, i.value])""")
    assert disabled
    name, value = disabled[0]
    page = open_page("programmes/")
    target = page.locator(f'input[name="{name}"][value="{value}"]')
    assert target.is_enabled()
    target.focus()
    page.wait_for_selector("[data-mc-finder][data-mc-index=ready]")
    # Words typed a moment before the keyboard moved on to the options: the search lands
    # while the option has focus.
    page.evaluate("""() => {
      const q = document.querySelector('#mc-finder-q');
      q.value = 'python';
      q.dispatchEvent(new Event('input', {bubbles: true}));
    }""")
    page.wait_for_function("() => location.search === '?q=python'")
    page.wait_for_function(
        "(t) => document.querySelector(t).closest('label').querySelector('[data-count]')"
        ".textContent === '0'",
        arg=f'input[name="{name}"][value="{value}"]',
    )
    shown_ids(page)
    assert target.evaluate("(i) => document.activeElement === i")
    assert target.is_enabled()
    page.keyboard.press("Tab")
    assert target.is_disabled()
    assert page.evaluate("document.activeElement !== document.body")


def test_a_failed_card_request_shows_the_served_page_and_says_so(
    open_page: Opener, sample_catalogue: Catalogue
) -> None:
    """A card's data that does not load (its fragment blocked) leaves nothing busy and no
    unhandled error (the opener fails on any): the page as served, with the message."""
    page = open_page("programmes/")
    served = page.evaluate(CARD_IDS)
    assert len(served) == len(sample_catalogue.published)
    page.route("**/pagefind/fragment/**", lambda route: route.abort())
    page.locator("#mc-finder-q").focus()
    page.wait_for_selector("[data-mc-finder][data-mc-index=ready]")
    page.locator("#mc-finder-q").fill("python")
    unavailable = page.get_attribute("#mc-listing-count", "data-unavailable")
    assert unavailable
    page.wait_for_function(
        "(text) => document.querySelector('#mc-listing-count').textContent === text",
        arg=unavailable,
    )
    # Nothing stays busy (the served page's counts are put back a frame or two later).
    page.wait_for_function("document.querySelectorAll('[aria-busy]').length === 0")
    assert shown_ids(page) == served
    assert page.locator("#mc-listing-count").text_content() == unavailable


@pytest.mark.parametrize("state", ["?sort=title", "?q=python&sort=title"])
def test_the_finders_cards_are_the_servers_cards(
    open_page: Opener, sample_site: BuiltSite, sample_catalogue: Catalogue, state: str
) -> None:
    """Drawn from the finder's data (no words) or from the index (words), a card is the
    server's, element for element."""
    # Cards off screen are not rendered (content-visibility), and have no innerText then.
    everything = "[data-mc-cards] .mc-card { content-visibility: visible; }"
    served = open_page("programmes/")  # as served: no state, so the server's own cards
    served.add_style_tag(content=everything)
    server_cards = {
        shape["link"]: shape
        for shape in (li.evaluate(CARD_SHAPE) for li in served.locator(".mc-cards > li").all())
    }
    assert len(server_cards) == len(sample_catalogue.published)
    page = open_page("programmes/" + state)
    page.add_style_tag(content=everything)
    shown_ids(page)
    drawn = [li.evaluate(CARD_SHAPE) for li in page.locator("[data-mc-cards] > li").all()]
    words = parse_qs(urlsplit(state).query).get("q", [""])[0]
    wanted = word_matches(sample_site, sample_catalogue, words) if words else None
    assert len(drawn) == (len(server_cards) if wanted is None else len(wanted)) > 0
    for card in drawn:
        assert card == server_cards[card["link"]], card["link"]


def test_without_javascript_the_numbered_pages_reach_every_programme_once(
    browser: Browser, paged: Paged
) -> None:
    with (
        serve(paged.site.root) as base,
        browsing(browser, base, paged.site.site_url, paged.catalogue.today) as open_,
    ):
        page = open_(page_url(1), javascript=False)
        assert not page.locator("#mc-finder-q").is_visible()
        seen: list[str] = []
        while True:
            seen += page.evaluate(CARD_IDS)
            following = page.get_by_role("navigation", name="Pages of programmes").get_by_role(
                "link", name="Next page"
            )
            if not following.count():
                break
            with page.expect_navigation():
                following.click()
        assert seen == listing_order(paged.catalogue, paged.catalogue.published)
        # And back, by the page numbers.
        with page.expect_navigation():
            page.get_by_role("link", name="Page 1").click()
        assert page.evaluate(CARD_IDS) == seen[:PAGE_SIZE]


def test_with_javascript_the_finder_pages_through_the_index_from_any_page(
    browser: Browser, paged: Paged
) -> None:
    """On a numbered page a filter searches the whole catalogue; clearing it brings the page
    back as served, pagination and all."""
    with (
        serve(paged.site.root) as base,
        browsing(browser, base, paged.site.site_url, paged.catalogue.today) as open_,
    ):
        page = open_(page_url(2))
        served = shown_ids(page)
        page.locator('fieldset[data-facet="mode"] input[value="online"]').check()
        online = [
            pid
            for pid in listing_order(paged.catalogue, paged.catalogue.published)
            if paged.catalogue.programmes[pid].mode == "online"
        ]
        assert len(online) > PAGE_SIZE / 2
        assert shown_ids(page) == online[:PAGE_SIZE]
        assert not page.locator("[data-mc-pages]").is_visible()
        page.get_by_role("button", name="Clear filters").click()
        assert shown_ids(page) == served
        assert page.locator("[data-mc-pages]").is_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_the_finder(open_page: Opener, scheme: str) -> None:
    for path, viewport in (
        ("programmes/?q=python&mode=online", DESKTOP),
        ("programmes/?q=nothing-matches-this", DESKTOP),
        ("programmes/?sort=fee", PHONE),
    ):
        page = open_page(path, viewport=viewport, scheme=scheme)
        if viewport is PHONE:
            page.get_by_role("button", name="Filter programmes").click()
        shown_ids(page)
        violations = Axe().run(page).response["violations"]
        assert violations == [], (path, [v["id"] for v in violations])


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_finder_screenshots(open_page: Opener, viewport: ViewportSize, scheme: str) -> None:
    page = open_page("programmes/?q=python&mode=online", viewport=viewport, scheme=scheme)
    if viewport is PHONE:
        page.get_by_role("button", name="Filter programmes").click()
    shown_ids(page)
    page.add_style_tag(content="[data-mc-cards] .mc-card { content-visibility: visible; }")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"finder-{viewport['width']}-{scheme}.png"
    page.screenshot(path=str(target), full_page=True, animations="disabled")
    assert target.stat().st_size > 10_000
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_a_numbered_page(browser: Browser, paged: Paged, scheme: str) -> None:
    with (
        serve(paged.site.root) as base,
        browsing(browser, base, paged.site.site_url, paged.catalogue.today) as open_,
    ):
        for viewport in (DESKTOP, PHONE):
            page = open_(page_url(2), viewport=viewport, scheme=scheme)
            assert page.get_by_role("navigation", name="Pages of programmes").is_visible()
            violations = Axe().run(page).response["violations"]
            assert violations == [], (viewport, [v["id"] for v in violations])
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            target = SCREENSHOTS / f"listing-page-2-{viewport['width']}-{scheme}.png"
            page.locator("[data-mc-pages]").screenshot(path=str(target), animations="disabled")
