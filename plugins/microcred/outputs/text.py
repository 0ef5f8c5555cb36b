"""How every output writes values: printable text only, and JSON as published.

Shared by the JSON files (API, schema, badges) and the JSON-LD in pages; the XML and text
formats strip the same characters through `pages.strip_unprintable`.
"""

from __future__ import annotations

import json
from typing import Any

from ..pages import strip_unprintable

JsonObject = dict[str, Any]


def dumps(data: Any) -> bytes:
    """JSON as published: UTF-8, sorted keys, indented, ending in a newline.

    Text loses the characters no output holds (pages.strip_unprintable; JSON would write a
    control as `\\u0001` and cannot write a lone surrogate as UTF-8). NaN and infinity are refused
    (ValueError), never written as the `NaN` that is not JSON.
    """
    text = json.dumps(_printable(data), ensure_ascii=False, indent=2, sort_keys=True,
                      allow_nan=False)  # fmt: skip
    return (text + "\n").encode()


def _printable(data: Any) -> Any:
    if isinstance(data, str):
        return strip_unprintable(data)
    if isinstance(data, dict):
        return {strip_unprintable(str(key)): _printable(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [_printable(value) for value in data]
    return data
