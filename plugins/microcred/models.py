"""The content model as pydantic models: the one source of truth.

Validation of every YAML file, the JSON Schemas that editors use, and the data that templates
receive all come from these classes. They are strict (no coercion of "12" to 12 or of `no` to a
text), frozen, and forbid unknown keys, so a typo is an error instead of a silently ignored field.
Field names follow the content model specification exactly.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# A pragmatic BCP 47 shape: language, optional script, region and variants ("en", "pt-BR",
# "zh-Hant-TW", "de-CH-1996"). The registry itself is not consulted.
LANGUAGE_PATTERN = (
    r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?(-([a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*$"
)
ESCO_SKILL_PATTERN = (
    r"^http://data\.europa\.eu/esco/skill/"
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
)
_HTML_TAG = re.compile(r"<\s*[A-Za-z!/?][^>]*>")
_IMAGE_SUFFIXES = (".png", ".svg")


def _no_html(value: str) -> str:
    if _HTML_TAG.search(value):
        raise PydanticCustomError(
            "html_in_text",
            "HTML is not allowed in this text; write plain text without tags such as <b> or <br>",
        )
    return value


def _https_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc or any(c.isspace() for c in value):
        raise PydanticCustomError(
            "unsafe_url",
            "'{value}' is not a web address this site can link to; write a full https:// address",
            {"value": value},
        )
    return value


def _image_reference(value: str) -> str:
    """An https URL or a relative path under `docs/`, to a PNG or SVG file."""
    if "://" in value or value.lower().startswith(("javascript:", "data:")):
        _https_url(value)
    elif value.startswith("/") or "\\" in value or ".." in value.split("/"):
        raise PydanticCustomError(
            "image_path",
            "'{value}' must be a path inside the docs/ folder, such as assets/badges/name.svg",
            {"value": value},
        )
    if not urlsplit(value).path.lower().endswith(_IMAGE_SUFFIXES):
        raise PydanticCustomError(
            "image_type", "'{value}' must be a PNG or SVG image (.png or .svg)", {"value": value}
        )
    return value


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
Text = Annotated[
    str, StringConstraints(strip_whitespace=False, min_length=1), AfterValidator(_no_html)
]
Markdown = Annotated[str, StringConstraints(min_length=1)]
HttpsUrl = Annotated[str, AfterValidator(_https_url)]
ImageRef = Annotated[str, AfterValidator(_image_reference)]
LanguageTag = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
CurrencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Email = Annotated[str, StringConstraints(pattern=r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")]
EscoSkill = Annotated[str, StringConstraints(pattern=ESCO_SKILL_PATTERN)]

Status = Literal["draft", "published", "archived"]
CredentialType = Literal["micro-credential", "digital-badge", "certificate", "professional-award"]
Difficulty = Literal["introductory", "intermediate", "advanced"]
Mode = Literal["online", "in-person", "blended"]
Pace = Literal["self-paced", "scheduled"]
AssessmentType = Literal[
    "written-examination",
    "oral-examination",
    "practical-assessment",
    "project-work",
    "portfolio",
    "artefact-assessment",
    "marked-assignment",
    "quiz",
    "peer-assessment",
    "continuous-evaluation",
    "presentation",
]
Supervision = Literal[
    "unsupervised-no-id", "supervised-no-id", "supervised-online-id", "supervised-onsite-id"
]
PartnerRole = Literal[
    "co-designed", "endorses", "hosts-placements", "funds-scholarships", "recruits-graduates"
]


class Strict(BaseModel):
    """Base for every content model: strict types, immutable, unknown keys rejected."""

    model_config = ConfigDict(strict=True, frozen=True, extra="forbid")


class Level(Strict):
    eqf: Annotated[int, Field(ge=1, le=8)] | None = None
    nqf: Text | None = None
    difficulty: Difficulty | None = None


class Assessment(Strict):
    type: AssessmentType
    description: Text | None = None
    weight: Annotated[float, Field(gt=0, le=100)] | None = None


class QualityAssurance(Strict):
    type: Literal["internal", "external"]
    body: Text | None = Field(default=None, validate_default=True)
    url: HttpsUrl | None = None
    statement: Text | None = None

    @field_validator("body")
    @classmethod
    def _body_for_external(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None and info.data.get("type") == "external":
            raise PydanticCustomError(
                "external_needs_body",
                "external quality assurance needs `body`: the name of the agency that reviews it",
            )
        return value


class AwardingBody(Strict):
    name: Text
    country: CountryCode


class Prerequisites(Strict):
    text: Text | None = None
    programmes: list[Slug] = Field(default_factory=list)


class Stack(Strict):
    title: Text
    url: HttpsUrl | None = None
    ects: Annotated[float, Field(gt=0)] | None = None


class EmployerPartner(Strict):
    partner: Slug
    role: PartnerRole
    note: Text | None = None


class Skill(Strict):
    label: Text
    esco: EscoSkill | None = None


class Intake(Strict):
    start: date
    end: date | None = None
    application_deadline: date | None = None
    location: Text | None = None
    places: Annotated[int, Field(gt=0)] | None = None

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("start")
        if value is not None and start is not None and value <= start:
            raise PydanticCustomError(
                "end_before_start",
                "the intake ends on {end}, which is not after its start on {start}",
                {"end": value.isoformat(), "start": start.isoformat()},
            )
        return value

    @field_validator("application_deadline")
    @classmethod
    def _deadline_before_start(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("start")
        if value is not None and start is not None and value > start:
            raise PydanticCustomError(
                "deadline_after_start",
                "applications close on {deadline}, after the intake starts on {start}; "
                "the deadline must be on or before the start",
                {"deadline": value.isoformat(), "start": start.isoformat()},
            )
        return value


class Fee(Strict):
    amount: Annotated[float, Field(ge=0)]
    currency: CurrencyCode | None = None
    funding: Text | None = None


class Contact(Strict):
    name: Text | None = None
    email: Email


class Programme(Strict):
    """One micro-credential programme: `programmes/<id>.yaml`."""

    id: Slug
    title: Annotated[Text, StringConstraints(min_length=3, max_length=120)]
    status: Status
    summary: Annotated[Text, StringConstraints(min_length=20, max_length=300)]
    description: Markdown | None = None
    subjects: Annotated[list[Text], Field(min_length=1)]
    keywords: list[Text] = Field(default_factory=list)
    credential: CredentialType
    badge_image: ImageRef | None = None
    level: Level | None = None
    workload_hours: Annotated[float, Field(ge=1)]
    ects: Annotated[float, Field(gt=0)] | None = None
    duration_weeks: Annotated[int, Field(gt=0)] | None = None
    mode: Mode
    pace: Pace | None = None
    languages: Annotated[list[LanguageTag], Field(min_length=1)] | None = None
    learning_outcomes: Annotated[list[Text], Field(min_length=1)]
    assessments: Annotated[list[Assessment], Field(min_length=1)]
    supervision: Supervision | None = None
    quality_assurance: QualityAssurance | None = None
    awarding_bodies: Annotated[list[AwardingBody], Field(min_length=1)] | None = None
    prerequisites: Prerequisites | None = None
    stacks_into: list[Stack] = Field(default_factory=list)
    employer_partners: list[EmployerPartner] = Field(default_factory=list)
    skills: list[Skill] = Field(default_factory=list)
    intakes: list[Intake] = Field(default_factory=list)
    fee: Fee | None = None
    apply_url: HttpsUrl | None = None
    contact: Contact | None = None
    previous_ids: list[Slug] = Field(default_factory=list)
    last_reviewed: date | None = None

    @field_validator("assessments")
    @classmethod
    def _weights_add_up(cls, value: list[Assessment]) -> list[Assessment]:
        weights = [a.weight for a in value]
        if weights and all(w is not None for w in weights):
            total = sum(w for w in weights if w is not None)
            if abs(total - 100) > 1e-6:
                raise PydanticCustomError(
                    "weights_total",
                    "the assessment weights add up to {total}%, not 100%; "
                    "change them so they total 100",
                    {"total": f"{total:g}"},
                )
        return value


class Partner(Strict):
    """One employer partner: `partners/<id>.yaml`."""

    id: Slug
    name: Text
    website: HttpsUrl
    logo: ImageRef | None = None
    description: Markdown | None = None
    sector: Text | None = None


class Institution(Strict):
    """The institution that publishes the catalogue (plugin options in `mkdocs.yml`)."""

    name: Text
    url: HttpsUrl | None = None
    country: CountryCode | None = None


class Defaults(Strict):
    """Institution-wide defaults for fields a programme may omit (plugin options)."""

    languages: Annotated[list[LanguageTag], Field(min_length=1)] | None = None
    currency: CurrencyCode = "EUR"
    quality_assurance: QualityAssurance | None = None
    awarding_bodies: Annotated[list[AwardingBody], Field(min_length=1)] | None = None


class Settings(Strict):
    """Everything the core needs from the site configuration, independent of the engine."""

    institution: Institution
    defaults: Defaults = Field(default_factory=Defaults)
    programmes_dir: str = "programmes"
    partners_dir: str = "partners"
    docs_dir: str = "docs"
