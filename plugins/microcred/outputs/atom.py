"""The Atom feed of published programmes (`/feeds/programmes.atom`), for feed readers.

Also for the newsletter and social media tools that post a feed's new items.
"""

from __future__ import annotations

from datetime import date
from xml.etree import ElementTree as ET

from ..addresses import absolute
from ..catalogue import Catalogue
from ..models import Programme
from ..pages import strip_unprintable
from ..strings import for_site
from .paths import page_url

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_NS = "http://www.w3.org/XML/1998/namespace"


def _rfc3339(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _updated(catalogue: Catalogue, programme: Programme) -> date:
    """When a programme last changed, as far as the catalogue knows: its review date."""
    return programme.last_reviewed or catalogue.today


def atom_feed(catalogue: Catalogue, site_url: str, *, language: str = "en") -> bytes:
    """Atom (RFC 4287) feed of the published programmes, most recently reviewed first.

    The feed's own words are in the site's `language`, which `xml:lang` declares.
    """
    strings = for_site(language)
    ET.register_namespace("", ATOM_NS)
    programmes = sorted(
        (catalogue.programmes[pid] for pid in catalogue.published),
        key=lambda p: (-_updated(catalogue, p).toordinal(), p.id),
    )
    institution = catalogue.settings.institution
    feed = ET.Element(f"{{{ATOM_NS}}}feed", {f"{{{XML_NS}}}lang": language})
    _sub(feed, "id", absolute(site_url, "atom"))
    _sub(feed, "title", strings("outputs.feed-title", institution=institution.name))
    _sub(feed, "subtitle", strings("outputs.feed-subtitle"))
    latest = max((_updated(catalogue, p) for p in programmes), default=catalogue.today)
    _sub(feed, "updated", _rfc3339(latest))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=absolute(site_url, "atom"))
    _sub(
        feed,
        "link",
        rel="alternate",
        type="text/html",
        href=absolute(site_url, "programmes"),
    )
    author = _sub(feed, "author")
    _sub(author, "name", institution.name)
    if institution.url:
        _sub(author, "uri", institution.url)
    for programme in programmes:
        url = page_url(site_url, programme.id)
        entry = _sub(feed, "entry")
        _sub(entry, "id", url)
        _sub(entry, "title", programme.title)
        _sub(entry, "updated", _rfc3339(_updated(catalogue, programme)))
        _sub(entry, "link", rel="alternate", type="text/html", href=url)
        _sub(entry, "summary", programme.summary)
        for subject in programme.subjects:
            _sub(entry, "category", term=subject)
    ET.indent(feed)
    document: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    # ElementTree escapes markup but writes any character: XML 1.0 forbids most controls.
    cleaned = {name: strip_unprintable(value) for name, value in attributes.items()}
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", cleaned)
    element.text = strip_unprintable(text) if text is not None else None
    return element
