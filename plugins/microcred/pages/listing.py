"""The programme listing in numbered pages, and the one order it and the finder share.

/programmes/ holds the first `PAGE_SIZE` published programmes in the listing's order (soonest
next start first, those without one last, then by title), /programmes/page/2/ the next, and so
on, so that every programme is one link away from the listing without JavaScript and no page
carries thousands of cards. The finder (assets/javascripts/finder.js) sorts search results by
the index's sort keys; `sort_keys` gives those keys, and the listing is sorted by the same
function, so the pages and the finder cannot disagree on the order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .. import addresses
from ..catalogue import Catalogue

PAGE_SIZE = 24
# The listing's sort orders; the first is the listing's own (and the finder's default).
SORTS = ("start", "title", "duration", "fee")
# Stand-ins for a missing value, after every real one: programmes without a start, a duration
# or a comparable fee go last, then by title like the rest.
NO_START = "9999-12-31"
WEEKS_DIGITS = 6
CENTS_DIGITS = 12


@dataclass(frozen=True)
class ListingPage:
    """One numbered page of the listing: its programmes and its place among the pages."""

    number: int
    """1 for /programmes/ itself, 2 for /programmes/page/2/, ..."""
    total: int
    """How many pages the listing has."""
    ids: tuple[str, ...]
    first: int
    """The position in the whole listing of the page's first programme, counting from 1."""
    size: int = PAGE_SIZE
    """How many programmes a page holds: the finder draws its results as many at a time."""
    sorts: tuple[str, ...] = SORTS
    """The orders the listing offers (the finder's sort control), the listing's own first."""

    @property
    def src(self) -> str:
        return page_src(self.number)

    @property
    def url(self) -> str:
        return page_url(self.number)

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.total else None

    @property
    def numbers(self) -> list[int | None]:
        """The page numbers its pagination bar shows, None for a gap (`page_numbers`)."""
        return page_numbers(self.number, self.total)

    def url_of(self, number: int) -> str:
        """Where page `number` of the same listing is published (for its links)."""
        return page_url(number)

    @property
    def last(self) -> int:
        """The position of the page's last programme (`first - 1` on an empty listing)."""
        return self.first + len(self.ids) - 1


def _address(number: int) -> tuple[str, dict[str, str]]:
    if number < 1:
        raise ValueError(f"listing pages count from 1, not {number}")
    return ("programmes", {}) if number == 1 else ("programmes-page", {"number": str(number)})


def page_src(number: int) -> str:
    """Where page `number` of the listing is added to the site's files."""
    kind, fields = _address(number)
    return addresses.src(kind, **fields)


def page_url(number: int) -> str:
    """Where page `number` of the listing is published, relative to the site root."""
    kind, fields = _address(number)
    return addresses.url(kind, **fields)


def paginate(ids: Sequence[str], size: int = PAGE_SIZE) -> tuple[ListingPage, ...]:
    """`ids`, in their order, cut into pages of `size`; an empty listing is one empty page."""
    if size < 1:
        raise ValueError(f"a listing page holds at least one programme, not {size}")
    total = max(1, -(-len(ids) // size))
    return tuple(
        ListingPage(n + 1, total, tuple(ids[n * size : (n + 1) * size]), n * size + 1, size)
        for n in range(total)
    )


def page_numbers(current: int, total: int, around: int = 2) -> list[int | None]:
    """The page numbers a pagination bar shows, None for a gap: the first and the last page,
    and `around` pages each side of the current one (1 ... 4 5 [6] 7 8 ... 209).

    A gap of a single page shows that page instead, since "..." would hide nothing.
    """
    shown = sorted({1, total, *range(max(1, current - around), min(total, current + around) + 1)})
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - (numbers[-1] or 0) == 2:
            numbers.append(number - 1)
        elif numbers and number - (numbers[-1] or 0) > 2:
            numbers.append(None)
        numbers.append(number)
    return numbers


def sort_keys(catalogue: Catalogue, pid: str) -> Mapping[str, str]:
    """The programme's key for each order of `SORTS`, as strings whose plain (codepoint) order
    is the order wanted, ties broken by title.

    The index sorts by one key at a time, comparing strings byte by byte and keeping its own
    page order among equals; ending every key with the casefolded title makes that order the
    listing's, whichever key is chosen. Numbers are zero-padded so that text order is number
    order.
    """
    programme = catalogue.programmes[pid]
    title = programme.title.casefold()
    start = catalogue.next_intake_start(pid)
    weeks = programme.duration_weeks
    cents = comparable_fee_cents(catalogue, pid)
    return {
        "start": f"{start.isoformat() if start else NO_START} {title}",
        "title": title,
        "duration": f"{weeks if weeks else 10**WEEKS_DIGITS - 1:0{WEEKS_DIGITS}d} {title}",
        "fee": f"{10**CENTS_DIGITS - 1 if cents is None else cents:0{CENTS_DIGITS}d} {title}",
    }


def comparable_fee(catalogue: Catalogue, pid: str) -> float | None:
    """The fee when it compares with others: free, or in the catalogue's currency.

    A fee of 0 is free whatever its currency; amounts in two currencies do not compare.
    """
    fee = catalogue.programmes[pid].fee
    if fee is None:
        return None
    currency = catalogue.settings.defaults.currency
    if fee.amount == 0 or (fee.currency or currency) == currency:
        return fee.amount
    return None


def comparable_fee_cents(catalogue: Catalogue, pid: str) -> int | None:
    """The comparable fee (`comparable_fee`) in cents, for a sort key of whole numbers."""
    amount = comparable_fee(catalogue, pid)
    return None if amount is None else round(amount * 100)


def listing_order(catalogue: Catalogue, ids: Iterable[str], key: str = SORTS[0]) -> list[str]:
    """`ids` in the order of `key` (one of `SORTS`); the listing's own order by default."""
    return sorted(ids, key=lambda pid: sort_keys(catalogue, pid)[key])
