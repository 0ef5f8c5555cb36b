"""The site's search index: Pagefind run on the built site, its bundle in `<site>/pagefind/`.

The pages say what is indexed with Pagefind's own attributes (`data-pagefind-body`, `-weight`,
`-filter`, `-sort`, `-meta`, written by the templates); this module only runs the indexer over
the finished HTML and says, as a located problem in plain words, why it failed if it did.

The binary, not Pagefind's Python API: the API is fed one record at a time over a pipe, and
that is very slow at catalogue sizes (measured: 514 s for 5,000 pages, against under 4 s for
the binary reading the same pages from disk). The binary ships in the `pagefind-bin` wheel, so
installing microcred installs it; `pagefind.service.get_executable` finds it (or the one named
by `PAGEFIND_BINARY_PATH`), as `python -m pagefind` does.

The bundle is the same for the same site but for one thing: Pagefind keeps filters in a hash
map, so its filter chunks (and the metadata file and names that point at them) hold the same
entries in another order each run (its own TODO: "Change filter indexes to BTree to give them
a stable hash"). The tests compare those by what they hold.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

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


def index_site(
    site_dir: Path,
    *,
    where: str,
    binary: Path | None = None,
    timeout: float = TIMEOUT_SECONDS,
) -> Indexed | Problem:
    """Index the built site in `site_dir`; the bundle lands in `site_dir/pagefind/`.

    `where` is the file a problem is reported against (the site's mkdocs.yml): the index is
    built from the whole site, so no one catalogue file is to blame. `binary` defaults to the
    one installed with the package.
    """
    program = binary or executable()
    if program is None:
        return _problem(
            where,
            "the search index could not be built: the Pagefind program was not found. "
            "It comes with microcred (the `pagefind[bin]` package): reinstall microcred.",
        )
    site = site_dir.resolve()
    command = [str(program), "--site", str(site), "--output-subdir", BUNDLE, "--silent"]
    # Its own settings only: a pagefind.yml or PAGEFIND_* variable around the build would
    # otherwise change what is indexed and where the bundle goes.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="microcred-search-") as empty:
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
    bundle = site / BUNDLE
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


def _last_lines(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    return printable(" / ".join(lines[-_SHOWN_LINES:]))[:1000]


def _problem(where: str, message: str) -> Problem:
    return Problem(where, 1, 1, FIELD, message)
