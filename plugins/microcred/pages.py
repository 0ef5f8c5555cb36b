"""Stage 4: the validated Catalogue as the pages a site publishes.

Each page is a `PageSpec`: where it lives, its title, the template that draws it, the Markdown
body (what a search engine of the site indexes) and the data the template needs around that
body. The Markdown is rendered from Jinja templates (`microcred/*.md.j2` in the theme folders),
so no markup is written here. Nothing in this module knows about MkDocs.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import nh3
import yaml
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .catalogue import Catalogue, Subject
from .models import Intake, Partner, Programme

# Display names for the closed vocabularies of the content model: the one place they live.
LABELS: Mapping[str, str] = {
    "micro-credential": "Micro-credential",
    "digital-badge": "Digital badge",
    "certificate": "Certificate",
    "professional-award": "Professional award",
    "introductory": "Introductory",
    "intermediate": "Intermediate",
    "advanced": "Advanced",
    "online": "Online",
    "in-person": "In person",
    "blended": "Blended",
    "self-paced": "Self-paced",
    "scheduled": "Scheduled",
    "written-examination": "Written examination",
    "oral-examination": "Oral examination",
    "practical-assessment": "Practical assessment",
    "project-work": "Project work",
    "portfolio": "Portfolio",
    "artefact-assessment": "Artefact assessment",
    "marked-assignment": "Marked assignment",
    "quiz": "Quiz",
    "peer-assessment": "Peer assessment",
    "continuous-evaluation": "Continuous evaluation",
    "presentation": "Presentation",
    "unsupervised-no-id": "Unsupervised, no identity check",
    "supervised-no-id": "Supervised, no identity check",
    "supervised-online-id": "Supervised online, with identity check",
    "supervised-onsite-id": "Supervised on site, with identity check",
    "internal": "Internal",
    "external": "External",
    "co-designed": "Co-designed the programme",
    "endorses": "Endorses the programme",
    "hosts-placements": "Hosts placements",
    "funds-scholarships": "Funds scholarships",
    "recruits-graduates": "Recruits graduates",
}

# Python-Markdown's backslash escapes, plus `|` (tables) and `~`/`^`/`=` (common extensions).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~^=:])")


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
    role: str
    note: str | None


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
    workload_hours: str
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
    website: str
    logo: str | None
    sector: str | None
    count: int


def markdown_escape(value: object) -> str:
    """Plain text made safe to place in Markdown: no markup, no HTML, shown as written."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", str(value))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
        self.locale = _locale(language, catalogue.settings.institution.country)
        self.env = Environment(
            loader=FileSystemLoader([str(d) for d in template_dirs]),
            autoescape=select_autoescape(enabled_extensions=(), default=False),
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["md"] = markdown_escape
        self.env.filters["label"] = label
        self.env.finalize = _no_none

    def all(self) -> list[PageSpec]:
        """Every page and redirect of the site, hubs first."""
        catalogue = self.catalogue
        specs = [self.programmes_hub(), self.subjects_hub(), self.partners_hub()]
        specs += [self.programme(pid) for pid in catalogue.published + catalogue.archived]
        specs += [self.redirect(old, new) for old, new in sorted(catalogue.redirects.items())]
        specs += [self.subject(subject) for subject in catalogue.subjects.values()]
        specs += [self.partner(pid) for pid in sorted(catalogue.partners)]
        return specs

    # Pages

    def programme(self, pid: str) -> PageSpec:
        programme = self.catalogue.programmes[pid]
        src = programme_src(pid)
        view = self.programme_view(programme)
        body = self._render(
            "programme.md.j2",
            programme=programme,
            description=programme.description,
            prerequisites=[self._programme_link(r, src) for r in _prerequisite_ids(programme)],
            partners=[self._partner_link(p.partner, p.role, p.note, src) for p in
                      programme.employer_partners],
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
            "programmes/index.md",
            "Programmes",
            "programmes.html",
            body,
            {"cards": cards, "count": len(cards)},
            in_nav=True,
        )

    def subjects_hub(self) -> PageSpec:
        subjects = [
            SubjectView(s.slug, s.name, subject_url(s.slug), self._published_count(s.programmes))
            for s in self.catalogue.subjects.values()
        ]
        body = self._render("subjects.md.j2", subjects=subjects)
        return self._spec(
            "subjects/index.md",
            "Subjects",
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
        return self._spec(
            f"subjects/{subject.slug}.md",
            subject.name,
            "subject.html",
            body,
            {
                "subject": SubjectView(subject.slug, subject.name, subject_url(subject.slug),
                                       len(current)),
                "cards": current,
                "archived": [c for c in cards if c.archived],
            },
        )  # fmt: skip

    def partners_hub(self) -> PageSpec:
        partners = [self.partner_view(pid) for pid in sorted(self.catalogue.partners)]
        body = self._render("partners.md.j2", partners=partners)
        return self._spec(
            "partners/index.md",
            "Employer partners",
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
            partner_src(pid),
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
            src_uri=programme_src(old),
            title=programme.title,
            template="redirect.html",
            markdown="",
            context={"title": programme.title, "old_id": old},
            source=self.catalogue.sources.get(("programme", new)),
            redirect_to=programme_src(new),
        )

    # Views

    def cards(self, ids: Iterable[str]) -> list[Card]:
        return [self.card(pid) for pid in ids]

    def card(self, pid: str) -> Card:
        programme = self.catalogue.programmes[pid]
        return Card(
            id=pid,
            url=programme_url(pid),
            title=programme.title,
            summary=programme.summary,
            subjects=tuple(programme.subjects),
            level=self._level(programme),
            mode=label(programme.mode),
            pace=label(programme.pace) if programme.pace else None,
            duration_weeks=programme.duration_weeks,
            fee=self._fee(programme),
            free=_free(programme),
            next_intake=self._next_intake(programme),
            partners=tuple(
                self._partner_link(p.partner, p.role, p.note, None)
                for p in programme.employer_partners
            ),
            badge_image=programme.badge_image,
            archived=programme.status == "archived",
        )

    def programme_view(self, programme: Programme) -> ProgrammeView:
        contact = programme.contact
        return ProgrammeView(
            id=programme.id,
            url=programme_url(programme.id),
            title=programme.title,
            summary=programme.summary,
            archived=programme.status == "archived",
            badge_image=programme.badge_image,
            facts=self._facts(programme),
            intakes=tuple(self._intake(i) for i in sorted(programme.intakes, key=_start)),
            apply_url=programme.apply_url,
            contact_name=contact.name if contact else None,
            contact_email=contact.email if contact else None,
            last_reviewed=self._date(programme.last_reviewed),
            last_reviewed_iso=_iso(programme.last_reviewed),
            partners=tuple(
                self._partner_link(p.partner, p.role, p.note, None)
                for p in programme.employer_partners
            ),
        )

    def partner_view(self, pid: str) -> PartnerView:
        partner: Partner = self.catalogue.partners[pid]
        return PartnerView(
            id=pid,
            name=partner.name,
            url=partner_url(pid),
            website=partner.website,
            logo=partner.logo,
            sector=partner.sector,
            count=len(self.catalogue.by_partner.get(pid, ())),
        )

    def _facts(self, programme: Programme) -> Facts:
        qa = programme.quality_assurance
        fee = programme.fee
        return Facts(
            credential=label(programme.credential),
            level=self._level(programme),
            ects=_number(programme.ects, self.locale) if programme.ects else None,
            workload_hours=_number(programme.workload_hours, self.locale),
            duration_weeks=programme.duration_weeks,
            mode=label(programme.mode),
            pace=label(programme.pace) if programme.pace else None,
            languages=tuple(self._language(tag) for tag in programme.languages or ()),
            next_intake=self._next_intake(programme),
            fee=self._fee(programme),
            free=_free(programme),
            funding=fee.funding if fee else None,
            awarding_bodies=tuple(
                f"{body.name} ({self.locale.territories.get(body.country, body.country)})"
                for body in programme.awarding_bodies or ()
            ),
            quality_assurance=(
                f"{label(qa.type)}{': ' + qa.body if qa.body else ''}" if qa else None
            ),
            quality_assurance_url=qa.url if qa else None,
            quality_assurance_statement=qa.statement if qa else None,
            supervision=label(programme.supervision) if programme.supervision else None,
        )

    def _level(self, programme: Programme) -> str | None:
        level = programme.level
        if level is None:
            return None
        parts = [
            f"EQF {level.eqf}" if level.eqf else None,
            level.nqf,
            label(level.difficulty) if level.difficulty else None,
        ]
        return " · ".join(p for p in parts if p) or None

    def _fee(self, programme: Programme) -> str | None:
        fee = programme.fee
        if fee is None or fee.amount == 0:
            return None
        currency = fee.currency or self.catalogue.settings.defaults.currency
        pattern = "¤#,##0" if fee.amount == int(fee.amount) else "¤#,##0.00"
        return str(
            format_currency(
                fee.amount, currency, format=pattern, locale=self.locale, currency_digits=False
            )
        )

    def _next_intake(self, programme: Programme) -> IntakeView | None:
        upcoming = [i for i in programme.intakes if i.start >= self.catalogue.today]
        return self._intake(min(upcoming, key=_start)) if upcoming else None

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
        return str(format_date(value, format="long", locale=self.locale)) if value else None

    def _programme_link(self, pid: str, from_src: str) -> ProgrammeLink:
        return ProgrammeLink(
            pid, self.catalogue.programmes[pid].title, _relative(from_src, programme_src(pid))
        )

    def _partner_link(
        self, pid: str, role: str, note: str | None, from_src: str | None
    ) -> PartnerLink:
        partner = self.catalogue.partners[pid]
        url = _relative(from_src, partner_src(pid)) if from_src else partner_url(pid)
        logo = partner.logo
        if logo and from_src and "://" not in logo:
            logo = _relative(from_src, logo)
        return PartnerLink(pid, partner.name, url, logo, label(role), note)

    def _published_count(self, ids: Iterable[str]) -> int:
        return sum(1 for pid in ids if self.catalogue.programmes[pid].status == "published")

    def _listing_order(self, card: Card) -> tuple[bool, str, str]:
        start = card.next_intake.start_iso if card.next_intake else ""
        return (card.next_intake is None, start, card.title.casefold())

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
        meta: dict[str, Any] = {"template": template, "title": title, "hide": ["navigation", "toc"]}
        if description:
            meta["description"] = description
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
        return PageSpec(
            src_uri=src,
            title=title,
            template=template,
            markdown=f"---\n{front}---\n\n{body}",
            context=context,
            in_nav=in_nav,
            source=source,
        )


def label(value: str) -> str:
    """The display name of a vocabulary value ("project-work" -> "Project work")."""
    return LABELS.get(value, value)


def programme_src(pid: str) -> str:
    return f"programmes/{pid}.md"


def programme_url(pid: str) -> str:
    return f"programmes/{pid}/"


def partner_src(pid: str) -> str:
    return f"partners/{pid}.md"


def partner_url(pid: str) -> str:
    return f"partners/{pid}/"


def subject_url(slug: str) -> str:
    return f"subjects/{slug}/"


def _relative(from_src: str | None, to_src: str) -> str:
    base = posixpath.dirname(from_src or "")
    return posixpath.relpath(to_src, base or ".")


def _prerequisite_ids(programme: Programme) -> list[str]:
    return list(programme.prerequisites.programmes) if programme.prerequisites else []


def _locale(language: str, country: str | None) -> Locale:
    for candidate in (f"{language}_{country}" if country else None, language, "en"):
        if candidate is None:
            continue
        try:
            return Locale.parse(candidate)
        except (ValueError, UnknownLocaleError):
            continue
    return Locale("en")


def _number(value: float, locale: Locale) -> str:
    return str(format_decimal(value, locale=locale))


def _free(programme: Programme) -> bool:
    return programme.fee is not None and programme.fee.amount == 0


def _start(intake: Intake) -> date:
    return intake.start


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _no_none(value: object) -> object:
    # StrictUndefined catches typos; None printed as "None" would be a silent bug of the same kind.
    return "" if value is None else value
