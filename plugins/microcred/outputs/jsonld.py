"""schema.org JSON-LD for search engines: a `Course` per programme, an `ItemList` per listing.

Shaped as Google's course results read them; the page templates embed them (see page_context).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..catalogue import Catalogue
from ..models import Intake, Programme
from ..pages import web_address
from ..strings import for_site
from .paths import asset_url, page_url
from .text import JsonObject

# Google's Course info rich result reads these fixed words, not our vocabulary.
_COURSE_MODE = {"online": "Online", "in-person": "Onsite", "blended": "Blended"}
_EDUCATIONAL_LEVEL = {
    "introductory": "Beginner",
    "intermediate": "Intermediate",
    "advanced": "Advanced",
}


def iso_duration_hours(hours: float) -> str:
    """ISO 8601 duration of a number of hours, to the minute: 22.5 -> "PT22H30M"."""
    minutes = round(hours * 60)
    whole, rest = divmod(minutes, 60)
    return f"PT{whole}H{rest}M" if rest else f"PT{whole}H"


def _current_intakes(catalogue: Catalogue, programme: Programme) -> list[Intake]:
    """Intakes that have not finished by the catalogue's today, earliest first."""
    return sorted(
        (i for i in programme.intakes if (i.end or i.start) >= catalogue.today),
        key=lambda i: i.start,
    )


def _provider(catalogue: Catalogue) -> JsonObject:
    institution = catalogue.settings.institution
    provider: JsonObject = {"@type": "CollegeOrUniversity", "name": institution.name}
    if institution.url:
        provider["url"] = institution.url
        provider["sameAs"] = institution.url
    return provider


def course(catalogue: Catalogue, programme_id: str, site_url: str) -> JsonObject:
    """schema.org `Course` for one published programme, shaped for Google's Course info.

    Every intake that has not yet finished becomes a `CourseInstance`; a programme without one
    (self-paced, rolling enrolment) gets a single instance without dates, because the rich result
    needs at least one. `offers` is left out when the YAML gives no fee: a price is never guessed.
    """
    programme = catalogue.programmes[programme_id]
    url = page_url(site_url, programme_id)
    languages = programme.languages or []
    data: JsonObject = {
        "@context": "https://schema.org",
        "@type": "Course",
        "@id": f"{url}#course",
        "url": url,
        "name": programme.title,
        "description": programme.summary,
        "courseCode": programme.id,
        "provider": _provider(catalogue),
        "hasCourseInstance": [
            _course_instance(programme, intake) for intake in _current_intakes(catalogue, programme)
        ]
        or [_course_instance(programme, None)],
        "educationalCredentialAwarded": {
            "@type": "EducationalOccupationalCredential",
            "name": programme.title,
            "credentialCategory": programme.credential.replace("-", " "),
            "url": url,
        },
        "timeRequired": (
            f"P{programme.duration_weeks}W"
            if programme.duration_weeks
            else iso_duration_hours(programme.workload_hours)
        ),
        "teaches": list(programme.learning_outcomes),
        "about": list(programme.subjects),
    }
    if languages:
        data["inLanguage"] = languages[0]
        data["availableLanguage"] = list(languages)
    if programme.fee is not None:
        offer: JsonObject = {
            "@type": "Offer",
            "category": "Free" if programme.fee.amount == 0 else "Paid",
            "price": programme.fee.amount,
            "priceCurrency": programme.fee.currency or catalogue.settings.defaults.currency,
            "url": web_address(programme.apply_url) or url,
        }
        data["offers"] = [offer]
        if programme.fee.funding:
            data["financialAidEligible"] = programme.fee.funding
    if programme.ects is not None:
        data["numberOfCredits"] = {
            "@type": "StructuredValue",
            "value": programme.ects,
            "unitText": "ECTS",
        }
    level = _educational_level(programme)
    if level:
        data["educationalLevel"] = level
    if programme.keywords:
        data["keywords"] = ", ".join(programme.keywords)
    image = asset_url(site_url, programme.badge_image) if programme.badge_image else None
    if image:
        data["image"] = image
    if programme.prerequisites and programme.prerequisites.text:
        data["coursePrerequisites"] = programme.prerequisites.text
    return data


def _educational_level(programme: Programme) -> str | None:
    level = programme.level
    if level is None:
        return None
    if level.difficulty:
        return _EDUCATIONAL_LEVEL[level.difficulty]
    if level.nqf:
        return level.nqf
    return f"EQF level {level.eqf}" if level.eqf else None


def _course_instance(programme: Programme, intake: Intake | None) -> JsonObject:
    instance: JsonObject = {
        "@type": "CourseInstance",
        "courseMode": _COURSE_MODE[programme.mode],
        "courseWorkload": iso_duration_hours(programme.workload_hours),
    }
    if programme.duration_weeks and programme.pace != "self-paced":
        schedule: JsonObject = {
            "@type": "Schedule",
            "repeatFrequency": "Weekly",
            "repeatCount": programme.duration_weeks,
            "duration": iso_duration_hours(programme.workload_hours / programme.duration_weeks),
        }
        if intake is not None:
            schedule["startDate"] = intake.start.isoformat()
            if intake.end:
                schedule["endDate"] = intake.end.isoformat()
        instance["courseSchedule"] = schedule
    if intake is not None:
        instance["startDate"] = intake.start.isoformat()
        if intake.end:
            instance["endDate"] = intake.end.isoformat()
        if intake.location:
            instance["location"] = intake.location
    return instance


def item_list(
    catalogue: Catalogue,
    programme_ids: Sequence[str],
    site_url: str,
    *,
    language: str = "en",
    first: int = 1,
) -> JsonObject:
    """schema.org `ItemList` of one listing page, in the order the listing shows them.

    Google's course list reads a summary page whose items point at the full programme pages.
    The list's name is in the site's `language`, as the page is; each programme's own
    `inLanguage` (on its Course) is the language it is taught in. `first` is the position of
    the page's first programme in the whole listing, so a numbered page's items go on from the
    page before (25, 26, ... on the second page of 24) rather than start again at 1.
    """
    strings = for_site(language)
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": strings("outputs.listing-name", institution=catalogue.settings.institution.name),
        "inLanguage": language,
        "numberOfItems": len(programme_ids),
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "url": page_url(site_url, pid),
                "name": catalogue.programmes[pid].title,
            }
            for position, pid in enumerate(programme_ids, start=first)
        ],
    }
