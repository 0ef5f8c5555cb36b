"""The wording of pydantic's errors for people: each one as a located Problem in plain words.

The models say what is wrong as pydantic error types (`literal_error`, `string_type`, ...);
this module says it for the faculty member who edits the YAML: what YAML read, what to write
instead, the field's own description from the models, and the near miss a typo suggests. It
knows the models only through their annotations, so a new field or rule needs no edit here
unless it brings a new kind of error.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from datetime import date
from typing import Any, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from .errors import Problem
from .load import Document, Loc


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean `x`?)' when one of `choices` is close to `word`; empty otherwise."""
    if len(word) > 100:
        # No field name or choice is that long, and difflib indexes every character of it.
        return ""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean `{match[0]}`?)" if match else ""


# Errors that mean "this field is not there", which a misspelt key explains.
_ABSENT = frozenset({"missing", "external_needs_body"})


def one_per_typo(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """Drop "`x` is missing" where a misspelt `x` is what is there: one typo, one message."""
    misspelt: set[tuple[Loc, str]] = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            parent, name = tuple(error["loc"][:-1]), str(error["loc"][-1])
            siblings = [
                str(e["loc"][-1])
                for e in errors
                if e["type"] in _ABSENT and tuple(e["loc"][:-1]) == parent
            ]
            if len(name) <= 100:  # as in did_you_mean: no field name is longer
                misspelt.update(
                    (parent, m) for m in difflib.get_close_matches(name, siblings, 1, 0.6)
                )
    return [
        e
        for e in errors
        if not (e["type"] in _ABSENT and (tuple(e["loc"][:-1]), str(e["loc"][-1])) in misspelt)
    ]


def explain(error: ErrorDetails, doc: Document, model: type[BaseModel]) -> Problem:
    """A pydantic error as a Problem located in the YAML, worded for a faculty member."""
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    line, column = doc.position(loc, key=kind == "extra_forbidden")
    field_path = ".".join(str(part) for part in loc)
    return Problem(doc.file, line, column, field_path, message(error, model, loc))


def message(error: ErrorDetails, model: type[BaseModel], loc: Loc) -> str:
    """What is wrong, in words, with the value at `loc` of `model` (a pydantic error)."""
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    name = str(loc[-1]) if loc else ""
    if kind == "extra_forbidden":
        known = _field_names(model, loc[:-1])
        hint = did_you_mean(name, known)
        return f"`{name}` is not a field here{hint or '; the fields are ' + ', '.join(known)}"
    if kind == "missing":
        about = _field_description(model, loc)
        return f"`{name}` is missing; add it." + (f" {about}." if about else "")
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        hint = did_you_mean(str(value), choices) if isinstance(value, str) else ""
        return f"{_shown(value)} is not allowed{hint}; write one of: {', '.join(choices)}"
    if kind == "string_type":
        if isinstance(value, bool):
            word = "yes" if value else "no"
            return (
                "YAML reads yes, no, on, off, true and false as a yes/no value, not as text; "
                f'put the text in quotes, e.g. {name}: "{word}"'
            )
        if isinstance(value, date):
            return "YAML reads this as a date, not as text; put it in quotes"
        return f"{_shown(value)} is not text; write a text value"
    if kind in {"int_type", "float_type", "int_from_float"}:
        whole = "a whole number" if kind != "float_type" else "a number"
        if isinstance(value, str):
            return f'"{value}" is text, not a number; write {whole} without quotes'
        return f"{_shown(value)} is not {whole}; write {whole} such as 12"
    if kind in {"date_type", "date_from_datetime_inexact", "date_from_datetime_parsing"}:
        if isinstance(value, str):
            return (
                f'"{value}" is text, not a date; write the date as YYYY-MM-DD without '
                "quotes, e.g. 2027-02-08"
            )
        return f"{_shown(value)} is not a date; write it as YYYY-MM-DD, e.g. 2027-02-08"
    if kind == "finite_number":
        return (
            f"{_shown(value)} is not a finite number (YAML reads .inf, .nan and numbers too "
            "large to hold as infinite or not a number); write an ordinary number such as 12"
        )
    if kind == "list_type":
        return "this must be a list; write each item on its own line starting with `- `"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return "this must be a block of `field: value` lines, indented under the field name"
    if kind in {"too_short", "string_too_short"} and isinstance(value, str):
        return f"this text has {len(value)} characters; write at least {ctx.get('min_length')}"
    if kind in {"too_long", "string_too_long"} and isinstance(value, str):
        return f"this text has {len(value):,} characters; shorten it to {ctx.get('max_length'):,}"
    if kind == "too_short":
        needed = ctx.get("min_length", 1)
        return f"this list is empty; write at least {needed} item{'s' if needed != 1 else ''}"
    if kind == "bool_type":
        return f"{_shown(value)} is not yes or no; write true or false"
    if kind == "string_pattern_mismatch":
        return _pattern_message(name if isinstance(loc[-1], str) else str(loc[-2]), value)
    if kind in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        limit = next(iter(ctx.values()), "")
        if isinstance(limit, int | float):
            limit = f"{int(limit):,}" if limit == int(limit) else f"{limit:g}"
        words = {
            "greater_than": "more than",
            "greater_than_equal": "at least",
            "less_than": "less than",
            "less_than_equal": "at most",
        }[kind]
        return f"{_shown(value)} is out of range; it must be {words} {limit}"
    return error["msg"]


def _pattern_message(name: str, value: object) -> str:
    shown = _shown(value)
    patterns = {
        "id": "an id uses lower-case letters, digits and single hyphens, e.g. data-analytics",
        "partner": "an id uses lower-case letters, digits and single hyphens",
        "programmes": "an id uses lower-case letters, digits and single hyphens",
        "previous_ids": "an id uses lower-case letters, digits and single hyphens",
        "languages": "a language is a code such as en, ga, de or pt-BR",
        "country": "a country is a two-letter ISO code in capitals, such as IE or DE",
        "currency": "a currency is a three-letter ISO code in capitals, such as EUR",
        "email": "write an email address such as name@example.org",
        "esco": "an ESCO skill is written http://data.europa.eu/esco/skill/ followed by its id",
    }
    return f"{shown} is not valid; {patterns.get(name, 'check the spelling')}"


def _shown(value: object) -> str:
    text = value.isoformat() if isinstance(value, date) else str(value)
    return f"`{text if len(text) <= 60 else text[:57] + '...'}`"


def _field_description(model: type[BaseModel], loc: Loc) -> str:
    """The field's description from the models, so a message can say what the field is for."""
    owner = _model_at(model, loc[:-1])
    field_info = owner.model_fields.get(str(loc[-1])) if owner is not None and loc else None
    description = field_info.description if field_info is not None else None
    return (description or "").rstrip(".")


def _model_at(model: type[BaseModel], loc: Loc) -> Any:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field_info = current.model_fields.get(part) if _is_model(current) else None
        if field_info is None:
            return None
        current = _inner_model(field_info.annotation)
    return current if _is_model(current) else None


def _field_names(model: type[BaseModel], loc: Loc) -> list[str]:
    """The fields allowed at `loc`, found by walking the model's annotations."""
    owner = _model_at(model, loc)
    return list(owner.model_fields) if owner is not None else []


def _is_model(candidate: Any) -> bool:
    return isinstance(candidate, type) and issubclass(candidate, BaseModel)


def _inner_model(annotation: Any) -> Any:
    """The model class inside `list[Model] | None` and similar annotations."""
    if _is_model(annotation):
        return annotation
    if get_origin(annotation) is not None or get_args(annotation):
        for arg in get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None
