"""outputs.text.dumps writes exactly what json.dumps writes for the printable data.

dumps encodes in one pass instead of through the standard library's pure-Python indenting
encoder; the standard library is the reference here, byte for byte, errors included.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcred.outputs import text
from microcred.pages import strip_unprintable


def reference(data: Any) -> bytes:
    """What dumps wrote before: the printable data through json.dumps."""

    def printable(value: Any) -> Any:
        if isinstance(value, str):
            return strip_unprintable(value)
        if isinstance(value, dict):
            return {strip_unprintable(str(k)): printable(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [printable(v) for v in value]
        return value

    written = json.dumps(
        printable(data), ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False
    )
    return (written + "\n").encode()


# Any character, lone surrogates and controls included: both must drop them the same way.
TEXT = st.text(st.characters(exclude_categories=()), max_size=20)
SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
)
KEYS = TEXT | st.integers() | st.booleans()
JSON = st.recursive(
    SCALARS | TEXT,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(KEYS, inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(JSON)
def test_the_same_bytes_as_json_dumps(data: Any) -> None:
    assert text.dumps(data) == reference(data)


@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf])
def test_nan_and_infinity_are_refused(number: float) -> None:
    with pytest.raises(ValueError, match="not JSON compliant"):
        text.dumps({"fee": [1, number]})
    with pytest.raises(ValueError, match="not JSON compliant"):
        reference({"fee": [1, number]})


def test_values_json_cannot_write_are_refused() -> None:
    for value in ({"a": {1, 2}}, [object()], {"when": b"bytes"}):
        with pytest.raises(TypeError, match="is not JSON serializable"):
            text.dumps(value)
        with pytest.raises(TypeError, match="is not JSON serializable"):
            reference(value)


def test_keys_that_read_the_same_keep_the_last_value() -> None:
    data = {"a\x00": 1, "a": 2, 3: "x", "3": "y", True: [], "True": {}}
    assert text.dumps(data) == reference(data)
    assert json.loads(text.dumps(data)) == {"a": 2, "3": "y", "True": {}}
