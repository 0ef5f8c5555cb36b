"""Stage 3 helper: whether an image from the catalogue (a badge, a partner logo) is safe to publish.

The site serves these files from its own origin, where an SVG opened on its own runs any script
it holds, and a file is judged by the browser on its bytes. So an image is judged here on its
bytes too, never on its name: a PNG must be a whole, well-formed PNG; an SVG must be well-formed
XML with an `<svg>` root and nothing that can run script, fetch anything from elsewhere or
expand entities. The SVG is read with the standard library's expat parser, refused as soon as it
declares a DOCTYPE (which is where entities, and so XXE and "billion laughs", live).
"""

from __future__ import annotations

import struct
import unicodedata
import zlib
from pathlib import Path
from xml.parsers import expat

MAX_BYTES = 1_000_000
# Width and height in pixels; beyond this a small file can still take a browser's memory.
MAX_PIXELS_A_SIDE = 8_192

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_SVG = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"
_XML = "http://www.w3.org/XML/1998/namespace"
# Namespaces whose elements a browser would run or render as more than a picture.
_ACTIVE_NAMESPACES = frozenset(
    {"http://www.w3.org/1999/xhtml", "http://www.w3.org/1998/Math/MathML"}
)
_SCRIPTED_ELEMENTS = frozenset(
    {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "applet",
     "frame", "frameset", "base", "link", "meta"}
)  # fmt: skip
_ANIMATION = frozenset({"set", "animate", "animatetransform", "animatemotion", "discard"})
# CSS that fetches from elsewhere, or ran script in some browser once.
_ACTIVE_CSS = ("@import", "expression(", "-moz-binding", "behavior:", "image-set(", "image(",
               "cross-fade(", "element(", "src(")  # fmt: skip

_RESAVE_PNG = "save it again as a PNG image"
_RESAVE_SVG = "export the SVG again as a plain SVG"


class _RefusedError(Exception):
    """Why the SVG cannot be published, in words for the person who made it."""


def check_image(path: Path) -> str | None:
    """None when the image at `path` is safe to publish, else what is wrong and how to fix it.

    The kind expected comes from the suffix (`.png` or `.svg`); whether the file is that kind
    is decided by its bytes.
    """
    suffix = path.suffix.lower()
    if suffix not in (".png", ".svg"):
        return "an image must be a PNG (.png) or SVG (.svg) file"
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError:
        return "this image cannot be read; check that it is a file and not a folder"
    if len(data) > MAX_BYTES:
        return (
            f"this image is larger than {MAX_BYTES // 1_000_000} MB; make it smaller "
            "(fewer pixels, or an SVG exported without embedded pictures)"
        )
    return _check_png(data) if suffix == ".png" else _check_svg(data)


# PNG


def _check_png(data: bytes) -> str | None:
    if not data.startswith(_PNG_SIGNATURE):
        kind = _sniff(data)
        return f"this file is not a PNG image{kind}; {_RESAVE_PNG}"
    at = len(_PNG_SIGNATURE)
    first = True
    while at + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        end = at + 12 + length
        if end > len(data):
            break
        body = data[at + 8 : end - 4]
        (crc,) = struct.unpack(">I", data[end - 4 : end])
        if zlib.crc32(kind + body) != crc:
            return f"this PNG image is damaged (a part of it fails its checksum); {_RESAVE_PNG}"
        if first:
            if kind != b"IHDR" or length != 13:
                return f"this PNG image does not start with its header; {_RESAVE_PNG}"
            width, height = struct.unpack(">II", body[:8])
            if not (0 < width <= MAX_PIXELS_A_SIDE and 0 < height <= MAX_PIXELS_A_SIDE):
                return (
                    f"this PNG image is {width} x {height} pixels; {_RESAVE_PNG} at most "
                    f"{MAX_PIXELS_A_SIDE} pixels wide and high"
                )
            first = False
        if kind == b"IEND":
            # Bytes after the end are how one file is made to be two kinds at once.
            if end != len(data):
                return f"this PNG image has data after its end; {_RESAVE_PNG}"
            return None
        at = end
    return f"this PNG image is cut short (it has no end); {_RESAVE_PNG}"


def _sniff(data: bytes) -> str:
    head = data[:512].lstrip().lower()
    if head.startswith(b"<svg") or b"<svg" in head:
        return " (it is an SVG)"
    if head.startswith((b"<!doctype html", b"<html")) or b"<script" in head:
        return " (it is a web page)"
    if head.startswith(b"\xff\xd8\xff"):
        return " (it is a JPEG)"
    if head.startswith((b"gif87a", b"gif89a")):
        return " (it is a GIF)"
    if head.startswith(b"riff") and data[8:12] == b"WEBP":
        return " (it is a WebP image)"
    return ""


# SVG


def _check_svg(data: bytes) -> str | None:
    if data.startswith(_PNG_SIGNATURE):
        return f"this file is a PNG image, not an SVG; give it the .png suffix or {_RESAVE_SVG}"
    if b"<svg" not in data.lower() and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return f"this file is not an SVG image; {_RESAVE_SVG}"
    reader = _SvgReader()
    try:
        reader.read(data)
    except _RefusedError as refused:
        return str(refused)
    except expat.ExpatError as error:
        return (
            f"this SVG is not well-formed XML ({expat.ErrorString(error.code)} at line "
            f"{error.lineno}); {_RESAVE_SVG}"
        )
    return None


class _SvgReader:
    def __init__(self) -> None:
        # Names arrive as "namespace local", so a prefix cannot hide a name.
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._entity
        self.parser.ProcessingInstructionHandler = self._instruction
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text
        self.parser.ExternalEntityRefHandler = self._external
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.started = False
        self.in_style = 0

    def read(self, data: bytes) -> None:
        self.parser.Parse(data, True)

    def _doctype(self, *_: object) -> None:
        raise _RefusedError(
            "this SVG declares a DOCTYPE, which can make it read other files or expand "
            f"without end; {_RESAVE_SVG} (most editors have an option to leave the DOCTYPE out)"
        )

    def _entity(self, *_: object) -> None:
        raise _RefusedError(f"this SVG declares entities; {_RESAVE_SVG}")

    def _external(self, *_: object) -> int:
        raise _RefusedError(f"this SVG refers to another file; {_RESAVE_SVG}")

    def _instruction(self, target: str, _data: str) -> None:
        raise _RefusedError(
            f"this SVG holds an <?{target} ...?> instruction, which can load a style sheet "
            f"or transform from elsewhere; {_RESAVE_SVG}"
        )

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        namespace, local = _split(name)
        lowered = local.lower()
        if not self.started and (namespace, local) != (_SVG, "svg"):
            raise _RefusedError(
                f"this file is not an SVG image (its root is <{local}>); {_RESAVE_SVG}"
            )
        self.started = True
        if namespace in _ACTIVE_NAMESPACES:
            raise _RefusedError(
                f"this SVG holds a web page element <{local}>, which can run script; {_RESAVE_SVG}"
            )
        if lowered in _SCRIPTED_ELEMENTS:
            what = "script" if lowered == "script" else f"a <{local}> element"
            raise _RefusedError(
                f"this SVG holds {what}, which can run script or show another page; "
                f"export the SVG again without scripts or embedded content"
            )
        if lowered in _ANIMATION:
            target = attributes.get("attributeName", "")
            if _split(target.strip())[1].split(":")[-1].lower() in ("href", "src"):
                raise _RefusedError(
                    f'this SVG animates a link (<{local} attributeName="{target}">), which '
                    f"can turn it into a script; {_RESAVE_SVG} without that animation"
                )
        if lowered == "style":
            self.in_style += 1
        for attribute, value in attributes.items():
            self._attribute(local, attribute, value)

    def _end(self, name: str) -> None:
        if _split(name)[1].lower() == "style":
            self.in_style -= 1

    def _text(self, text: str) -> None:
        # Text on the badge ("JavaScript: the basics") is only shown; style text is read.
        if self.in_style:
            _no_script_url(text)
            _css(text)

    def _attribute(self, element: str, name: str, value: str) -> None:
        namespace, local = _split(name)
        lowered = local.lower()
        if lowered.startswith("on"):
            raise _RefusedError(
                f"this SVG has an event handler ({local} on <{element}>), which runs script; "
                "export the SVG again without scripts or interactivity"
            )
        _no_script_url(value)
        if namespace == _XML and lowered == "base":
            raise _RefusedError(f"this SVG sets xml:base, which redirects its links; {_RESAVE_SVG}")
        if lowered in ("href", "src") and not _same_document_or_raster(element, value):
            shown = value if len(value) <= 40 else value[:37] + "..."
            raise _RefusedError(
                f'this SVG links to "{shown}" (on <{element}>); an SVG badge or logo may only '
                f"refer to parts of itself; {_RESAVE_SVG} with linked images embedded as shapes"
            )
        if lowered == "style" or "url(" in _compact(value):
            _css(value)


# Drawing programs embed photos in an exported SVG as data: images; in an <image> element they
# are pictures only (a browser runs no script from them), unlike an embedded SVG or a page.
_RASTER_DATA = tuple(f"data:image/{kind};base64," for kind in ("png", "jpeg", "gif", "webp"))


def _same_document_or_raster(element: str, value: str) -> bool:
    compact = _compact(value)
    return compact.startswith("#") or (
        element.lower() == "image" and compact.startswith(_RASTER_DATA)
    )


def _split(name: str) -> tuple[str, str]:
    namespace, _, local = name.rpartition(" ")
    return namespace, local


def _compact(value: str) -> str:
    """A value as a browser compares it: no whitespace or invisible characters, lower case."""
    return "".join(
        c for c in value if not c.isspace() and unicodedata.category(c) not in ("Cc", "Cf")
    ).lower()


def _no_script_url(text: str) -> None:
    compact = _compact(text)
    for scheme in ("javascript:", "vbscript:"):
        if scheme in compact:
            raise _RefusedError(
                f"this SVG contains {scheme}, a link that runs script; export the SVG again "
                "without scripts"
            )


def _css(text: str) -> None:
    """Style that must stay inside the file: url() only to `#fragment`, nothing imported."""
    css = _compact(_css_unescape(_css_without_comments(text)))
    for active in _ACTIVE_CSS:
        if active in css:
            raise _RefusedError(
                f"this SVG's style uses {active.rstrip('(:')}, which can load or run something "
                f"from elsewhere; {_RESAVE_SVG}"
            )
    at = css.find("url(")
    while at != -1:
        target = css[at + 4 :].lstrip("\"'")
        if not target.startswith("#"):
            raise _RefusedError(
                "this SVG's style refers to a file or address with url(...); an SVG badge or "
                f"logo may only refer to parts of itself; {_RESAVE_SVG}"
            )
        at = css.find("url(", at + 4)


def _css_without_comments(text: str) -> str:
    parts: list[str] = []
    at = 0
    while True:
        start = text.find("/*", at)
        if start == -1:
            parts.append(text[at:])
            return "".join(parts)
        parts.append(text[at:start])
        end = text.find("*/", start + 2)
        if end == -1:
            return "".join(parts)
        at = end + 2


def _css_unescape(text: str) -> str:
    r"""CSS escapes decoded (`\75 rl(` is `url(`), so an escape cannot hide a word."""
    if "\\" not in text:
        return text
    out: list[str] = []
    at = 0
    while at < len(text):
        char = text[at]
        if char != "\\":
            out.append(char)
            at += 1
            continue
        end = at + 1
        while end < len(text) and end - at <= 6 and text[end] in "0123456789abcdefABCDEF":
            end += 1
        if end > at + 1:
            code = int(text[at + 1 : end], 16)
            out.append(chr(code) if 0 < code <= 0x10FFFF else "\ufffd")
            if end < len(text) and text[end].isspace():
                end += 1
            at = end
        else:
            out.append(text[at + 1 : at + 2])
            at += 2
    return "".join(out)
