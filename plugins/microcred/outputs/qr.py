"""A QR code of each programme page's address (`/programmes/<id>/qr.svg`), for print.

Posters, flyers, slides and the page's printed handout use it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from itertools import chain, zip_longest
from operator import itemgetter
from typing import Any
from xml.etree import ElementTree as ET

import segno
import segno.consts
import segno.encoder

from ..pages import strip_unprintable
from ..strings import for_site

SVG_NS = "http://www.w3.org/2000/svg"
QR_BORDER = 4  # modules of quiet zone: the minimum the QR standard asks for
QR_SCALE = 8  # SVG units per module, so the file's nominal size suits a screen
_DARK_RUN = re.compile(rb"\x01+")
# segno's encoder has no type hints; its functions and tables are used as it defines them.
encoder: Any = segno.encoder
consts: Any = segno.consts
_ERROR = consts.ERROR_LEVEL_M
_MASK = 0
_DIGITS = bytes.maketrans(b"\x00\x01", b"01")
_MODULES = bytes.maketrans(b"01", b"\x00\x01")


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
    rows = qr_matrix(url)
    size = len(rows) + 2 * QR_BORDER
    commands = []
    for y, row in enumerate(rows):
        middle = f" {QR_BORDER + y}.5h"  # a line through the middle of the row's modules
        for run in _DARK_RUN.finditer(row):
            start, end = run.span()
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


def qr_matrix(url: str) -> list[bytes]:
    """The modules of `url`'s code, row by row (1 dark, 0 light), without the quiet zone.

    The same modules as `segno.make(url, error="m", micro=False, boost_error=False, mask=0)`,
    drawn about ten times faster by `drawn`. The first code of each version is also drawn by
    segno and compared: should they ever differ (another segno), segno draws that version.
    `drawn` uses segno's encoder functions and tables, which are not its public interface:
    should another segno have renamed or reshaped them, segno draws the code by itself.
    """
    try:
        version, rows = drawn(url)
    except (AttributeError, TypeError, ValueError, KeyError, IndexError):
        return _segno_matrix(url)
    if version not in _TRUSTED:
        _TRUSTED[version] = rows == _segno_matrix(url)
    return rows if _TRUSTED[version] else _segno_matrix(url)


def drawn(url: str) -> tuple[int, list[bytes]]:
    """The version and the modules of `url`'s code, as segno would draw it.

    segno chooses the mode and the version and writes the data codewords, as in its
    `encoder._encode`. The three steps that cost most of its time in pure Python (error
    correction, placing the bits module by module, masking them one by one) are done here on
    whole integers and byte strings, with where each bit goes worked out once per version.
    """
    segments = encoder.prepare_data(url, None, None)
    version = encoder.find_version(segments, _ERROR, eci=False, micro=False)
    return version, _layout(version).draw(_message(segments, version))


def _segno_matrix(url: str) -> list[bytes]:
    code = segno.make(url, error="m", micro=False, boost_error=False, mask=_MASK)
    return [bytes(row) for row in code.matrix]


# version -> whether `drawn` gave segno's modules for the first code of that version.
_TRUSTED: dict[int, bool] = {}


def _message(segments: Any, version: int) -> bytes:
    """The final message: data codewords then error correction codewords, interleaved by block.

    The data bits are segno's (its `_encode`, with no ECI, Structured Append or boosted error
    level); the codewords are divided into blocks and interleaved as `make_final_message` does.
    """
    buffer = encoder.Buffer()
    for segment in segments:
        encoder.write_segment(buffer, segment, None, encoder.version_range(version), False)
    capacity = consts.SYMBOL_CAPACITY[version][_ERROR]
    encoder.write_terminator(buffer, capacity, None, len(buffer))
    encoder.write_padding_bits(buffer, version, len(buffer))
    encoder.write_pad_codewords(buffer, version, capacity, len(buffer))
    bits = bytes(buffer.getbits()).translate(_DIGITS)
    bits += b"0" * (-len(bits) % 8)
    codewords = int(bits, 2).to_bytes(len(bits) // 8, "big")
    data: list[bytes] = []
    errors: list[bytes] = []
    offset = 0
    for info in consts.ECC[version][_ERROR]:
        for _ in range(info.num_blocks):
            block = codewords[offset : offset + info.num_data]
            offset += info.num_data
            data.append(block)
            errors.append(_remainder(block, info.num_total - info.num_data))
    return bytes(
        byte
        for blocks in (data, errors)
        for byte in chain.from_iterable(zip_longest(*blocks))
        if byte is not None
    )


@functools.cache
def _generator(size: int) -> tuple[int, ...]:
    """Reed-Solomon with `size` error correction codewords: for each leading coefficient, the
    generator polynomial times it, as one integer of `size` bytes, so that a step of the
    division is one shift and one XOR."""
    log, exp, generator = consts.GALIOS_LOG, consts.GALIOS_EXP, consts.GEN_POLY[size]
    products = (bytes(exp[log[c] + g] for g in generator) for c in range(1, 256))
    return (0, *(int.from_bytes(product, "big") for product in products))


def _remainder(block: bytes, size: int) -> bytes:
    """The error correction codewords of `block`: the remainder of its division by the
    generator polynomial, as segno's `make_blocks` computes it, kept in one integer."""
    table = _generator(size)
    top, keep = 8 * (size - 1), (1 << (8 * size)) - 1
    remainder = 0
    for byte in block:
        remainder = ((remainder << 8) & keep) ^ table[byte ^ (remainder >> top)]
    return remainder.to_bytes(size, "big")


# QR codes of these versions end their message with this many zero bits (ISO/IEC 18004 7.6).
_REMAINDER_BITS = {
    **dict.fromkeys(range(2, 7), 7),
    **dict.fromkeys((*range(14, 21), *range(28, 35)), 3),
    **dict.fromkeys(range(21, 28), 4),
}


@dataclass(frozen=True)
class _Layout:
    """Where the message goes in a code of one version, worked out once."""

    version: int
    width: int
    bits: int  # modules that hold the message, remainder bits included
    template: bytes  # every module row after row; the function patterns and format are final
    mask: int  # mask 0 over the message's modules, first module in the highest bit
    gather: itemgetter[tuple[int, ...]]  # each module from the template, or from the message

    def draw(self, message: bytes) -> list[bytes]:
        remainder = _REMAINDER_BITS.get(self.version, 0)
        if 8 * len(message) + remainder != self.bits:  # pragma: no cover - segno would fail
            raise ValueError(f"a version {self.version} message of {len(message)} codewords")
        masked = (int.from_bytes(message, "big") << remainder) ^ self.mask
        modules = format(masked, f"0{self.bits}b").encode("ascii").translate(_MODULES)
        flat = bytes(self.gather(self.template + modules))
        return [flat[y : y + self.width] for y in range(0, len(flat), self.width)]


@functools.cache
def _layout(version: int) -> _Layout:
    """The layout of `version`, from segno's own function patterns and placement order.

    The placement walks the two-module columns up and down from the right as segno's
    `add_codewords` does; the mask is segno's mask 0, applied to the same modules.
    """
    width = encoder.calc_matrix_size(version)
    matrix = encoder.make_matrix(width, width)
    encoder.add_finder_patterns(matrix, width, width)
    encoder.add_alignment_patterns(matrix, width, width)
    positions = []
    for pair in range(width - 1, 0, -2):
        right = pair - 1 if pair <= 6 else pair  # the vertical timing pattern is skipped
        for vertical in range(width):
            for z in range(2):
                j = right - z
                upwards = ((right & 2) == 0) ^ (j < 6)
                i = (width - 1 - vertical) if upwards else vertical
                if matrix[i][j] == 0x2:
                    matrix[i][j] = 0x3  # taken, as segno's bit would take it
                    positions.append((i, j))
    encoder.add_format_info(matrix, version, _ERROR, _MASK)
    encoder.add_version_info(matrix, version)
    mask_module = encoder.get_data_mask_functions(False)[_MASK]
    mask = int("".join("1" if mask_module(i, j) else "0" for i, j in positions) or "0", 2)
    source = list(range(width * width))
    for k, (i, j) in enumerate(positions):
        source[i * width + j] = width * width + k
    return _Layout(
        version=version,
        width=width,
        bits=len(positions),
        template=b"".join(bytes(row) for row in matrix),
        mask=mask,
        gather=itemgetter(*source),
    )
