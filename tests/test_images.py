"""The image check: PNG judged by its bytes, SVG read safely and refused when it is active."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from microcred.images import MAX_BYTES, check_image

ROOT = Path(__file__).resolve().parent.parent

SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(width: int = 1, height: int = 1, *, after_end: bytes = b"") -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00" * height)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", pixels)
        + _chunk(b"IEND", b"")
        + after_end
    )


def write(tmp_path: Path, name: str, content: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


@pytest.mark.parametrize(
    "path",
    sorted(p for p in (ROOT / "docs" / "assets").rglob("*") if p.suffix in (".png", ".svg")),
    ids=lambda p: p.name,
)
def test_the_sample_sites_images_pass(path: Path) -> None:
    assert check_image(path) is None


@pytest.mark.parametrize(
    "content",
    [
        f'{SVG_OPEN}<title>Badge</title><circle cx="5" cy="5" r="4" fill="#123"/></svg>',
        '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
        f'{SVG_OPEN}<defs><linearGradient id="g"/></defs>'
        '<rect fill="url(#g)" style="fill: url( \'#g\' )"/><use xlink:href="#g"/></svg>',
        f"{SVG_OPEN}<style>/* a comment */ .a {{ fill: red; }}</style><a href='#top'/></svg>",
        f"{SVG_OPEN}<text>JavaScript: the basics</text><!-- made by hand --></svg>",
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/'
        'namespaces/inkscape"><inkscape:grid/></svg>',
    ],
)
def test_plain_svg_passes(tmp_path: Path, content: str) -> None:
    assert check_image(write(tmp_path, "badge.svg", content)) is None


def test_embedded_raster_picture_passes(tmp_path: Path) -> None:
    # What drawing programs write for a photo in an exported badge: a picture, never script.
    content = f'{SVG_OPEN}<image width="4" height="4" href="data:image/png;base64,iVBORw0K"/></svg>'
    assert check_image(write(tmp_path, "badge.svg", content)) is None


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (f"{SVG_OPEN}<script>alert(1)</script></svg>", "script"),
        (f'{SVG_OPEN}<x:script xmlns:x="urn:any">alert(1)</x:script></svg>', "script"),
        (f"{SVG_OPEN}<SCRIPT>alert(1)</SCRIPT></svg>", "script"),
        ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "event handler"),
        (f'{SVG_OPEN}<rect ONCLICK="alert(1)"/></svg>', "event handler"),
        (f'{SVG_OPEN}<rect xmlns:e="urn:e" e:onmouseover="alert(1)"/></svg>', "event handler"),
        (f"{SVG_OPEN}<foreignObject><div/></foreignObject></svg>", "foreignObject"),
        (f'{SVG_OPEN}<h:iframe xmlns:h="http://www.w3.org/1999/xhtml"/></svg>', "web page"),
        (f'{SVG_OPEN}<h:p xmlns:h="http://www.w3.org/1999/xhtml"/></svg>', "web page element"),
        (f"{SVG_OPEN}<iframe/></svg>", "iframe"),
        (f"{SVG_OPEN}<embed/></svg>", "embed"),
        (f"{SVG_OPEN}<object/></svg>", "object"),
        (f'{SVG_OPEN}<a href="javascript:alert(1)"><text>x</text></a></svg>', "javascript:"),
        (f'{SVG_OPEN}<a href=" jav&#x09;ascript:alert(1)"/></svg>', "javascript:"),
        (f'{SVG_OPEN}<a xlink:href="https://evil.example/"/></svg>', "links to"),
        (f'{SVG_OPEN}<use href="other.svg#icon"/></svg>', "links to"),
        (f'{SVG_OPEN}<image href="data:image/svg+xml;base64,AAAA"/></svg>', "links to"),
        (f'{SVG_OPEN}<use href="data:image/png;base64,AAAA"/></svg>', "links to"),
        (f'{SVG_OPEN}<a href="data:image/png;base64,AAAA"/></svg>', "links to"),
        (f'{SVG_OPEN}<image xlink:href="//evil.example/x.png"/></svg>', "links to"),
        (f'{SVG_OPEN}<set attributeName="fill" to="javascript:alert(1)"/></svg>', "javascript:"),
        (f'{SVG_OPEN}<a href="#a"><set attributeName="href" to="#b"/></a></svg>', "animates"),
        (f'{SVG_OPEN}<animate attributeName="xlink:href" values="#a;#b"/></svg>', "animates"),
        (f'{SVG_OPEN}<rect fill="url(https://evil.example/p.svg#a)"/></svg>', "url("),
        (f"{SVG_OPEN}<rect style=\"fill: URL( 'x.svg#a' )\"/></svg>", "url("),
        (f"{SVG_OPEN}<style>@import 'https://evil.example/x.css';</style></svg>", "@import"),
        (f"{SVG_OPEN}<style>@im\\70 ort 'x.css';</style></svg>", "@import"),
        (f"{SVG_OPEN}<style>rect {{ fill: u\\72l(x.png) }}</style></svg>", "url("),
        (f"{SVG_OPEN}<style><![CDATA[ rect {{ fill: url(x.png) }} ]]></style></svg>", "url("),
        (f'{SVG_OPEN}<rect xml:base="https://evil.example/"/></svg>', "xml:base"),
        (
            '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
            f"{SVG_OPEN}<text>&b;</text></svg>",
            "DOCTYPE",
        ),
        (
            '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            f"{SVG_OPEN}<text>&x;</text></svg>",
            "DOCTYPE",
        ),
        ('<?xml-stylesheet href="https://evil.example/x.xsl"?><svg/>', "instruction"),
        (f"{SVG_OPEN}<rect>", "not well-formed"),
        (f"{SVG_OPEN}<text>&nbsp;</text></svg>", "not well-formed"),
        ("<html><body><script>alert(1)</script></body></html>", "not an SVG"),
        ('<html xmlns="http://www.w3.org/1999/xhtml"><svg/></html>', "not an SVG"),
        ("plain text", "not an SVG"),
    ],
)
def test_active_svg_is_refused(tmp_path: Path, content: str, words: str) -> None:
    message = check_image(write(tmp_path, "badge.svg", content))
    assert message is not None
    assert words.lower() in message.lower(), message
    assert "export the svg again" in message.lower() or "save it" in message.lower(), message


def test_png_passes(tmp_path: Path) -> None:
    assert check_image(write(tmp_path, "logo.png", png(16, 16))) is None
    assert check_image(write(tmp_path, "LOGO.PNG", png())) is None


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("<html><script>alert(1)</script></html>", "not a PNG image (it is a web page)"),
        (f"{SVG_OPEN}</svg>", "not a PNG image (it is an SVG)"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, "not a PNG image (it is a JPEG)"),
        (b"GIF89a" + b"\x00" * 20, "(it is a GIF)"),
        (png()[:-6], "cut short"),
        (png(after_end=b"<script>alert(1)</script>"), "after its end"),
        (png(100_000, 1), "pixels"),
        (png()[:24] + b"\x09" + png()[25:], "damaged"),
        (b"\x89PNG\r\n\x1a\n" + _chunk(b"IDAT", b"") + _chunk(b"IEND", b""), "header"),
    ],
)
def test_a_png_is_judged_by_its_bytes(tmp_path: Path, content: bytes | str, words: str) -> None:
    message = check_image(write(tmp_path, "logo.png", content))
    assert message is not None
    assert words in message, message
    assert "save it again as a PNG image" in message


def test_png_named_svg_and_other_suffixes(tmp_path: Path) -> None:
    assert "is a PNG image, not an SVG" in str(check_image(write(tmp_path, "x.svg", png())))
    assert "PNG (.png) or SVG (.svg)" in str(check_image(write(tmp_path, "x.jpg", png())))


def test_size_limit(tmp_path: Path) -> None:
    big = png()[:-12] + _chunk(b"tEXt", b"c\x00" + b"x" * MAX_BYTES) + _chunk(b"IEND", b"")
    assert "larger than 1 MB" in str(check_image(write(tmp_path, "big.png", big)))
    svg = SVG_OPEN + " " * MAX_BYTES + "</svg>"
    assert "larger than 1 MB" in str(check_image(write(tmp_path, "big.svg", svg)))


def test_unreadable(tmp_path: Path) -> None:
    (tmp_path / "folder.svg").mkdir()
    assert "cannot be read" in str(check_image(tmp_path / "folder.svg"))
    assert "cannot be read" in str(check_image(tmp_path / "missing.png"))
