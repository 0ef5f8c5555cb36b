"""Each page the site publishes as a `PageSpec`, and the `Pages` that makes them.

A spec is where a page lives, its title, the template that draws it, the Markdown body (what a
search engine of the site indexes) and the data the template needs around that body (the
views). The Markdown is rendered from Jinja templates (`microcred/*.md.j2` in the theme
folders), so no markup is written here.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml
from jinja2 import Environment, StrictUndefined

from .. import addresses
from ..catalogue import Catalogue, Subject
from ..models import Intake, Partner, Programme
from ..strings import for_site
from ..strings import register_filters as register_strings
from .facets import Facets
from .formatting import (
    Formats,
    image_reference,
    iso,
    markdown_escape,
    strip_unprintable,
    web_address,
)
from .views import Card, IntakeView, PartnerLink, PartnerView, SubjectView

_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


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


class Pages:
    """Turns one catalogue into its pages. Create one per build."""

    def __init__(
        self,
        catalogue: Catalogue,
        env: Environment,
        *,
        language: str = "en",
    ) -> None:
        """`env` is the site's template environment (MkDocs' own in a build), with the filters
        of `register_filters` on it; the Markdown bodies render through it too."""
        self.catalogue = catalogue
        self.strings = for_site(language, catalogue.settings.institution.country)
        self.locale = self.strings.locale
        self.formats = Formats(self.strings, catalogue.settings.defaults.currency)
        self._facets = Facets(catalogue, self.formats)
        # The same loader, templates and filters as the HTML templates; for Markdown, no
        # escaping (the `md` filter escapes for Markdown instead), unknown names fail, and None
        # prints as nothing.
        self.env = env.overlay(
            autoescape=False,
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            finalize=_no_none,
        )
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
        body = self._render("programme.md.j2", programme=programme, src=src)
        return self._spec(
            src,
            programme.title,
            "programme.html",
            body,
            {"programme": programme},
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
                "filters": self._facets.filters(self.catalogue.published),
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
            level=self.formats.level(programme),
            mode=self.strings.label(programme.mode),
            pace=self.strings.label(programme.pace) if programme.pace else None,
            duration_weeks=programme.duration_weeks,
            fee=self.formats.fee(programme),
            free=_free(programme),
            next_intake=self._next_intake(programme),
            partners=tuple(self._partner_links(programme, None)),
            badge_image=image_reference(programme.badge_image),
            archived=programme.status == "archived",
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

    def _next_intake(self, programme: Programme) -> IntakeView | None:
        intake = self.catalogue.next_intake(programme.id)
        return self._intake(intake) if intake else None

    def _intake(self, intake: Intake) -> IntakeView:
        return IntakeView(
            start=self.formats.date(intake.start) or "",
            start_iso=intake.start.isoformat(),
            end=self.formats.date(intake.end),
            end_iso=iso(intake.end),
            deadline=self.formats.date(intake.application_deadline),
            deadline_iso=iso(intake.application_deadline),
            location=intake.location,
            places=intake.places,
            upcoming=intake.start >= self.catalogue.today,
        )

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
            "title": strip_unprintable(title),
            "hide": ["navigation", "toc"],
        }
        if description:
            meta["description"] = strip_unprintable(description)
        # The C emitter writes the same text ten times faster than PyYAML's pure-Python one.
        front = yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=False)
        return PageSpec(
            src_uri=src,
            title=title,
            template=template,
            markdown=f"---\n{front}---\n\n{strip_unprintable(body)}",
            context=context,
            in_nav=in_nav,
            source=source,
        )


def _relative(from_src: str | None, to_src: str) -> str:
    base = posixpath.dirname(from_src or "")
    return posixpath.relpath(to_src, base or ".")


def relative(to: str, from_src: str) -> str:
    """A path under docs/ as a Markdown link from the page whose source is `from_src`."""
    return to if "://" in to else _relative(from_src, to)


def _prerequisite_ids(programme: Programme) -> list[str]:
    return list(programme.prerequisites.programmes) if programme.prerequisites else []


def _free(programme: Programme) -> bool:
    return programme.fee is not None and programme.fee.amount == 0


def _start(intake: Intake) -> date:
    return intake.start


def _no_none(value: object) -> object:
    # StrictUndefined catches typos; None printed as "None" would be a silent bug of the same kind.
    return "" if value is None else value


def register_filters(env: Environment, catalogue: Catalogue, language: str) -> None:
    """Put the pages' filters on a template environment, once, so that templates format the
    models themselves in the site's language.

    Words: `t`, `label`, `percent`, `plurals` (see strings.register_filters). Values:
    `date` (a date written out, None stays None), `iso` (YYYY-MM-DD), `number`,
    `programme | fee` (None if free or unpriced), `programme | free`, `programme | level`,
    `programme | quality_assurance`, `programme | next_intake` (a models.Intake or None),
    `intake | upcoming`, `tag | language` (a language's name), `body | awarding_body`,
    `programme | partner_roles` (each partner once: the models.Partner, its roles and notes).
    Links in Markdown: `'partner' | source(id=x)` (a page's source path, addresses.src) and
    `path | relative(src)` (from the page whose source is `src`; a web address stays as it is).
    Checks: `url | web` (a web address a browser reads as it appears, else None),
    `reference | image` (a badge or logo reference, else None). Markdown: `md`.
    """
    strings = for_site(language, catalogue.settings.institution.country)
    formats = Formats(strings, catalogue.settings.defaults.currency)
    register_strings(env, strings)

    def next_intake(programme: Programme) -> Intake | None:
        return catalogue.next_intake(programme.id)

    def upcoming(intake: Intake) -> bool:
        return intake.start >= catalogue.today

    def partner_roles(programme: Programme) -> list[tuple[Partner, list[str], list[str]]]:
        # A partner listed twice has both roles, shown once, in the file's order.
        roles: dict[str, tuple[list[str], list[str]]] = {}
        for link in programme.employer_partners:
            kinds, notes = roles.setdefault(link.partner, ([], []))
            kinds.append(link.role)
            notes.extend([link.note] if link.note else [])
        return [(catalogue.partners[pid], kinds, notes) for pid, (kinds, notes) in roles.items()]

    env.filters.update(
        {
            "md": markdown_escape,
            "date": formats.date,
            "iso": iso,
            "number": formats.number,
            "fee": formats.fee,
            "free": _free,
            "level": formats.level,
            "quality_assurance": formats.quality_assurance,
            "next_intake": next_intake,
            "upcoming": upcoming,
            "partner_roles": partner_roles,
            "source": addresses.src,
            "relative": relative,
            "language": formats.language,
            "awarding_body": formats.awarding_body,
            "web": web_address,
            "image": image_reference,
        }
    )
