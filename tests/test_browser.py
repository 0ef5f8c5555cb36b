"""The built sample site in headless Chromium: the listing's filters, search and accessibility.

The site is built once per session (the `sample_site` fixture), served over HTTP on 127.0.0.1
and driven with Playwright. Every expected result is computed here from the catalogue the build
published, never written down. The browser's clock is set to the build's "today" unless a test
says otherwise, because "starts within" counts from the visitor's date.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import (
    Browser,
    Page,
    Route,
    ViewportSize,
)

from conftest import DESKTOP, PHONE, REPO, BuiltSite
from microcred.catalogue import Catalogue, slugify
from microcred.models import Programme
from microcred.pages import DURATION_LIMITS, FEE_LIMITS, FREE, add_months, band_value
from microcred.pages.listing import listing_order

pytestmark = pytest.mark.browser

SCREENSHOTS = REPO / "artifacts" / "screenshots"

Selection = Mapping[str, tuple[str, ...]]

# What the page shows: the programmes listed, in order (each card's link names its programme:
# the server's cards and the finder's alike), and every option's state.
READ_STATE = """() => ({
  ids: [...document.querySelectorAll('[data-mc-cards] > li .mc-card__link')]
    .map((a) => new URL(a.getAttribute('href'), location.href).pathname.split('/').at(-2)),
  options: [...document.querySelectorAll('fieldset[data-facet] input')].map((input) => ({
    facet: input.name, value: input.value, checked: input.checked, disabled: input.disabled,
    count: Number(input.closest('label').querySelector('[data-count]').textContent
      .replace(/\\D/g, '')),
  })),
  status: document.querySelector('[data-mc-status]').textContent.trim(),
})"""
# The finder marks itself busy from a change until its cards and counts are drawn.
SETTLED = "!document.querySelector('[data-mc-finder]').hasAttribute('aria-busy')"


# Fixtures ------------------------------------------------------------------------------------


# `open_page` (conftest.py) opens a page of the served sample site.


# The catalogue's own answers -----------------------------------------------------------------


def facet_values(catalogue: Catalogue, programme: Programme) -> dict[str, set[str]]:
    """Each filter group's values for one programme, read from its fields."""
    level = programme.level
    fee = programme.fee
    currency = catalogue.settings.defaults.currency
    fee_bands: set[str] = set()
    if fee is not None and fee.amount == 0:
        fee_bands = {FREE}
    elif fee is not None and (fee.currency or currency) == currency:
        fee_bands = {band_value(FEE_LIMITS, fee.amount)}
    weeks = programme.duration_weeks
    return {
        "subject": {slugify(s) for s in programme.subjects},
        "difficulty": {level.difficulty} if level and level.difficulty else set(),
        "eqf": {str(level.eqf)} if level and level.eqf else set(),
        "mode": {programme.mode},
        "pace": {programme.pace} if programme.pace else set(),
        "duration": {band_value(DURATION_LIMITS, weeks)} if weeks else set(),
        "fee": fee_bands,
        "language": set(programme.languages or ()),
        "partner": {p.partner for p in programme.employer_partners},
        "credential": {programme.credential},
    }


def next_start(programme: Programme, today: date) -> date | None:
    return min((i.start for i in programme.intakes if i.start >= today), default=None)


def matches(
    catalogue: Catalogue, programme: Programme, selection: Selection, today: date, skip: str = ""
) -> bool:
    """True when the programme passes every group of `selection` (except `skip`)."""
    values = facet_values(catalogue, programme)
    for name, chosen in selection.items():
        if name == skip or not chosen:
            continue
        if name == "starts":
            start = next_start(programme, today)
            until = add_months(today, int(chosen[0]))
            if start is None or start > until:
                return False
        elif not values[name] & set(chosen):
            return False
    return True


def expected_ids(catalogue: Catalogue, selection: Selection, today: date) -> set[str]:
    return {
        pid
        for pid in catalogue.published
        if matches(catalogue, catalogue.programmes[pid], selection, today)
    }


def expected_count(
    catalogue: Catalogue, selection: Selection, today: date, facet: str, value: str
) -> int:
    """How many programmes ticking `value` in `facet` would leave, the other groups as set."""
    if facet == "starts":
        trial = {**selection, "starts": (value,) if value else ()}
        return len(expected_ids(catalogue, trial, today))
    return sum(
        1
        for pid in catalogue.published
        if value in facet_values(catalogue, catalogue.programmes[pid])[facet]
        and matches(catalogue, catalogue.programmes[pid], selection, today, skip=facet)
    )


def query(selection: Selection, **extra: str) -> str:
    parts = [f"{name}={','.join(values)}" for name, values in selection.items() if values]
    parts += [f"{name}={value}" for name, value in extra.items()]
    return "?" + "&".join(parts) if parts else ""


# Helpers -------------------------------------------------------------------------------------


def state(page: Page) -> dict[str, Any]:
    """What the page shows once the finder has drawn the latest change."""
    page.wait_for_function(SETTLED)
    result: dict[str, Any] = page.evaluate(READ_STATE)
    return result


def option(page: Page, facet: str, value: str) -> Any:
    return page.locator(f'fieldset[data-facet="{facet}"] input[value="{value}"]')


def assert_counts(page: Page, catalogue: Catalogue, selection: Selection, today: date) -> None:
    """Every option's count and disabled state match the catalogue, given `selection`."""
    for shown in state(page)["options"]:
        want = expected_count(catalogue, selection, today, shown["facet"], shown["value"])
        where = f"{shown['facet']}={shown['value']!r} with {dict(selection)}"
        assert shown["count"] == want, where
        assert shown["disabled"] == (want == 0 and not shown["checked"]), where


def wait_for_query(page: Page, expected: str) -> None:
    """Waits for the address to show `expected` (the script writes it after the next frame)."""
    page.wait_for_function("(q) => location.search === q", arg=f"?{expected}" if expected else "")


def visible_ids(page: Page) -> list[str]:
    ids: list[str] = state(page)["ids"]
    return ids


# Filtering -----------------------------------------------------------------------------------


def test_options_are_the_values_of_the_published_catalogue(
    open_page: Callable[..., Page], sample_catalogue: Catalogue
) -> None:
    page = open_page("programmes/")
    shown: dict[str, set[str]] = {}
    for item in state(page)["options"]:
        shown.setdefault(item["facet"], set()).add(item["value"])
    present: dict[str, set[str]] = {}
    for pid in sample_catalogue.published:
        for name, values in facet_values(
            sample_catalogue, sample_catalogue.programmes[pid]
        ).items():
            present.setdefault(name, set()).update(values)
    assert shown.pop("starts") == {"", "3", "6"}
    assert shown == {name: values for name, values in present.items() if values}
    assert_counts(page, sample_catalogue, {}, sample_catalogue.today)
    assert state(page)["status"] == f"{len(sample_catalogue.published)} programmes"


def test_each_option_narrows_to_its_programmes(
    open_page: Callable[..., Page], sample_catalogue: Catalogue
) -> None:
    today = sample_catalogue.today
    page = open_page("programmes/")
    for item in state(page)["options"]:
        facet, value = item["facet"], item["value"]
        if facet == "starts" and not value:
            continue
        option(page, facet, value).check()
        selection = {facet: (value,)}
        assert set(visible_ids(page)) == expected_ids(sample_catalogue, selection, today), selection
        if facet == "starts":
            option(page, facet, "").check()
        else:
            option(page, facet, value).uncheck()
    assert len(visible_ids(page)) == len(sample_catalogue.published)


def combinations(page: Page) -> list[dict[str, tuple[str, ...]]]:
    """Selections mixing groups, built from the options the page offers (first ones first)."""
    offered: dict[str, list[str]] = {}
    for item in state(page)["options"]:
        if item["value"]:
            offered.setdefault(item["facet"], []).append(item["value"])
    pairs = [
        ("subject", "mode"),
        ("mode", "fee"),
        ("difficulty", "eqf"),
        ("language", "partner"),
        ("credential", "duration"),
        ("pace", "starts"),
    ]
    chosen = []
    for first, second in pairs:
        chosen.append({first: tuple(offered[first][:2]), second: tuple(offered[second][:1])})
    chosen.append({"subject": tuple(offered["subject"][:1]), "mode": tuple(offered["mode"][-1:])})
    return chosen


# The finder answers filters from its data file (programmes/finder.json) in the page; without
# it, from the search index: both must give the catalogue's answer.
ENGINES = ("page", "index")


@pytest.mark.parametrize("engine", ENGINES)
def test_combinations_or_within_a_group_and_across_groups(
    open_page: Callable[..., Page], sample_catalogue: Catalogue, engine: str
) -> None:
    today = sample_catalogue.today
    page = open_page("programmes/")
    if engine == "index":
        page.route("**/programmes/finder.json", lambda route: route.abort())
    sizes = []
    for selection in combinations(page):
        page.goto(page.url.split("?")[0] + query(selection))
        want = expected_ids(sample_catalogue, selection, today)
        assert set(visible_ids(page)) == want, selection
        assert_counts(page, sample_catalogue, selection, today)
        total = len(sample_catalogue.published)
        status = state(page)["status"]
        assert status.startswith(f"{len(want)} of {total}") if want else "No programme" in status
        sizes.append(len(want))
    assert any(0 < n < len(sample_catalogue.published) for n in sizes)


def test_an_option_that_would_leave_nothing_is_disabled_not_hidden(
    open_page: Callable[..., Page], sample_catalogue: Catalogue
) -> None:
    today = sample_catalogue.today
    page = open_page("programmes/")
    for item in state(page)["options"]:
        if item["facet"] in {"starts", "subject"} or not item["value"]:
            continue
        option(page, item["facet"], item["value"]).check()
        selection = {item["facet"]: (item["value"],)}
        disabled = [o for o in state(page)["options"] if o["disabled"]]
        if disabled:
            break
        option(page, item["facet"], item["value"]).uncheck()
    assert disabled, "no selection in the sample leaves an option empty"
    assert_counts(page, sample_catalogue, selection, today)
    for item in disabled:
        assert option(page, item["facet"], item["value"]).is_visible()
        assert item["count"] == 0


def test_visitors_today_decides_what_starts_within_three_months(
    open_page: Callable[..., Page], sample_catalogue: Catalogue
) -> None:
    later = sample_catalogue.today + timedelta(days=100)
    page = open_page("programmes/?starts=3", today=later)
    assert set(visible_ids(page)) == expected_ids(sample_catalogue, {"starts": ("3",)}, later)
    assert_counts(page, sample_catalogue, {"starts": ("3",)}, later)


# Sorting -------------------------------------------------------------------------------------


def sort_key(programme: Programme, key: str, catalogue: Catalogue, today: date) -> tuple[Any, ...]:
    title = programme.title.casefold()
    fee = programme.fee
    amount = fee.amount if fee and (fee.currency or catalogue.settings.defaults.currency) == (
        catalogue.settings.defaults.currency
    ) else None  # fmt: skip
    value: Any = {
        "start": next_start(programme, today),
        "title": title,
        "duration": programme.duration_weeks,
        "fee": amount,
    }[key]
    return (value is None, value if value is not None else 0, title)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("key", ["start", "title", "duration", "fee"])
def test_sorting(
    open_page: Callable[..., Page], sample_catalogue: Catalogue, key: str, engine: str
) -> None:
    page = open_page("programmes/")
    if engine == "index":
        page.route("**/programmes/finder.json", lambda route: route.abort())
    page.select_option("#mc-sort", key)
    today = sample_catalogue.today
    want = sorted(
        sample_catalogue.published,
        key=lambda pid: sort_key(sample_catalogue.programmes[pid], key, sample_catalogue, today),
    )
    assert visible_ids(page) == want
    if key != "start":
        wait_for_query(page, f"sort={key}")
    assert parse_qs(urlsplit(page.url).query).get("sort") == (None if key == "start" else [key])


def test_the_listing_without_javascript_starts_soonest_first_and_matches_sorting(
    open_page: Callable[..., Page], sample_catalogue: Catalogue
) -> None:
    page = open_page("programmes/", javascript=False)
    today = sample_catalogue.today
    ids = page.eval_on_selector_all(".mc-cards > li", "els => els.map((e) => e.dataset.id)")
    assert ids == sorted(
        sample_catalogue.published,
        key=lambda pid: sort_key(
            sample_catalogue.programmes[pid], "start", sample_catalogue, today
        ),
    )


# URL state -----------------------------------------------------------------------------------


def test_filter_state_lives_in_the_url_and_the_back_button_undoes(
    open_page: Callable[..., Page], sample_catalogue: Catalogue
) -> None:
    today = sample_catalogue.today
    page = open_page("programmes/")
    options = [o for o in state(page)["options"] if o["value"]]
    subject = next(o["value"] for o in options if o["facet"] == "subject")
    option(page, "subject", subject).check()
    wait_for_query(page, f"subject={subject}")
    mode = next(o["value"] for o in state(page)["options"] if o["facet"] == "mode" and o["count"])
    option(page, "mode", mode).check()
    wait_for_query(page, f"subject={subject}&mode={mode}")
    page.select_option("#mc-sort", "fee")
    wait_for_query(page, f"subject={subject}&mode={mode}&sort=fee")
    narrowed = visible_ids(page)
    assert set(narrowed) == expected_ids(
        sample_catalogue, {"subject": (subject,), "mode": (mode,)}, today
    )

    page.reload()
    assert option(page, "subject", subject).is_checked()
    assert option(page, "mode", mode).is_checked()
    assert page.input_value("#mc-sort") == "fee"
    assert visible_ids(page) == narrowed

    page.go_back()
    assert urlsplit(page.url).query == f"subject={subject}&mode={mode}"
    assert page.input_value("#mc-sort") == "start"
    page.go_back()
    assert urlsplit(page.url).query == f"subject={subject}"
    assert not option(page, "mode", mode).is_checked()
    assert set(visible_ids(page)) == expected_ids(sample_catalogue, {"subject": (subject,)}, today)
    page.go_back()
    assert urlsplit(page.url).query == ""
    assert len(visible_ids(page)) == len(sample_catalogue.published)


def test_unknown_parameters_are_ignored_and_kept_and_clear_resets(
    open_page: Callable[..., Page], sample_catalogue: Catalogue
) -> None:
    subject = next(iter(sample_catalogue.subjects))
    page = open_page(f"programmes/?utm_source=newsletter&mode=by-pigeon&subject={subject}&sort=x")
    want = expected_ids(sample_catalogue, {"subject": (subject,)}, sample_catalogue.today)
    assert set(visible_ids(page)) == want
    assert page.input_value("#mc-sort") == "start"
    page.get_by_role("button", name="Clear filters").click()
    assert len(visible_ids(page)) == len(sample_catalogue.published)
    wait_for_query(page, "utm_source=newsletter")
    assert not any(o["checked"] for o in state(page)["options"] if o["value"])


# Without JavaScript, by keyboard -------------------------------------------------------------


def test_without_javascript_every_published_programme_is_listed_with_its_key_facts(
    open_page: Callable[..., Page], sample_catalogue: Catalogue
) -> None:
    page = open_page("programmes/", javascript=False)
    assert not page.locator("#mc-filters").is_visible()
    assert not page.locator("#mc-sort").is_visible()
    cards = page.locator(".mc-cards > li")
    assert cards.count() == len(sample_catalogue.published)
    for index in range(cards.count()):
        card = cards.nth(index)
        assert card.is_visible()
        programme = sample_catalogue.programmes[card.get_attribute("data-id") or ""]
        text = " ".join(card.inner_text().split())
        link = card.get_by_role("link", name=programme.title)
        assert link.get_attribute("href") == f"{programme.id}/"
        assert programme.summary in text
        assert ("Free" if programme.fee and programme.fee.amount == 0 else "€") in text
        start = next_start(programme, sample_catalogue.today)
        if start is not None:
            assert card.locator(f'time[datetime="{start.isoformat()}"]').count() == 1


def focused(page: Page) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(
        """() => { const el = document.activeElement; const style = getComputedStyle(el);
        return {tag: el.tagName, type: el.type || '', name: el.name || '',
                text: (el.textContent || '').trim(), expanded: el.getAttribute('aria-expanded'),
                outline: style.outlineStyle, width: parseFloat(style.outlineWidth)}; }"""
    )
    return result


def tab_to(page: Page, wanted: Callable[[dict[str, Any]], bool], limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if wanted(focused(page)):
            return
    pytest.fail("the keyboard never reached the control")


def test_filters_by_keyboard_alone_with_a_visible_focus(
    open_page: Callable[..., Page], sample_catalogue: Catalogue
) -> None:
    page = open_page("programmes/")
    tab_to(page, lambda f: f["tag"] == "INPUT" and f["type"] == "checkbox")
    first = focused(page)
    assert first["outline"] != "none" and first["width"] >= 2
    page.keyboard.press("Space")
    value = page.evaluate("document.activeElement.value")
    assert set(visible_ids(page)) == expected_ids(
        sample_catalogue, {first["name"]: (value,)}, sample_catalogue.today
    )
    wait_for_query(page, f"{first['name']}={value}")
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Clear filters")
    assert focused(page)["outline"] != "none"
    page.keyboard.press("Enter")
    assert len(visible_ids(page)) == len(sample_catalogue.published)
    tab_to(page, lambda f: f["tag"] == "SELECT")
    page.keyboard.press("End")
    assert page.input_value("#mc-sort") == "fee"


def test_on_a_phone_the_filters_open_from_a_disclosure_button(
    open_page: Callable[..., Page],
) -> None:
    page = open_page("programmes/", viewport=PHONE)
    form = page.locator("#mc-filters")
    assert not form.is_visible()
    tab_to(page, lambda f: f["expanded"] is not None)
    assert focused(page)["outline"] != "none"
    page.keyboard.press("Enter")
    assert focused(page)["expanded"] == "true"
    assert form.is_visible()
    page.keyboard.press("Tab")
    assert focused(page)["type"] == "checkbox"


def test_a_page_of_results_at_a_time_and_the_keyboard_moves_on_to_the_next(
    browser: Browser, served_site: str, sample_catalogue: Catalogue
) -> None:
    """With a page size of 4 (set in the served HTML), the finder draws four of its results and
    "show more" the next four, moving the keyboard on to the first new one."""
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()

        def small_pages(route: Route) -> None:
            html = route.fetch().text()
            route.fulfill(body=html.replace('data-page-size="24"', 'data-page-size="4"'))

        page.route(lambda url: urlsplit(url).path == "/programmes/", small_pages)
        day = sample_catalogue.today
        page.clock.set_system_time(datetime(day.year, day.month, day.day, 9))
        page.goto(served_site + "programmes/?sort=title")
        order = listing_order(sample_catalogue, sample_catalogue.published, "title")
        assert visible_ids(page) == order[:4]
        more = page.locator("[data-mc-more]")
        assert more.inner_text() == f"Show 4 more programmes ({len(order) - 4} not shown yet)"
        more.click()
        assert visible_ids(page) == order[:8]
        first_new = sample_catalogue.programmes[order[4]].title
        assert page.evaluate("document.activeElement.textContent.trim()") == first_new
        while more.is_visible():
            more.click()
            state(page)
        assert visible_ids(page) == order
        subject = slugify(sample_catalogue.programmes[order[0]].subjects[0])
        option(page, "subject", subject).check()
        want = [
            pid
            for pid in order
            if pid in expected_ids(sample_catalogue, {"subject": (subject,)}, day)
        ]
        assert visible_ids(page) == want[:4]
    finally:
        context.close()


# Search --------------------------------------------------------------------------------------


def search(page: Page, words: str) -> list[str]:
    """Types `words` into the header search and returns the results' links, as site paths."""
    field = page.locator("#mc-search")
    field.click()
    field.press_sequentially(words, delay=5)
    # The count is announced once the results for these words are drawn.
    page.wait_for_function(
        "() => /\\d/.test(document.querySelector('#mc-search-status').textContent)"
    )
    hrefs: list[str] = page.eval_on_selector_all(
        "#mc-search-results a.mc-search__link",
        "els => els.map((a) => new URL(a.href).pathname)",
    )
    return hrefs


def test_search_finds_a_programme_by_a_learning_outcome_and_by_a_partner(
    open_page: Callable[..., Page], sample_catalogue: Catalogue
) -> None:
    programme = sample_catalogue.programmes[sample_catalogue.published[0]]
    page = open_page("")
    hrefs = search(page, programme.learning_outcomes[-1].rstrip("."))
    assert any(f"programmes/{programme.id}/" in href for href in hrefs), hrefs

    partner_id = next(p for p, ids in sample_catalogue.by_partner.items() if ids)
    with_partner = {
        pid for pid in sample_catalogue.by_partner[partner_id] if pid in sample_catalogue.published
    }
    page = open_page("")
    hrefs = search(page, sample_catalogue.partners[partner_id].name)
    assert any(f"programmes/{pid}/" in href for pid in with_partner for href in hrefs), hrefs


# Accessibility and looks ---------------------------------------------------------------------


def axe_violations(page: Page) -> list[str]:
    if page.locator("[data-mc-finder]").count():
        state(page)  # the finder's latest change drawn, as the visitor sees it
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'])})"
        for v in results.response["violations"]
    ]


def accessibility_pages(catalogue: Catalogue) -> list[str]:
    subject = next(iter(catalogue.subjects))
    partner = next(p for p, ids in catalogue.by_partner.items() if ids)
    first_subject = catalogue.programmes[catalogue.published[0]].subjects[0]
    return [
        "",
        "programmes/",
        f"programmes/?subject={slugify(first_subject)}&starts=6",
        f"programmes/{catalogue.published[0]}/",
        f"programmes/{catalogue.archived[0]}/",
        f"partners/{partner}/",
        f"subjects/{subject}/",
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations(
    open_page: Callable[..., Page], sample_catalogue: Catalogue, scheme: str
) -> None:
    found = {}
    for path in accessibility_pages(sample_catalogue):
        page = open_page(path, scheme=scheme)
        violations = axe_violations(page)
        if violations:
            found[path or "/"] = violations
    assert not found, "\n".join(f"{path}: {v}" for path, vs in found.items() for v in vs)


def test_axe_on_the_phone_listing_with_filters_open(open_page: Callable[..., Page]) -> None:
    page = open_page("programmes/?mode=online", viewport=PHONE)
    page.get_by_role("button", name="Filter programmes").click()
    assert axe_violations(page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_listing_screenshots(
    open_page: Callable[..., Page], viewport: ViewportSize, scheme: str
) -> None:
    page = open_page("programmes/", viewport=viewport, scheme=scheme)
    if viewport is PHONE:
        page.get_by_role("button", name="Filter programmes").click()
    # A full-page capture does not scroll, so the cards the browser skips while off screen
    # (content-visibility: auto) would come out blank in the picture; draw them all for it.
    page.add_style_tag(content="[data-mc-cards] .mc-card { content-visibility: visible; }")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"listing-{viewport['width']}-{scheme}.png"
    page.screenshot(path=str(target), full_page=True, animations="disabled")
    assert target.stat().st_size > 10_000
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "the listing scrolls sideways"


def test_axe_finds_no_violations_on_any_page_of_the_site(
    open_page: Callable[..., Page], sample_site: BuiltSite, sample_catalogue: Catalogue
) -> None:
    """Every HTML page the build writes, not only the kinds above (hubs, authoring guide, data
    page, embed cards, 404), with axe's best-practice rules as well as WCAG 2.1 A and AA."""
    redirects = {f"programmes/{old}/index.html" for old in sample_catalogue.redirects}
    pages = sorted(
        path.relative_to(sample_site.root).as_posix()
        for path in sample_site.root.rglob("*.html")
        if path.relative_to(sample_site.root).as_posix() not in redirects
    )
    assert len(pages) > 30
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                      "best-practice"]}}  # fmt: skip
    found = {}
    for path in pages:
        page = open_page(path.removesuffix("index.html"))
        violations = Axe().run(page, options=options).response["violations"]
        if violations:
            found[path] = [v["id"] for v in violations]
        page.context.close()
    assert not found, found
