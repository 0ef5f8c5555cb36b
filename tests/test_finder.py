"""The listing as a finder: numbered pages without JavaScript, search and filters with it.

Three layers, as elsewhere: the paging rules of pages/listing.py on their own; the numbered
pages of the built sample site, read back with a parser; and the finder in headless Chromium,
over the Pagefind index the build writes. Every expected result is computed here from the
catalogue's own models, never written down.
"""

from __future__ import annotations

import pytest

from microcred import addresses
from microcred.catalogue import Catalogue
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
