"""The header search in headless Chromium, on the built sample site and its Pagefind index.

The site, the server, the browser and the page fixture (`open_page`, which fails a test on any
script error, failed request or third-party request) are conftest.py's; the search helper and
axe are test_browser.py's. Expected results come from the catalogue the build published.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page

from conftest import PHONE
from microcred.catalogue import Catalogue
from test_browser import SCREENSHOTS, axe_violations, search

pytestmark = pytest.mark.browser

RESULT_LINKS = "#mc-search-results a.mc-search__link"


def published_with(catalogue: Catalogue, choose: Callable[[str], list[str]]) -> tuple[str, str]:
    """The first published programme with a value `choose` gives, and that value."""
    for pid in catalogue.published:
        values = choose(pid)
        if values:
            return pid, values[0]
    raise AssertionError("no published programme has such a value")


def test_search_finds_a_programme_by_a_skill_and_by_a_keyword(
    open_page: Callable[..., Page], sample_catalogue: Catalogue
) -> None:
    programmes = sample_catalogue.programmes
    skilled, skill = published_with(
        sample_catalogue, lambda pid: [s.label for s in programmes[pid].skills]
    )
    assert f"/programmes/{skilled}/" in search(open_page(""), skill)
    tagged, keyword = published_with(sample_catalogue, lambda pid: list(programmes[pid].keywords))
    assert f"/programmes/{tagged}/" in search(open_page(""), keyword)


def test_results_show_title_summary_and_excerpt_as_text(
    open_page: Callable[..., Page], sample_catalogue: Catalogue
) -> None:
    programme = sample_catalogue.programmes[sample_catalogue.published[0]]
    page = open_page("")
    hrefs = search(page, programme.title)
    assert hrefs[0] == f"/programmes/{programme.id}/"
    first = page.locator(RESULT_LINKS).first
    assert first.locator(".mc-search__title").text_content() == programme.title
    assert first.locator(".mc-search__summary").text_content() == programme.summary
    marks = first.locator(".mc-search__excerpt mark").all_text_contents()
    # Pagefind marks whole words, with the punctuation that touches them.
    words = [re.sub(r"^\W+|\W+$", "", mark).casefold() for mark in marks]
    assert words and all(word in programme.title.casefold() for word in words), marks
    status = page.locator("#mc-search-status").text_content() or ""
    assert re.fullmatch(r"\d+ results?", status), status
    # The results say how many there are, in the site's words, with the right plural form.
    count = int(status.split()[0])
    assert count >= len(hrefs) and (status.endswith("result") == (count == 1))


def test_nothing_of_the_index_is_fetched_before_the_field_has_focus(
    open_page: Callable[..., Page], sample_catalogue: Catalogue
) -> None:
    requests: list[str] = []
    page = open_page(f"programmes/{sample_catalogue.published[0]}/")
    page.on("request", lambda r: requests.append(urlsplit(r.url).path))
    page.wait_for_load_state("networkidle")
    page.mouse.wheel(0, 2000)
    page.keyboard.press("Tab")
    page.wait_for_timeout(300)
    assert not [path for path in requests if "/pagefind/" in path]

    with page.expect_request(lambda r: r.url.endswith("/pagefind/pagefind.js")):
        page.locator("#mc-search").focus()
    fetched_before_query = {p for p in requests if "/pagefind/" in p}
    assert not [p for p in fetched_before_query if "/fragment/" in p]
    # The words at once (pasted): one search. (Typed, each word's start is searched and its
    # results drawn as the visitor types, with their fragments.)
    page.locator("#mc-search").fill(
        sample_catalogue.programmes[sample_catalogue.published[0]].title
    )
    page.wait_for_function(
        "() => /\\d/.test(document.querySelector('#mc-search-status').textContent)"
    )
    fragments = [p for p in requests if "/pagefind/fragment/" in p]
    # Only the fragments of the results drawn, not one per page of the site.
    shown = page.locator(RESULT_LINKS).count()
    assert 0 < len(fragments) <= shown


def test_search_by_keyboard_alone(
    open_page: Callable[..., Page], sample_catalogue: Catalogue
) -> None:
    programme = sample_catalogue.programmes[sample_catalogue.published[0]]
    page = open_page("")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "mc-search"
    hrefs = search(page, programme.title.split()[0])
    assert len(hrefs) >= 2

    def focused() -> str:
        return str(page.evaluate("new URL(document.activeElement.href || location).pathname"))

    page.keyboard.press("ArrowDown")
    assert focused() == hrefs[0]
    page.keyboard.press("ArrowDown")
    assert focused() == hrefs[1]
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "mc-search"
    # The focus is visible on a result.
    page.keyboard.press("ArrowDown")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    # Escape closes the results and returns to the field; typing opens them again.
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == "mc-search"
    assert not page.locator(RESULT_LINKS).first.is_visible()
    page.keyboard.press("End")
    page.keyboard.type(" ")
    page.locator(RESULT_LINKS).first.wait_for()
    page.keyboard.press("ArrowDown")
    target = focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == target


def test_enter_in_the_field_sends_the_words_to_the_programme_finder(
    open_page: Callable[..., Page],
) -> None:
    for javascript in (True, False):
        page = open_page("partners/", javascript=javascript)
        page.locator("#mc-search").fill("data analytics")
        with page.expect_navigation():
            page.locator("#mc-search").press("Enter")
        url = urlsplit(page.url)
        assert url.path == "/programmes/"
        assert parse_qs(url.query) == {"q": ["data analytics"]}


# What the header search's live region says, each text with its time, and the time of the
# last keystroke.
STATUS_TEXTS = """() => {
  window.mcSaid = [];
  window.mcKey = 0;
  const status = document.querySelector('#mc-search-status');
  document.querySelector('#mc-search').addEventListener('input', () => {
    window.mcKey = performance.now();
  });
  new MutationObserver(() => {
    if (status.textContent) {
      window.mcSaid.push([status.textContent, performance.now() - window.mcKey]);
    }
  }).observe(status, {childList: true, characterData: true, subtree: true});
}"""


def test_searching_is_announced_only_when_the_results_are_slow(
    open_page: Callable[..., Page], sample_catalogue: Catalogue
) -> None:
    """Said on every keystroke, "Searching…" would drown the count: it is said at most once,
    and only when the results have not come after a moment (here, their fragments held back
    a second)."""
    first, second = (
        sample_catalogue.programmes[pid].title for pid in sample_catalogue.published[:2]
    )
    page = open_page("")
    loading = page.get_attribute("#mc-search-status", "data-loading")
    assert loading
    assert search(page, first)  # the index's first search readies its worker
    page.locator("#mc-search").fill("")
    page.evaluate(STATUS_TEXTS)
    assert search(page, second)
    said: list[tuple[str, float]] = page.evaluate("window.mcSaid")
    texts = [text for text, _ in said]
    assert len(second) > 5 and texts.count(loading) <= 1, said
    # Typed, each word's start is searched and drawn, but one count is said: the last.
    assert [text for text in texts if text != loading] == [texts[-1]], said
    assert texts[-1] != loading, said
    arrived = said[-1][1]
    if arrived < 350:  # results within the moment: nothing said before them
        assert texts == [texts[-1]], said

    # The results' fragments are held until "Searching…" has been said, however long the
    # typing took (held for a fixed time, a fragment asked for early in slow typing came back
    # within the moment after the last key, and rightly nothing was said).
    held: list[Any] = []

    def hold(route: Any) -> None:
        held.append(route)

    slow = open_page("")
    slow.route("**/pagefind/fragment/**", hold)
    slow.evaluate(STATUS_TEXTS)
    field = slow.locator("#mc-search")
    field.click()
    field.press_sequentially(second, delay=5)
    slow.wait_for_function(
        "(loading) => document.querySelector('#mc-search-status').textContent === loading",
        arg=loading,
    )
    assert held
    released = len(held)
    for route in held[:released]:
        route.continue_()
    # Fragments asked for from now on go through; any held meanwhile are let go with the route.
    slow.unroute("**/pagefind/fragment/**", hold)
    slow.wait_for_function(
        "() => /\\d/.test(document.querySelector('#mc-search-status').textContent)"
    )
    assert slow.eval_on_selector_all("#mc-search-results a.mc-search__link", "els => els.length")
    said = slow.evaluate("window.mcSaid")
    texts = [text for text, _ in said]
    assert texts.count(loading) == 1 and texts[-1] != loading, said
    assert said[texts.index(loading)][1] >= 350, said


def test_every_search_landmark_has_a_name_and_the_headers_is_its_label(
    open_page: Callable[..., Page],
) -> None:
    """The listing holds two search landmarks, the header's and the finder's: each named,
    so that a screen reader's list of landmarks tells them apart."""
    for path in ("", "programmes/"):
        page = open_page(path)
        label = page.locator("label[for=mc-search]").text_content() or ""
        assert label.strip()
        header = page.get_by_role("search", name=label.strip(), exact=True)
        assert header.count() == 1 and header.locator("#mc-search").count() == 1
        landmarks = page.get_by_role("search")
        named = page.get_by_role("search", name=re.compile(r"\S"))
        assert landmarks.count() == named.count() >= 1, path
    assert landmarks.count() == 2


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_with_the_results_open(
    open_page: Callable[..., Page], sample_catalogue: Catalogue, scheme: str
) -> None:
    found = {}
    for path, viewport in (
        ("", None),
        (f"programmes/{sample_catalogue.published[0]}/", None),
        ("programmes/", PHONE),
    ):
        page = open_page(path, scheme=scheme, **({"viewport": viewport} if viewport else {}))
        search(page, "data")
        page.keyboard.press("ArrowDown")
        violations = axe_violations(page)
        if violations:
            found[path or "/"] = violations
    assert not found, found


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_search_screenshots(open_page: Callable[..., Page], scheme: str, width: int) -> None:
    page = open_page("", scheme=scheme, viewport={"width": width, "height": 800})
    search(page, "data")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"search-{width}-{scheme}.png"
    page.screenshot(path=str(target), animations="disabled")
    assert target.stat().st_size > 10_000
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "the page scrolls sideways with the results open"
