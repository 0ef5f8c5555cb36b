"""The absolute addresses of the site's pages and images, for the outputs that link to them.

Where each output is published is the site's one table of addresses (addresses.py); every
module of the package builds its links from it, never by joining strings itself.
"""

from __future__ import annotations

import functools
from urllib.parse import urljoin

from ..addresses import absolute, base_url
from ..pages import image_reference

# The same addresses are asked for many times a build (a programme's page by nine outputs and
# every page's share links); `urljoin` is slow enough for that to show at catalogue sizes.
_absolute = functools.lru_cache(maxsize=65_536)(absolute)


def page_url(site_url: str, programme_id: str) -> str:
    """The absolute URL of a programme's page."""
    return _absolute(site_url, "programme", id=programme_id)


def address(site_url: str, kind: str, **fields: str) -> str:
    """The absolute URL of a page or file of `kind` (addresses.absolute, remembered)."""
    return _absolute(site_url, kind, **fields)


def asset_url(site_url: str, reference: str) -> str | None:
    """An image reference from the YAML (https URL or path under docs/) as an absolute URL.

    None for any other reference (pages.image_reference), which the models refuse anyway.
    """
    checked = image_reference(reference)
    if checked is None or "://" in checked:
        return checked
    return urljoin(base_url(site_url), checked)
