"""Open Badges 3.0, for credential platforms: an `Achievement` per published programme.

Published at `/badges/<id>.json`, with the institution's issuer `Profile` at
`/badges/issuer.json`, ready to import into a badge-issuing platform.
"""

from __future__ import annotations

import re

from ..addresses import absolute, base_url
from ..catalogue import Catalogue
from ..models import Programme
from ..pages import markdown_escape, web_address
from ..strings import for_site
from .paths import asset_url, page_url
from .text import JsonObject

OB3_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
ESCO_FRAMEWORK = "ESCO (European Skills, Competences, Qualifications and Occupations)"
# Open Badges restricts `inLanguage` to language, script and region; BCP 47 variants are dropped.
_OB3_LANGUAGE = re.compile(r"^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?")


def issuer_profile(catalogue: Catalogue, site_url: str) -> JsonObject:
    """The Open Badges `Profile` of the institution, creator of every Achievement."""
    institution = catalogue.settings.institution
    profile: JsonObject = {
        "id": absolute(site_url, "issuer"),
        "type": ["Profile"],
        "name": institution.name,
        "url": institution.url or base_url(site_url),
    }
    if institution.country:
        profile["address"] = {"type": ["Address"], "addressCountryCode": institution.country}
    return profile


def achievement(
    catalogue: Catalogue,
    programme_id: str,
    site_url: str,
    default_image: str | None,
    *,
    language: str = "en",
) -> JsonObject:
    """Open Badges 3.0 `Achievement` for one published programme, for issuing platforms.

    `default_image` (a path under docs/ or an https URL, or None) stands in when the programme
    has no badge artwork, because platforms show an image for every badge.
    """
    programme = catalogue.programmes[programme_id]
    strings = for_site(language)
    url = page_url(site_url, programme_id)
    data: JsonObject = {
        "@context": OB3_CONTEXT,
        "id": absolute(site_url, "badge", id=programme_id),
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "name": programme.title,
        "description": programme.summary,
        "criteria": {"id": url, "narrative": criteria_narrative(programme, language=language)},
        "fieldOfStudy": programme.subjects[0],
        "tag": list(programme.keywords),
        "humanCode": programme.id,
        "creator": issuer_profile(catalogue, site_url),
        "alignment": _alignments(programme),
    }
    reference = programme.badge_image or default_image
    image = asset_url(site_url, reference) if reference else None
    if image:
        data["image"] = {
            "id": image,
            "type": "Image",
            "caption": strings("outputs.badge-caption", title=programme.title),
        }
    if programme.ects is not None:
        data["creditsAvailable"] = programme.ects
    if programme.languages:
        match = _OB3_LANGUAGE.match(programme.languages[0])
        if match:
            data["inLanguage"] = match.group(0)
    if programme.last_reviewed:
        data["version"] = programme.last_reviewed.isoformat()
    return data


def criteria_narrative(programme: Programme, *, language: str = "en") -> str:
    """What a learner must do to earn the badge, in Markdown (which Open Badges allows)."""
    strings = for_site(language)
    lines = [markdown_escape(strings("outputs.badge-outcomes")), ""]
    lines += [f"- {markdown_escape(outcome)}" for outcome in programme.learning_outcomes]
    lines += ["", markdown_escape(strings("outputs.badge-assessment")), ""]
    for item in programme.assessments:
        name = markdown_escape(strings.label(item.type))
        weight = (
            markdown_escape(strings("outputs.badge-weight", weight=strings.percent(item.weight)))
            if item.weight is not None
            else ""
        )
        detail = f": {markdown_escape(item.description)}" if item.description else ""
        lines.append(f"- {name}{weight}{detail}")
    return "\n".join(lines)


def _alignments(programme: Programme) -> list[JsonObject]:
    # Platforms show each alignment as a link: only addresses a browser reads as written.
    skills = [
        {
            "type": ["Alignment"],
            "targetName": skill.label,
            "targetUrl": url,
            "targetFramework": ESCO_FRAMEWORK,
            "targetType": "ceasn:Competency",
        }
        for skill in programme.skills
        # ESCO's URIs are http: its concept identifiers, not pages.
        if (url := web_address(skill.esco, schemes=("http", "https")))
    ]
    stacks = [
        {
            "type": ["Alignment"],
            "targetName": stack.title,
            "targetUrl": url,
            "targetType": "ceterms:Credential",
        }
        for stack in programme.stacks_into
        if (url := web_address(stack.url))
    ]
    return skills + stacks
