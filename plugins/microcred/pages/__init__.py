"""Stage 4: the validated Catalogue as the pages a site publishes.

Each page is a `PageSpec`: where it lives, its title, the template that draws it, the Markdown
body (what a search engine of the site indexes) and the data the template needs around that
body. The Markdown is rendered from Jinja templates (`microcred/*.md.j2` in the theme folders),
so no markup is written here. Nothing in this module knows about MkDocs.
"""

from __future__ import annotations

import calendar
import itertools
import posixpath
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any, get_args
from urllib.parse import quote, urlsplit

import nh3
import yaml
from babel import Locale, UnknownLocaleError
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .. import addresses
from ..catalogue import Catalogue, Subject, slugify
from ..models import CredentialType, Difficulty, Intake, Mode, Pace, Partner, Programme
from ..strings import for_site, register_filters

_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# The listing's filters. Bands are defined once, by their limits: the options, their labels and
# counts, and every card's data come from these. A band holds `low <= value < high`.
DURATION_LIMITS = (7, 13)  # weeks: under 7, 7-12, 13 or more
# In the catalogue's currency (`default_currency`); a fee of 0 is "free" whatever the currency,
# and a fee in another currency is in no band, since amounts in two currencies do not compare.
FEE_LIMITS = (1000, 2000)
FREE = "free"
START_WINDOWS = (3, 6)  # "starts within" this many months of the visitor's today

# Plain text in Markdown. Python-Markdown (with what MkDocs always adds, toc, tables and
# fenced_code, and the site's md_in_html, attr_list and admonition) reads markup anywhere in a
# line (code, emphasis, links, attribute lists, HTML, entities) and at the start of one
# (headings, list items, rules, admonitions, setext underlines, fences). A backslash goes only
# before a character Python-Markdown unescapes, and only where it would be markup, so text such
# as "3.5-hour labs (online)" stays readable where the Markdown itself is read (badge
# narratives); `&`, `<`, `>` and a leading `=` or `~`, which no backslash escapes, become
# entities. Tables need two lines and plain text is one: `|` stays as it is.
_MARKDOWN_INLINE = str.maketrans(
    {char: "\\" + char for char in "\\`*_[]{}"} | {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
)
_MARKDOWN_LINE_START = re.compile(r"^( ?)(?:([#+!-])|(\d+)(?=\.)|([=~]))")
# A run of spaces, tabs or line breaks becomes one space: in Markdown it can make a hard line
# break, a code block, a new paragraph or a new line start; in HTML text it shows as one space.
_MARKDOWN_SPACE = re.compile(r"[ \t\r\n]+")
# Characters that make a document ill-formed, or that no reader shows: C0 controls but tab,
# line feed and carriage return (XML 1.0 forbids them, iCalendar too), DEL and C1 controls,
# lone surrogates (they cannot be written as UTF-8 at all), and the noncharacters of the basic
# plane. (Those of the other planes are valid XML and harmless in HTML; listing them made this
# search ten times slower, 6 ms a page, since every page of the site goes through it.)
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
# What may stay as it is in a link's address in Markdown: a space, a quote, a parenthesis, a
# backtick, a backslash or a brace could end the address, start a title or a code span, or add
# attributes (attr_list), so every other character is percent-encoded.
_URL_SAFE = "/:?#[]@!$&+,;=%~*"
# Browsers drop tabs and line breaks from an address and read a backslash as a slash, so an
# address that holds one is not the address it seems ("java\tscript:", "https://a\\@b").
_URL_UNSAFE = re.compile(r"[\x00-\x20\x7f\\]")


@dataclass(frozen=True)
class PageSpec:
    """One page to generate.

    `src_uri` is the page's path as if it were a Markdown file under `docs/`; `markdown` is its
    full text, front matter included; `context` is what its template receives. A spec with
    `redirect_to` (the `src_uri` of the current page) is a standalone redirect, not a page.
    `source` is the catalogue file the page came from, for "edit this page".
    """

    src_uri: str
    title: str
    template: str
    markdown: str
    context: Mapping[str, Any]
    in_nav: bool = False
    source: str | None = None
    redirect_to: str | None = None


@dataclass(frozen=True)
class IntakeView:
    start: str
    start_iso: str
    end: str | None
    end_iso: str | None
    deadline: str | None
    deadline_iso: str | None
    location: str | None
    places: int | None
    upcoming: bool


@dataclass(frozen=True)
class PartnerLink:
    id: str
    name: str
    url: str
    logo: str | None
    roles: tuple[str, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class ProgrammeLink:
    id: str
    title: str
    url: str


@dataclass(frozen=True)
class Card:
    """What a listing shows of one programme."""

    id: str
    url: str
    title: str
    summary: str
    subjects: tuple[str, ...]
    level: str | None
    mode: str
    pace: str | None
    duration_weeks: int | None
    fee: str | None
    free: bool
    next_intake: IntakeView | None
    partners: tuple[PartnerLink, ...]
    badge_image: str | None
    archived: bool


@dataclass(frozen=True)
class Facts:
    """The facts panel of a programme page, every value ready to print."""

    credential: str
    level: str | None
    ects: str | None
    workload_hours: float
    duration_weeks: int | None
    mode: str
    pace: str | None
    languages: tuple[str, ...]
    next_intake: IntakeView | None
    fee: str | None
    free: bool
    funding: str | None
    awarding_bodies: tuple[str, ...]
    quality_assurance: str | None
    quality_assurance_url: str | None
    quality_assurance_statement: str | None
    supervision: str | None


@dataclass(frozen=True)
class ProgrammeView:
    """Everything a programme page draws around its Markdown body."""

    id: str
    url: str
    title: str
    summary: str
    archived: bool
    badge_image: str | None
    facts: Facts
    intakes: tuple[IntakeView, ...]
    apply_url: str | None
    contact_name: str | None
    contact_email: str | None
    last_reviewed: str | None
    last_reviewed_iso: str | None
    partners: tuple[PartnerLink, ...] = field(default=())


@dataclass(frozen=True)
class SubjectView:
    slug: str
    name: str
    url: str
    count: int


@dataclass(frozen=True)
class PartnerView:
    id: str
    name: str
    url: str
    website: str | None
    logo: str | None
    sector: str | None
    count: int


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
    """The listing's filter groups, counted over its programmes, and each card's data.

    `cards` maps a programme id to its card's `data-*` attributes (name without the prefix,
    value): all that assets/javascripts/catalogue-filters.js reads from a card.
    """

    facets: tuple[Facet, ...]
    cards: Mapping[str, tuple[tuple[str, str], ...]]


def markdown_escape(value: object, *, link: bool = False) -> str:
    """Plain text made safe to place in Markdown: no markup, no HTML, shown as written.

    With `link`, the value is the address of a link or an image (`[text](address)`) and is
    percent-encoded instead, which keeps it the same address.
    """
    if link:
        return quote(str(value), safe=_URL_SAFE)
    text = _MARKDOWN_SPACE.sub(" ", str(value)).translate(_MARKDOWN_INLINE)
    return _MARKDOWN_LINE_START.sub(_line_start, text, count=1)


def _line_start(match: re.Match[str]) -> str:
    space, marker, number, unescapable = match.groups()
    if marker:
        return f"{space}\\{marker}"
    if number:
        return f"{space}{number}\\"  # before the dot: "1\. "
    return f"{space}&#{ord(unescapable)};"


def printable(text: str) -> str:
    """Text without the characters that would make an output ill-formed (see _UNPRINTABLE)."""
    return _UNPRINTABLE.sub("", text)


def web_address(url: str | None, *, schemes: tuple[str, ...] = ("https",)) -> str | None:
    """`url` if a browser reads it as the https (or `schemes`) address it appears to be.

    The models accept no other; templates print these addresses in `href` and `src`, where a
    `javascript:` URL would run, so the same rule holds here whatever reaches a view.
    """
    if url is None or _URL_UNSAFE.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # an unclosed IPv6 bracket
        return None
    return url if parts.scheme in schemes and parts.hostname else None


def image_reference(reference: str | None) -> str | None:
    """A badge or logo as written in the YAML if it is a web address or a path on the site."""
    if reference is None or _URL_UNSAFE.search(reference):
        return None
    if "://" in reference:
        return web_address(reference)
    # No scheme and no host: a path under docs/ ("/x" and "//host/x" lead elsewhere).
    if ":" in reference.partition("/")[0] or reference.startswith("/"):
        return None
    return reference


def sanitise_html(html: str) -> str:
    """Rendered page content with anything executable removed.

    An allow-list: ordinary document elements and attributes survive; scripts, styles, event
    handlers, forms and `javascript:` or `data:` URLs do not.
    """
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"https", "http", "mailto", "tel"},
        link_rel=None,
        strip_comments=True,
    )


_ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start"},
    "time": {"datetime"},
}


class Pages:
    """Turns one catalogue into its pages. Create one per build."""

    def __init__(
        self,
        catalogue: Catalogue,
        template_dirs: Sequence[Path],
        *,
        language: str = "en",
    ) -> None:
        self.catalogue = catalogue
        self.strings = for_site(language, catalogue.settings.institution.country)
        self.locale = self.strings.locale
        self.env = Environment(
            loader=FileSystemLoader([str(d) for d in template_dirs]),
            autoescape=select_autoescape(enabled_extensions=(), default=False),
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        register_filters(self.env, self.strings, html=False)
        self.env.filters["md"] = markdown_escape
        self.env.finalize = _no_none
        # A programme's card appears on the listing and on each of its subject and partner
        # pages: compute each once per build.
        self._cards: dict[str, Card] = {}

    def all(self) -> list[PageSpec]:
        """Every page and redirect of the site, hubs first."""
        catalogue = self.catalogue
        specs = [self.programmes_hub(), self.subjects_hub(), self.partners_hub()]
        specs += [self.programme(pid) for pid in catalogue.published + catalogue.archived]
        specs += [self.redirect(old, new) for old, new in sorted(catalogue.redirects.items())]
        specs += [self.subject(subject) for subject in catalogue.subjects.values()]
        specs += [self.partner(pid) for pid in sorted(catalogue.partners)]
        return specs

    def home_context(self) -> dict[str, Any]:
        """What the home page's template (`home.html`) shows of the catalogue."""
        return {"subjects": self._subject_views(), "count": len(self.catalogue.published)}

    # Pages

    def programme(self, pid: str) -> PageSpec:
        programme = self.catalogue.programmes[pid]
        src = addresses.src("programme", id=pid)
        view = self.programme_view(programme)
        body = self._render(
            "programme.md.j2",
            programme=programme,
            description=programme.description,
            prerequisites=[self._programme_link(r, src) for r in _prerequisite_ids(programme)],
            partners=self._partner_links(programme, src),
        )  # fmt: skip
        return self._spec(
            src,
            programme.title,
            "programme.html",
            body,
            {"programme": view},
            description=programme.summary,
            source=self.catalogue.sources.get(("programme", pid)),
        )

    def programmes_hub(self) -> PageSpec:
        cards = self.cards(self.catalogue.published)
        cards.sort(key=self._listing_order)
        body = self._render("programmes.md.j2", count=len(cards))
        return self._spec(
            addresses.src("programmes"),
            self.strings("hub.programmes"),
            "programmes.html",
            body,
            {
                "cards": cards,
                "count": len(cards),
                "filters": self.filters(self.catalogue.published),
            },
            in_nav=True,
        )

    def subjects_hub(self) -> PageSpec:
        subjects = self._subject_views()
        body = self._render("subjects.md.j2", subjects=subjects)
        return self._spec(
            addresses.src("subjects"),
            self.strings("hub.subjects"),
            "subjects.html",
            body,
            {"subjects": subjects},
            in_nav=True,
        )

    def subject(self, subject: Subject) -> PageSpec:
        cards = self.cards(subject.programmes)
        cards.sort(key=self._listing_order)
        current = [c for c in cards if not c.archived]
        body = self._render("subject.md.j2", subject=subject, count=len(current))
        url = addresses.url("subject", slug=subject.slug)
        return self._spec(
            addresses.src("subject", slug=subject.slug),
            subject.name,
            "subject.html",
            body,
            {
                "subject": SubjectView(subject.slug, subject.name, url, len(current)),
                "cards": current,
                "archived": [c for c in cards if c.archived],
            },
        )

    def partners_hub(self) -> PageSpec:
        partners = [self.partner_view(pid) for pid in sorted(self.catalogue.partners)]
        body = self._render("partners.md.j2", partners=partners)
        return self._spec(
            addresses.src("partners"),
            self.strings("hub.partners"),
            "partners.html",
            body,
            {"partners": partners},
            in_nav=True,
        )

    def partner(self, pid: str) -> PageSpec:
        partner = self.catalogue.partners[pid]
        cards = self.cards(self.catalogue.by_partner.get(pid, ()))
        cards.sort(key=self._listing_order)
        body = self._render("partner.md.j2", partner=partner, description=partner.description)
        return self._spec(
            addresses.src("partner", id=pid),
            partner.name,
            "partner.html",
            body,
            {
                "partner": self.partner_view(pid),
                "cards": [c for c in cards if not c.archived],
                "archived": [c for c in cards if c.archived],
            },
            source=self.catalogue.sources.get(("partner", pid)),
        )

    def redirect(self, old: str, new: str) -> PageSpec:
        programme = self.catalogue.programmes[new]
        return PageSpec(
            src_uri=addresses.src("programme", id=old),
            title=programme.title,
            template="redirect.html",
            markdown="",
            context={"title": programme.title, "old_id": old},
            source=self.catalogue.sources.get(("programme", new)),
            redirect_to=addresses.src("programme", id=new),
        )

    # Views

    def cards(self, ids: Iterable[str]) -> list[Card]:
        return [self.card(pid) for pid in ids]

    def card(self, pid: str) -> Card:
        if pid not in self._cards:
            self._cards[pid] = self._card(pid)
        return self._cards[pid]

    def _card(self, pid: str) -> Card:
        programme = self.catalogue.programmes[pid]
        return Card(
            id=pid,
            url=addresses.url("programme", id=pid),
            title=programme.title,
            summary=programme.summary,
            subjects=tuple(programme.subjects),
            level=self._level(programme),
            mode=self.strings.label(programme.mode),
            pace=self.strings.label(programme.pace) if programme.pace else None,
            duration_weeks=programme.duration_weeks,
            fee=self._fee(programme),
            free=_free(programme),
            next_intake=self._next_intake(programme),
            partners=tuple(self._partner_links(programme, None)),
            badge_image=image_reference(programme.badge_image),
            archived=programme.status == "archived",
        )

    def programme_view(self, programme: Programme) -> ProgrammeView:
        contact = programme.contact
        return ProgrammeView(
            id=programme.id,
            url=addresses.url("programme", id=programme.id),
            title=programme.title,
            summary=programme.summary,
            archived=programme.status == "archived",
            badge_image=image_reference(programme.badge_image),
            facts=self._facts(programme),
            intakes=tuple(self._intake(i) for i in sorted(programme.intakes, key=_start)),
            apply_url=web_address(programme.apply_url),
            contact_name=contact.name if contact else None,
            contact_email=contact.email if contact else None,
            last_reviewed=self._date(programme.last_reviewed),
            last_reviewed_iso=_iso(programme.last_reviewed),
            partners=tuple(self._partner_links(programme, None)),
        )

    def partner_view(self, pid: str) -> PartnerView:
        partner: Partner = self.catalogue.partners[pid]
        return PartnerView(
            id=pid,
            name=partner.name,
            url=addresses.url("partner", id=pid),
            website=web_address(partner.website),
            logo=image_reference(partner.logo),
            sector=partner.sector,
            count=len(self.catalogue.by_partner.get(pid, ())),
        )

    def _facts(self, programme: Programme) -> Facts:
        qa = programme.quality_assurance
        fee = programme.fee
        return Facts(
            credential=self.strings.label(programme.credential),
            level=self._level(programme),
            ects=self.strings.number(programme.ects) if programme.ects else None,
            workload_hours=programme.workload_hours,
            duration_weeks=programme.duration_weeks,
            mode=self.strings.label(programme.mode),
            pace=self.strings.label(programme.pace) if programme.pace else None,
            languages=tuple(self._language(tag) for tag in programme.languages or ()),
            next_intake=self._next_intake(programme),
            fee=self._fee(programme),
            free=_free(programme),
            funding=fee.funding if fee else None,
            awarding_bodies=tuple(
                f"{body.name} ({self.locale.territories.get(body.country, body.country)})"
                for body in programme.awarding_bodies or ()
            ),
            quality_assurance=self._quality_assurance(programme),
            quality_assurance_url=web_address(qa.url) if qa else None,
            quality_assurance_statement=qa.statement if qa else None,
            supervision=self.strings.label(programme.supervision)
            if programme.supervision
            else None,
        )

    def _quality_assurance(self, programme: Programme) -> str | None:
        qa = programme.quality_assurance
        if qa is None:
            return None
        kind = self.strings.label(qa.type)
        if not qa.body:
            return kind
        return self.strings("facts.quality-assurance-body", type=kind, body=qa.body)

    def _level(self, programme: Programme) -> str | None:
        level = programme.level
        if level is None:
            return None
        parts = [
            self.strings("level.eqf", level=level.eqf) if level.eqf else None,
            level.nqf,
            self.strings.label(level.difficulty) if level.difficulty else None,
        ]
        return " · ".join(p for p in parts if p) or None

    def _fee(self, programme: Programme) -> str | None:
        fee = programme.fee
        if fee is None or fee.amount == 0:
            return None
        return self._money(fee.amount, fee.currency)

    def _next_intake(self, programme: Programme) -> IntakeView | None:
        intake = self.catalogue.next_intake(programme.id)
        return self._intake(intake) if intake else None

    def _intake(self, intake: Intake) -> IntakeView:
        return IntakeView(
            start=self._date(intake.start) or "",
            start_iso=intake.start.isoformat(),
            end=self._date(intake.end),
            end_iso=_iso(intake.end),
            deadline=self._date(intake.application_deadline),
            deadline_iso=_iso(intake.application_deadline),
            location=intake.location,
            places=intake.places,
            upcoming=intake.start >= self.catalogue.today,
        )

    def _language(self, tag: str) -> str:
        try:
            name = Locale.parse(tag, sep="-").get_display_name(self.locale)
        except (ValueError, UnknownLocaleError):
            return tag
        return str(name) if name else tag

    def _date(self, value: date | None) -> str | None:
        return None if value is None else self.strings.date(value)

    def _programme_link(self, pid: str, from_src: str) -> ProgrammeLink:
        to = addresses.src("programme", id=pid)
        return ProgrammeLink(pid, self.catalogue.programmes[pid].title, _relative(from_src, to))

    def _partner_links(self, programme: Programme, from_src: str | None) -> list[PartnerLink]:
        """One link per partner, in the file's order; a partner listed twice has both roles.

        With `from_src`, URLs are relative to that page's source (for Markdown links);
        without, they are site-relative (for templates, which resolve them with `url`).
        """
        roles: dict[str, list[str]] = {}
        notes: dict[str, list[str]] = {}
        for link in programme.employer_partners:
            roles.setdefault(link.partner, []).append(self.strings.label(link.role))
            notes.setdefault(link.partner, []).extend([link.note] if link.note else [])
        links = []
        for pid, partner_roles in roles.items():
            partner = self.catalogue.partners[pid]
            to = addresses.src("partner", id=pid)
            url = _relative(from_src, to) if from_src else addresses.url("partner", id=pid)
            logo = image_reference(partner.logo)
            if logo and from_src and "://" not in logo:
                logo = _relative(from_src, logo)
            links.append(
                PartnerLink(pid, partner.name, url, logo, tuple(partner_roles), tuple(notes[pid]))
            )
        return links

    def _subject_views(self) -> list[SubjectView]:
        return [
            SubjectView(
                s.slug,
                s.name,
                addresses.url("subject", slug=s.slug),
                self._published_count(s.programmes),
            )
            for s in self.catalogue.subjects.values()
        ]

    def _published_count(self, ids: Iterable[str]) -> int:
        return sum(1 for pid in ids if self.catalogue.programmes[pid].status == "published")

    def _listing_order(self, card: Card) -> tuple[bool, str, str]:
        start = card.next_intake.start_iso if card.next_intake else ""
        return (card.next_intake is None, start, card.title.casefold())

    # Filters

    def filters(self, ids: Sequence[str]) -> Filters:
        """The listing's filter groups with their counts over `ids`, and each card's data."""
        programmes = [self.catalogue.programmes[pid] for pid in ids]
        values = [self._facet_values(p) for p in programmes]
        facets = [
            self._facet(name, [v[name] for v in values])
            for name in ("subject", "difficulty", "eqf", "mode", "pace", "duration", "fee",
                         "language", "partner", "credential")
        ]  # fmt: skip
        facets.append(self._starts_facet(programmes))
        cards = {p.id: self._card_data(p, v) for p, v in zip(programmes, values, strict=True)}
        return Filters(tuple(f for f in facets if f.options), MappingProxyType(cards))

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

    def _fee_band(self, programme: Programme) -> tuple[str, ...]:
        amount = self._comparable_fee(programme)
        if amount is None:
            return ()
        return (FREE,) if amount == 0 else (band_value(FEE_LIMITS, amount),)

    def _comparable_fee(self, programme: Programme) -> float | None:
        """The fee if it is free or in the catalogue's currency, else None."""
        fee = programme.fee
        if fee is None:
            return None
        currency = fee.currency or self.catalogue.settings.defaults.currency
        if fee.amount == 0 or currency == self.catalogue.settings.defaults.currency:
            return fee.amount
        return None

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
            return self._language, ()
        if name == "partner":
            return lambda v: self.catalogue.partners[v].name, ()
        return lambda v: self.catalogue.subjects[v].name, ()

    def _money(self, amount: float, currency: str | None = None) -> str:
        """An amount in the catalogue's currency unless another is given."""
        return self.strings.money(amount, currency or self.catalogue.settings.defaults.currency)

    def _weeks_band(self, low: float | None, high: float | None) -> str:
        if low is None:
            return self.strings("filter.weeks-under", count=high)
        if high is None:
            return self.strings("filter.weeks-over", count=low)
        return self.strings("filter.weeks-between", count=high, low=self.strings.number(low))

    def _fee_band_label(self, low: float | None, high: float | None) -> str:
        if low is None:
            return self.strings("filter.fee-under", high=self._money(high or 0))
        if high is None:
            return self.strings("filter.fee-over", low=self._money(low))
        return self.strings("filter.fee-between", low=self._money(low), high=self._money(high))

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

    def _card_data(
        self, programme: Programme, values: Mapping[str, tuple[str, ...]]
    ) -> tuple[tuple[str, str], ...]:
        starts = sorted(i.start for i in programme.intakes if i.start >= self.catalogue.today)
        fee = self._comparable_fee(programme)
        data = [(name, " ".join(tokens)) for name, tokens in values.items() if tokens]
        data.append(("title", programme.title))
        if starts:
            data.append(("starts", " ".join(d.isoformat() for d in starts)))
        if programme.duration_weeks:
            data.append(("weeks", str(programme.duration_weeks)))
        if fee is not None:
            data.append(("fee-amount", f"{fee:.2f}".removesuffix(".00")))
        return tuple(data)

    # Rendering

    def _render(self, template: str, **context: Any) -> str:
        return self.env.get_template(f"microcred/{template}").render(
            catalogue=self.catalogue, **context
        )

    def _spec(
        self,
        src: str,
        title: str,
        template: str,
        body: str,
        context: Mapping[str, Any],
        *,
        description: str | None = None,
        in_nav: bool = False,
        source: str | None = None,
    ) -> PageSpec:
        # Catalogue pages use the full width: their own layout replaces Material's sidebars.
        meta: dict[str, Any] = {
            "template": template,
            "title": printable(title),
            "hide": ["navigation", "toc"],
        }
        if description:
            meta["description"] = printable(description)
        # The C emitter writes the same text ten times faster than PyYAML's pure-Python one.
        front = yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=False)
        return PageSpec(
            src_uri=src,
            title=title,
            template=template,
            markdown=f"---\n{front}---\n\n{printable(body)}",
            context=context,
            in_nav=in_nav,
            source=source,
        )


def _relative(from_src: str | None, to_src: str) -> str:
    base = posixpath.dirname(from_src or "")
    return posixpath.relpath(to_src, base or ".")


def _prerequisite_ids(programme: Programme) -> list[str]:
    return list(programme.prerequisites.programmes) if programme.prerequisites else []


def _free(programme: Programme) -> bool:
    return programme.fee is not None and programme.fee.amount == 0


def _start(intake: Intake) -> date:
    return intake.start


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


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _no_none(value: object) -> object:
    # StrictUndefined catches typos; None printed as "None" would be a silent bug of the same kind.
    return "" if value is None else value
