"""The catalogue API (`/api/catalogue.json`) and its JSON Schema, for developers.

Partner sites and anyone who reuses the catalogue as data read these; the schema
(`/api/catalogue.schema.json`) is generated from the same models as the data.
"""

from __future__ import annotations

from datetime import date

from pydantic import Field

from ..addresses import absolute
from ..catalogue import Catalogue
from ..models import JSON_SCHEMA_DIALECT, Institution, Programme, Strict
from .paths import page_url
from .text import JsonObject

API_VERSION = 1
"""Bumped only when a field of `/api/catalogue.json` changes meaning or disappears."""


def catalogue_api(catalogue: Catalogue, site_url: str) -> JsonObject:
    """`/api/catalogue.json`: every published programme, as the content model defines it.

    Each programme carries its fields with the site's defaults applied, plus `url` (its page).
    Drafts and archived programmes are left out: the API lists what a learner can apply for.
    """
    institution = catalogue.settings.institution
    programmes = [
        {**catalogue.programmes[pid].model_dump(mode="json", exclude_none=True),
         "url": page_url(site_url, pid)}
        for pid in catalogue.published
    ]  # fmt: skip
    return {
        "version": API_VERSION,
        "generated": catalogue.today.isoformat(),
        "institution": institution.model_dump(mode="json", exclude_none=True),
        "count": len(programmes),
        "programmes": programmes,
    }


class ApiProgramme(Programme):
    """One programme in `/api/catalogue.json`: its fields, defaults applied, and its page."""

    url: str = Field(description="The programme's page on this site (absolute URL).")


class ApiCatalogue(Strict):
    """`/api/catalogue.json`: every published programme of the catalogue."""

    version: int = Field(description="Format version; it changes only when a field changes.")
    generated: date = Field(description="The date the site was built (YYYY-MM-DD).")
    institution: Institution = Field(description="The institution that publishes the catalogue.")
    count: int = Field(ge=0, description="The number of programmes listed.")
    programmes: list[ApiProgramme] = Field(description="Published programmes, by id.")


def catalogue_schema(site_url: str) -> JsonObject:
    """The JSON Schema of `/api/catalogue.json`, generated from the same models as the data.

    Fields that a programme leaves empty are omitted from the API rather than written as null.
    """
    schema = ApiCatalogue.model_json_schema(mode="serialization")
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": absolute(site_url, "schema"),
        **schema,
        "title": "Micro-credential catalogue API",
    }
