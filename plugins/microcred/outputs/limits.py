"""The numbers no output can write, found before any output is built.

For the build (`plugin.py`) and `microcred check`: an error with a message instead of a
traceback from a JSON writer or a duration that overflows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from ..catalogue import Catalogue
from ..errors import Problem

# Beyond this a float no longer holds every whole number, and hours times 60 or a division by
# a week count can overflow: no catalogue figure comes near it.
LARGEST_NUMBER = 10**15


def unpublishable_numbers(catalogue: Catalogue) -> list[Problem]:
    """An error for each number of a programme on the site that no output can write.

    NaN and infinity are not JSON, and a number beyond LARGEST_NUMBER overflows the durations
    computed from it. The models refuse both; this stops the build with a message, not a
    traceback, should one get past them. Positions are not known here: line 1 of the file.
    """
    problems = []
    for pid in catalogue.published + catalogue.archived:
        source = catalogue.sources.get(("programme", pid), pid)
        for field, value in _numbers(catalogue.programmes[pid].model_dump(), ""):
            # Size first: an int too large for a float cannot be asked whether it is finite.
            if abs(value) > LARGEST_NUMBER or not math.isfinite(value):
                message = (
                    f"`{value}` is not a number the site can publish; write a number "
                    f"between {-LARGEST_NUMBER:,} and {LARGEST_NUMBER:,}"
                )
                problems.append(Problem(source, 1, 1, field, message))
    return problems


def _numbers(data: object, path: str) -> Iterable[tuple[str, float]]:
    """Every number in a model dump, with its dotted field path (`assessments.0.weight`)."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _numbers(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list | tuple):
        for index, value in enumerate(data):
            yield from _numbers(value, f"{path}.{index}")
    elif isinstance(data, int | float) and not isinstance(data, bool):
        yield path, data
