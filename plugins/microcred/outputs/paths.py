"""Where each output is published, and the absolute addresses that point at it.

Other sites, feed readers and badge platforms link to these paths, so they are stable; every
module of the package builds its links with these helpers, never by joining strings itself.
"""

from __future__ import annotations

from urllib.parse import urljoin

from ..pages import image_reference

PATHS = {
    "badge": "badges/{id}.json",
    "issuer": "badges/issuer.json",
    "atom": "feeds/programmes.atom",
    "ical": "feeds/intakes.ics",
    "csv": "api/catalogue.csv",
    "schema": "api/catalogue.schema.json",
    "qr": "programmes/{id}/qr.svg",
    "embed": "programmes/{id}/embed.html",
}
"""Where each output is published, relative to the site root; other sites link to these."""


def base_url(site_url: str) -> str:
    """The site's absolute URL with exactly one trailing slash, for joining paths onto."""
    return site_url.rstrip("/") + "/"


def page_url(site_url: str, programme_id: str) -> str:
    return urljoin(base_url(site_url), f"programmes/{programme_id}/")


def output_url(site_url: str, kind: str, programme_id: str = "") -> str:
    return urljoin(base_url(site_url), PATHS[kind].format(id=programme_id))


def asset_url(site_url: str, reference: str) -> str | None:
    """An image reference from the YAML (https URL or path under docs/) as an absolute URL.

    None for any other reference (pages.image_reference), which the models refuse anyway.
    """
    checked = image_reference(reference)
    if checked is None or "://" in checked:
        return checked
    return urljoin(base_url(site_url), checked)
