"""A QR code of each programme page's address (`/programmes/<id>/qr.svg`), for print.

Posters, flyers, slides and the page's printed handout use it.
"""

from __future__ import annotations

import functools
import re
from xml.etree import ElementTree as ET

import segno

from ..pages import strip_unprintable
from ..strings import for_site

SVG_NS = "http://www.w3.org/2000/svg"
QR_BORDER = 4  # modules of quiet zone: the minimum the QR standard asks for
QR_SCALE = 8  # SVG units per module, so the file's nominal size suits a screen
_DARK_RUN = re.compile(rb"\x01+")


# `mkdocs serve` rebuilds every page after each save; a page's code changes only with its address.
@functools.lru_cache(maxsize=20_000)
def qr_svg(url: str, *, language: str = "en") -> bytes:
    """A scalable QR code (SVG) of `url`, dark on an opaque white square for any print stock.

    Error correction level M survives a crease or a smudge on a poster. The mask is fixed:
    searching all eight for the best-scoring one took most of the time, and any mask is valid
    and reads the same. The drawing is one stroked path, a horizontal line per run of dark
    modules, written here rather than by segno's SVG writer, which visits every module in
    Python and cost more than the encoding itself.
    """
    code = segno.make(url, error="m", micro=False, boost_error=False, mask=0)
    size = len(code.matrix) + 2 * QR_BORDER
    commands = []
    for y, row in enumerate(code.matrix):
        middle = f" {QR_BORDER + y}.5h"  # a line through the middle of the row's modules
        for start, end in (run.span() for run in _DARK_RUN.finditer(row)):
            commands.append(f"M{QR_BORDER + start}{middle}{end - start}")
    ET.register_namespace("", SVG_NS)
    svg = ET.Element(f"{{{SVG_NS}}}svg", viewBox=f"0 0 {size * QR_SCALE} {size * QR_SCALE}")
    title = for_site(language)("outputs.qr-title", url=url)
    ET.SubElement(svg, f"{{{SVG_NS}}}title").text = strip_unprintable(title)
    group = ET.SubElement(svg, f"{{{SVG_NS}}}g", transform=f"scale({QR_SCALE})")
    ET.SubElement(group, f"{{{SVG_NS}}}path", fill="#fff", d=f"M0 0h{size}v{size}h-{size}z")
    ET.SubElement(group, f"{{{SVG_NS}}}path", stroke="#000", d="".join(commands))
    document: bytes = ET.tostring(svg, encoding="utf-8", xml_declaration=True)
    return document + b"\n"
