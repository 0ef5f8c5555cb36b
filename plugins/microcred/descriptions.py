"""Stage 3 helper: what the check asks of a Markdown description before the build renders it.

A description is inserted into its page's Markdown and rendered by Python-Markdown with the
site's extensions (fenced code, tables, toc, md_in_html, attr_list, admonition), then sanitised.
The sanitiser keeps script off the page; this check keeps the page itself whole and the build
finite. It refuses what would break the page around the description (a code block or an HTML
block that never closes and swallows the sections below, a heading at the page's own levels, a
link to `javascript:`), and holds every description to a size and nesting budget, measured
against Python-Markdown, inside which the render takes a fraction of a second and never runs out
of stack.

Everything is one pass over the text with plain string operations, no backtracking regular
expressions, so the check is linear in the length of the text whatever the text is. Where it
cannot be sure how Python-Markdown reads some HTML, it errs on the side of an error: the HTML
is removed from the published page anyway, so refusing it costs the author little.
"""

from __future__ import annotations

import bisect
import html
import unicodedata
from collections import Counter
from dataclasses import dataclass

from .errors import Severity
from .urls import web_address_problem

# Budgets, measured with Python-Markdown 3.11 and the site's extensions. With them the slowest
# description we could build renders in about a tenth of a second, and the deepest uses a few
# hundred stack frames of the thousand Python allows.
MAX_CHARACTERS = 20_000
MAX_LINES = 1_000
# Quotes, list items and indentation (4 spaces a level) around one line; HTML elements inside
# each other. Python-Markdown recurses 2-4 frames per level (a list 250 levels deep by
# indentation, or 600 nested admonitions or `<div markdown>`, exhausts the stack).
MAX_NESTING = 16
# A `[` that never closes makes Python-Markdown read the rest of its paragraph again, once per
# bracket (2,000 brackets in a row: half a second), so brackets and paragraphs are both bounded.
MAX_BRACKETS = 200
MAX_PARAGRAPH_CHARACTERS = 4_000
# Nested emphasis recurses once per level (about 1,000 levels of `**` exhaust the stack).
MAX_EMPHASIS_MARKS = 400

_UNSAFE_SCHEMES = ("javascript", "vbscript", "data")
# Where a link's address ends in Markdown or HTML: a space, a closing bracket, a quote.
_URL_END = frozenset(" \t\n)>\"'")
# Elements whose content html.parser reads as text in some Python version or another.
_TEXT_CONTENT = frozenset(
    {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"}
)
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr", "keygen", "frame", "basefont", "bgsound", "command", "image"}
)  # fmt: skip
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_TAG_NAME = _ASCII_LETTERS | frozenset("0123456789-")
_END_TAG_NAME = _TAG_NAME | frozenset(":_.")
_SCHEME = _ASCII_LETTERS | frozenset("0123456789+-.")
# Characters html.parser will not take inside an attribute name or an unquoted value.
_NOT_IN_NAME = frozenset(" \t\n\r\f\v\"'<>/=`")
_NOT_IN_VALUE = frozenset(" \t\n\r\f\v\"'<>=`")

_HTML_REMOVED = (
    "HTML is not supported in a description: most of it is removed when the page is "
    "published; write Markdown instead (**bold**, [link](https://...), - list item)"
)
_HEADING = (
    "headings inside a description start at level 3 (### Heading), because the page's "
    "title and sections use levels 1 and 2"
)
_HEADING_SETEXT = (
    "a line of === or --- right under text makes that text a heading at the page's own "
    "level; leave a blank line above --- for a rule, or write ### Heading"
)
_UNSAFE_LINK = "a link uses javascript:, data: or vbscript:; links must be https:// web addresses"
_SWALLOWS = "it would swallow the sections below it (outcomes, assessment) on the page"
_UNUSUAL_HTML = (
    "this HTML is written in a way the check cannot follow, so it could swallow the "
    "sections below it; remove it (HTML is removed from the published page anyway)"
)


@dataclass(frozen=True)
class DescriptionIssue:
    """One problem in a description: where it is inside the text (1-based line and column,
    counting tabs as one column) and what to do about it."""

    line: int
    column: int
    message: str
    severity: Severity = Severity.ERROR


def check_description(text: str) -> list[DescriptionIssue]:
    """Everything wrong with one Markdown description, in order of position.

    Each rule reports its first occurrence only: one message says what to fix, and the next
    check shows the next one.
    """
    return _Checker(text).run()


class _Checker:
    def __init__(self, text: str) -> None:
        self.original = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        # Python-Markdown's own first steps: tabs to 4 columns, lines of spaces emptied.
        self.lines = [_normalise(line) for line in self.original]
        self.code = [False] * len(self.lines)
        self.size = len(text)
        self.found: dict[str, DescriptionIssue] = {}

    def run(self) -> list[DescriptionIssue]:
        self._budget()
        self._fences()
        self._blocks()
        prose = "\n".join(
            "" if code else line for line, code in zip(self.lines, self.code, strict=True)
        )
        _HtmlScanner(self, prose).scan()
        self._links()
        return sorted(self.found.values(), key=lambda i: (i.line, i.column, i.message))

    def add(
        self, kind: str, line: int, column: int, message: str, *, warning: bool = False
    ) -> None:
        """Keep the first problem of each kind; `column` counts in the normalised line."""
        if kind in self.found:
            return
        severity = Severity.WARNING if warning else Severity.ERROR
        written = _column_as_written(self.original[line - 1], column)
        self.found[kind] = DescriptionIssue(line, written, message, severity)

    # Size

    def _budget(self) -> None:
        if self.size > MAX_CHARACTERS:
            line, column = self._position_of(MAX_CHARACTERS)
            self.add(
                "size",
                line,
                column,
                f"the description is {self.size:,} characters long, more than the "
                f"{MAX_CHARACTERS:,} allowed; shorten it or move detail to a linked page",
            )
        if len(self.lines) > MAX_LINES:
            self.add(
                "lines",
                MAX_LINES + 1,
                1,
                f"the description has {len(self.lines):,} lines, more than the {MAX_LINES:,} "
                "allowed; shorten it or join short lines",
            )

    def _position_of(self, offset: int) -> tuple[int, int]:
        seen = 0
        for number, line in enumerate(self.original, start=1):
            if seen + len(line) >= offset:
                return number, offset - seen + 1
            seen += len(line) + 1
        return len(self.original), 1

    # Fenced code, exactly as Python-Markdown's fenced_code finds it

    def _fences(self) -> None:
        closers: dict[str, list[int]] = {}
        for index, line in enumerate(self.lines):
            bare = line.rstrip(" ")
            if len(bare) >= 3 and bare[0] in "`~" and bare.count(bare[0]) == len(bare):
                closers.setdefault(bare, []).append(index)
        # Openers are met in order, so each fence's list of closers is walked once.
        cursor: dict[str, int] = dict.fromkeys(closers, 0)
        index = 0
        while index < len(self.lines):
            fence = self._opener(index)
            if fence is None:
                index += 1
                continue
            found = closers.get(fence, [])
            at = cursor.get(fence, 0)
            while at < len(found) and found[at] <= index:
                at += 1
            cursor[fence] = at
            if at == len(found):
                self.add(
                    "fence",
                    index + 1,
                    1,
                    f"a code block opened with {fence[:3]} is never closed, so the rest of "
                    f"the page would show as code; add a line of exactly {fence} after the code",
                )
                index += 1
                continue
            for inside in range(index, found[at] + 1):
                self.code[inside] = True
            index = found[at] + 1

    def _opener(self, index: int) -> str | None:
        """The fence that opens a code block on this line, or None.

        Python-Markdown wants the fence at the start of the line, then `lang`, `.lang` or
        `{attributes}`, optionally `hl_lines="..."`, and nothing else.
        """
        line = self.lines[index]
        mark = line[:1]
        if mark not in ("`", "~"):
            return None
        length = len(line) - len(line.lstrip(mark))
        if length < 3:
            return None
        fence, rest = line[:length], line[length:].lstrip(" ")
        if rest.startswith("{"):
            if not rest.endswith("}"):
                return None
            if "}" in rest[1:-1]:
                # Whether Python-Markdown takes this for attributes depends on how it splits
                # them; rather than guess which lines are code, ask for a plain form.
                self.add(
                    "fence-attributes",
                    index + 1,
                    1,
                    "write a code block's opening line plainly, as ``` or ```python",
                )
            return fence
        rest = rest.removeprefix(".")
        lang = 0
        while lang < len(rest) and (rest[lang].isalnum() or rest[lang] in "#.+-_"):
            lang += 1
        rest = rest[lang:].lstrip(" ")
        if not rest:
            return fence
        if rest.startswith("hl_lines=") and rest[9:10] in ('"', "'"):
            quoted = rest[10:].rstrip(" ")
            if quoted.endswith(rest[9]):
                return fence
        return None

    # Line by line: headings, nesting, paragraph budgets

    def _blocks(self) -> None:
        previous = ""  # the content of the line before, without quote and list markers
        paragraph_start, paragraph_size, brackets, emphasis = 0, 0, 0, 0
        for index, line in enumerate(self.lines):
            number = index + 1
            if self.code[index] or not line:
                previous = ""
                paragraph_size, emphasis = 0, 0
                continue
            if paragraph_size == 0:
                paragraph_start = number
            paragraph_size += len(line) + 1
            brackets += _link_brackets(line)
            emphasis += line.count("*") + line.count("_")
            depth, start = _container_depth(line)
            content = line[start:]
            self._nesting(number, depth)
            self._heading(number, line, start, previous)
            if paragraph_size > MAX_PARAGRAPH_CHARACTERS:
                self.add(
                    "paragraph",
                    paragraph_start,
                    1,
                    f"the paragraph or list starting here is longer than "
                    f"{MAX_PARAGRAPH_CHARACTERS:,} characters; split it with blank lines",
                )
            if brackets > MAX_BRACKETS:
                self.add(
                    "brackets",
                    number,
                    1,
                    f"the description has more than {MAX_BRACKETS} [ brackets (each link "
                    "uses one); use fewer links or write the brackets as \\[",
                )
            if emphasis > MAX_EMPHASIS_MARKS:
                self.add(
                    "emphasis",
                    paragraph_start,
                    1,
                    f"the paragraph starting here has more than {MAX_EMPHASIS_MARKS} * or _ "
                    "marks; split it with blank lines or write them as \\* and \\_",
                )
            previous = content

    def _nesting(self, number: int, depth: int) -> None:
        if depth > MAX_NESTING:
            self.add(
                "nesting",
                number,
                1,
                f"this line is nested {depth} levels deep (quotes >, list items and "
                f"indentation of 4 spaces each); at most {MAX_NESTING} are allowed, so "
                "flatten the lists or quotes",
            )

    def _heading(self, number: int, line: str, start: int, previous: str) -> None:
        content = line[start:]
        hashes = len(content) - len(content.lstrip("#"))
        if hashes in (1, 2):
            self.add("heading", number, start + 1, _HEADING)
            return
        if previous.strip() and (_underline(content) or _underline(line.lstrip(" >"))):
            self.add("heading", number - 1, 1, _HEADING_SETEXT)

    # Links

    def _links(self) -> None:
        """Every `scheme:` in a place a URL can stand (after `](`, `<`, `=`, `=\"` or
        `]:`), read as a browser reads it: entities decoded, case ignored, tabs, line breaks
        and invisible characters inside the scheme dropped."""
        decoded = [
            "" if code else html.unescape(line)
            for line, code in zip(self.lines, self.code, strict=True)
        ]
        starts: list[int] = []
        offset = 0
        for line in decoded:
            starts.append(offset)
            offset += len(line) + 1
        joined = "\n".join(decoded)
        colon = joined.find(":")
        while colon != -1:
            scheme, before = _scheme_before(joined, colon)
            if scheme in _UNSAFE_SCHEMES and _url_context(joined, before):
                row = bisect.bisect_right(starts, before) - 1
                self.add("link", row + 1, before - starts[row] + 1, _UNSAFE_LINK)
                return
            if scheme in ("http", "https") and _url_context(joined, before):
                end = before
                while end < len(joined) and joined[end] not in _URL_END:
                    end += 1
                address = joined[before:end]
                problem = web_address_problem(address)
                if problem and "address" not in self.found:
                    row = bisect.bisect_right(starts, before) - 1
                    shown = address if len(address) <= 60 else address[:57] + "..."
                    self.add(
                        "address",
                        row + 1,
                        before - starts[row] + 1,
                        f"the link to `{shown}` is not a web address this site can link to: "
                        f"{problem}",
                    )
                colon = max(colon, end - 1)
            colon = joined.find(":", colon + 1)


class _HtmlScanner:
    """Follows raw HTML the way Python-Markdown's HTML block handling does, closely enough to
    know whether every HTML block it would open is closed.

    Python-Markdown starts a raw block at a tag within the first 3 columns of a line, or right
    after another block on the same line, and ends it when the tag's end tag empties its stack
    of open tags; until then everything, Markdown included, is swallowed. Here every tag that
    could start or sit in a block is tracked (a superset of Python-Markdown's), end tags must
    close the innermost open element, and anything whose reading could differ between
    Python-Markdown and this scanner is an error.
    """

    def __init__(self, checker: _Checker, text: str) -> None:
        self.checker = checker
        self.text = text
        self.stack: list[tuple[str, int]] = []  # (tag name, offset of its `<`)
        self.open_names: Counter[str] = Counter()
        self.line_start = 0
        self.tail = False  # right after a block on the same line, as Python-Markdown's intail
        # Searches already made: (from, found). Positions only grow, so a search from inside
        # a range already searched has the same answer, which keeps the scan linear.
        self.searched: dict[str, tuple[int, int]] = {}
        # After the first error the description is refused; what follows is not read, so
        # one hostile line costs no more than one ordinary one.
        self.failed = False

    def scan(self) -> None:
        text, pos = self.text, 0
        while not self.failed:
            lt = text.find("<", pos)
            if lt == -1:
                break
            self._advance(pos, lt, plain=True)
            capable = bool(self.stack) or self.tail or self._at_line_start(lt)
            end = self._construct(lt, capable)
            if end is None:
                pos = lt + 1
                continue
            self._advance(lt, end, plain=False)
            if capable and not self.stack:
                self.tail = True
            pos = end
        if self.stack and not self.failed:
            name, at = self.stack[0]
            self._error("html-open", at, f"the HTML block <{name}> is never closed; {_SWALLOWS}")

    def _advance(self, start: int, end: int, *, plain: bool) -> None:
        newline = self.text.rfind("\n", start, end)
        if newline != -1:
            self.line_start = newline + 1
            if plain:
                self.tail = False

    def _at_line_start(self, at: int) -> bool:
        return at - self.line_start <= 3 and not self.text[self.line_start : at].strip()

    def _construct(self, lt: int, capable: bool) -> int | None:
        """Read the HTML starting at `lt`; its end, or None when it is not HTML."""
        text = self.text
        if text.startswith("<!--", lt):
            return self._comment(lt)
        if text.startswith("<![CDATA[", lt):
            return self._closed_by(lt, 9, "]", "]]>", "a CDATA section (<![CDATA[ ... ]]>)")
        if text.startswith("<?", lt):
            return self._closed_by(lt, 2, "?", "?>", "an HTML processing instruction (<? ... ?>)")
        if text.startswith("<!", lt):
            return self._closed_by(lt, 2, ">", ">", "an HTML declaration (<! ... >)")
        if text.startswith("</", lt):
            if text[lt + 2 : lt + 3] not in _ASCII_LETTERS:
                return None
            return self._end_tag(lt, capable)
        if text[lt + 1 : lt + 2] in _ASCII_LETTERS:
            return self._start_tag(lt, capable)
        return None

    def _find(self, what: str, start: int) -> int:
        """The first `what` at or after `start`; for "-->" the first `--` ending a comment."""
        since, found = self.searched.get(what, (len(self.text) + 1, -1))
        if since <= start and (found == -1 or start <= found):
            return found
        if what == "-->":
            found = self.text.find("--", start)
            while found != -1 and not self.text.startswith((">", "!>"), found + 2):
                found = self.text.find("--", found + 1)
        else:
            found = self.text.find(what, start)
        self.searched[what] = (start, found)
        return found

    def _comment(self, lt: int) -> int | None:
        close = self._find("-->", lt + 4)
        if close == -1:
            self._error(
                "html-comment", lt, f"an HTML comment <!-- is never closed with -->; {_SWALLOWS}"
            )
            return None
        self._removed(lt)
        end = close + (3 if self.text.startswith(">", close + 2) else 4)
        self._plain_inside(lt, lt + 4, close, "an HTML comment")
        return end

    def _closed_by(self, lt: int, skip: int, first: str, closer: str, what: str) -> int | None:
        """A construct that ends at the first `first`, which must begin `closer`."""
        at = self._find(first, lt + skip)
        if at == -1 or not self.text.startswith(closer, at):
            self._error("html-other", lt, f"{what} is never closed; {_SWALLOWS}")
            return None
        self._removed(lt)
        inside = self.text[lt + skip : at]
        if "'" in inside or '"' in inside:
            self._error("html-unusual", lt, _UNUSUAL_HTML)
        self._plain_inside(lt, lt + skip, at, what)
        return at + len(closer)

    def _plain_inside(self, lt: int, start: int, end: int, what: str) -> None:
        # Python-Markdown does not always read this construct where this scanner does (inside
        # another tag, say), and then reads its content as HTML: there must be none.
        if self.text.find("<", start, end) != -1:
            self._error("html-nested", lt, f"{what} holds other HTML; remove it")

    def _end_tag(self, lt: int, capable: bool) -> int | None:
        text = self.text
        at = lt + 2
        while at < len(text) and text[at] in _END_TAG_NAME:
            at += 1
        name = text[lt + 2 : at].lower()
        while at < len(text) and text[at] in " \t":
            at += 1
        if text[at : at + 1] != ">":
            if capable:
                self._error("html-unusual", lt, _UNUSUAL_HTML)
            return None
        self._removed(lt)
        if self.stack and self.open_names[name]:
            top, opened = self.stack[-1]
            if top != name:
                line = (
                    self.text.count("\n", 0, opened) + 1
                    if "html-order" not in self.checker.found
                    else 0
                )
                self._error(
                    "html-order",
                    lt,
                    f"the HTML end tag </{name}> closes <{name}> while <{top}> (line {line}) "
                    f"is still open; close <{top}> first",
                )
                return at + 1
            self._pop()
        return at + 1

    def _start_tag(self, lt: int, capable: bool) -> int | None:
        text = self.text
        at = lt + 1
        while at < len(text) and text[at] in _TAG_NAME:
            at += 1
        name = text[lt + 1 : at].lower()
        autolink = _autolink_end(text, lt)
        if autolink is not None:
            return autolink
        end = _tag_end(text, at)
        if end is None:
            if capable:
                self._error("html-unusual", lt, _UNUSUAL_HTML)
            return None
        self._removed(lt)
        if name in ("h1", "h2"):
            self._error("heading-html", lt, _HEADING)
        closed = text[end - 2 : end] == "/>"
        if name in _TEXT_CONTENT and not closed:
            return self._text_content(lt, name, end)
        if closed or name in _VOID or not capable:
            return end
        self.stack.append((name, lt))
        self.open_names[name] += 1
        if len(self.stack) > MAX_NESTING:
            self._error(
                "html-nesting",
                lt,
                f"HTML elements are nested more than {MAX_NESTING} deep here; remove the HTML",
            )
        return end

    def _text_content(self, lt: int, name: str, start: int) -> int | None:
        """`<script>`, `<style>`, `<textarea>` and the like: their end tag must come before
        any other `<`, or Python versions disagree about where they end."""
        text = self.text
        at = text.find("<", start)
        close = at + 2 + len(name)
        if (
            at != -1
            and text.startswith("</", at)
            and text[at + 2 : close].lower() == name
            and text[close : close + 1] in (">", " ", "\t")
        ):
            end = close
            while end < len(text) and text[end] in " \t":
                end += 1
            if text[end : end + 1] == ">":
                return end + 1
        self._error(
            "html-text",
            lt,
            f"the HTML element <{name}> must be closed with </{name}> before any other "
            f"HTML; {_SWALLOWS}",
        )
        return None

    def _pop(self) -> None:
        name, _ = self.stack.pop()
        self.open_names[name] -= 1

    def _removed(self, at: int) -> None:
        self._error("html", at, _HTML_REMOVED, warning=True)

    def _error(self, kind: str, at: int, message: str, *, warning: bool = False) -> None:
        self.failed = self.failed or not warning
        line = self.text.count("\n", 0, at) + 1 if kind not in self.checker.found else 0
        if line:
            start = self.text.rfind("\n", 0, at) + 1
            self.checker.add(kind, line, at - start + 1, message, warning=warning)


def _normalise(line: str) -> str:
    line = line.replace("\x02", "").replace("\x03", "").expandtabs(4)
    return "" if not line.strip(" ") else line


def _column_as_written(line: str, column: int) -> int:
    """The 1-based column in the line as written of a column counted after tab expansion."""
    if "\t" not in line:
        return column
    width = 0
    for index, char in enumerate(line):
        width = (width // 4 + 1) * 4 if char == "\t" else width + 1
        if width >= column:
            return index + 1
    return len(line) + 1


def _underline(text: str) -> bool:
    """A setext underline: only `=` or only `-` (a list marker `- ` counts: Python-Markdown
    reads `text` over `- ` as a heading too)."""
    bare = text.rstrip(" ")
    return bool(bare) and bare[0] in "=-" and bare.count(bare[0]) == len(bare)


def _container_depth(line: str) -> tuple[int, int]:
    """How deep a line sits in quotes, list items and indentation, and where its content
    starts."""
    depth, columns, at = 0, 0, 0
    while at < len(line):
        start = at
        while at < len(line) and line[at] == " ":
            at += 1
        columns += at - start
        if line[at : at + 1] == ">":
            depth += 1
            # The space after `>` belongs to the marker, not to the indentation.
            at += 2 if line[at + 1 : at + 2] == " " else 1
            continue
        marker = _list_marker(line, at)
        if marker:
            depth += 1
            at = marker
            continue
        break
    return depth + columns // 4, at


def _list_marker(line: str, at: int) -> int | None:
    """The end of a list marker (`- `, `* `, `+ `, `1. `) at `at`, or None."""
    if line[at : at + 1] in ("-", "*", "+"):
        end = at + 1
    else:
        end = at
        while end < len(line) and end - at < 10 and line[end] in "0123456789":
            end += 1
        if end == at or line[end : end + 1] != ".":
            return None
        end += 1
    return end + 1 if line[end : end + 1] == " " else None


def _tag_end(text: str, at: int) -> int | None:
    """The end of a start tag whose name ends at `at`, when it is written plainly on one line:
    attributes as name, name=value, name="value" or name='value'."""
    while True:
        spaced = at
        while at < len(text) and text[at] in " \t":
            at += 1
        if text.startswith(">", at):
            return at + 1
        if text.startswith("/>", at):
            return at + 2
        if at == spaced or at >= len(text) or text[at] in _NOT_IN_NAME:
            return None
        while at < len(text) and text[at] not in _NOT_IN_NAME:
            at += 1
        equals = at
        while equals < len(text) and text[equals] in " \t":
            equals += 1
        if not text.startswith("=", equals):
            continue
        at = equals + 1
        while at < len(text) and text[at] in " \t":
            at += 1
        quote = text[at : at + 1]
        if quote in ('"', "'"):
            close = text.find(quote, at + 1)
            if close == -1 or text.find("\n", at, close) != -1:
                return None
            at = close + 1
            continue
        value = at
        while at < len(text) and text[at] not in _NOT_IN_VALUE:
            at += 1
        if at == value:
            return None


def _autolink_end(text: str, lt: int) -> int | None:
    """The end of `<https://...>` or `<name@example.org>`, which are links, not HTML."""
    at = lt + 1
    while at < len(text) and text[at] in _SCHEME:
        at += 1
    if text[at : at + 1] not in (":", "@"):
        return None
    while at < len(text) and not text[at].isspace() and text[at] not in "<>":
        at += 1
    return at + 1 if text[at : at + 1] == ">" else None


def _ignorable(char: str) -> bool:
    """Characters a browser or a sanitiser may drop from inside a URL's scheme."""
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf")


def _scheme_before(text: str, colon: int) -> tuple[str, int]:
    """The letters of the scheme ending at `colon` (ignorable characters dropped, lower
    case), and the offset where it starts."""
    letters: list[str] = []
    at, start = colon - 1, colon
    while len(letters) <= len("javascript"):
        at = _skip_back(text, at)
        if at < 0 or text[at] not in _SCHEME:
            break
        letters.append(text[at])
        start = at
        at -= 1
    return "".join(reversed(letters)).lower(), start


def _url_context(text: str, start: int) -> bool:
    """Whether a scheme starting at `start` stands where Markdown or HTML takes a URL."""
    at = _skip_back(text, start - 1)
    if at < 0:
        return False
    char = text[at]
    if char in "<=":
        return True
    if char in "\"'":
        before = _skip_back(text, at - 1)
        return before >= 0 and text[before] == "="
    if char in "(:":
        return at > 0 and text[at - 1] == "]"
    return False


def _skip_back(text: str, at: int) -> int:
    """The last offset at or before `at` that is not ignorable, or -1."""
    while at >= 0:
        char = text[at]
        if not char.isspace():
            if not _ignorable(char):
                return at
            at -= 1
            continue
        # Runs of spaces are skipped a window at a time by str.rstrip, not a character at a
        # time in Python.
        window = text[max(0, at - 255) : at + 1]
        at -= len(window) - len(window.rstrip())
    return at


def _link_brackets(line: str) -> int:
    """The `[` in a line that Python-Markdown may take for a link: not escaped as `\\[`.

    A bracket is escaped by an odd run of backslashes before it (`\\\\[` is a backslash, then
    a bracket). Each run is walked once, for the bracket it precedes: linear in the line.
    """
    count = 0
    at = line.find("[")
    while at != -1:
        before = at
        while before > 0 and line[before - 1] == "\\":
            before -= 1
        count += (at - before) % 2 == 0
        at = line.find("[", at + 1)
    return count
