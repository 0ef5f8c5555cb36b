"""Stage 5: the machine-readable outputs, built from a validated Catalogue.

One module per format, each saying what it writes and for whom: `jsonld` (search engines),
`badges` (Open Badges platforms), `atom` and `ical` (feeds), `spreadsheet` (the CSV), `qr`
(print), `api` (the JSON API and its schema); `paths` gives the absolute addresses of pages and
images (where each output is published is the package's one table, `addresses`), `text` how
values are written, `limits` which numbers none can write. This module is what the rest of the
package uses: those formats' public functions, and the two that combine them, `site_files` (every
file) and `page_context` (what a page's templates need).

Every function here is pure: a catalogue and the site's absolute base URL in, JSON-ready data or
bytes out, so the same catalogue always gives the same bytes (sorted keys, no clock: the only
date is the catalogue's `today`). XML is built with `xml.etree`, never by joining strings, so text
from the YAML files is always escaped. Nothing here imports the site engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from ..addresses import src
from ..catalogue import Catalogue
from .api import catalogue_api, catalogue_schema
from .atom import atom_feed
from .badges import ESCO_FRAMEWORK, OB3_CONTEXT, achievement, criteria_narrative, issuer_profile
from .ical import icalendar
from .jsonld import course, iso_duration_hours, item_list
from .limits import unpublishable_numbers
from .paths import address, asset_url, page_url
from .qr import qr_svg
from .spreadsheet import catalogue_csv
from .text import JsonObject, dumps

__all__ = [
    "ESCO_FRAMEWORK",
    "achievement",
    "atom_feed",
    "catalogue_api",
    "catalogue_csv",
    "catalogue_schema",
    "course",
    "criteria_narrative",
    "dumps",
    "embed_links",
    "icalendar",
    "iso_duration_hours",
    "item_list",
    "page_context",
    "page_url",
    "qr_svg",
    "site_files",
    "unpublishable_numbers",
]


def site_files(
    catalogue: Catalogue, site_url: str, default_image: str | None, *, language: str = "en"
) -> dict[str, bytes]:
    """Every machine-readable file the site publishes, by its path under the site root.

    What people read in them (feed and calendar titles, badge criteria) is in `language`.

    Badges exist for published programmes only (nothing can be awarded for an archived one);
    QR codes for every programme page, archived ones included, since their pages stay online.
    """
    issuer = {"@context": OB3_CONTEXT, **issuer_profile(catalogue, site_url)}
    files = {
        src("issuer"): dumps(issuer),
        src("atom"): atom_feed(catalogue, site_url, language=language),
        src("ical"): icalendar(catalogue, site_url, language=language),
        src("csv"): catalogue_csv(catalogue, site_url),
        src("schema"): dumps(catalogue_schema(site_url)),
    }
    for pid in catalogue.published:
        badge = achievement(catalogue, pid, site_url, default_image, language=language)
        files[src("badge", id=pid)] = dumps(badge)
    for pid in catalogue.published + catalogue.archived:
        files[src("qr", id=pid)] = qr_svg(page_url(site_url, pid), language=language)
    return files


def page_context(
    catalogue: Catalogue,
    site_url: str,
    default_image: str | None,
    *,
    programme_id: str | None = None,
    listing: Sequence[str] | None = None,
    listing_first: int = 1,
    language: str = "en",
) -> JsonObject:
    """What a page's templates need to publish it: head tags, structured data, share links.

    `image` is the preview image: a programme's badge when it is a PNG (social networks do not
    show SVG), otherwise the site's default image. `jsonld` is the page's structured data:
    a Course on a published programme's page (an archived one is not offered, so it has none)
    and an ItemList on each page of the listing (`listing`, whose first programme is at
    position `listing_first` of the whole). `embed` holds a programme page's embed card addresses.
    """
    image, square, jsonld, embed = default_image, False, None, None
    if programme_id is not None:
        programme = catalogue.programmes[programme_id]
        badge = programme.badge_image
        if badge and urlsplit(badge).path.lower().endswith(".png"):
            image, square = badge, True
        if programme.status == "published":
            jsonld = course(catalogue, programme_id, site_url)
        embed = embed_links(catalogue, programme_id, site_url)
    elif listing is not None:
        jsonld = item_list(catalogue, listing, site_url, language=language, first=listing_first)
    return {
        "image": asset_url(site_url, image) if image else None,
        "image_square": square,
        "jsonld": jsonld,
        "embed": embed,
        "institution": catalogue.settings.institution.name,
    }


def embed_links(catalogue: Catalogue, programme_id: str, site_url: str) -> JsonObject:
    """The absolute addresses an embed card uses, so it works when pasted on another site."""
    badge = catalogue.programmes[programme_id].badge_image
    return {
        "page": page_url(site_url, programme_id),
        "embed": address(site_url, "embed", id=programme_id),
        "badge": asset_url(site_url, badge) if badge else None,
        "qr": address(site_url, "qr", id=programme_id),
    }
