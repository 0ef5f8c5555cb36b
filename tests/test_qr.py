"""The QR encoder: `outputs.qr.drawn` gives exactly segno's modules, for every version.

outputs/qr.py computes segno's codes faster (error correction, placement and masking on whole
integers); segno itself is the reference here, so a difference in any module is a failure.
"""

from __future__ import annotations

import string
from types import SimpleNamespace

import pytest
import segno
from hypothesis import given, settings
from hypothesis import strategies as st

from microcred.outputs import qr

SITE_URL = "https://microcredentials.harbourside.example/"
ALPHABET = string.ascii_letters + string.digits + "-._~:/?#[]@!$&'()*+,;=%<>\" éü中"


def segno_modules(text: str) -> list[bytes]:
    code = segno.make(text, error="m", micro=False, boost_error=False, mask=0)
    return [bytes(row) for row in code.matrix]


def longest_text(version: int) -> str:
    """The longest ASCII text of `version` in byte mode: it fills every data codeword."""
    capacity = qr.consts.SYMBOL_CAPACITY[version][qr.consts.ERROR_LEVEL_M]
    length = (capacity - 4 - (8 if version < 10 else 16)) // 8  # less mode and count
    return (SITE_URL * 100)[:length]


@pytest.mark.parametrize("version", range(1, 41))
def test_every_version_matches_segno(version: int) -> None:
    """The shortest and the longest text of each version, and one in between."""
    shortest = longest_text(version - 1) + "x" if version > 1 else "x"
    longest = longest_text(version)
    for text in (shortest, longest, longest[: (len(shortest) + len(longest)) // 2]):
        drawn_version, modules = qr.drawn(text)
        assert drawn_version == version
        assert modules == segno_modules(text)


def test_programme_addresses_match_segno() -> None:
    for n in range(0, 20_000, 97):
        url = f"{SITE_URL}programmes/programme-{n:05d}/"
        assert qr.drawn(url)[1] == segno_modules(url)


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=400))
def test_any_text_matches_segno(text: str) -> None:
    """Numeric, alphanumeric, Kanji and byte modes, Latin-1 and UTF-8: segno decides."""
    try:
        expected = segno_modules(text)
    except (ValueError, UnicodeError):
        return  # nothing segno can encode; drawn need not either
    assert qr.drawn(text)[1] == expected


def test_segno_draws_a_version_the_fast_drawing_gets_wrong(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first code of each version is checked against segno; a wrong one hands it over."""
    url = f"{SITE_URL}programmes/x/"
    version, right = qr.drawn(url)
    wrong = [row[:-1] + bytes([row[-1] ^ 1]) for row in right]
    monkeypatch.setattr(qr, "_TRUSTED", {})
    monkeypatch.setattr(qr, "drawn", lambda _: (version, wrong))
    assert qr.qr_matrix(url) == right
    trusted = qr._TRUSTED
    assert trusted == {version: False}
    assert qr.qr_matrix(url) == right  # and goes on drawing that version with segno


@settings(max_examples=60, deadline=None)
@given(
    st.one_of(
        st.from_regex(r"[0-9]{1,3000}", fullmatch=True),  # numeric mode, up to version 40
        st.from_regex(r"[A-Z0-9 $%*+./:-]{1,1800}", fullmatch=True),  # alphanumeric mode
        st.from_regex(r"([0-9]{8,40}[A-Z]{1,20}[a-z]{1,10}){1,30}", fullmatch=True),  # mixed
    )
)
def test_numeric_alphanumeric_and_mixed_texts_match_segno(text: str) -> None:
    """The modes a lower-case address never takes, at sizes that reach the largest versions."""
    assert qr.drawn(text)[1] == segno_modules(text)


@pytest.mark.parametrize("error", [AttributeError, TypeError, ValueError])
def test_segno_draws_the_code_when_its_encoder_has_changed_shape(
    monkeypatch: pytest.MonkeyPatch, error: type[Exception]
) -> None:
    """`drawn` leans on segno's encoder internals; if they change, segno draws the code."""
    url = f"{SITE_URL}programmes/changed/"

    def changed(*_: object) -> None:
        raise error("segno's encoder changed")

    # Only the module's own view of segno's encoder changes: segno.make still has the real one.
    monkeypatch.setattr(qr, "encoder", SimpleNamespace(prepare_data=changed))
    assert qr.qr_matrix(url) == segno_modules(url)
