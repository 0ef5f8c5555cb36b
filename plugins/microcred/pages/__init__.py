"""Stage 4: the validated Catalogue as the pages a site publishes.

`specs` makes each page (`Pages`, `PageSpec`); `views` holds what templates draw around a page's
Markdown body; `facets` the listing's filters; `formatting` how values are written, in Markdown
and for visitors. This module is the package's public face: the names the plugin, the outputs,
the tests and the templates' header comments (`pages.Card`) use. Nothing here knows about
MkDocs.
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
from .views import Card, IntakeView, PartnerView, SubjectView

__all__ = [
    "DURATION_LIMITS",
    "FEE_LIMITS",
    "FREE",
    "Card",
    "Filters",
    "IntakeView",
    "PageSpec",
    "Pages",
    "PartnerView",
    "SubjectView",
    "add_months",
    "band_value",
    "image_reference",
    "markdown_escape",
    "register_filters",
    "sanitise_html",
    "strip_unprintable",
    "web_address",
]
