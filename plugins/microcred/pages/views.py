"""What templates draw around each page's Markdown body: one frozen value per thing shown.

A programme appears as a `Card` on listings; subjects and partners as `SubjectView` and
`PartnerView`. Every value is ready to print: dates, money and labels are already written in
the site's language. (A programme's own page receives the models.Programme itself and formats
it with the pages' filters.)
"""

from __future__ import annotations

from dataclasses import dataclass


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
