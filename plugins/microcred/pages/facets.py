"""The listing's filters: each group's options and counts, and what the search index holds.

Bands (duration, fee) are defined once, by their limits here; their names in URLs, their
labels, their order and every programme's value come from these. The finder's script
(assets/javascripts/finder.js) reads the same URL parameters and asks the index for them.
The search index holds the same values (`Facets.search_entry`: Pagefind's filters, sort keys
and metadata of one programme page), so a search and the listing's filters agree.
"""

from __future__ import annotations

import calendar
import itertools
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, get_args

from ..catalogue import Catalogue, slugify
from ..models import CredentialType, Difficulty, Mode, Pace, Programme
from .formatting import Formats, strip_unprintable
from .listing import SORTS, comparable_fee, sort_keys

# The listing's filters. Bands are defined once, by their limits: the options, their labels and
# counts, and every card's data come from these. A band holds `low <= value < high`.
DURATION_LIMITS = (7, 13)  # weeks: under 7, 7-12, 13 or more
# In the catalogue's currency (`default_currency`); a fee of 0 is "free" whatever the currency,
# and a fee in another currency is in no band, since amounts in two currencies do not compare.
FEE_LIMITS = (1000, 2000)
FREE = "free"
START_WINDOWS = (3, 6)  # "starts within" this many months of the visitor's today


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Facet:
    """One filter group of the listing; `name` is its URL parameter and its cards' attribute.

    A `multiple` group is checkboxes (any ticked value matches), otherwise radios whose ""
    option matches everything; a `dates` group's values are months and its cards carry dates.
    """

    name: str
    legend: str
    options: tuple[FacetOption, ...]
    multiple: bool = True
    dates: bool = False


@dataclass(frozen=True)
class Filters:
    """The listing's filter groups, counted over its programmes (the counts a page shows
    before the finder asks the index for its own)."""

    facets: tuple[Facet, ...]


# Pagefind's weights of a programme page's text (body text is 1, an h2 heading 6; the effect
# grows with the square): the title above the outcomes, skills, partners, keywords and subjects,
# those above the rest.
TITLE_WEIGHT = 10
FIELD_WEIGHT = 4


@dataclass(frozen=True)
class SearchEntry:
    """What the search index holds of one programme page beside its text, as (name, value)
    pairs: its Pagefind filters (a name may repeat), its sort keys and its metadata (display
    strings in the site's language, a key left out when it has no value); and `words`, the
    text of the fields that weigh more than the rest of the page (outcomes, skills, partners,
    keywords, subjects), indexed again with `field_weight` beside the page's text (the page
    shows them in its Markdown body, which the sanitiser keeps free of Pagefind's attributes,
    so that no description can weigh, filter or describe its own page). The title is weighted
    `title_weight` where the page draws it."""

    filters: tuple[tuple[str, str], ...]
    sort: tuple[tuple[str, str], ...]
    meta: tuple[tuple[str, str], ...]
    words: tuple[str, ...] = ()
    title_weight: int = TITLE_WEIGHT
    field_weight: int = FIELD_WEIGHT


class Facets:
    """Builds the listing's `Filters` for one catalogue, with labels in the site's language."""

    def __init__(self, catalogue: Catalogue, formats: Formats) -> None:
        self.catalogue = catalogue
        self.formats = formats
        self.strings = formats.strings
        # Each programme's entry is drawn into its page and into the finder's data: once.
        self._entries: dict[str, SearchEntry] = {}

    def filters(self, ids: Sequence[str]) -> Filters:
        """The listing's filter groups with their counts over `ids`."""
        programmes = [self.catalogue.programmes[pid] for pid in ids]
        values = [self._facet_values(p) for p in programmes]
        facets = [
            self._facet(name, [v[name] for v in values])
            for name in ("subject", "difficulty", "eqf", "mode", "pace", "duration", "fee",
                         "language", "partner", "credential")
        ]  # fmt: skip
        facets.append(self._starts_facet(programmes))
        return Filters(tuple(f for f in facets if f.options))

    def _facet_values(self, programme: Programme) -> dict[str, tuple[str, ...]]:
        level = programme.level
        difficulty = level.difficulty if level else None
        eqf = level.eqf if level else None
        weeks = programme.duration_weeks
        return {
            "subject": tuple(dict.fromkeys(slugify(s) for s in programme.subjects)),
            "difficulty": (difficulty,) if difficulty else (),
            "eqf": (str(eqf),) if eqf else (),
            "mode": (programme.mode,),
            "pace": (programme.pace,) if programme.pace else (),
            "duration": (band_value(DURATION_LIMITS, weeks),) if weeks else (),
            "fee": self._fee_band(programme),
            "language": tuple(programme.languages or ()),
            "partner": tuple(dict.fromkeys(p.partner for p in programme.employer_partners)),
            "credential": (programme.credential,),
        }

    def search_entry(self, programme: Programme) -> SearchEntry:
        """The filters, sort keys and metadata of one programme page in the search index.

        Computed once per programme (`_search_entry`); the finder's data (`finder_data`) holds
        the same entries.
        """
        entry = self._entries.get(programme.id)
        if entry is None:
            entry = self._entries[programme.id] = self._search_entry(programme)
        return entry

    def finder_data(self, ids: Sequence[str], link: Callable[[str], str]) -> dict[str, Any]:
        """What the finder answers a change of filters or order from, without the index.

        The search index entries (`search_entry`) of the published programmes `ids`, put in
        the listing's order (by the entries' own first sort key), written small: `filters`
        lists each (name, value) once, `text` each display string once, and each of
        `programmes` is [its address (`link`), the positions
        in `filters` of its filters, the position in `text` of each key of `meta`, or -1].
        `orders` gives, for each other sort, the positions in `programmes` in that order
        (ties in listing order, as the index keeps its page order among equal keys). The
        finder asks the index only for words, so filters, counts and orders agree with it
        because both are these entries.
        """
        unordered = [self.search_entry(self.catalogue.programmes[pid]) for pid in ids]
        # The listing's order is its first sort key's, which each entry holds already.
        listed = _order([dict(entry.sort) for entry in unordered], SORTS[0])
        ids = [ids[i] for i in listed]
        entries = [unordered[i] for i in listed]
        filters: dict[tuple[str, str], int] = {}
        text: dict[str, int] = {}
        meta_keys = list(dict.fromkeys(key for entry in entries for key, _ in entry.meta))
        rows: list[list[Any]] = []
        for pid, entry in zip(ids, entries, strict=True):
            # Every listed programme is of kind "programme": the finder's file leaves it out.
            positions = [
                filters.setdefault(pair, len(filters))
                for pair in entry.filters
                if pair[0] != "kind"
            ]
            values = dict(entry.meta)
            shown = [
                text.setdefault(strip_unprintable(values[key]), len(text)) if key in values else -1
                for key in meta_keys
            ]
            rows.append([link(pid), positions, shown])
        keys = [dict(entry.sort) for entry in entries]
        orders = {name: _order(keys, name) for name in SORTS[1:]}
        return {
            "filters": [[strip_unprintable(part) for part in pair] for pair in filters],
            "meta": meta_keys,
            "text": list(text),
            "programmes": rows,
            "orders": orders,
        }

    def _search_entry(self, programme: Programme) -> SearchEntry:
        """A published programme is filtered by the listing's groups, with the values its filter
        controls use (`_facet_values`), and by `starts`: each upcoming start date, which the
        finder matches against "within N months" of the visitor's own today. An archived one
        carries only its `kind`.
        """
        published = programme.status != "archived"
        filters = [("kind", "programme" if published else "archived")]
        if published:
            values = self._facet_values(programme)
            filters += [(name, value) for name, tokens in values.items() for value in tokens]
            starts = dict.fromkeys(day.isoformat() for day in self._upcoming(programme))
            filters += [("starts", day) for day in starts]
        start = self.catalogue.next_intake_start(programme.id)
        # The listing's own keys (text whose order is the listing's, ties by title, and a
        # value for every programme, so that none drops out of a sorted result): the index
        # and the numbered listing pages sort the same way.
        sort = tuple(sort_keys(self.catalogue, programme.id).items())
        meta = self._search_meta(programme, start)
        words = (
            *programme.learning_outcomes,
            *(skill.label for skill in programme.skills),
            *self._partner_names(programme),
            *programme.keywords,
            *programme.subjects,
        )
        return SearchEntry(tuple(filters), sort, meta, words)

    def _search_meta(self, programme: Programme, start: date | None) -> tuple[tuple[str, str], ...]:
        """A result's display strings, as the programme's card writes them."""
        strings = self.strings
        mode = strings.label(programme.mode)
        if programme.pace:
            mode = f"{mode}, {strings.label(programme.pace).lower()}"
        weeks = programme.duration_weeks
        free = programme.fee is not None and programme.fee.amount == 0
        meta = {
            "title": programme.title,
            "summary": programme.summary,
            "subjects": " · ".join(programme.subjects),
            "level": self.formats.level(programme),
            "mode": mode,
            "duration": strings("count.weeks", count=weeks) if weeks else None,
            "fee": strings("card.free") if free else self.formats.fee(programme),
            "start": self.formats.date(start),
            "start_iso": start.isoformat() if start else None,
            "partners": ", ".join(self._partner_names(programme)),
            # The finder draws each partner's logo by id (ids are slugs, so a space joins them).
            "partner_ids": " ".join(dict.fromkeys(p.partner for p in programme.employer_partners)),
        }
        return tuple((key, value) for key, value in meta.items() if value)

    def _partner_names(self, programme: Programme) -> list[str]:
        ids = dict.fromkeys(p.partner for p in programme.employer_partners)
        return [self.catalogue.partners[pid].name for pid in ids]

    def _upcoming(self, programme: Programme) -> list[date]:
        """The programme's intake start dates from the catalogue's today on, soonest first."""
        return [intake.start for intake in self.catalogue.upcoming_intakes(programme.id)]

    def _fee_band(self, programme: Programme) -> tuple[str, ...]:
        amount = self._comparable_fee(programme)
        if amount is None:
            return ()
        return (FREE,) if amount == 0 else (band_value(FEE_LIMITS, amount),)

    def _comparable_fee(self, programme: Programme) -> float | None:
        """The fee if it is free or in the catalogue's currency, else None."""
        return comparable_fee(self.catalogue, programme.id)

    def _facet(self, name: str, lists: Sequence[tuple[str, ...]]) -> Facet:
        counts = Counter(value for values in lists for value in values)
        describe, order = self._option_labels(name)
        options = sorted(
            (FacetOption(value, describe(value), count) for value, count in counts.items()),
            key=lambda o: (order.index(o.value) if o.value in order else len(order),
                           o.label.casefold()),
        )  # fmt: skip
        return Facet(name, self.strings(f"filter.{name}"), tuple(options))

    def _option_labels(self, name: str) -> tuple[Callable[[str], str], tuple[str, ...]]:
        """How one group's values are named, and their order (by name when not listed)."""
        vocabularies: Mapping[str, tuple[str, ...]] = {
            "difficulty": get_args(Difficulty),
            "mode": get_args(Mode),
            "pace": get_args(Pace),
            "credential": get_args(CredentialType),
        }
        if name in vocabularies:
            return self.strings.label, vocabularies[name]
        if name == "eqf":
            return lambda v: self.strings("level.eqf", level=v), tuple(map(str, range(9)))
        if name == "duration":
            return _band_labels(DURATION_LIMITS, self._weeks_band)
        if name == "fee":
            describe, order = _band_labels(FEE_LIMITS, self._fee_band_label)
            free = self.strings("filter.free")
            return lambda v: free if v == FREE else describe(v), (FREE, *order)
        if name == "language":
            return self.formats.language, ()
        if name == "partner":
            return lambda v: self.catalogue.partners[v].name, ()
        return lambda v: self.catalogue.subjects[v].name, ()

    def _weeks_band(self, low: float | None, high: float | None) -> str:
        if low is None:
            return self.strings("filter.weeks-under", count=high)
        if high is None:
            return self.strings("filter.weeks-over", count=low)
        return self.strings("filter.weeks-between", count=high, low=self.strings.number(low))

    def _fee_band_label(self, low: float | None, high: float | None) -> str:
        if low is None:
            return self.strings("filter.fee-under", high=self.formats.money(high or 0))
        if high is None:
            return self.strings("filter.fee-over", low=self.formats.money(low))
        return self.strings(
            "filter.fee-between", low=self.formats.money(low), high=self.formats.money(high)
        )

    def _starts_facet(self, programmes: Sequence[Programme]) -> Facet:
        today = self.catalogue.today
        nexts = [self.catalogue.next_intake_start(p.id) for p in programmes]
        options = [FacetOption("", self.strings("filter.starts-any"), len(programmes))]
        for months in START_WINDOWS:
            until = add_months(today, months)
            count = sum(1 for start in nexts if start is not None and start <= until)
            within = self.strings("filter.starts-within", count=months)
            options.append(FacetOption(str(months), within, count))
        starts = self.strings("filter.starts")
        return Facet("starts", starts, tuple(options), multiple=False, dates=True)


def _order(keys: Sequence[Mapping[str, str]], name: str) -> list[int]:
    """The positions of `keys` in the order of their key `name` (a stable sort: equal keys
    stay in the order given)."""
    return sorted(range(len(keys)), key=lambda i: keys[i][name])


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day (31 August + 6 -> 28 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def band_value(limits: Sequence[float], value: float) -> str:
    """The band of `limits` holding `value`, named for URLs: "under-7", "7-12", "13-plus"."""
    low: float | None = None
    for high in limits:
        if value < high:
            return _band_name(low, high)
        low = high
    return _band_name(low, None)


def _band_name(low: float | None, high: float | None) -> str:
    if low is None:
        return f"under-{high:g}"
    if high is None:
        return f"{low:g}-plus"
    return f"{low:g}-{high - 1:g}"


def _band_labels(
    limits: Sequence[float], show: Callable[[float | None, float | None], str]
) -> tuple[Callable[[str], str], tuple[str, ...]]:
    """The name of each band of `limits` for people ("Under €1,000"), and their order.

    `show(low, high)` names a band by its lowest and highest values, None at an open end.
    """
    labels = {_band_name(None, limits[0]): show(None, limits[0])}
    for low, high in itertools.pairwise(limits):
        labels[_band_name(low, high)] = show(low, high - 1)
    labels[_band_name(limits[-1], None)] = show(limits[-1], None)
    return labels.__getitem__, tuple(labels)
