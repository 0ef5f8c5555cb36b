"""Measure the catalogue at scale and print one table: `make bench` (ARGS=--skip-5000, --quick).

For N = 100, 1,000 and 5,000 programmes (synthetic, from bench/generate.py, seed 1):
`microcred check` against parsing the same files with PyYAML's C loader; `mkdocs build` of the
catalogue against a baseline (the same programmes as plain Markdown pages, built by MkDocs +
Material without the plugin, kept out of the nav); growth from 1,000 to 5,000; peak memory;
sizes of the pages and outputs; the rebuild under `mkdocs serve` after one file changes. Then
Lighthouse on the sample site's programme page and listing, mobile and desktop, served with gzip.

Every timing is the median of several runs of a fresh process, measured from outside with
wall-clock time and the child's CPU time (`os.wait4`), all in one run of this script so the
ratios hold on a busy machine.
"""

from __future__ import annotations

import argparse
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
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

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

TARGETS = {
    "check_ratio": 3.0,
    "build_ratio": 1.25,
    "growth": 5.5,
    "page_kb": 40.0,
    "listing_gz_kb": 150.0,
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
    sizes: dict[str, float] = field(default_factory=dict)


def timed(cmd: list[str], cwd: Path) -> Run:
    """Run `cmd` to the end; its wall time, CPU time (user + system) and peak memory."""
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
    """Alternate our build and the baseline's, into fresh folders; the last site stays."""
    site = OUT / f"site-{fig.count}"
    for _ in range(runs):
        for folder, into, runs_list in (
            (root, site, fig.build),
            (base, base / "site", fig.baseline),
        ):
            shutil.rmtree(into, ignore_errors=True)
            mkdocs = [str(BIN / "mkdocs"), "build", "--quiet", "--site-dir", str(into)]
            runs_list.append(timed(mkdocs, folder))
    return site


def measure_sizes(fig: Figures, root: Path, site: Path) -> None:
    def kb(data: bytes) -> float:
        return len(data) / 1024

    def gz(path: Path) -> float:
        return kb(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))

    pages = []
    for path in root.glob("programmes/**/*.yaml"):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        if data["status"] != "draft":
            pages.append(kb((site / "programmes" / data["id"] / "index.html").read_bytes()))
    listing = site / "programmes" / "index.html"
    fig.sizes = {
        "page_max": max(pages),
        "page_median": statistics.median(pages),
        "listing": kb(listing.read_bytes()),
        "listing_gz": gz(listing),
        "search_gz": gz(site / "search" / "search_index.json"),
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


def lighthouse(url: str, desktop: bool) -> tuple[dict[str, int], list[str]]:
    """The four category scores of one Lighthouse run, and the weighted audits below 100."""
    cmd = [
        "node", str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
        f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
    ]  # fmt: skip
    if desktop:
        cmd.append("--preset=desktop")
    env = {**ENV, "CHROME_PATH": str(CHROMIUM)}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        sys.exit(f"lighthouse failed on {url}:\n{done.stderr[-3000:]}")
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
    return scores, failing


def measure_lighthouse(runs: int) -> list[tuple[str, str, dict[str, int], list[str]]]:
    """The sample site, built once, served with gzip; median score of `runs` runs each."""
    site = OUT / "site-sample"
    shutil.rmtree(site, ignore_errors=True)
    timed([str(BIN / "mkdocs"), "build", "--quiet", "--site-dir", str(site)], REPO)
    server = serve.start(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    rows = []
    try:
        for label, path in (("programme page", f"programmes/{SAMPLE_PROGRAMME}/"),
                            ("listing", "programmes/")):  # fmt: skip
            for profile in ("mobile", "desktop"):
                results = [lighthouse(base + path, profile == "desktop") for _ in range(runs)]
                scores = {c: int(statistics.median(r[0][c] for r in results)) for c in CATEGORIES}
                failing = sorted({a for r in results for a in r[1]})
                rows.append((label, profile, scores, failing))
    finally:
        server.shutdown()
        server.server_close()
    return rows


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
    add("`search/search_index.json`, KB gzip", [f"{f.sizes['search_gz']:.0f}" for f in figures])
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
        if 5000 in by_count:
            big = median_run(by_count[5000].build)
            out.append(ratio("growth from 1,000 to 5,000", big, build, TARGETS["growth"]))
    return out


def lighthouse_table(rows: list[tuple[str, str, dict[str, int], list[str]]], runs: int) -> str:
    lines = [
        f"| Lighthouse, sample site, gzip ({runs} run{'s' if runs > 1 else ''}, median) "
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
    args = parser.parse_args()
    counts = args.counts or ([100, 1000] if args.quick or args.skip_5000 else [100, 1000, 5000])
    runs = {n: 1 if args.quick or n >= 5000 else args.runs for n in counts}
    if not args.no_lighthouse:
        ensure_tools()
    OUT.mkdir(parents=True, exist_ok=True)
    figures = []
    for count in counts:
        print(
            f"N = {count:,}: generating, checking, building ({runs[count]} run(s))...",
            file=sys.stderr,
        )
        fig = Figures(count)
        root = catalogue(count)
        base = baseline(root, count)
        measure_check(fig, root, runs[count])
        site = measure_build(fig, root, base, runs[count])
        measure_sizes(fig, root, site)
        print(f"N = {count:,}: rebuild under mkdocs serve...", file=sys.stderr)
        measure_rebuild(fig, root, runs[count])
        figures.append(fig)
    lighthouse_rows = []
    lighthouse_runs = 1 if args.quick else args.runs
    if not args.no_lighthouse:
        print("Lighthouse on the sample site...", file=sys.stderr)
        lighthouse_rows = measure_lighthouse(lighthouse_runs)
    print(f"\nMeasured {machine()}.\n")
    print(table(figures, runs))
    if lighthouse_rows:
        print()
        print(lighthouse_table(lighthouse_rows, lighthouse_runs))
    print("\nTargets:")
    for line in targets_met(figures):
        print(f"- {line}")
    if lighthouse_rows:
        for label, profile, scores, _ in lighthouse_rows:
            perfect = "yes" if all(scores[c] == 100 for c in CATEGORIES[1:]) else "**no**"
            line = f"- Lighthouse {label}, {profile}: accessibility, best practices, SEO 100: "
            line += perfect
            if profile == "desktop":
                fast = "yes" if scores["performance"] >= 95 else "**no**"
                line += f"; performance {scores['performance']} (target ≥ 95): {fast}"
            print(line)


if __name__ == "__main__":
    main()
