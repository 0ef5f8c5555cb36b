"""How every output writes values: printable text only, and JSON as published.

Shared by the JSON files (API, schema, badges) and the JSON-LD in pages; the XML and text
formats strip the same characters through `pages.strip_unprintable`.
"""

from __future__ import annotations

import json
import json.encoder
import math
from typing import Any

from ..pages import strip_unprintable

JsonObject = dict[str, Any]


def dumps(data: Any) -> bytes:
    """JSON as published: UTF-8, sorted keys, indented, ending in a newline.

    Text loses the characters no output holds (pages.strip_unprintable; JSON would write a
    control as `\\u0001` and cannot write a lone surrogate as UTF-8). NaN and infinity are refused
    (ValueError), never written as the `NaN` that is not JSON.

    The bytes of `json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True,
    allow_nan=False)` on the printable data, written in one pass: with `indent` the standard
    library encodes in pure Python, through a generator a value, which took half a second for
    the API of 5,000 programmes. Strings go through its C escaper all the same.
    """
    out: list[str] = []
    _write(out, data, "\n")
    out.append("\n")
    return "".join(out).encode()


def _write(out: list[str], value: Any, newline: str) -> None:
    """Append the JSON of `value`; `newline` is a line break and the indent of its level.

    The order of the type tests is json's own (`_make_iterencode`), so that bool, an int
    subclass and a str subclass are written as it writes them.
    """
    if isinstance(value, str):
        out.append(_escape(strip_unprintable(value)))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise ValueError(f"Out of range float values are not JSON compliant: {value!r}")
        out.append(float.__repr__(value))
    elif isinstance(value, list | tuple):
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        opening = "["
        for item in value:
            if type(item) is str:  # most values: written here rather than by a call
                out.append(opening + inner + _escape(strip_unprintable(item)))
            else:
                out.append(opening + inner)
                _write(out, item, inner)
            opening = ","
        out.append(newline + "]")
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        # Keys as text first (a later key that reads the same wins), then sorted.
        printable = {strip_unprintable(str(key)): item for key, item in value.items()}
        opening = "{"
        for key, item in sorted(printable.items(), key=_first):
            if type(item) is str:
                out.append(f"{opening}{inner}{_escape(key)}: {_escape(strip_unprintable(item))}")
            else:
                out.append(f"{opening}{inner}{_escape(key)}: ")
                _write(out, item, inner)
            opening = ","
        out.append(newline + "}")
    else:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _first(item: tuple[str, Any]) -> str:
    return item[0]


# The standard library's string escaper (its C version when built), as json.dumps uses it
# with ensure_ascii=False.
_escape: Any = json.encoder.encode_basestring
