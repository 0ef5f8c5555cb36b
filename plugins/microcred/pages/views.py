"""What templates draw around each page's Markdown body: one frozen value per thing shown.

A programme appears as a `Card` on listings and as a `ProgrammeView` (with its `Facts`) on its
own page; subjects and partners as `SubjectView` and `PartnerView`. Every value is ready to
print: dates, money and labels are already written in the site's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class IntakeView:
    start: str
    start_iso: str
    end: str | None
    end_iso: str | None
    deadline: str | None
    deadline_iso: str | None
    location: str | None
    places: int | None
    upcoming: bool


@dataclass(frozen=True)
class PartnerLink:
    id: str
    name: str
    url: str
    logo: str | None
    roles: tuple[str, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class ProgrammeLink:
    id: str
    title: str
    url: str


@dataclass(frozen=True)
class Card:
    """What a listing shows of one programme."""

    id: str
    url: str
    title: str
    summary: str
    subjects: tuple[str, ...]
    level: str | None
    mode: str
    pace: str | None
    duration_weeks: int | None
    fee: str | None
    free: bool
    next_intake: IntakeView | None
    partners: tuple[PartnerLink, ...]
    badge_image: str | None
    archived: bool


@dataclass(frozen=True)
class Facts:
    """The facts panel of a programme page, every value ready to print."""

    credential: str
    level: str | None
    ects: str | None
    workload_hours: float
    duration_weeks: int | None
    mode: str
    pace: str | None
    languages: tuple[str, ...]
    next_intake: IntakeView | None
    fee: str | None
    free: bool
    funding: str | None
    awarding_bodies: tuple[str, ...]
    quality_assurance: str | None
    quality_assurance_url: str | None
    quality_assurance_statement: str | None
    supervision: str | None


@dataclass(frozen=True)
class ProgrammeView:
    """Everything a programme page draws around its Markdown body."""

    id: str
    url: str
    title: str
    summary: str
    archived: bool
    badge_image: str | None
    facts: Facts
    intakes: tuple[IntakeView, ...]
    apply_url: str | None
    contact_name: str | None
    contact_email: str | None
    last_reviewed: str | None
    last_reviewed_iso: str | None
    partners: tuple[PartnerLink, ...] = field(default=())


@dataclass(frozen=True)
class SubjectView:
    slug: str
    name: str
    url: str
    count: int


@dataclass(frozen=True)
class PartnerView:
    id: str
    name: str
    url: str
    website: str | None
    logo: str | None
    sector: str | None
    count: int
