"""The interface's words: one string table per language, chosen by the site's `theme.language`.

Each language is a JSON file beside this module (`en.json`, `de.json`, ...) that maps a key to
its text; keys are grouped by a prefix naming where they show (`facts.`, `filter.`, `label.` for
the closed vocabularies of the content model). A text may hold `{name}` placeholders, filled by
the caller. A text that depends on a number is a mapping from the CLDR plural categories of
that language (as Babel knows them: English `one` and `other`, Irish `one`, `two`, `few`, `many`
and `other`) to a text each, and `{count}` is that number in the site's locale. English is the
reference: every other table has exactly its keys, each plural with exactly its own language's
categories, or loading it fails, so a half-translated interface never reaches a visitor.

Material's own words (search, navigation, "Edit this page") stay in Material's string tables,
`partials/languages/<language>.html`; the package's theme adds the ones Material lacks.
"""

from __future__ import annotations

import functools
import json
import math
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent
from jinja2 import Environment, pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

FOLDER = Path(__file__).resolve().parent
REFERENCE = "en"

Entry = str | Mapping[str, str]


class StringsError(Exception):
    """A string table that cannot serve the interface: missing, incomplete or malformed."""


def languages() -> list[str]:
    """Every language the package ships strings for."""
    return sorted(path.stem for path in FOLDER.glob("*.json"))


@functools.cache
def for_site(language: str, country: str | None = None) -> Strings:
    """The interface in `language`, with numbers, dates and money as `country` writes them."""
    return Strings(language, _table(language), site_locale(language, country))


class Strings:
    """The words of one language, and the locale that formats numbers, dates and money.

    `strings(key, count=None, **values)` is the text of `key` as plain text; `html` is the same
    as escaped HTML in which values that are Markup (a link, a date in `<time>`) stay markup.
    A key that does not exist raises StringsError: a typo in a template fails the build.
    """

    def __init__(self, language: str, table: Mapping[str, Entry], locale: Locale) -> None:
        self.language = language
        self.table = table
        self.locale = locale
        # A catalogue writes few distinct amounts, numbers and dates many times over (money
        # was about 4,700 Babel calls for 4 amounts at 1,000 programmes): each is formatted once.
        # Keyed by `_value_key`, so values that compare equal but are written differently
        # (0 and -0.0) never share a text.
        self._dates: dict[Any, str] = {}
        self._numbers: dict[tuple[type, float, float], str] = {}
        self._money: dict[tuple[type, float, float, str], str] = {}

    def __call__(self, key: str, /, count: float | None = None, **values: Any) -> str:
        text = self._text(key, count)
        if count is not None:
            values["count"] = self.number(count)
        return text.format(**values)

    def html(self, key: str, /, count: float | None = None, **values: Any) -> Markup:
        text = Markup.escape(self._text(key, count))
        if count is not None:
            values["count"] = self.number(count)
        return text.format(**values)

    def plurals(self, key: str) -> Mapping[str, str]:
        """Every form of a plural text, by CLDR category, for a script that counts itself."""
        entry = self._text_entry(key)
        if isinstance(entry, str):
            raise StringsError(f"`{key}` has no plural forms")
        return entry

    def label(self, value: str) -> str:
        """The display name of a vocabulary value ("project-work" -> "Project work")."""
        return self(f"label.{value}")

    def number(self, value: float) -> str:
        key = _value_key(value)
        if key not in self._numbers:
            self._numbers[key] = str(format_decimal(value, locale=self.locale))
        return self._numbers[key]

    def percent(self, value: float) -> str:
        """A percentage given as a number of hundredths (40 -> "40%", "40 %" in German)."""
        return str(format_percent(value / 100, locale=self.locale, decimal_quantization=False))

    def date(self, value: Any) -> str:
        """A date written out in full ("11 January 2027", "11. Januar 2027")."""
        if value not in self._dates:
            self._dates[value] = str(format_date(value, format="long", locale=self.locale))
        return self._dates[value]

    def money(self, amount: float, currency: str) -> str:
        """An amount as the locale writes money, with cents only if it has any."""
        key = (*_value_key(amount), currency)
        if key not in self._money:
            self._money[key] = self._format_money(amount, currency)
        return self._money[key]

    def _format_money(self, amount: float, currency: str) -> str:
        pattern = self.locale.currency_formats["standard"].pattern
        if amount == int(amount):
            pattern = pattern.replace(".00", "")
        shown = format_currency(
            amount, currency, format=pattern, locale=self.locale, currency_digits=False
        )
        return str(shown)

    def _text_entry(self, key: str) -> Entry:
        try:
            return self.table[key]
        except KeyError:
            raise StringsError(f"no interface string `{key}` in {self.language}.json") from None

    def _text(self, key: str, count: float | None) -> str:
        entry = self._text_entry(key)
        if isinstance(entry, str):
            return entry
        if count is None:
            raise StringsError(f"`{key}` has plural forms: give it a count")
        return entry[self.locale.plural_form(abs(count))]


def _value_key(value: float) -> tuple[type, float, float]:
    """A number as a cache key: its type, its value and its sign (Babel writes -0.0 "-0")."""
    return type(value), value, math.copysign(1.0, value)


def register_filters(env: Environment, strings: Strings) -> None:
    """Give a template environment the interface's words and formats, as filters.

    `{{ "facts.heading" | t }}`, `{{ "count.weeks" | t(count=n) }}`, `{{ value | label }}`,
    `{{ weight | percent }}`; `{{ "results.all" | plurals }}` is a plural text's forms by
    category, for the filter script to choose from. `t` writes for the template it is in: where
    autoescaping is on (HTML) it gives escaped HTML in which Markup values stay markup, where it
    is off (the Markdown bodies) plain text, to go through `| md`.
    """

    @pass_eval_context
    def text(context: EvalContext, key: str, /, count: float | None = None, **values: Any) -> str:
        if context.autoescape:
            return strings.html(key, count, **values)
        return strings(key, count, **values)

    env.filters["t"] = text
    env.filters["label"] = strings.label
    env.filters["percent"] = strings.percent
    env.filters["plurals"] = strings.plurals


def site_locale(language: str, country: str | None) -> Locale:
    """The locale of `language` as written in `country` when Babel knows it, else as a whole."""
    tag = language.replace("-", "_")
    for candidate in (f"{tag}_{country}" if country else None, tag):
        if candidate is None:
            continue
        try:
            return Locale.parse(candidate)
        except (ValueError, UnknownLocaleError):
            continue
    raise StringsError(f"`{language}` is not a language Babel knows")


@functools.cache
def _table(language: str) -> Mapping[str, Entry]:
    path = FOLDER / f"{language}.json"
    if not path.is_file():
        raise StringsError(
            f"the interface has no strings for `{language}` (theme.language); it has "
            f"{', '.join(languages())}. Add strings/{language}.json with the keys of en.json"
        )
    table = _read(path)
    categories = _categories(language)
    problems = []
    for key, entry in table.items():
        if not isinstance(entry, str | dict) or (
            isinstance(entry, dict) and not all(isinstance(v, str) for v in entry.values())
        ):
            problems.append(f"`{key}` must be a text or a mapping of plural forms to texts")
        elif isinstance(entry, dict) and set(entry) != categories:
            problems.append(f"`{key}` needs exactly the plural forms {sorted(categories)}")
    if language != REFERENCE:
        reference = _table(REFERENCE)
        problems += [f"`{key}` is missing" for key in reference if key not in table]
        problems += [f"`{key}` is not in {REFERENCE}.json" for key in table if key not in reference]
    if problems:
        raise StringsError(f"strings/{language}.json: " + "; ".join(problems))
    return table


def _read(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=_unique_keys(path))
    if not isinstance(data, dict):
        raise StringsError(f"strings/{path.name} must be one object of keys and texts")
    return data


def _unique_keys(path: Path) -> Any:
    # JSON lets a later key silently replace an earlier one: a translation would be lost.
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        twice = sorted(key for key, n in Counter(key for key, _ in items).items() if n > 1)
        if twice:
            raise StringsError(f"strings/{path.name}: {', '.join(twice)} written twice")
        return dict(items)

    return pairs


def _categories(language: str) -> set[str]:
    return set(site_locale(language, None).plural_form.tags) | {"other"}
