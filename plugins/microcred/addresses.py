"""Every address the site publishes, defined once, as Pelican's `*_URL` and `*_SAVE_AS` are.

Each kind of page or file has a source path (where the plugin adds it to MkDocs' files: a page's
Markdown under docs/, or a generated file's own path) and a URL (where it is published, relative
to the site root, as MkDocs' directory URLs give it). Python builds every path and link with
`src`, `url` and `absolute`; templates with the `address` filter (`{{ 'qr' | address(id=x) |
url }}`). Other sites, feed readers and badge platforms link to these addresses, so they are
stable. The rule for web addresses in the catalogue's own data is urls.py's.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple
from urllib.parse import urljoin


class Address(NamedTuple):
    src: str
    """Where the page or file is added to the site's files, relative to docs/."""
    url: str
    """Where it is published, relative to the site root."""


ADDRESSES: Mapping[str, Address] = MappingProxyType(
    {
        "programme": Address("programmes/{id}.md", "programmes/{id}/"),
        "programmes": Address("programmes/index.md", "programmes/"),
        # The listing's numbered pages from 2 on (page 1 is "programmes"); the id `page` is
        # reserved, so no programme can live at programmes/page/.
        "programmes-page": Address("programmes/page/{number}.md", "programmes/page/{number}/"),
        # What the finder filters and draws cards from without asking the search index.
        "finder": Address("programmes/finder.json", "programmes/finder.json"),
        "partner": Address("partners/{id}.md", "partners/{id}/"),
        "partners": Address("partners/index.md", "partners/"),
        "subject": Address("subjects/{slug}.md", "subjects/{slug}/"),
        "subjects": Address("subjects/index.md", "subjects/"),
        "badge": Address("badges/{id}.json", "badges/{id}.json"),
        "issuer": Address("badges/issuer.json", "badges/issuer.json"),
        "atom": Address("feeds/programmes.atom", "feeds/programmes.atom"),
        "ical": Address("feeds/intakes.ics", "feeds/intakes.ics"),
        "csv": Address("api/catalogue.csv", "api/catalogue.csv"),
        "api": Address("api/catalogue.json", "api/catalogue.json"),
        "schema": Address("api/catalogue.schema.json", "api/catalogue.schema.json"),
        "qr": Address("programmes/{id}/qr.svg", "programmes/{id}/qr.svg"),
        "embed": Address("programmes/{id}/embed.html", "programmes/{id}/embed.html"),
    }
)
"""Kind -> (source path, URL), with `{id}`, `{slug}` or `{number}` for the programme, partner,
subject or listing page."""


def src(kind: str, **fields: str) -> str:
    """Where a page or file of `kind` is added to the site, e.g. `programmes/<id>.md`."""
    return ADDRESSES[kind].src.format(**fields)


def url(kind: str, **fields: str) -> str:
    """Where a page or file of `kind` is published, relative to the site root."""
    return ADDRESSES[kind].url.format(**fields)


def base_url(site_url: str) -> str:
    """The site's absolute URL with exactly one trailing slash, for joining paths onto."""
    return site_url.rstrip("/") + "/"


def absolute(site_url: str, kind: str, **fields: str) -> str:
    """The absolute URL of a page or file of `kind` on the site at `site_url`."""
    return urljoin(base_url(site_url), url(kind, **fields))
