"""The content model as pydantic models: the one source of truth.

Validation of every YAML file, the JSON Schemas that editors use, and the data that templates
receive all come from these classes. They are strict (no coercion of "12" to 12 or of `no` to a
text), frozen, and forbid unknown keys, so a typo is an error instead of a silently ignored field.
Field names follow the content model specification exactly.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Annotated, Any, Literal
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

from .descriptions import MAX_CHARACTERS
from .urls import MAX_URL_LENGTH, web_address_problem

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# A pragmatic BCP 47 shape: language, optional script, region and variants ("en", "pt-BR",
# "zh-Hant-TW", "de-CH-1996"). Tags are case-insensitive: `pt-br` is accepted and published in
# its canonical case. The registry itself is not consulted.
LANGUAGE_PATTERN = (
    r"^[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|[0-9]{3}))?"
    r"(-([a-zA-Z0-9]{5,8}|[0-9][a-zA-Z0-9]{3}))*$"
)
ESCO_SKILL_PATTERN = (
    r"^http://data\.europa\.eu/esco/skill/"
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
)
# Where an HTML tag, comment or processing instruction would start. Only the opening matters:
# a browser starts a tag at `<svg` whether or not a `>` ever follows, and a pattern that looked
# for the `>` too would have to scan to the end of the line from every `<` (quadratic time).
HTML_TAG = re.compile(r"<[A-Za-z/!?]")
_TAG_SHOWN = re.compile(r"<[^\s>]{0,15}>?")
# The template that `microcred new` writes marks every value still to write with TODO.
_PLACEHOLDER = re.compile(r"\s*TODO\b")
_IMAGE_SUFFIXES = (".png", ".svg")

# Characters no text in the catalogue may hold, whatever the field: controls (C0 but tab and
# line feed, DEL, C1), lone surrogates, the non-characters U+FFFE/U+FFFF and U+FDD0-U+FDEF,
# the line and paragraph separators (they end a line in JavaScript and some feed readers),
# and the bidirectional overrides and isolates that make text display in another order
# than it reads ("Trojan source"). One character class, so a search is linear in the text.
_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\u2028\u2029"
    + _BIDI_CONTROLS
    + "]"
)
# Also forbidden in one-line text (titles, names, labels, places): tab and line feed.
_LINE_BREAK = re.compile("[\t\n]")
_BIDI = re.compile("[" + _BIDI_CONTROLS + "]")
# Characters that are letters to Unicode but draw nothing (Hangul fillers, braille blank).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_ASCII_VISIBLE = re.compile(r"[!-~]")


def _describe(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def _plain_characters(value: str, *, one_line: bool) -> str:
    """The character rules every text follows; the first offence names the character."""
    found = _FORBIDDEN.search(value) or (_LINE_BREAK.search(value) if one_line else None)
    if found:
        char = found.group()
        where = found.start() + 1
        if _BIDI.match(char):
            raise PydanticCustomError(
                "bidi_control",
                "character {where} is an invisible direction override ({char}), which makes "
                "the text display in a different order than it reads; delete it",
                {"where": where, "char": _describe(char)},
            )
        if char in "\t\n":
            raise PydanticCustomError(
                "line_break",
                "character {where} is a {kind}; this text must be one line, so write it on "
                "one line (in quotes if it is long)",
                {"where": where, "kind": "tab" if char == "\t" else "line break"},
            )
        raise PydanticCustomError(
            "control_character",
            "character {where} is an invisible control character ({char}); delete it (it often "
            "comes from copying text out of another program: retype that part)",
            {"where": where, "char": _describe(char)},
        )
    if not _visible(value):
        raise PydanticCustomError(
            "blank_text",
            "this text is blank: it holds only spaces or invisible characters; write the text",
        )
    return value


def _visible(value: str) -> bool:
    """True when some character draws something: a letter, digit, punctuation or symbol."""
    if _ASCII_VISIBLE.search(value):
        return True
    return any(
        unicodedata.category(char)[0] in "LNPS" and char not in _BLANK_LETTERS for char in value
    )


def _no_html(value: str) -> str:
    found = HTML_TAG.search(value)
    if found:
        raise PydanticCustomError(
            "html_in_text",
            "`{tag}` starts an HTML tag, which is not allowed in this text; write plain text "
            "without tags such as <b> or <br> (to write a comparison, put a space after the "
            "`<`: a < b)",
            {"tag": _TAG_SHOWN.match(value, found.start()).group()},  # type: ignore[union-attr]
        )
    return value


def _one_line(value: str) -> str:
    return _no_html(_plain_characters(value, one_line=True))


def _paragraph(value: str) -> str:
    return _no_html(_plain_characters(value, one_line=False))


def _markdown(value: str) -> str:
    return _plain_characters(value, one_line=False)


# Ids name files beside the site's own: the hub pages (`programmes/index.md`), the badge
# issuer's profile (`badges/issuer.json`, beside `badges/<id>.json`) and the listing's further
# pages (`programmes/page/2/`). An id may not take one of those names.
RESERVED_IDS = frozenset({"index", "issuer", "page"})


def _not_reserved(value: str) -> str:
    if value in RESERVED_IDS:
        raise PydanticCustomError(
            "reserved_id",
            "`{value}` is reserved for the site's own pages; choose another id",
            {"value": value},
        )
    return value


def _not_placeholder(value: str) -> str:
    if _PLACEHOLDER.match(value):
        raise PydanticCustomError(
            "placeholder", "this is still the template's TODO placeholder; write the real text"
        )
    return value


def _canonical_language(value: str) -> str:
    """`pt-br` -> `pt-BR`, `ZH-hant-tw` -> `zh-Hant-TW`: BCP 47's canonical case."""
    parts = value.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 or (len(part) == 3 and part.isdigit()):
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


def _https_url(value: str) -> str:
    problem = web_address_problem(value)
    if problem:
        raise PydanticCustomError(
            "unsafe_url",
            "`{value}` is not a web address this site can link to: {problem}",
            {"value": value if len(value) <= 60 else value[:57] + "...", "problem": problem},
        )
    return value


def _image_reference(value: str) -> str:
    """An https URL or a relative path under `docs/`, to a PNG or SVG file."""
    if "://" in value or ":" in value.split("/", maxsplit=1)[0]:
        _https_url(value)
    elif (
        value.startswith("/")
        or "\\" in value
        or ".." in value.split("/")
        or not SAFE_PATH.match(value)
    ):
        raise PydanticCustomError(
            "image_path",
            "`{value}` must be a path inside the docs/ folder made of letters, digits, `-`, `_`"
            " and `.`, such as assets/badges/name.svg",
            {"value": value if len(value) <= 60 else value[:57] + "..."},
        )
    if not urlsplit(value).path.lower().endswith(_IMAGE_SUFFIXES):
        raise PydanticCustomError(
            "image_type", "`{value}` must be a PNG or SVG image (.png or .svg)", {"value": value}
        )
    return value


# File and folder names the site may publish or link: they end up in URLs, HTML attributes and
# shell commands in CI, so only these characters.
SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*$")
SAFE_PATH = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*$")

# Length limits, in characters, so that no field can carry a page's worth of text where a line
# belongs (and no single value can slow the check or the build).
LINE_MAX = 200
PARAGRAPH_MAX = 2000
MARKDOWN_MAX = MAX_CHARACTERS  # the description budget, measured in descriptions.py
LIST_MAX = 100


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
PageId = Annotated[Slug, AfterValidator(_not_reserved)]
# One-line plain text (titles, names, labels, places) and plain text that may run over several
# lines (summaries, notes, statements). Fields narrow the length with another StringConstraints.
Text = Annotated[
    str,
    StringConstraints(min_length=1, max_length=LINE_MAX),
    AfterValidator(_one_line),
    AfterValidator(_not_placeholder),
]
Paragraph = Annotated[
    str,
    StringConstraints(min_length=1, max_length=PARAGRAPH_MAX),
    AfterValidator(_paragraph),
    AfterValidator(_not_placeholder),
]
Markdown = Annotated[str, StringConstraints(min_length=1, max_length=MARKDOWN_MAX),
                     AfterValidator(_markdown)]  # fmt: skip
HttpsUrl = Annotated[str, AfterValidator(_https_url)]
ImageRef = Annotated[str, StringConstraints(max_length=MAX_URL_LENGTH),
                     AfterValidator(_image_reference)]  # fmt: skip
LanguageTag = Annotated[
    str,
    StringConstraints(pattern=LANGUAGE_PATTERN, max_length=35),
    AfterValidator(_canonical_language),
]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
CurrencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Email = Annotated[
    str,
    StringConstraints(
        pattern=r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,63}$",
        max_length=254,
    ),
]
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
    eqf: Annotated[int, Field(ge=1, le=8)] | None = Field(
        default=None,
        description="European Qualifications Framework level, a whole number from 1 to 8.",
    )
    nqf: Annotated[Text, StringConstraints(max_length=80)] | None = Field(
        default=None, description='National framework level as text, e.g. "NFQ Level 8".'
    )
    difficulty: Difficulty | None = Field(
        default=None,
        description="How demanding the programme is: introductory, intermediate or advanced.",
    )


class Assessment(Strict):
    type: AssessmentType = Field(
        description="How learners are assessed, e.g. project-work or written-examination."
    )
    description: Paragraph | None = Field(
        default=None, description="One sentence on what the assessment involves."
    )
    weight: Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)] | None = Field(
        default=None,
        description=(
            "Share of the final mark in percent; when every item has one they add up to 100."
        ),
    )


class QualityAssurance(Strict):
    type: Literal["internal", "external"] = Field(
        description=(
            "internal (the university's own procedures) or external (an agency reviews them)."
        )
    )
    body: Text | None = Field(
        default=None,
        validate_default=True,
        description="Name of the quality assurance agency; required when type is external.",
    )
    url: HttpsUrl | None = Field(
        default=None, description="https:// address of the quality assurance body or report."
    )
    statement: Paragraph | None = Field(
        default=None, description="A sentence describing the quality assurance arrangements."
    )

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
    name: Text = Field(description="Name of the institution that awards the credential.")
    country: CountryCode = Field(
        description="Country of the awarding body: ISO 3166-1 two-letter code in capitals, e.g. IE."
    )


class Prerequisites(Strict):
    text: Paragraph | None = Field(default=None, description="Entry requirements in words.")
    programmes: Annotated[list[Slug], Field(max_length=100)] = Field(
        default_factory=list,
        description="Ids of programmes a learner must complete first; each must exist.",
    )


class Stack(Strict):
    title: Text = Field(
        description="Name of the qualification this micro-credential counts towards."
    )
    url: HttpsUrl | None = Field(
        default=None, description="https:// address of that qualification's page."
    )
    ects: Annotated[float, Field(gt=0, le=600, allow_inf_nan=False)] | None = Field(
        default=None, description="Credits of that qualification (at most 600)."
    )


class EmployerPartner(Strict):
    partner: Slug = Field(
        description="Id of a partner file in partners/ (its file name without .yaml)."
    )
    role: PartnerRole = Field(
        description=(
            "What the partner does: co-designed, endorses, hosts-placements, funds-scholarships "
            "or recruits-graduates."
        )
    )
    note: Paragraph | None = Field(
        default=None, description="A sentence on the partner's part in this programme."
    )


class Skill(Strict):
    label: Annotated[Text, StringConstraints(max_length=120)] = Field(
        description='The skill in a few words, e.g. "data visualisation".'
    )
    esco: EscoSkill | None = Field(
        default=None,
        description="ESCO skill URI: http://data.europa.eu/esco/skill/ followed by its id.",
    )


class Intake(Strict):
    start: date = Field(description="First day, as YYYY-MM-DD without quotes.")
    end: date | None = Field(default=None, description="Last day, as YYYY-MM-DD; after the start.")
    application_deadline: date | None = Field(
        default=None, description="Last day to apply, as YYYY-MM-DD; on or before the start."
    )
    location: Text | None = Field(
        default=None, description="Where the intake meets; required unless the programme is online."
    )
    places: Annotated[int, Field(gt=0, le=1_000_000)] | None = Field(
        default=None, description="Number of places, a whole number."
    )

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("start")
        if value is not None and start is not None and value <= start:
            raise PydanticCustomError(
                "end_before_start",
                "the intake ends on {end}, which is not after its start on {start}; "
                "correct one of the two dates",
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
    amount: Annotated[float, Field(ge=0, le=1_000_000_000, allow_inf_nan=False)] = Field(
        description="The fee as a number without currency sign; 0 means free."
    )
    currency: CurrencyCode | None = Field(
        default=None,
        description=(
            "ISO 4217 three-letter code in capitals, e.g. EUR; defaults to the site's currency."
        ),
    )
    funding: Paragraph | None = Field(
        default=None, description="Grants, discounts or funding that may cover the fee."
    )


class Contact(Strict):
    name: Text | None = Field(
        default=None, description="Who answers questions about the programme."
    )
    email: Email = Field(description="Email address for questions.")


class Programme(Strict):
    """One micro-credential programme: `programmes/<id>.yaml`."""

    id: PageId = Field(
        description=(
            "Permanent id: lower-case letters, digits and hyphens; equals the file name. The page"
            " lives at /programmes/<id>/."
        )
    )
    title: Annotated[Text, StringConstraints(min_length=3, max_length=120)] = Field(
        description="Title of the micro-credential, 3 to 120 characters."
    )
    status: Status = Field(
        description=(
            "draft (not published), published, or archived (page stays online, marked no longer "
            "offered)."
        )
    )
    summary: Annotated[Paragraph, StringConstraints(min_length=20, max_length=300)] = Field(
        description="Plain-text summary for cards, search and search engines, 20 to 300 characters."
    )
    description: Markdown | None = Field(
        default=None, description="The long text on the programme page, in Markdown."
    )
    subjects: Annotated[
        list[Annotated[Text, StringConstraints(max_length=80)]], Field(min_length=1, max_length=20)
    ] = Field(description='Subject areas for browsing, e.g. "Data & Computing"; at least one.')
    keywords: Annotated[
        list[Annotated[Text, StringConstraints(max_length=60)]], Field(max_length=100)
    ] = Field(default_factory=list, description="Search terms.")
    credential: CredentialType = Field(
        description=(
            "What the learner receives: micro-credential, digital-badge, certificate or "
            "professional-award."
        )
    )
    badge_image: ImageRef | None = Field(
        default=None,
        description="The badge artwork: a .png or .svg path under docs/, or an https:// address.",
    )
    level: Level | None = Field(
        default=None, description="Level of the programme: eqf, nqf and difficulty."
    )
    workload_hours: Annotated[float, Field(ge=1, le=5000, allow_inf_nan=False)] = Field(
        description="Notional workload in hours (1 to 5,000), including self-study."
    )
    ects: Annotated[float, Field(gt=0, le=180, allow_inf_nan=False)] | None = Field(
        default=None,
        description="ECTS credits (at most 180); each credit is 25 to 30 hours of workload.",
    )
    duration_weeks: Annotated[int, Field(gt=0, le=520)] | None = Field(
        default=None, description="Calendar length in weeks, a whole number (at most 520)."
    )
    mode: Mode = Field(description="Form of participation: online, in-person or blended.")
    pace: Pace | None = Field(default=None, description="self-paced or scheduled.")
    languages: Annotated[list[LanguageTag], Field(min_length=1, max_length=20)] | None = Field(
        default=None,
        description=(
            "Languages of instruction as BCP 47 codes (en, ga, pt-BR), main language first; "
            "defaults to the site's languages."
        ),
    )
    learning_outcomes: Annotated[
        list[Annotated[Paragraph, StringConstraints(max_length=500)]],
        Field(min_length=1, max_length=100),
    ] = Field(description="What learners can do at the end; each a sentence starting with a verb.")
    assessments: Annotated[list[Assessment], Field(min_length=1, max_length=20)] = Field(
        description="How learners are assessed; at least one."
    )
    supervision: Supervision | None = Field(
        default=None, description="Supervision and identity verification during assessment."
    )
    quality_assurance: QualityAssurance | None = Field(
        default=None, description="Quality assurance of the programme; defaults to the site's."
    )
    awarding_bodies: Annotated[list[AwardingBody], Field(min_length=1, max_length=20)] | None = (
        Field(
            default=None,
            description=(
                "Who awards the credential (several for joint programmes); defaults to the site's."
            ),
        )
    )
    prerequisites: Prerequisites | None = Field(
        default=None,
        description="Entry requirements: text and/or ids of programmes to complete first.",
    )
    stacks_into: Annotated[list[Stack], Field(max_length=20)] = Field(
        default_factory=list, description="Qualifications this micro-credential counts towards."
    )
    employer_partners: Annotated[list[EmployerPartner], Field(max_length=50)] = Field(
        default_factory=list, description="Employer partners involved and their role."
    )
    skills: Annotated[list[Skill], Field(max_length=100)] = Field(
        default_factory=list, description="Skills learners gain, optionally with their ESCO URI."
    )
    intakes: Annotated[list[Intake], Field(max_length=100)] = Field(
        default_factory=list, description="Dates the programme runs, as YYYY-MM-DD."
    )
    fee: Fee | None = Field(default=None, description="The fee; amount 0 means free.")
    apply_url: HttpsUrl | None = Field(
        default=None, description="https:// address of the application or enrolment page."
    )
    contact: Contact | None = Field(default=None, description="Who to contact about the programme.")
    previous_ids: Annotated[list[PageId], Field(max_length=100)] = Field(
        default_factory=list,
        description="Old ids of this programme; each redirects to the current page.",
    )
    last_reviewed: date | None = Field(
        default=None,
        description=(
            "When the programme information was last reviewed, as YYYY-MM-DD; a warning appears "
            "after 12 months."
        ),
    )

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

    id: PageId = Field(
        description=(
            "Permanent id: lower-case letters, digits and hyphens; equals the file name. The page"
            " lives at /partners/<id>/."
        )
    )
    name: Text = Field(description="The organisation's name.")
    website: HttpsUrl = Field(description="https:// address of the organisation's website.")
    logo: ImageRef | None = Field(
        default=None,
        description="The logo: a .png or .svg path under docs/, or an https:// address.",
    )
    description: Markdown | None = Field(
        default=None, description="About the partner, in Markdown."
    )
    sector: Annotated[Text, StringConstraints(max_length=120)] | None = Field(
        default=None, description='Industry or sector, e.g. "Banking and financial services".'
    )


class Institution(Strict):
    """The institution that publishes the catalogue (plugin options in `mkdocs.yml`)."""

    name: Text = Field(description="Name of the institution.")
    url: HttpsUrl | None = Field(
        default=None, description="https:// address of the institution's website."
    )
    country: CountryCode | None = Field(
        default=None, description="ISO 3166-1 two-letter country code in capitals."
    )


class Defaults(Strict):
    """Institution-wide defaults for fields a programme may omit (plugin options)."""

    languages: Annotated[list[LanguageTag], Field(min_length=1, max_length=20)] | None = Field(
        default=None,
        description="Languages of instruction for programmes that do not list their own.",
    )
    currency: CurrencyCode = Field(
        default="EUR", description="Currency of fees that do not state one."
    )
    quality_assurance: QualityAssurance | None = Field(
        default=None, description="Quality assurance for programmes that do not describe their own."
    )
    awarding_bodies: Annotated[list[AwardingBody], Field(min_length=1, max_length=20)] | None = (
        Field(
            default=None, description="Awarding bodies for programmes that do not list their own."
        )
    )


class Settings(Strict):
    """Everything the core needs from the site configuration, independent of the engine."""

    institution: Institution = Field(description="The institution that publishes the catalogue.")
    defaults: Defaults = Field(default_factory=Defaults, description="Institution-wide defaults.")
    programmes_dir: str = Field(
        default="programmes", description="Folder of programme files, relative to mkdocs.yml."
    )
    partners_dir: str = Field(
        default="partners", description="Folder of partner files, relative to mkdocs.yml."
    )
    docs_dir: str = Field(default="docs", description="The site's docs folder, where images live.")
    social_image: ImageRef | None = Field(
        default=None,
        description=(
            "The image a shared link shows when a page has none of its own (a programme's PNG"
            " badge): a .png or .svg path under docs/, or an https:// address."
        ),
    )


JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FILES: dict[str, type[Strict]] = {
    "programme.schema.json": Programme,
    "partner.schema.json": Partner,
}


def json_schema(model: type[Strict]) -> dict[str, Any]:
    """The JSON Schema that editors use to complete and check one kind of file."""
    schema = model.model_json_schema()
    titles = {Programme: "Micro-credential programme", Partner: "Employer partner"}
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        **schema,
        "title": titles.get(model, model.__name__),
        "description": (model.__doc__ or "").strip(),
    }
