"""Stage 1: YAML text to plain data, keeping the line and column of every key and value.

The loader is deliberately narrower than YAML: one document per file, a mapping at the top,
string keys, no duplicate keys, no tags beyond the plain scalar types, and no anchors or aliases
(they are never needed in a catalogue file and are how "billion laughs" bombs are built). Every
refusal is a Problem with a position, never an exception.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml

from .errors import Problem

MAX_FILE_BYTES = 512 * 1024
MAX_NODES = 20_000
# The content model nests four levels at most (intakes -> item -> start); deeper files are
# refused before walking them could exhaust Python's stack.
MAX_DEPTH = 16

Loc = tuple[str | int, ...]
Position = tuple[int, int]

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALAR_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_MAP_TAG = "tag:yaml.org,2002:map"
_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"

# Numbers as YAML 1.2 writes them. PyYAML reads YAML 1.1, which also takes `2:30` (base 60, so
# 150), `010` (octal, so 8), `0b101` and `1_000` as numbers, and `1e3` as text; those are
# refused or read the 1.2 way, so a value means what it looks like.
_DECIMAL_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_YAML12_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)|0x[0-9a-fA-F]+|0o[0-7]+")
_YAML12_FLOAT = re.compile(
    r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
)


@dataclass(frozen=True)
class Document:
    """A parsed file: its data, and where each value and each key sits (1-based)."""

    file: str
    data: dict[str, Any]
    values: dict[Loc, Position] = field(repr=False)
    keys: dict[Loc, Position] = field(repr=False)

    def position(self, loc: Loc, *, key: bool = False) -> Position:
        """Where `loc` is written; the nearest written ancestor when it is missing."""
        if key and loc in self.keys:
            return self.keys[loc]
        for end in range(len(loc), -1, -1):
            prefix = loc[:end]
            if prefix in self.values:
                return self.values[prefix]
        return (1, 1)

    def within(self, prefix: Loc, data: dict[str, Any]) -> Document:
        """The part of this document under `prefix`, as a document of its own."""
        size = len(prefix)

        def rebase(marks: dict[Loc, Position]) -> dict[Loc, Position]:
            return {loc[size:]: pos for loc, pos in marks.items() if loc[:size] == prefix}

        return Document(self.file, data, rebase(self.values), rebase(self.keys))


class _RefusalError(Exception):
    """Raised inside the walk only, and turned into a Problem before `load` returns."""

    def __init__(self, node: yaml.Node | yaml.Mark | None, message: str, field: str = "") -> None:
        super().__init__(message)
        mark = node.start_mark if isinstance(node, yaml.Node) else node
        self.position: Position = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        self.message = message
        self.field = field
        self.alias = False


def load(path: Path, display: str) -> tuple[Document | None, list[Problem]]:
    """Read one catalogue file; `display` is the path shown to people (relative to the site)."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [
                _problem(
                    display,
                    (1, 1),
                    "",
                    f"the file is {size // 1024} KB; catalogue files must be under "
                    f"{MAX_FILE_BYTES // 1024} KB. Is this the right file?",
                )
            ]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [_problem(display, (1, 1), "", f"the file cannot be read ({exc.strerror})")]
    return parse(raw, display)


def load_config(path: Path, display: str) -> tuple[Document | None, list[Problem]]:
    """Read the site's mkdocs.yml without the engine.

    MkDocs configurations use tags of their own (`!ENV`, `!!python/name:...`); here they become
    plain text (`!ENV` is resolved as MkDocs does), since the catalogue's options never use
    them. Catalogue files get no such leniency.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [_problem(display, (1, 1), "", f"the file cannot be read ({exc.strerror})")]
    return parse(raw, display, engine_tags=True)


def parse(
    raw: bytes, display: str, *, engine_tags: bool = False
) -> tuple[Document | None, list[Problem]]:
    """Parse the bytes of one file (UTF-8, with or without a byte-order mark)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            _problem(
                display,
                (line, column),
                "",
                "the file is not saved as UTF-8 text; save it again as UTF-8 in your editor",
            )
        ]
    if "\x00" in text:
        return None, [_problem(display, (1, 1), "", "the file contains binary data, not text")]
    walker = _Walker(text)
    try:
        node = yaml.compose(text, Loader=_Loader)
        if node is None:
            raise _RefusalError(
                None, "the file is empty; it needs at least `id:` and the required fields"
            )
        if engine_tags:
            node = _untag(node, set())
        try:
            data = walker.walk(node, ())
        except _RefusalError as refusal:
            if refusal.alias:
                # A composed alias is the anchored node itself; find where the alias is written.
                refusal.position = _first_alias(text) or refusal.position
            raise
        if not isinstance(data, dict):
            raise _RefusalError(
                node,
                "the file must be made of `field: value` lines (id: ..., title: ...), not a list "
                "of items starting with `- `",
            )
    except _RefusalError as refusal:
        return None, [_problem(display, refusal.position, refusal.field, refusal.message)]
    except yaml.MarkedYAMLError as exc:
        position = _mark_position(exc)
        return None, [_problem(display, position, "", _explain_syntax(exc, text, position))]
    except yaml.reader.ReaderError as exc:
        # A control character in the file itself (not written as an escape such as `\t`).
        before = text[: exc.position]
        position = (before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1)
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character))
        message = (
            f"the file contains an invisible control character (U+{code:04X}) here; delete it "
            "(it often comes from copying text out of another program: retype that part)"
        )
        return None, [_problem(display, position, "", message)]
    except yaml.YAMLError as exc:
        return None, [_problem(display, (1, 1), "", f"this is not valid YAML ({exc})")]
    return Document(display, data, walker.values, walker.keys), []


class _Walker:
    """Builds plain data from composed nodes, refusing what the catalogue does not allow."""

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()
        self.values: dict[Loc, Position] = {}
        self.keys: dict[Loc, Position] = {}
        self._seen: set[int] = set()

    # Every node of every file comes through here, so the common case goes first and the
    # checks are inlined: this walk cost as much as parsing the file.
    def walk(self, node: yaml.Node, loc: Loc) -> Any:
        if len(loc) > MAX_DEPTH:
            raise _RefusalError(
                node,
                f"values are nested more than {MAX_DEPTH} levels deep here; a catalogue file "
                "needs a few levels at most: check the indentation and the brackets",
                _dotted(loc[:MAX_DEPTH]),
            )
        if id(node) in self._seen:
            refusal = _RefusalError(
                node,
                "anchors and aliases (&name, *name) are not supported "
                "here; write the value out in full",
                _dotted(loc),
            )
            refusal.alias = True
            raise refusal
        seen = self._seen
        seen.add(id(node))
        if len(seen) > MAX_NODES:
            raise _RefusalError(node, "the file has too many values to be a catalogue entry")
        mark = node.start_mark
        self.values[loc] = (mark.line + 1, mark.column + 1)
        if node.tag == _STR_TAG and type(node) is yaml.ScalarNode:
            # Most values are text, which needs no constructing: the constructor's bookkeeping
            # per node cost as much as parsing the file.
            # Plain (unquoted) scalars only; libyaml calls their style "", PyYAML None.
            if not node.style and node.value[:1] in _NUMBER_START:
                return _yaml12_number(node.value)
            return node.value
        if isinstance(node, yaml.MappingNode):
            self._check_tag(node, _MAP_TAG, loc)
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node, _SEQ_TAG, loc)
            return [self.walk(item, (*loc, i)) for i, item in enumerate(node.value)]
        self._check_tag(node, None, loc)
        node = cast(yaml.ScalarNode, node)
        if node.tag == _STR_TAG:  # a ScalarNode subclass; yaml.compose makes none
            if not node.style and node.value[:1] in _NUMBER_START:
                return _yaml12_number(node.value)
            return node.value
        if self._explicit(node):
            # `!!bool perhaps`, `!!int x`: a tag asks the constructor for a type the value may
            # not fit, and a plain value says the same without the risk.
            raise _RefusalError(
                node,
                f"YAML tags such as `{_short_tag(node.tag)}` are not allowed; "
                "remove the tag and write a plain value",
                _dotted(loc),
            )
        if node.tag in (_INT_TAG, _FLOAT_TAG):
            _check_number(node, loc)
        try:
            # The scalar's own constructor, as construct_object would call it, without the
            # bookkeeping it keeps for collections and aliases (neither reaches here).
            return _SCALARS.yaml_constructors[node.tag](_SCALARS, node)
        except ValueError as exc:
            # Date-shaped values that are not real dates (2027-02-30) fail when constructed.
            raise _RefusalError(
                node,
                f"`{node.value}` is not a real date; write an existing date as YYYY-MM-DD, "
                "e.g. 2027-02-08",
                _dotted(loc),
            ) from exc

    def _explicit(self, node: yaml.Node) -> bool:
        """True when the file writes the node's tag (`!!int 3`) rather than YAML inferring it."""
        mark = node.start_mark
        line = self._lines[mark.line] if mark.line < len(self._lines) else ""
        return line[mark.column : mark.column + 1] == "!"

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _RefusalError(
                    key_node,
                    "merge keys (<<) are not supported; write the fields out",
                    _dotted(loc),
                )
            key = self.walk(key_node, (*loc, "<key>"))
            if not isinstance(key, str):
                raise _RefusalError(
                    key_node,
                    f"the field name {key!r} is not text; field names are words such as `title`",
                    _dotted(loc),
                )
            if key in first_seen:
                raise _RefusalError(
                    key_node,
                    f"`{key}` appears twice in the same block (first on "
                    f"line {first_seen[key]}); keep one and delete the other",
                    _dotted((*loc, key)),
                )
            first_seen[key] = key_node.start_mark.line + 1
            self.keys[(*loc, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            mapping[key] = self.walk(value_node, (*loc, key))
        return mapping

    def _check_tag(self, node: yaml.Node, structural: str | None, loc: Loc) -> None:
        allowed = node.tag == structural if structural else node.tag in _SCALAR_TAGS
        if not allowed:
            raise _RefusalError(
                node,
                f"YAML tags such as `{_short_tag(node.tag)}` are not allowed; "
                "remove the tag and write a plain value",
                _dotted(loc),
            )


_NUMBER_START = frozenset("+-.0123456789")
# Scalar constructors keep no state, so one serves every file.
_SCALARS = yaml.constructor.SafeConstructor()


def _yaml12_number(text: str) -> Any:
    """A plain scalar that YAML 1.1 left as text but YAML 1.2 reads as a number (`1e3`)."""
    if _YAML12_INT.fullmatch(text):
        return int(text, 0) if text.startswith(("0x", "0o")) else int(text)
    if _YAML12_FLOAT.fullmatch(text):
        lowered = text.lower()
        if lowered.endswith("nan"):
            return float("nan")
        return float(lowered.replace(".inf", "inf"))
    return text


def _check_number(node: yaml.ScalarNode, loc: Loc) -> None:
    """Refuse the YAML 1.1 number forms that read as something other than what they show."""
    text = node.value
    pattern = _YAML12_INT if node.tag == _INT_TAG else _YAML12_FLOAT
    if pattern.fullmatch(text):
        return
    try:
        read = yaml.safe_load(text)
    except yaml.YAMLError:  # pragma: no cover - the composer already read it as a number
        read = text
    if "_" in text:
        why = f"YAML reads `{text}` as {read} (it ignores the `_`); write {read} without it"
    elif ":" in text:
        why = (
            f"YAML reads `{text}` as the number {read} (minutes and seconds, base 60); write "
            f"the number you mean, or put a time in quotes"
        )
    elif text.lstrip("+-").startswith("0b"):
        why = f"YAML reads `{text}` as the binary number {read}; write {read}"
    elif _DECIMAL_INT.fullmatch(text.lstrip("+-").lstrip("0") or "0"):
        why = (
            f"YAML reads `{text}` as the octal number {read} because it starts with 0; write "
            "the number without the leading zero"
        )
    else:
        why = f"YAML reads `{text}` as the number {read}; write it as a plain number, e.g. 12"
    raise _RefusalError(node, why, _dotted(loc))


def _untag(node: yaml.Node, seen: set[int]) -> yaml.Node:
    """The node with engine-specific tags replaced by plain YAML types."""
    if id(node) in seen:
        return node
    seen.add(id(node))
    if node.tag == "!ENV":
        names = node.value if isinstance(node, yaml.SequenceNode) else [node]
        values = [os.environ.get(str(n.value)) for n in names]
        # `!ENV [A, B, default]`: the first variable that is set, else the last item.
        found = next((v for v in values if v is not None), None)
        if found is None and isinstance(node, yaml.SequenceNode) and len(names) > 1:
            found = str(names[-1].value)
        return yaml.ScalarNode(
            "tag:yaml.org,2002:null" if found is None else "tag:yaml.org,2002:str",
            "" if found is None else found,
            node.start_mark,
            node.end_mark,
        )
    if isinstance(node, yaml.MappingNode):
        node.tag = _MAP_TAG
        node.value = [(_untag(k, seen), _untag(v, seen)) for k, v in node.value]
    elif isinstance(node, yaml.SequenceNode):
        node.tag = _SEQ_TAG
        node.value = [_untag(item, seen) for item in node.value]
    elif node.tag not in _SCALAR_TAGS:
        node.tag = "tag:yaml.org,2002:str"
    return node


def _first_alias(text: str) -> Position | None:
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
            return (event.start_mark.line + 1, event.start_mark.column + 1)
    return None


def _dotted(loc: Loc) -> str:
    return ".".join(str(part) for part in loc if part != "<key>")


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org") else tag


def _mark_position(exc: yaml.MarkedYAMLError) -> Position:
    # An unclosed quote is reported at the end of the file; where the quote opens is more use.
    unclosed = "quoted scalar" in (exc.context or "") and exc.context_mark is not None
    mark = exc.context_mark if unclosed else (exc.problem_mark or exc.context_mark)
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _explain_syntax(exc: yaml.MarkedYAMLError, text: str, position: Position) -> str:
    """PyYAML's wording, with the usual cause spelled out for people who do not write YAML."""
    lines = text.splitlines()
    line = lines[position[0] - 1] if 0 < position[0] <= len(lines) else ""
    if "\t" in line[: len(line) - len(line.lstrip())]:
        return "this is not valid YAML: the line is indented with a tab; indent with spaces only"
    problem = f"{exc.context or ''} {exc.problem or ''}"
    # Both PyYAML and libyaml wordings, matched on a fragment each shares.
    hints = {
        "invalid Unicode character escape code": (
            "a \\u escape in a quoted text names no character (such as \\ud800); remove it or "
            "write the character itself"
        ),
        "quoted scalar": (
            "a quoted text starts here but its closing quote is missing; add the closing quote"
        ),
        "mapping values are not allowed": (
            "a colon followed by a space inside a value; put the whole text in quotes"
        ),
        "alias": "anchors and aliases (&name, *name) are not supported here",
        "anchor": "anchors and aliases (&name, *name) are not supported here",
        "single document": (
            "the file holds more than one document (a second `---`); keep one per file"
        ),
        "could not find expected ':'": (
            "a line is missing the colon after its field name, or a quote is not closed"
        ),
    }
    for fragment, hint in hints.items():
        if fragment in problem:
            return f"this is not valid YAML: {hint}"
    return (
        f"this is not valid YAML ({problem.strip()}); check the indentation and that "
        "texts containing `: ` or `#` are in quotes"
    )


def _problem(file: str, position: Position, field: str, message: str) -> Problem:
    return Problem(file, position[0], position[1], field, message)
