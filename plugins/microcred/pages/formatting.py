"""How the pages write values: safe Markdown and HTML, checked addresses, visitors' formats.

The escapers and checks (`markdown_escape`, `strip_unprintable`, `web_address`, `image_reference`,
`sanitise_html`) are plain functions that the outputs use too; `Formats` writes a programme's
dates, money, languages and level in the site's language.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import quote

import nh3
from babel import Locale, UnknownLocaleError

from ..models import AwardingBody, Programme
from ..strings import Strings
from ..urls import web_address_problem

# Plain text in Markdown. Python-Markdown (with what MkDocs always adds, toc, tables and
# fenced_code, and the site's md_in_html, attr_list and admonition) reads markup anywhere in a
# line (code, emphasis, links, attribute lists, HTML, entities) and at the start of one
# (headings, list items, rules, admonitions, setext underlines, fences). A backslash goes only
# before a character Python-Markdown unescapes, and only where it would be markup, so text such
# as "3.5-hour labs (online)" stays readable where the Markdown itself is read (badge
# narratives); `&`, `<`, `>` and a leading `=` or `~`, which no backslash escapes, become
# entities. Tables need two lines and plain text is one: `|` stays as it is.
_MARKDOWN_INLINE = str.maketrans(
    {char: "\\" + char for char in "\\`*_[]{}"} | {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
)
_MARKDOWN_LINE_START = re.compile(r"^( ?)(?:([#+!-])|(\d+)(?=\.)|([=~]))")
# A run of spaces, tabs or line breaks becomes one space: in Markdown it can make a hard line
# break, a code block, a new paragraph or a new line start; in HTML text it shows as one space.
_MARKDOWN_SPACE = re.compile(r"[ \t\r\n]+")
# Characters that make a document ill-formed, or that no reader shows: C0 controls but tab,
# line feed and carriage return (XML 1.0 forbids them, iCalendar too), DEL and C1 controls,
# lone surrogates (they cannot be written as UTF-8 at all), and the noncharacters of the basic
# plane. (Those of the other planes are valid XML and harmless in HTML; listing them made this
# search ten times slower, 6 ms a page, since every page of the site goes through it.)
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
# What may stay as it is in a link's address in Markdown: a space, a quote, a parenthesis, a
# backtick, a backslash or a brace could end the address, start a title or a code span, or add
# attributes (attr_list), so every other character is percent-encoded.
_URL_SAFE = "/:?#[]@!$&+,;=%~*"
# Browsers drop tabs and line breaks from an address and read a backslash as a slash, so an
# address that holds one is not the address it seems ("java\tscript:", "https://a\\@b").
_URL_UNSAFE = re.compile(r"[\x00-\x20\x7f\\]")


def markdown_escape(value: object, *, link: bool = False) -> str:
    """Plain text made safe to place in Markdown: no markup, no HTML, shown as written.

    With `link`, the value is the address of a link or an image (`[text](address)`) and is
    percent-encoded instead, which keeps it the same address.
    """
    if link:
        return quote(str(value), safe=_URL_SAFE)
    text = _MARKDOWN_SPACE.sub(" ", str(value)).translate(_MARKDOWN_INLINE)
    return _MARKDOWN_LINE_START.sub(_line_start, text, count=1)


def _line_start(match: re.Match[str]) -> str:
    space, marker, number, unescapable = match.groups()
    if marker:
        return f"{space}\\{marker}"
    if number:
        return f"{space}{number}\\"  # before the dot: "1\. "
    return f"{space}&#{ord(unescapable)};"


def strip_unprintable(text: str) -> str:
    """Text without the characters that would make an output ill-formed (see _UNPRINTABLE)."""
    return _UNPRINTABLE.sub("", text)


def web_address(url: str | None, *, schemes: tuple[str, ...] = ("https",)) -> str | None:
    """`url` if a browser reads it as the https (or `schemes`) address it appears to be.

    The models accept no other; templates print these addresses in `href` and `src`, where a
    `javascript:` URL would run, so the models' own rule (urls.web_address_problem) holds here
    too, whatever reaches a view. `schemes` admits http where the content model does (ESCO
    skill URIs); the rest of the address is judged as for https.
    """
    if url is None:
        return None
    scheme, separator, rest = url.partition("://")
    if not separator or scheme.lower() not in schemes:
        return None
    return url if web_address_problem(f"https://{rest}") is None else None


def image_reference(reference: str | None) -> str | None:
    """A badge or logo as written in the YAML if it is a web address or a path on the site."""
    if reference is None or _URL_UNSAFE.search(reference):
        return None
    if "://" in reference:
        return web_address(reference)
    # No scheme and no host: a path under docs/ ("/x" and "//host/x" lead elsewhere).
    if ":" in reference.partition("/")[0] or reference.startswith("/"):
        return None
    return reference


def sanitise_html(html: str) -> str:
    """Rendered page content with anything executable removed.

    An allow-list: ordinary document elements and attributes survive; scripts, styles, event
    handlers, forms and `javascript:` or `data:` URLs do not.
    """
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"https", "http", "mailto", "tel"},
        link_rel=None,
        strip_comments=True,
    )


_ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start"},
    "time": {"datetime"},
}


class Formats:
    """A programme's values as a visitor reads them, in the site's language.

    `currency` is the catalogue's (`default_currency`), for amounts that name none.
    """

    def __init__(self, strings: Strings, currency: str) -> None:
        self.strings = strings
        self.currency = currency

    def date(self, value: date | None) -> str | None:
        return None if value is None else self.strings.date(value)

    def money(self, amount: float, currency: str | None = None) -> str:
        """An amount in the catalogue's currency unless another is given."""
        return self.strings.money(amount, currency or self.currency)

    def language(self, tag: str) -> str:
        try:
            name = Locale.parse(tag, sep="-").get_display_name(self.strings.locale)
        except (ValueError, UnknownLocaleError):
            return tag
        return str(name) if name else tag

    def level(self, programme: Programme) -> str | None:
        level = programme.level
        if level is None:
            return None
        parts = [
            self.strings("level.eqf", level=level.eqf) if level.eqf else None,
            level.nqf,
            self.strings.label(level.difficulty) if level.difficulty else None,
        ]
        return " · ".join(p for p in parts if p) or None

    def fee(self, programme: Programme) -> str | None:
        fee = programme.fee
        if fee is None or fee.amount == 0:
            return None
        return self.money(fee.amount, fee.currency)

    def number(self, value: float | None) -> str | None:
        return None if value is None else self.strings.number(value)

    def awarding_body(self, body: AwardingBody) -> str:
        """The body as "Name (Country)", the country named in the site's language."""
        country = self.strings.locale.territories.get(body.country, body.country)
        return f"{body.name} ({country})"

    def quality_assurance(self, programme: Programme) -> str | None:
        qa = programme.quality_assurance
        if qa is None:
            return None
        kind = self.strings.label(qa.type)
        if not qa.body:
            return kind
        return self.strings("facts.quality-assurance-body", type=kind, body=qa.body)


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def free(programme: Programme) -> bool:
    """Whether a programme costs nothing (a fee of 0, not a fee left out)."""
    return programme.fee is not None and programme.fee.amount == 0
