"""The site's search index: Pagefind run on the built site, its bundle in `<site>/pagefind/`.

The pages say what is indexed with Pagefind's own attributes (`data-pagefind-body`, `-weight`,
`-filter`, `-sort`, `-meta`, written by the templates); this module runs the indexer over the
finished HTML and says, as a located problem in plain words, why it failed if it did.

Pagefind reads only the part of each page that holds those attributes (`indexed_part`), written
to a temporary folder (in shared memory where there is plenty) as the build writes the page
(`Inputs`), not the whole site: it spent most of its time parsing what it then ignores, the
header, navigation and footer around the indexed text of every page, and the pages it does not
index at all (the listing's numbered pages, the embed cards). Measured at 1,000 programmes,
alternately on one site: the indexing step took 1.6-1.75 s of wall clock and 2.4-2.6 s of CPU
time, where Pagefind on the whole site took 2.2-2.6 s and 3.3 s; with the stretches the
templates mark as read by no one left out too (`SKIP`), 1.43-1.48 s. The index it makes is the
same, page for page (tested against Pagefind run on the whole site), but for the image Pagefind
gives a page of its own accord when none is named (the first image after its heading): on the
whole site that is a logo from a partner's or subject's list of programmes, or a programme's
QR code, which are left out, so such pages have none. Nothing reads it.

The binary, not Pagefind's Python API: the API is fed one record at a time over a pipe, and
that is very slow at catalogue sizes (measured: 514 s for 5,000 pages, against under 4 s for
the binary reading the same pages from disk: the wrapper waits 0.1 s for each answer). Nor the
service behind it (`pagefind --service`), fed by our own client as the build went: it parses
one page at a time and builds its index twice when asked to write it, so it cost more CPU time
(2.1-2.7 s at 1,000) and, running beside the build on this two-core machine, slowed the build
about as much as it saved. The binary ships in the `pagefind-bin` wheel, so
installing microcred installs it; `pagefind.service.get_executable` finds it (or the one named
by `PAGEFIND_BINARY_PATH`), as `python -m pagefind` does.

The bundle is the same for the same site but for one thing: Pagefind keeps filters in a hash
map, so its filter chunks (and the metadata file and names that point at them) hold the same
entries in another order each run (its own TODO: "Change filter indexes to BTree to give them
a stable hash"). The tests compare those by what they hold.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import TracebackType

from .errors import Problem, printable

# Where the bundle goes inside the site, and the script the pages load from it.
BUNDLE = "pagefind"
SCRIPT = f"{BUNDLE}/pagefind.js"
# Far above what a catalogue needs (about 4 s at 5,000 pages, 31 s at 50,000), so it only
# stops a run that hangs.
TIMEOUT_SECONDS = 600.0
FIELD = "search"
# What Pagefind prints when it fails is shown (its last lines), never all of it.
_SHOWN_LINES = 3
# Pagefind's own search interfaces, which it writes beside its index: nothing loads them (the
# header search is the package's own, over pagefind.js), and their default look fails an
# accessibility audit, so they are not published (about 400 KB).
_UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*",
           "pagefind-highlight.js")  # fmt: skip


# Every attribute Pagefind reads starts so; a page without `data-pagefind-body` is not indexed
# (the templates mark every page that is).
_ATTRIBUTE = "data-pagefind-"
_BODY = "data-pagefind-body"
_HEAD_END = "</head>"
# Material's footer, the last thing on its pages and nothing Pagefind reads.
_FOOTER = '<footer class="md-footer"'
# The templates mark with these comments each stretch of a page in which Pagefind reads
# nothing (the facts beside a programme's text, its ignored intakes, contact and share
# sections, a partner's or subject's list of programmes): it holds no Pagefind attribute
# but `data-pagefind-ignore`, and lies outside every `data-pagefind-body` element or wholly
# in an ignored one. The cut leaves them out: Pagefind spent a third of its time parsing them
# (measured at 1,000 programmes: 1.0-1.07 s against 1.15-1.28 s, the indexed parts 8.8 MB
# instead of 13 MB). Catalogue text cannot spell them: it is escaped, and the Markdown of a
# programme, partner or subject is sanitised, comments dropped (a page written in docs/ can,
# as its authors can change the site's templates).
SKIP = "<!--microcred:search-skip-->"
SKIP_END = "<!--/microcred:search-skip-->"
# Linear: no nesting, no repetition that can backtrack (attribute values hold no `>`, a title
# no `<`: both are escaped).
_HTML_TAG = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_TITLE = re.compile(r"<title\b[^>]*>[^<]*</title>", re.IGNORECASE)


@dataclass(frozen=True)
class Indexed:
    """What one run made: the bundle's folder and how long indexing took."""

    bundle: Path
    seconds: float


def executable() -> Path | None:
    """The Pagefind binary that comes with the `pagefind[bin]` package, or None."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    try:
        found = get_executable()
    except (FileNotFoundError, OSError):  # pagefind_bin raises when its binary is missing
        return None
    return found if found is not None and found.is_file() else None


def indexed_part(html: str) -> str | None:
    """The part of a built page that Pagefind reads, as a page of its own; None if it is not
    indexed.

    That is the `<html>` tag (its `lang` says the page's language), the title, and the page from
    the first element carrying a Pagefind attribute to the footer: every indexed element, and
    every filter, sort key and piece of metadata, lies there. Text that merely spells an
    attribute's name is escaped content, so a cut made at it starts earlier at a tag and only
    keeps more. Within that, the stretches the templates mark as read by no one (SKIP) are
    left out.
    """
    if _BODY not in html:
        return None
    head_end = html.find(_HEAD_END)
    first = html.find(_ATTRIBUTE, max(head_end, 0))
    if first < 0:
        return None
    start = html.rfind("<", 0, first)
    end = html.rfind(_FOOTER, start)
    if end < 0 or _ATTRIBUTE in html[end:]:
        end = len(html)
    tag = _HTML_TAG.search(html, 0, start)
    title = _TITLE.search(html, 0, start)
    return (
        "<!doctype html>"
        + (tag.group(0) if tag else "<html>")
        + "<head>"
        + (title.group(0) if title else "")
        + "</head><body>"
        + _without_skipped(html, start, end)
        + "</body></html>"
    )


def _without_skipped(html: str, start: int, end: int) -> str:
    """`html[start:end]` but for each stretch from a SKIP to the next SKIP_END (linear: each
    search starts where the last ended; a SKIP with no SKIP_END after it cuts nothing)."""
    kept: list[str] = []
    at = start
    while True:
        skip = html.find(SKIP, at, end)
        if skip < 0:
            break
        resume = html.find(SKIP_END, skip + len(SKIP), end)
        if resume < 0:
            break
        kept.append(html[at:skip])
        at = resume + len(SKIP_END)
    kept.append(html[at:end])
    return "".join(kept)


class Inputs:
    """What Pagefind reads: each indexed page's `indexed_part`, in a temporary folder laid out
    as the site is, so Pagefind gives every page the URL it has on the site.

    The build adds each page as it writes it (`add`); `index` adds any page of the built site
    not added so (one another plugin wrote, or one a `--dirty` build did not rebuild), runs
    Pagefind and writes its bundle into the site. Close it (or use it in a `with`) to remove
    the folder.
    """

    def __init__(self) -> None:
        try:
            self._folder = Path(tempfile.mkdtemp(prefix="microcred-search-", dir=_scratch()))
        except OSError:  # shared memory went away or filled up since it was looked at
            self._folder = Path(tempfile.mkdtemp(prefix="microcred-search-"))
        self._added: set[PurePosixPath] = set()
        self._made: set[Path] = {self._folder}
        self._unwritable: str | None = None  # why a page could not be written, if one could not

    def __enter__(self) -> Inputs:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def folder(self) -> Path:
        """The temporary folder Pagefind reads."""
        return self._folder

    def close(self) -> None:
        shutil.rmtree(self._folder, ignore_errors=True)

    def add(self, dest: str, html: str) -> None:
        """The page written to `dest` (its path in the site, such as "a/index.html")."""
        path = PurePosixPath(dest.replace(os.sep, "/"))
        if path.is_absolute() or ".." in path.parts or not path.parts:
            return  # MkDocs writes no such page; nothing is ever read or written outside
        self._added.add(path)
        part = indexed_part(html)
        if part is None:
            return
        if self._unwritable is not None:
            return
        target = self._folder.joinpath(*path.parts)
        try:
            if target.parent not in self._made:
                target.parent.mkdir(parents=True, exist_ok=True)
                self._made.add(target.parent)
            target.write_text(part, encoding="utf-8", errors="surrogateescape")
        except OSError as exc:
            self._unwritable = (
                f"the search index could not be built: the page {path} could not be written "
                f"to a temporary folder for it ({exc.strerror or exc})."
            )

    def _add_the_rest(self, site: Path) -> None:
        bundle = site / BUNDLE
        for folder, subfolders, names in os.walk(site):
            here = Path(folder)
            if here == bundle:
                subfolders[:] = []
                continue
            for name in names:
                if not name.endswith(".html"):
                    continue
                path = here / name
                dest = PurePosixPath(*path.relative_to(site).parts)
                if dest in self._added or path.is_symlink():
                    continue
                self.add(str(dest), path.read_text(encoding="utf-8", errors="surrogateescape"))

    def index(
        self,
        site_dir: Path,
        *,
        where: str,
        binary: Path | None = None,
        timeout: float = TIMEOUT_SECONDS,
    ) -> Indexed | Problem:
        """Index the built site in `site_dir`; the bundle lands in `site_dir/pagefind/`.

        `where` is the file a problem is reported against (the site's mkdocs.yml): the index
        is built from the whole site, so no one catalogue file is to blame. `binary` defaults
        to the one installed with the package.
        """
        program = binary or executable()
        if self._unwritable is not None:
            return _problem(where, self._unwritable)
        if program is None:
            return _problem(
                where,
                "the search index could not be built: the Pagefind program was not found. "
                "It comes with microcred (the `pagefind[bin]` package): reinstall microcred.",
            )
        site = site_dir.resolve()
        started = time.perf_counter()
        try:
            self._add_the_rest(site)
        except (OSError, UnicodeError) as exc:
            return _problem(
                where,
                f"the search index could not be built: a built page could not be read ({exc}).",
            )
        bundle = site / BUNDLE
        command = [
            str(program),
            "--site",
            str(self._folder),
            "--output-path",
            str(bundle),
            "--silent",
        ]
        # Its own settings only: a pagefind.yml or PAGEFIND_* variable around the build would
        # otherwise change what is indexed and where the bundle goes.
        env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
        try:
            with tempfile.TemporaryDirectory(prefix="microcred-search-cwd-") as empty:
                done = subprocess.run(
                    command,
                    cwd=empty,
                    env=env,
                    capture_output=True,
                    text=True,
                    errors="replace",
                    timeout=timeout,
                    check=False,
                )
        except subprocess.TimeoutExpired:
            return _problem(
                where,
                f"the search index could not be built: Pagefind did not finish within "
                f"{timeout:g} seconds.",
            )
        except OSError as exc:
            return _problem(
                where,
                f"the search index could not be built: the Pagefind program ({program.name}) "
                f"could not be started ({exc.strerror or exc}).",
            )
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            said = _last_lines(done.stderr or done.stdout)
            return _problem(
                where,
                f"the search index could not be built: Pagefind stopped with exit status "
                f"{done.returncode}" + (f" and said: {said}" if said else "."),
            )
        if not (site / SCRIPT).is_file():
            return _problem(
                where,
                f"the search index could not be built: Pagefind finished but wrote no {SCRIPT}.",
            )
        for pattern in _UNUSED:
            for unused in bundle.glob(pattern):
                unused.unlink()
        return Indexed(bundle, seconds)


# Shared memory, where a system has plenty: writing a thousand small files there, and reading
# them back, costs a fraction of what it costs on a disk (measured at 1,000 programmes: 0.1 s
# against 0.3 s to write them, and 0.2 s less for Pagefind). The folder holds about 13 KB a
# page, 65 MB at 5,000 programmes. Where shared memory is small (a container's 64 MB) or the
# person building chose a temporary folder (TMPDIR), the usual temporary folder.
_SHARED_MEMORY = Path("/dev/shm")  # noqa: S108 - a folder of our own inside it, made by mkdtemp
_SHARED_MEMORY_FREE = 1 << 30


def _scratch() -> str | None:
    if "TMPDIR" in os.environ or not _SHARED_MEMORY.is_dir():
        return None
    try:
        free = shutil.disk_usage(_SHARED_MEMORY).free
    except OSError:
        return None
    return (
        str(_SHARED_MEMORY)
        if free >= _SHARED_MEMORY_FREE and os.access(_SHARED_MEMORY, os.W_OK | os.X_OK)
        else None
    )


def index_site(
    site_dir: Path,
    *,
    where: str,
    binary: Path | None = None,
    timeout: float = TIMEOUT_SECONDS,
) -> Indexed | Problem:
    """Index a built site from its files alone (`Inputs.index` with nothing added before)."""
    with Inputs() as inputs:
        return inputs.index(site_dir, where=where, binary=binary, timeout=timeout)


def _last_lines(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    return printable(" / ".join(lines[-_SHOWN_LINES:]))[:1000]


def _problem(where: str, message: str) -> Problem:
    return Problem(where, 1, 1, FIELD, message)
