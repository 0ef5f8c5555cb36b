"""Stage 4: the validated Catalogue as the pages a site publishes.

`specs` makes each page (`Pages`, `PageSpec`) and the filters its templates format the models
with (`register_filters`); `facets` the listing's filters; `formatting` how values are written,
in Markdown and for visitors. Templates receive the frozen models themselves (models.Programme,
models.Partner, catalogue.Subject). This module is the package's public face: the names the
plugin, the outputs and the tests use. Nothing here knows about MkDocs.
"""

from __future__ import annotations

from .facets import DURATION_LIMITS, FEE_LIMITS, FREE, Filters, add_months, band_value
from .formatting import (
    image_reference,
    markdown_escape,
    sanitise_html,
    strip_unprintable,
    web_address,
)
from .specs import Pages, PageSpec, register_filters

__all__ = [
    "DURATION_LIMITS",
    "FEE_LIMITS",
    "FREE",
    "Filters",
    "PageSpec",
    "Pages",
    "add_months",
    "band_value",
    "image_reference",
    "markdown_escape",
    "register_filters",
    "sanitise_html",
    "strip_unprintable",
    "web_address",
]
