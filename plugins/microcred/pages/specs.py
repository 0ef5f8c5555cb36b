"""Each page the site publishes as a `PageSpec`, and the `Pages` that makes them.

A spec is where a page lives, its title, the template that draws it, the Markdown body (what a
search engine of the site indexes) and what the template gets around that body: the frozen
models themselves (a models.Programme, a models.Partner, a catalogue.Subject, lists of
programmes), which templates format with the filters of `register_filters`. The Markdown is
rendered from Jinja templates (`microcred/*.md.j2` in the theme folders) through the same
environment as the HTML templates, so no markup is written here.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
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
    free,
    image_reference,
    iso,
    markdown_escape,
    strip_unprintable,
    web_address,
)
from .listing import listing_order, paginate

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

    def all(self) -> list[PageSpec]:
        """Every page and redirect of the site, hubs first."""
        catalogue = self.catalogue
        specs = [*self.programmes_hub(), self.subjects_hub(), self.partners_hub()]
        specs += [self.programme(pid) for pid in catalogue.published + catalogue.archived]
        specs += [self.redirect(old, new) for old, new in sorted(catalogue.redirects.items())]
        specs += [self.subject(subject) for subject in catalogue.subjects.values()]
        specs += [self.partner(pid) for pid in sorted(catalogue.partners)]
        return specs

    def home_context(self) -> dict[str, Any]:
        """What the home page's template (`home.html`) shows of the catalogue."""
        return {"subjects": self._subjects(), "count": len(self.catalogue.published)}

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
            {"programme": programme, "search": self._facets.search_entry(programme)},
            description=programme.summary,
            source=self.catalogue.sources.get(("programme", pid)),
        )

    def programmes_hub(self) -> list[PageSpec]:
        """The listing: /programmes/ and its numbered pages, `PAGE_SIZE` programmes each."""
        published = self.catalogue.published
        order = self.listing(published)
        filters = self._facets.filters(published)
        # The finder's card template draws each partner as a card does: one prototype each.
        partners = [
            self.catalogue.partners[pid]
            for pid, ids in sorted(self.catalogue.by_partner.items())
            if any(self.catalogue.programmes[i].status == "published" for i in ids)
        ]
        body = self._render("programmes.md.j2")
        specs = []
        for page in paginate([p.id for p in order]):
            first = self.strings("hub.programmes")
            specs.append(
                self._spec(
                    page.src,
                    first if page.number == 1 else self.strings("pages.title", number=page.number),
                    "programmes.html",
                    body,
                    {
                        "programmes": order[page.first - 1 : page.last],
                        "listing": page,
                        "count": len(order),
                        "filters": filters,
                        "partners": partners,
                    },
                    in_nav=page.number == 1,
                )
            )
        return specs

    def finder_data(self) -> bytes:
        """The finder's data file (`Facets.finder_data`): the published programmes in listing
        order, each linked relative to the file, as compact JSON."""
        here = posixpath.dirname(addresses.url("finder"))

        def link(pid: str) -> str:
            target = addresses.url("programme", id=pid)
            relative = posixpath.relpath(target, here)
            return relative + "/" if target.endswith("/") else relative

        data = self._facets.finder_data(self.catalogue.published, link)
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()

    def subjects_hub(self) -> PageSpec:
        subjects = self._subjects()
        body = self._render("subjects.md.j2")
        return self._spec(
            addresses.src("subjects"),
            self.strings("hub.subjects"),
            "subjects.html",
            body,
            {"subjects": subjects},
            in_nav=True,
        )

    def subject(self, subject: Subject) -> PageSpec:
        programmes = self.listing(subject.programmes)
        body = self._render("subject.md.j2", subject=subject)
        return self._spec(
            addresses.src("subject", slug=subject.slug),
            subject.name,
            "subject.html",
            body,
            {"subject": subject, **_open_and_archived(programmes)},
        )

    def partners_hub(self) -> PageSpec:
        partners = [self.catalogue.partners[pid] for pid in sorted(self.catalogue.partners)]
        body = self._render("partners.md.j2")
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
        programmes = self.listing(self.catalogue.by_partner.get(pid, ()))
        body = self._render("partner.md.j2", partner=partner)
        return self._spec(
            addresses.src("partner", id=pid),
            partner.name,
            "partner.html",
            body,
            {"partner": partner, **_open_and_archived(programmes)},
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

    # Lists

    def listing(self, ids: Iterable[str]) -> list[Programme]:
        """The programmes in listing order: soonest next intake first, then those with none,
        each by title."""
        return [self.catalogue.programmes[pid] for pid in listing_order(self.catalogue, ids)]

    def _subjects(self) -> list[Subject]:
        return list(self.catalogue.subjects.values())

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


def relative(to: str, from_src: str) -> str:
    """A path under docs/ as a Markdown link from the page whose source is `from_src`."""
    if "://" in to:
        return to
    return posixpath.relpath(to, posixpath.dirname(from_src) or ".")


def _open_and_archived(programmes: list[Programme]) -> dict[str, list[Programme]]:
    """A subject's or partner's programmes: those open now, and those no longer offered."""
    return {
        "programmes": [p for p in programmes if p.status != "archived"],
        "archived": [p for p in programmes if p.status == "archived"],
    }


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
    `programme | partner_roles` (each partner once: the models.Partner, its roles and notes),
    `subject.programmes | published_count`, `partner | programme_count` (all its programmes).
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

    def published_count(ids: Iterable[str]) -> int:
        return sum(1 for pid in ids if catalogue.programmes[pid].status == "published")

    def programme_count(partner: Partner) -> int:
        return len(catalogue.by_partner.get(partner.id, ()))

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
            "free": free,
            "level": formats.level,
            "quality_assurance": formats.quality_assurance,
            "next_intake": next_intake,
            "upcoming": catalogue.is_upcoming,
            "published_count": published_count,
            "programme_count": programme_count,
            "partner_roles": partner_roles,
            "source": addresses.src,
            "relative": relative,
            "language": formats.language,
            "awarding_body": formats.awarding_body,
            "web": web_address,
            "image": image_reference,
        }
    )
