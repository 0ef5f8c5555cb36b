"""How fast the listing's filters answer at scale, and how big the listing is.

    python bench/filter_speed.py [--count 1000] [--repeats 7] [--throttle 4]

Builds a synthetic catalogue (bench/generate.py, seed 1, 1,000 programmes by default) and the
sample catalogue, reports the size of /programmes/ raw and gzip-compressed, then opens each
listing in headless Chromium with the CPU slowed down 4x (`Emulation.setCPUThrottlingRate`, a
phone-class CPU) and makes each kind of change a visitor makes with real (trusted) clicks and
keys: ticking a subject, a mode, a fee band, a partner, "starts within", sorting, clearing.
The browser's Event Timing API gives two figures per change (median and worst of the repeats):

  handler  the event's handlers: counting, showing and hiding cards, updating the options
  paint    from the input until the next frame is presented (style, layout, paint included)

For scale, "disclosure" opens and closes the phone's filter panel: a change made by CSS alone,
so its paint time is what any visible change of this page costs the browser. Event Timing
reports only events of 16 ms or more; shorter ones print as <16. The target is 50 ms.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
CHROMIUM = Path(os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
TARGET_MS = 50.0
OBSERVE = """() => {
  window.timings = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      window.timings.push([entry.name, entry.processingEnd - entry.processingStart,
                           entry.duration]);
    }
  }).observe({type: 'event', durationThreshold: 16});
}"""
Timing = tuple[float, float]


def build(count: int) -> Path:
    root = OUT / f"filters-{count}"
    generate.generate(root, count, 1)
    for folder in ("docs", "theme_overrides"):
        shutil.rmtree(root / folder, ignore_errors=True)
        shutil.copytree(REPO / folder, root / folder)
    return mkdocs_build(root, root / "site")


def build_sample() -> Path:
    return mkdocs_build(REPO, OUT / "filters-sample")


def mkdocs_build(root: Path, site: Path) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795000000"}
    mkdocs = Path(sys.executable).parent / "mkdocs"
    subprocess.run(
        [str(mkdocs), "build", "--quiet", "--site-dir", str(site)], cwd=root, env=env, check=True
    )
    return site


def sizes(site: Path) -> None:
    listing = (site / "programmes" / "index.html").read_bytes()
    script = (site / "assets" / "javascripts" / "catalogue-filters.js").read_bytes()
    style = (site / "assets" / "stylesheets" / "catalogue.css").read_bytes()
    cards = listing.count(b'<li class="mc-cards__item"')
    print(f"listing: {cards} cards")
    for name, data in (("listing HTML", listing), ("filter script", script), ("filter CSS", style)):
        print(
            f"{name:14} {len(data) / 1024:8.1f} KB raw {len(gzip.compress(data, 6)) / 1024:7.1f}"
            " KB gzip"
        )


def controls(page: Page) -> dict[str, tuple[str, str]]:
    """Each kind of change as (the control that makes it, the control that undoes it).

    Checkboxes are the busiest option of their group (the most cards to show and hide).
    """

    def busiest(facet: str) -> str:
        value: str = page.evaluate(
            """(facet) => [...document.querySelectorAll(`fieldset[data-facet="${facet}"] input`)]
              .filter((i) => i.value).sort((a, b) =>
                Number(b.closest('label').querySelector('[data-count]').textContent) -
                Number(a.closest('label').querySelector('[data-count]').textContent))[0].value""",
            facet,
        )
        return f'fieldset[data-facet="{facet}"] input[value="{value}"]'

    starts = 'fieldset[data-facet="starts"] input'
    found = {
        name: (busiest(facet), busiest(facet))
        for name, facet in (("subject", "subject"), ("mode", "mode"), ("fee band", "fee"),
                            ("partner", "partner"))
        if page.locator(f'fieldset[data-facet="{facet}"]').count()
    }  # fmt: skip
    found["starts within"] = (f'{starts}[value="6"]', f'{starts}[value=""]')
    found["sort"] = ("#mc-sort", "#mc-sort")
    found["clear"] = ("[data-mc-clear]", busiest("mode"))
    found["disclosure"] = ("[data-mc-toggle]", "[data-mc-toggle]")
    return found


def act(page: Page, selector: str) -> Timing:
    """One trusted input on `selector`, and its (handler, paint) times; 0 when under 16 ms."""
    page.evaluate("window.timings = []")
    if selector == "#mc-sort":
        page.focus(selector)
        page.keyboard.press("ArrowDown")
        kind = "keydown"
    else:
        page.click(selector)
        kind = "click"
    page.wait_for_timeout(250)
    entries = [e for e in page.evaluate("window.timings") if e[0] == kind]
    return (entries[0][1], entries[0][2]) if entries else (0.0, 0.0)


def measure(page: Page, repeats: int) -> dict[str, list[Timing]]:
    found: dict[str, list[Timing]] = {}
    page.evaluate(OBSERVE)
    for _ in range(repeats):
        for name, (change, undo) in controls(page).items():
            if name == "clear":
                act(page, undo)
            found.setdefault(name, []).append(act(page, change))
            if name == "sort":
                page.select_option("#mc-sort", "start")
            elif name != "clear":
                act(page, undo)
    return found


def shown(value: float) -> str:
    return f"{value:6.1f} ms" if value else "   <16   "


def report(title: str, found: dict[str, list[Timing]]) -> float:
    """Prints one table; returns the slowest median paint time of a filter change."""
    print(f"\n{title}")
    print(f"{'change':14} {'handler median':>15} {'worst':>9} {'paint median':>13} {'worst':>9}")
    slowest = 0.0
    for name, runs in found.items():
        handlers = sorted(h for h, _ in runs)
        paints = sorted(p for _, p in runs)
        if name != "disclosure":
            slowest = max(slowest, statistics.median(paints))
        print(
            f"{name:14} {shown(statistics.median(handlers)):>15} {shown(handlers[-1]):>9}"
            f" {shown(statistics.median(paints)):>13} {shown(paints[-1]):>9}"
        )
    return slowest


def run(site: Path, label: str, repeats: int, throttle: float) -> float:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port)],
        cwd=site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(0.5)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=FLAGS
            )
            page = browser.new_page(viewport={"width": 412, "height": 915})
            page.goto(f"http://127.0.0.1:{port}/programmes/")
            page.locator("[data-mc-toggle]").click()
            cdp = page.context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
            cards = page.locator("[data-mc-cards] > li").count()
            title = (
                f"{label}, {cards} cards: {throttle:g}x CPU slowdown, 412 px wide, {repeats} runs"
            )
            slowest = report(title, measure(page, repeats))
            browser.close()
    finally:
        server.terminate()
        server.wait()
    return slowest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--throttle", type=float, default=4.0)
    args = parser.parse_args()

    site = build(args.count)
    sizes(site)
    slowest = run(site, f"synthetic catalogue of {args.count}", args.repeats, args.throttle)
    sample = build_sample()
    run(sample, "sample catalogue", args.repeats, args.throttle)
    verdict = "within" if slowest <= TARGET_MS else "over"
    print(
        f"\nslowest median paint after a filter change at {args.count}: {slowest:.0f} ms, "
        f"{verdict} the {TARGET_MS:g} ms target"
    )


if __name__ == "__main__":
    main()
