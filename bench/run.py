"""Measure the catalogue at scale and print one table: `make bench` (ARGS=--skip-5000, --quick).

For N = 100, 1,000 and 5,000 programmes (synthetic, from bench/generate.py, seed 1):
`microcred check` against parsing the same files with PyYAML's C loader; `mkdocs build` of the
catalogue against a baseline (the same programmes as plain Markdown pages, built by MkDocs +
Material without the plugin, kept out of the nav); growth from 1,000 to 5,000; peak memory;
sizes of the pages and outputs; the search index (the plugin hands Pagefind each page's indexed
part as it writes it, and Pagefind runs after the build) timed alone on the built site's pages
against the build; the rebuild under `mkdocs serve` after one file
changes. In headless Chromium (Playwright), with the site served with gzip as a static host
serves it (bench/serve.py): what a programme page view and a listing view transfer, cold cache,
until the network is idle; and at the largest size, how long the header search takes to show
its first result after the last keystroke, CPU slowed 4x, cold cache. Then Lighthouse on the
sample site's programme page and listing (mobile and desktop) and on the 1,000-programme site's
(mobile), and the finder's filter speed (bench/filter_speed.py) on the built sites.

Every timing is the median of several runs of a fresh process, measured from outside with
wall-clock time and the child's CPU time (`os.wait4`; the indexing step times itself, without
reading the pages the build holds in memory), all in one run of this script so the ratios hold
on a busy machine; builds and indexing each after `settle()`.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from playwright.sync_api import Browser, ViewportSize, sync_playwright
from playwright.sync_api import Error as PlaywrightError

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate
import serve

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
BIN = Path(sys.executable).parent
NODE_PREFIX = REPO / "bench"
LIGHTHOUSE = NODE_PREFIX / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = Path(os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync "
    "--disable-dev-shm-usage"
)
SEED = 1
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795000000"}
SAMPLE_PROGRAMME = "applied-data-analytics-python"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
BROWSER_FLAGS = CHROME_FLAGS.replace("--headless=new ", "").split()
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
THROTTLE = 4.0  # CPU slowdown for the search timing: a phone-class CPU
QUERY = "carbon"  # a word of about one synthetic programme in fourteen (TOPICS in generate.py)
TYPING_MS = 150  # between keystrokes, as a quick typist

TARGETS = {
    "check_ratio": 3.0,
    "build_ratio": 1.25,
    "growth": 5.5,
    "page_kb": 40.0,
    "listing_gz_kb": 150.0,
    "page_view_kb": 100.0,
    "listing_view_kb": 150.0,
    "search_ms": 300.0,
    "index_share": 0.15,
    "lighthouse_performance": 95,
}


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float


@dataclass
class Figures:
    count: int
    check: list[Run] = field(default_factory=list)
    floor: list[Run] = field(default_factory=list)
    build: list[Run] = field(default_factory=list)
    baseline: list[Run] = field(default_factory=list)
    rebuild: list[float] = field(default_factory=list)
    index: list[Run] = field(default_factory=list)
    sizes: dict[str, float] = field(default_factory=dict)
    views: dict[str, View] = field(default_factory=dict)
    largest_page: str = ""  # the programme page whose HTML is largest, as a site path


class MeasureError(Exception):
    """A browser measurement that could not be made: reported in the table, the rest goes on."""


@dataclass(frozen=True)
class View:
    """What one page view transferred: bytes on the wire (gzip, headers included), requests."""

    kb: float
    requests: int
    largest: str  # the request that transferred most, for the reader who must cut


def timed(cmd: list[str], cwd: Path, *, settled: bool = False) -> Run:
    """Run `cmd` to the end; its wall time, CPU time (user + system) and peak memory; after
    `settle()` if `settled` (the runs that write thousands of files)."""
    if settled:
        settle()
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            sys.exit(f"`{' '.join(cmd)}` failed in {cwd}:\n{err.read().decode()[-3000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def settle() -> None:
    """Write out what earlier runs left in memory, and empty the page cache where the bench may
    (as root): on a virtual machine whose page cache filled over a run, the system time of a
    build that writes thousands of files grew fivefold (1 s to 5 s at 1,000 programmes), which
    made the last runs of a bench slower than its first for no reason of their own."""
    os.sync()
    with contextlib.suppress(OSError):  # not root, or not Linux: noisier figures, not wrong ones
        Path("/proc/sys/vm/drop_caches").write_text("3\n", encoding="ascii")
    time.sleep(0.5)


# -- catalogues ----------------------------------------------------------------------------


def catalogue(count: int) -> Path:
    """The synthetic catalogue of `count` programmes, a complete site folder."""
    root = OUT / f"catalogue-{count}"
    generate.generate(root, count, SEED)
    for folder in ("docs", "theme_overrides"):
        shutil.rmtree(root / folder, ignore_errors=True)
        shutil.copytree(REPO / folder, root / folder)
    return root


def sources(root: Path) -> list[Path]:
    return sorted([*root.glob("programmes/**/*.yaml"), *root.glob("partners/*.yaml")])


def baseline(root: Path, count: int) -> Path:
    """The same programmes and partners as plain Markdown pages, for MkDocs + Material alone.

    Each page carries the text the plugin publishes (title, summary, description, facts,
    outcomes, assessments, skills, intakes, partners, prerequisites, how to apply); the hub
    pages list every programme and partner. Like the plugin's pages, these are kept out of the
    nav: the nav holds only the hubs, and `not_in_nav` says so.
    """
    base = OUT / f"baseline-{count}"
    shutil.rmtree(base, ignore_errors=True)
    docs = base / "docs"
    (docs / "programmes").mkdir(parents=True)
    (docs / "partners").mkdir()
    shutil.copytree(REPO / "docs" / "assets", docs / "assets")
    for page in ("authoring.md", "data.md"):
        shutil.copyfile(REPO / "docs" / page, docs / page)
    partners = {}
    for path in sorted(root.glob("partners/*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        partners[data["id"]] = data["name"]
        (docs / "partners" / f"{data['id']}.md").write_text(
            f"# {data['name']}\n\n{data['description']}\n\n"
            f"Sector: {data['sector']}. Website: <{data['website']}>\n",
            encoding="utf-8",
        )
    listing = ["# Programmes\n"]
    for path in sorted(root.glob("programmes/**/*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        if data["status"] == "draft":
            continue  # the plugin publishes no page for a draft
        listing.append(f"- [{data['title']}]({data['id']}.md): {data['summary']}")
        (docs / "programmes" / f"{data['id']}.md").write_text(
            programme_markdown(data, partners), encoding="utf-8"
        )
    (docs / "programmes" / "index.md").write_text("\n".join(listing) + "\n", encoding="utf-8")
    (docs / "partners" / "index.md").write_text(
        "# Employer partners\n\n"
        + "".join(f"- [{name}]({pid}.md)\n" for pid, name in partners.items()),
        encoding="utf-8",
    )
    (docs / "index.md").write_text(
        "# Micro-credentials\n\n[Browse all programmes](programmes/index.md)\n", encoding="utf-8"
    )
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    theme = {k: v for k, v in config["theme"].items() if k != "custom_dir"}
    (base / "mkdocs.yml").write_text(
        yaml.safe_dump(
            {
                "site_name": config["site_name"],
                "site_url": config["site_url"],
                "theme": theme,
                "plugins": ["search"],
                "markdown_extensions": config["markdown_extensions"],
                "nav": [
                    {"Home": "index.md"},
                    {"Programmes": "programmes/index.md"},
                    {"Employer partners": "partners/index.md"},
                    {"For authors": "authoring.md"},
                    {"Data and feeds": "data.md"},
                ],
                "not_in_nav": "/programmes/\n/partners/\n",
            },
            sort_keys=False,
        ),
        encoding="utf-8",
    )
    return base


def programme_markdown(d: dict[str, Any], partners: dict[str, str]) -> str:
    level = d["level"]
    lines = [
        f"# {d['title']}",
        "",
        str(d["summary"]),
        "",
        str(d["description"]),
        "",
        "## Key facts",
        "",
        f"- Credential: {d['credential']}",
        f"- Level: EQF {level['eqf']}, {level['difficulty']}",
        f"- ECTS: {d['ects']}; workload {d['workload_hours']} hours "
        f"over {d['duration_weeks']} weeks",
        f"- Mode: {d['mode']}, {d['pace']}",
        f"- Fee: {d['fee']['amount']} EUR",
        f"- Subjects: {', '.join(d['subjects'])}",
        "",
        "## What you will learn",
        "",
        *(f"- {outcome}" for outcome in d["learning_outcomes"]),
        "",
        "## Assessment",
        "",
        *(f"- {a['type']} ({a['weight']}%): {a['description']}" for a in d["assessments"]),
        "",
        "## Skills",
        "",
        *(f"- {s['label']}" for s in d["skills"]),
        "",
        "## Intakes",
        "",
        *(
            f"- {i['start']} to {i['end']}, apply by {i['application_deadline']}, "
            f"{i['places']} places{', ' + i['location'] if 'location' in i else ''}"
            for i in d["intakes"]
        ),
        "",
        "## Employer partners",
        "",
        *(
            f"- [{partners[p['partner']]}](../partners/{p['partner']}.md): {p['role']}"
            for p in d["employer_partners"]
        ),
        "",
    ]
    prerequisites = d.get("prerequisites")
    if isinstance(prerequisites, dict):
        lines += ["## Before you start", ""]
        lines += [f"- [{p}]({p}.md)" for p in prerequisites["programmes"]]
        lines.append("")
    lines += [
        "## How to apply",
        "",
        f"[Apply now]({d['apply_url']}). Questions: <{d['contact']['email']}>",
        "",
    ]
    return "\n".join(lines)


FLOOR = """
import sys, yaml
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        yaml.load(f, Loader=yaml.CSafeLoader)
"""


# -- measures ------------------------------------------------------------------------------


def measure_check(fig: Figures, root: Path, runs: int) -> None:
    files = [str(p.relative_to(root)) for p in sources(root)]
    for _ in range(runs):
        fig.check.append(timed([str(BIN / "microcred"), "check"], root))
        fig.floor.append(timed([sys.executable, "-c", FLOOR, *files], root))


def measure_build(fig: Figures, root: Path, base: Path, runs: int) -> Path:
    """Alternate our build, its indexing step alone on the site it built, and the baseline's
    build, into fresh folders, so that the ratios compare runs made minutes apart at most on a
    machine whose speed drifts; the last site stays (with its own bundle, rewritten)."""
    site = OUT / f"site-{fig.count}"
    for _ in range(runs):
        for folder, into, runs_list in (
            (root, site, fig.build),
            (base, base / "site", fig.baseline),
        ):
            shutil.rmtree(into, ignore_errors=True)
            mkdocs = [str(BIN / "mkdocs"), "build", "--quiet", "--site-dir", str(into)]
            runs_list.append(timed(mkdocs, folder, settled=True))
            if into == site:
                measure_index(fig, site, 1)
    return site


def measure_sizes(fig: Figures, root: Path, site: Path) -> None:
    def kb(data: bytes) -> float:
        return len(data) / 1024

    def gz(path: Path) -> float:
        return kb(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))

    pages = {}
    for path in root.glob("programmes/**/*.yaml"):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        if data["status"] != "draft":
            page = f"programmes/{data['id']}/"
            pages[page] = kb((site / page / "index.html").read_bytes())
    listing = site / "programmes" / "index.html"
    bundle = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    fig.largest_page = max(sorted(pages), key=pages.__getitem__)
    fig.sizes = {
        "page_max": max(pages.values()),
        "page_median": statistics.median(pages.values()),
        "listing": kb(listing.read_bytes()),
        "listing_gz": gz(listing),
        "index_files": len(bundle),
        "index_mb": sum(p.stat().st_size for p in bundle) / 1024 / 1024,
        "api_gz": gz(site / "api" / "catalogue.json"),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (our own server)
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def measure_rebuild(fig: Figures, root: Path, edits: int) -> None:
    """Start `mkdocs serve` (with live reload), edit one programme's title, and time until the
    page serves the new title; `edits` times."""
    path = next(
        p for p in sorted(root.glob("programmes/**/*.yaml")) if "status: published" in p.read_text()
    )
    pid = path.stem
    original = path.read_text(encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}/programmes/{pid}/"
    server = subprocess.Popen(
        [str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    try:
        wait_for(url, Shows(""), server, timeout=3600)
        for n in range(edits):
            token = f"Rebuilt {n} times"
            path.write_text(
                original.replace("\ntitle: ", f"\ntitle: {token} ", 1), encoding="utf-8"
            )
            start = time.perf_counter()
            wait_for(url, Shows(token), server, timeout=3600)
            fig.rebuild.append(time.perf_counter() - start)
    finally:
        path.write_text(original, encoding="utf-8")
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


@dataclass(frozen=True)
class Shows:
    """A test that a served page carries `text`."""

    text: str

    def __call__(self, body: str) -> bool:
        return self.text in body


def wait_for(
    url: str, ready: Callable[[str], bool], server: subprocess.Popen[bytes], timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"`mkdocs serve` stopped with status {server.returncode}")
        body = fetch(url)
        if body is not None and ready(body):
            return
        time.sleep(0.05)
    sys.exit(f"{url} did not serve what was expected within {timeout} s")


INDEX = """
import json, resource, shutil, sys, time
from pathlib import Path
from microcred import search
site = Path(sys.argv[1]).resolve()
# The pages the build hands to the index as it writes them, read before the clock starts: the
# build has them in memory (all but 404.html, a few KB, which the index reads back).
pages = [
    (path.relative_to(site).as_posix(), path.read_text(encoding="utf-8"))
    for path in sorted(site.rglob("*.html"))
    if search.BUNDLE not in path.relative_to(site).parts
]
shutil.rmtree(site / search.BUNDLE, ignore_errors=True)
def cpu():
    me, child = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return me.ru_utime + me.ru_stime + child.ru_utime + child.ru_stime
start, spent = time.perf_counter(), cpu()
with search.Inputs() as inputs:
    for dest, html in pages:
        inputs.add(dest, html)
    done = inputs.index(site, where="mkdocs.yml")
if not isinstance(done, search.Indexed):
    sys.exit(done.format_text())
print(json.dumps({"wall": time.perf_counter() - start, "cpu": cpu() - spent}))
"""


def measure_index(fig: Figures, site: Path, runs: int) -> None:
    """The plugin's own indexing (search.Inputs: each indexed page as the build hands it over,
    then Pagefind) in a fresh process, timed from inside: its CPU time includes Pagefind's, a
    child it waits for, as the build's does.

    The bundle is removed first each time, as a build (which starts from an empty site) has
    none: Pagefind skips writing a file that is already there, so re-indexing a site costs
    less than the build's indexing does."""
    for _ in range(runs):
        settle()
        done = subprocess.run(
            [sys.executable, "-c", INDEX, str(site)],
            cwd=REPO, env=ENV, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            sys.exit(f"indexing {site} failed:\n{done.stderr[-3000:]}")
        said = json.loads(done.stdout.strip().splitlines()[-1])
        fig.index.append(Run(said["wall"], said["cpu"], 0.0))


# -- in the browser ------------------------------------------------------------------------


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=BROWSER_FLAGS
        )
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def served(site: Path) -> Iterator[str]:
    """The site served with gzip from a background thread; its base URL."""
    server = serve.start(site)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def page_view(browser: Browser, url: str) -> View:
    """Everything a first visit to `url` transfers until the network is idle (no request for
    500 ms), in a fresh context (empty cache): bytes on the wire as DevTools counts them
    (`encodedDataLength`: compressed body and headers)."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        names: dict[str, str] = {}
        sizes: dict[str, float] = {}

        def sent(event: dict[str, Any]) -> None:
            names[event["requestId"]] = event["request"]["url"]

        def finished(event: dict[str, Any]) -> None:
            sizes[event["requestId"]] = float(event["encodedDataLength"])

        cdp.on("Network.requestWillBeSent", sent)
        cdp.on("Network.loadingFinished", finished)
        cdp.send("Network.enable")
        page.goto(url, wait_until="networkidle")
    finally:
        context.close()
    # data: URLs (Material's inline icons) are requests that reach no server.
    sizes = {k: v for k, v in sizes.items() if names.get(k, "").startswith(("http:", "https:"))}
    if not sizes:
        raise MeasureError(f"{url}: the browser transferred nothing")
    top = max(sorted(sizes), key=sizes.__getitem__)
    where = urllib.parse.urlsplit(names.get(top, "?")).path
    return View(sum(sizes.values()) / 1024, len(sizes), f"{where} {sizes[top] / 1024:.0f} KB")


def measure_views(fig: Figures, site: Path) -> str | None:
    """The two page views; what went wrong instead, if anything did."""
    try:
        with served(site) as base, chromium() as browser:
            fig.views = {
                "programme page": page_view(browser, base + fig.largest_page),
                "listing": page_view(browser, base + "programmes/"),
            }
    except (MeasureError, PlaywrightError) as exc:
        return f"page views at {fig.count:,} failed: {exc}"
    return None


# Records, for every change to the header search's form after a keystroke, when the frame that
# shows it was produced (requestAnimationFrame, then a task) and which result links it shows.
SEARCH_WATCH = """() => {
  const input = document.querySelector('#mc-search');
  const form = input.closest('form') || document.body;
  const state = window.__mcSearch = {key: null, renders: []};
  input.addEventListener('keydown', (event) => { state.key = event.timeStamp; }, true);
  new MutationObserver(() => {
    if (state.key === null) return;
    const key = state.key;
    requestAnimationFrame(() => setTimeout(() => {
      const links = [...form.querySelectorAll('a.mc-search__link')]
        .filter((link) => link.getClientRects().length > 0)
        .map((link) => link.getAttribute('href'));
      const list = form.querySelector('#mc-search-results');
      const words = list ? list.getAttribute('data-mc-words') : null;
      state.renders.push({at: performance.now(), key, links: links.join(' '), words});
    }, 0));
  }).observe(form, {childList: true, subtree: true, attributes: true, characterData: true});
}"""


def search_latency(browser: Browser, url: str) -> float | None:
    """Milliseconds from the last keystroke of QUERY in the header search to the first frame
    that shows the results the search ends with; None when the page has no header search.

    A fresh context (cold cache), the CPU slowed THROTTLE times from the first request; the
    field is clicked and the query typed at TYPING_MS a key, as a visitor does, so the index
    loads while they type. Only a frame showing the final query's own results counts (the
    results list names the words it shows), not results of an earlier prefix, even the same.
    """
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
        page.goto(url, wait_until="networkidle")
        if page.locator("#mc-search").count() == 0:
            return None
        page.evaluate(SEARCH_WATCH)
        page.click("#mc-search")
        page.keyboard.type(QUERY, delay=TYPING_MS)
        last = -1
        for _ in range(200):  # until nothing has changed for 2 s (at most 40 s)
            page.wait_for_timeout(2000 if last >= 0 else 200)
            count = int(page.evaluate("window.__mcSearch.renders.length"))
            if count == last:
                break
            last = count
        state: dict[str, Any] = page.evaluate("window.__mcSearch")
    finally:
        context.close()
    key = state["key"]
    renders = [r for r in state["renders"] if r["key"] == key]
    final = renders[-1]["links"] if renders else ""
    if not final:
        raise MeasureError(f"{url}: the header search showed no result for {QUERY!r}")
    # The final query's own answer (the results list says which words it shows), so links
    # still shown from an earlier prefix that happen to be the same do not count.
    answered = [r["at"] for r in renders if r["links"] == final and r["words"] == QUERY]
    if not answered:
        raise MeasureError(f"{url}: the header search never showed the results of {QUERY!r}")
    first = min(answered)
    return float(first - key)


def measure_search(site: Path, path: str, runs: int) -> list[float] | str | None:
    """The search timings, None without a header search, or what went wrong."""
    try:
        with served(site) as base, chromium() as browser:
            found = [search_latency(browser, base + path) for _ in range(runs)]
    except (MeasureError, PlaywrightError) as exc:
        return f"failed: {exc}"
    times = [t for t in found if t is not None]
    return times or None


# -- Lighthouse ----------------------------------------------------------------------------


def ensure_tools() -> None:
    """Debian's Chromium and the `lighthouse` npm package, installed when missing."""
    if not CHROMIUM.exists():
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        apt = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=apt)
        subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "chromium"], check=True, env=apt)
    if not LIGHTHOUSE.exists():
        if shutil.which("npm") is None:
            sys.exit("Lighthouse needs Node.js and npm: install them (apt-get install npm)")
        subprocess.run(
            ["npm", "install", "--prefix", str(NODE_PREFIX), "--no-save", "--no-package-lock",
             "--no-audit", "--no-fund", "--loglevel=error", "lighthouse"],
            check=True,
        )  # fmt: skip


# The metrics behind the performance score, shown (median) when below 100, to say where the
# time goes: audit -> (name, divisor, unit).
METRICS = {
    "first-contentful-paint": ("FCP", 1000, "s"),
    "largest-contentful-paint": ("LCP", 1000, "s"),
    "total-blocking-time": ("TBT", 1, "ms"),
    "cumulative-layout-shift": ("CLS", 1, ""),
}


Metrics = dict[str, tuple[float, float]]  # metric -> (value, score)


def lighthouse(url: str, desktop: bool) -> tuple[dict[str, int], list[str], Metrics]:
    """The four category scores of one Lighthouse run, the weighted audits of accessibility,
    best practices and SEO below 100, and the performance metrics (value, score)."""
    cmd = [
        "node", str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
        f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
    ]  # fmt: skip
    if desktop:
        cmd.append("--preset=desktop")
    env = {**ENV, "CHROME_PATH": str(CHROMIUM)}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise MeasureError(f"lighthouse failed on {url}: {done.stderr.strip()[-500:]}")
    report = json.loads(done.stdout)
    scores = {c: round(100 * report["categories"][c]["score"]) for c in CATEGORIES}
    failing = sorted(
        audit
        for category in CATEGORIES[1:]
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] > 0
        and (audit := ref["id"])
        and report["audits"][audit]["score"] is not None
        and report["audits"][audit]["score"] < 1
    )
    metrics = {
        audit: (float(found["numericValue"]), float(found["score"]))
        for audit in METRICS
        if (found := report["audits"].get(audit, {})).get("score") is not None
    }
    return scores, failing, metrics


LighthouseRow = tuple[str, str, dict[str, int], list[str]]


def measure_lighthouse(
    site: Path, pages: list[tuple[str, str]], profiles: tuple[str, ...], runs: int
) -> list[LighthouseRow]:
    """Each page of the built `site`, served with gzip, in each profile: the median score of
    `runs` runs, and every audit below 100 in any run."""
    rows = []
    with served(site) as base:
        for label, path in pages:
            for profile in profiles:
                results = [lighthouse(base + path, profile == "desktop") for _ in range(runs)]
                scores = {c: int(statistics.median(r[0][c] for r in results)) for c in CATEGORIES}
                failing = sorted({a for r in results for a in r[1]})
                for audit, (name, scale, unit) in METRICS.items():
                    measured = [r[2][audit] for r in results if audit in r[2]]
                    if measured and statistics.median(m[1] for m in measured) < 1:
                        value = statistics.median(m[0] for m in measured) / scale
                        failing.append(f"{name} {value:.3g} {unit}".rstrip())
                rows.append((label, profile, scores, failing))
    return rows


def sample_site() -> Path:
    site = OUT / "site-sample"
    shutil.rmtree(site, ignore_errors=True)
    timed([str(BIN / "mkdocs"), "build", "--quiet", "--site-dir", str(site)], REPO)
    return site


# The finder's verdict is the slowest of seven kinds of change, each a median over repeats,
# against a floor that is itself a median: with 3 repeats it moved by half a floor from run
# to run on this machine; with 7, two runs in a row on one site gave 1.58 and 1.64.
FILTER_REPEATS = 7


def filter_speed(site: Path, count: int, repeats: int) -> str | None:
    """bench/filter_speed.py's report on the built `site`, or None when it has no finder."""
    if b"data-mc-finder" not in (site / "programmes" / "index.html").read_bytes():
        return None
    script = REPO / "bench" / "filter_speed.py"
    cmd = [sys.executable, str(script), "--site", str(site), "--counts", str(count),
           "--repeats", str(repeats)]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, env=ENV, check=False)
    if done.returncode != 0:
        return f"bench/filter_speed.py failed (status {done.returncode}):\n{done.stderr[-2000:]}"
    return done.stdout.strip()


# -- the table -----------------------------------------------------------------------------


def median_run(runs: list[Run]) -> Run:
    return Run(
        statistics.median(r.wall for r in runs),
        statistics.median(r.cpu for r in runs),
        statistics.median(r.rss_mb for r in runs),
    )


def verdict(value: float, target: float) -> str:
    return "yes" if value <= target else "**no**"


def table(figures: list[Figures], runs: dict[int, int]) -> str:
    heads = [
        f"N = {f.count:,} ({runs[f.count]} run{'s' if runs[f.count] > 1 else ''})" for f in figures
    ]
    rows: list[tuple[str, list[str], str]] = []

    def add(label: str, cells: list[str], target: str = "") -> None:
        rows.append((label, cells, target))

    check = [median_run(f.check) for f in figures]
    floor = [median_run(f.floor) for f in figures]
    build = [median_run(f.build) for f in figures]
    base = [median_run(f.baseline) for f in figures]
    add("`microcred check`, s wall (CPU)", [f"{c.wall:.2f} ({c.cpu:.2f})" for c in check])
    add("parse only, PyYAML C loader, s wall (CPU)", [f"{c.wall:.2f} ({c.cpu:.2f})" for c in floor])
    add(
        "check / parse, wall (CPU)",
        [f"{c.wall / p.wall:.2f} ({c.cpu / p.cpu:.2f})" for c, p in zip(check, floor, strict=True)],
        "≤ 3",
    )
    add(
        "`mkdocs build` with the plugin, s wall (CPU)",
        [f"{b.wall:.1f} ({b.cpu:.1f})" for b in build],
    )
    add(
        "baseline: plain Markdown + Material, s wall (CPU)",
        [f"{b.wall:.1f} ({b.cpu:.1f})" for b in base],
    )
    add(
        "plugin / baseline, wall (CPU)",
        [f"{b.wall / a.wall:.2f} ({b.cpu / a.cpu:.2f})" for b, a in zip(build, base, strict=True)],
        "≤ 1.25 at 1,000",
    )
    by_count = {f.count: b for f, b in zip(figures, build, strict=True)}
    if 1000 in by_count and 5000 in by_count:
        big, mid = by_count[5000], by_count[1000]
        add(
            "growth: build at 5,000 / at 1,000, wall (CPU)",
            ["", "", f"{big.wall / mid.wall:.2f} ({big.cpu / mid.cpu:.2f})"][-len(figures) :],
            "≤ 5.5",
        )
    add(
        "peak memory of the build, MB (baseline)",
        [f"{b.rss_mb:.0f} ({a.rss_mb:.0f})" for b, a in zip(build, base, strict=True)],
    )
    add(
        "programme page HTML, KB largest (median)",
        [f"{f.sizes['page_max']:.1f} ({f.sizes['page_median']:.1f})" for f in figures],
        "≤ 40",
    )
    add(
        "listing HTML, KB raw / gzip",
        [f"{f.sizes['listing']:.0f} / {f.sizes['listing_gz']:.0f}" for f in figures],
        "gzip ≤ 150 at 1,000",
    )
    add(
        "search index (Pagefind bundle), files / MB raw",
        [f"{f.sizes['index_files']:.0f} / {f.sizes['index_mb']:.1f}" for f in figures],
    )
    index = [median_run(f.index) for f in figures]
    add(
        "indexing alone (the plugin's search step), s wall (CPU)",
        [f"{i.wall:.2f} ({i.cpu:.2f})" for i in index],
    )
    add(
        "indexing / rest of the build, wall (CPU)",
        [
            f"{share(i, b, 'wall'):.1%} ({share(i, b, 'cpu'):.1%})"
            for i, b in zip(index, build, strict=True)
        ],
        "≤ 15% at 1,000",
    )
    for label, limit in (("programme page", TARGETS["page_view_kb"]),
                         ("listing", TARGETS["listing_view_kb"])):  # fmt: skip
        add(
            f"{label} view, KB transferred (requests)",
            [
                f"{f.views[label].kb:.0f} ({f.views[label].requests})" if f.views else ""
                for f in figures
            ],
            f"≤ {limit:g} at 1,000 and 5,000",
        )
    add("`api/catalogue.json`, KB gzip", [f"{f.sizes['api_gz']:.0f}" for f in figures])
    add(
        "`mkdocs serve` rebuild after one edit, s",
        [f"{statistics.median(f.rebuild):.1f}" for f in figures],
    )
    lines = [
        "| figure | " + " | ".join(heads) + " | target |",
        "| --- | " + " | ".join("---:" for _ in heads) + " | --- |",
    ]
    lines += [
        f"| {label} | " + " | ".join(cells) + f" | {target} |" for label, cells, target in rows
    ]
    return "\n".join(lines)


def share(index: Run, build: Run, measure: str) -> float:
    """What indexing adds to the build: its time over the rest of the build's, in wall clock
    (what the one who builds waits: the target's measure) or in CPU time (higher: Pagefind
    works on every core, and the rest of the build on one)."""
    if measure == "wall":
        return index.wall / (build.wall - index.wall)
    return index.cpu / (build.cpu - index.cpu)


def target(label: str, value: float, limit: float, unit: str = "") -> str:
    return f"{label}: {value:.2f}{unit} (target ≤ {limit:g}{unit}): {verdict(value, limit)}"


def ratio(label: str, top: Run, bottom: Run, limit: float) -> str:
    """Judged on CPU time, which other work on a shared machine does not inflate."""
    wall = f"; wall clock {top.wall / bottom.wall:.2f}"
    return target(f"{label}, CPU time", top.cpu / bottom.cpu, limit) + wall


def targets_met(figures: list[Figures]) -> list[str]:
    """Each target with its verdict, on medians."""
    out = []
    for f in figures:
        check, parse = median_run(f.check), median_run(f.floor)
        out.append(ratio(f"check / parse at {f.count:,}", check, parse, TARGETS["check_ratio"]))
        page = f.sizes["page_max"]
        out.append(
            target(f"largest programme page at {f.count:,}", page, TARGETS["page_kb"], " KB")
        )
    by_count = {f.count: f for f in figures}
    if 1000 in by_count:
        f = by_count[1000]
        build = median_run(f.build)
        out.append(
            ratio("plugin overhead at 1,000", build, median_run(f.baseline), TARGETS["build_ratio"])
        )
        listing = f.sizes["listing_gz"]
        out.append(target("listing gzip at 1,000", listing, TARGETS["listing_gz_kb"], " KB"))
        index = median_run(f.index)
        added = share(index, build, "wall")
        out.append(
            f"indexing adds {added:.1%} to the build at 1,000, wall clock (target ≤ "
            f"{TARGETS['index_share']:.0%}): {verdict(added, TARGETS['index_share'])}; "
            f"CPU time {share(index, build, 'cpu'):.1%}"
        )
        if 5000 in by_count:
            big = median_run(by_count[5000].build)
            out.append(ratio("growth from 1,000 to 5,000", big, build, TARGETS["growth"]))
    for f in figures:
        if f.count not in (1000, 5000) or not f.views:
            continue
        for label, limit in (("programme page", TARGETS["page_view_kb"]),
                             ("listing", TARGETS["listing_view_kb"])):  # fmt: skip
            view = f.views[label]
            out.append(
                target(f"{label} view at {f.count:,}", view.kb, limit, " KB")
                + f" ({view.requests} requests; most: {view.largest})"
            )
    return out


def search_line(times: list[float] | str | None, count: int, runs: int) -> str:
    label = (
        f"first search result after the last keystroke at {count:,}, CPU slowed "
        f"{THROTTLE:g}x, cold cache"
    )
    if times is None:
        return f"{label}: not available (no header search `#mc-search` on the page)"
    if isinstance(times, str):
        return f"{label}: **not measured**, {times}"
    median = statistics.median(times)
    note = "" if count >= 5000 else " (the target is at 5,000)"
    worst = f"; median of {runs}, slowest {max(times):.0f} ms" if runs > 1 else ""
    return (
        f"{label}: {median:.0f} ms (target ≤ {TARGETS['search_ms']:g} ms): "
        f"{verdict(median, TARGETS['search_ms'])}{note}{worst}"
    )


def lighthouse_lines(rows: list[LighthouseRow], where: str, judge: tuple[str, ...]) -> list[str]:
    """Verdicts: accessibility, best practices and SEO 100 everywhere; performance ≥ 95 in the
    profiles of `judge`."""
    lines = []
    for label, profile, scores, _ in rows:
        perfect = "yes" if all(scores[c] == 100 for c in CATEGORIES[1:]) else "**no**"
        line = f"Lighthouse {where}, {label}, {profile}: accessibility, best practices, SEO 100: "
        line += perfect
        if profile in judge:
            limit = TARGETS["lighthouse_performance"]
            fast = "yes" if scores["performance"] >= limit else "**no**"
            line += f"; performance {scores['performance']} (target ≥ {limit:g}): {fast}"
        lines.append(line)
    return lines


def lighthouse_table(rows: list[LighthouseRow], where: str, runs: int) -> str:
    lines = [
        f"| Lighthouse, {where}, gzip ({runs} run{'s' if runs > 1 else ''}, median) "
        "| performance | accessibility | best practices | SEO | audits below 100 |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for label, profile, scores, failing in rows:
        lines.append(
            f"| {label}, {profile} | "
            + " | ".join(str(scores[c]) for c in CATEGORIES)
            + f" | {', '.join(failing) or 'none'} |"
        )
    return "\n".join(lines)


def machine() -> str:
    model = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor() or "unknown CPU",
    )  # fmt: skip
    mem_kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )  # fmt: skip
    return (
        f"{date.today().isoformat()}, {os.cpu_count()} CPUs ({model}), "
        f"{mem_kb / 1024 / 1024:.1f} GB RAM, Python {platform.python_version()}"
    )


def progress(message: str) -> None:
    """What the run is doing, with the time, so a long run shows where it is."""
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


def measure_count(
    count: int, runs: int, browser: bool, failures: list[str]
) -> tuple[Figures, Path]:
    """Every figure of one catalogue size; the last site the plugin built."""
    progress(f"N = {count:,}: generating, checking, building ({runs} run(s))...")
    fig = Figures(count)
    root = catalogue(count)
    base = baseline(root, count)
    measure_check(fig, root, runs)
    site = measure_build(fig, root, base, runs)
    measure_sizes(fig, root, site)
    if browser and count >= 1000:
        progress(f"N = {count:,}: page views in the browser...")
        failed = measure_views(fig, site)
        if failed:
            failures.append(failed)
    progress(f"N = {count:,}: rebuild under mkdocs serve...")
    measure_rebuild(fig, root, runs)
    return fig, site


@dataclass
class Results:
    figures: list[Figures]
    runs: dict[int, int]
    browser_runs: int
    browser: bool
    search: list[float] | str | None = None
    speeds: list[tuple[int, str | None]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    sample: list[LighthouseRow] = field(default_factory=list)
    big: list[LighthouseRow] = field(default_factory=list)


def measure_lighthouses(results: Results, sites: dict[int, Path]) -> None:
    progress("Lighthouse on the sample site...")
    pages = [("programme page", f"programmes/{SAMPLE_PROGRAMME}/"), ("listing", "programmes/")]
    profiles = ("mobile", "desktop")
    try:
        results.sample = measure_lighthouse(sample_site(), pages, profiles, results.browser_runs)
    except MeasureError as exc:
        results.failures.append(f"Lighthouse on the sample site failed: {exc}")
    if 1000 in sites:
        progress("Lighthouse on the 1,000-programme site...")
        fig = next(f for f in results.figures if f.count == 1000)
        pages = [("programme page", fig.largest_page), ("listing", "programmes/")]
        try:
            results.big = measure_lighthouse(sites[1000], pages, ("mobile",), results.browser_runs)
        except MeasureError as exc:
            results.failures.append(f"Lighthouse at 1,000 programmes failed: {exc}")


def report(results: Results) -> None:
    print(f"\nMeasured {machine()}.\n")
    print(table(results.figures, results.runs))
    for rows, where in ((results.sample, "sample site"), (results.big, "1,000 programmes")):
        if rows:
            print()
            print(lighthouse_table(rows, where, results.browser_runs))
    for count, speed in results.speeds:
        print(f"\nThe finder's filter speed at {count:,} (bench/filter_speed.py):\n")
        print(speed or "not available (no finder `[data-mc-finder]` on the listing)")
    print("\nTargets:")
    lines = targets_met(results.figures)
    if results.browser:
        largest = max(f.count for f in results.figures)
        lines.append(search_line(results.search, largest, results.browser_runs))
    lines += lighthouse_lines(results.sample, "sample site", ("desktop",))
    lines += lighthouse_lines(results.big, "1,000 programmes", ("mobile",))
    lines += [f"**not measured**: {failure}" for failure in results.failures]
    for line in lines:
        print(f"- {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-5000", action="store_true", help="stop at 1,000 programmes")
    parser.add_argument(
        "--quick", action="store_true", help="one run of each, no 5,000, for development"
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="runs per figure (default 3; 1 at 5,000)"
    )
    parser.add_argument(
        "--counts", type=int, nargs="+", help="programme counts instead of 100 1000 5000"
    )
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument(
        "--no-browser", action="store_true", help="no page views, search timing or filter speed"
    )
    args = parser.parse_args()
    counts = args.counts or ([100, 1000] if args.quick or args.skip_5000 else [100, 1000, 5000])
    runs = {n: 1 if args.quick or n >= 5000 else args.runs for n in counts}
    if not (args.no_lighthouse and args.no_browser):
        ensure_tools()
    OUT.mkdir(parents=True, exist_ok=True)
    results = Results([], runs, 1 if args.quick else args.runs, not args.no_browser)
    sites = {}
    for count in counts:
        fig, sites[count] = measure_count(count, runs[count], results.browser, results.failures)
        results.figures.append(fig)
    if results.browser:
        largest = max(counts)
        progress(f"N = {largest:,}: header search in the browser...")
        page = results.figures[-1].largest_page
        results.search = measure_search(sites[largest], page, results.browser_runs)
        for count in (n for n in counts if n >= 1000):
            progress(f"N = {count:,}: the finder's filter speed...")
            repeats = 1 if args.quick else FILTER_REPEATS
            results.speeds.append((count, filter_speed(sites[count], count, repeats)))
    if not args.no_lighthouse:
        measure_lighthouses(results, sites)
    report(results)


if __name__ == "__main__":
    main()
