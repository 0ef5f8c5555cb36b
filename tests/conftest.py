"""Fixtures shared by several test files."""

from __future__ import annotations

import gzip
import json
import logging
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import settings as hypothesis_settings
from mkdocs.commands.build import build
from mkdocs.config import load_config
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, sync_playwright

from microcred.catalogue import Catalogue, settings_from_options
from microcred.catalogue import build as build_catalogue

REPO = Path(__file__).resolve().parent.parent

# Property-based tests: seeded and bounded by default, so `make test` is reproducible and
# quick; `make fuzz` selects the random, longer profile (`--hypothesis-profile=fuzz`).
hypothesis_settings.register_profile(
    "ci", derandomize=True, max_examples=250, deadline=None, database=None, print_blob=True
)
hypothesis_settings.register_profile(
    "fuzz", max_examples=5000, deadline=None, database=None, print_blob=True
)
hypothesis_settings.load_profile("ci")

Git = Callable[..., str]


@pytest.fixture
def git() -> Git:
    """Run git in a folder as a committer would: `git(cwd, "commit", "-m", "...")`."""

    def run(cwd: Path, *args: str) -> str:
        result = subprocess.run(
            [
                "git",
                "-c",
                "user.name=Test Author",
                "-c",
                "user.email=author@example.org",
                "-c",
                "init.defaultBranch=main",
                *args,
            ],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout

    return run


@pytest.fixture
def sample_repo(tmp_path: Path, git: Git) -> Path:
    """A git repository holding the sample catalogue, committed once on `main`."""
    root = tmp_path / "catalogue"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root)
    for folder in ("programmes", "partners", "schemas", "docs/assets"):
        shutil.copytree(REPO / folder, root / folder)
    git(root, "init", "--quiet")
    git(root, "add", ".")
    git(root, "commit", "--quiet", "-m", "Sample catalogue")
    return root


# Building real sites with MkDocs -------------------------------------------------------------

# A fixed "today" (16 November 2026) so that next intakes and review warnings do not drift.
BUILD_EPOCH = "1794787200"


# How Pagefind's index fragments begin, once ungzipped: then the fragment's JSON.
PAGEFIND_FRAGMENT = b"pagefind_dcd"


@dataclass(frozen=True)
class BuiltSite:
    """A site built by MkDocs into a folder, with what the build logged."""

    root: Path
    site_url: str
    warnings: tuple[str, ...]
    errors: tuple[str, ...]

    def file(self, url_path: str) -> Path:
        """The built file at a site path such as "programmes/x/" (its index.html)."""
        target = self.root / url_path
        if url_path.endswith("/") or not url_path:
            target = target / "index.html"
        return target

    def html(self, url_path: str) -> BeautifulSoup:
        """The parsed page at a site path such as "programmes/x/"."""
        return BeautifulSoup(self.file(url_path).read_text(encoding="utf-8"), "html.parser")

    def json(self, path: str) -> Any:
        return json.loads((self.root / path).read_text(encoding="utf-8"))

    def search_pages(self) -> dict[str, dict[str, Any]]:
        """The pages in the site's Pagefind index by URL ("/programmes/x/"), each as Pagefind
        stores it: `content` (the indexed text), `filters`, `meta`."""
        return self.search_pages_in(self.root / "pagefind")

    @staticmethod
    def search_pages_in(bundle: Path) -> dict[str, dict[str, Any]]:
        """The same, of the Pagefind bundle in `bundle`."""
        pages = {}
        for fragment in (bundle / "fragment").glob("*.pf_fragment"):
            data = gzip.decompress(fragment.read_bytes())
            assert data.startswith(PAGEFIND_FRAGMENT), fragment
            page = json.loads(data[len(PAGEFIND_FRAGMENT) :])
            pages[page["url"]] = page
        return pages


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def build_site(config_file: Path, site_dir: Path, *, strict: bool = False) -> BuiltSite:
    """Build a site as `mkdocs build` does, with the fixed build date; raises on failure."""
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = BUILD_EPOCH
    try:
        config = load_config(str(config_file), site_dir=str(site_dir), strict=strict)
        build(config)
    finally:
        logger.removeHandler(collect)
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    records = collect.records
    return BuiltSite(
        root=site_dir,
        site_url=config.site_url or "",
        warnings=tuple(r.getMessage() for r in records if r.levelno == logging.WARNING),
        errors=tuple(r.getMessage() for r in records if r.levelno >= logging.ERROR),
    )


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The sample catalogue built once per test session (with today = 16 November 2026)."""
    return build_site(REPO / "mkdocs.yml", tmp_path_factory.mktemp("sample") / "site")


@pytest.fixture(scope="session")
def sample_catalogue() -> Catalogue:
    """The sample catalogue as the build sees it (same options, same today)."""
    config = load_config(str(REPO / "mkdocs.yml"))
    settings, problems = settings_from_options(dict(config.plugins["microcred"].config))
    assert settings is not None, problems
    today = datetime.fromtimestamp(int(BUILD_EPOCH), tz=UTC).date()
    catalogue, problems = build_catalogue(REPO, settings, today=today)
    assert catalogue is not None, problems
    return catalogue


class SiteBuilder:
    """Writes a small catalogue site into a folder and builds it with the project's theme."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "docs").mkdir(parents=True)
        (root / "programmes").mkdir()
        (root / "partners").mkdir()
        (root / "docs" / "index.md").write_text("# Test catalogue\n", encoding="utf-8")
        self.config: dict[str, Any] = {
            "site_name": "Test University Micro-credentials",
            "site_url": "https://courses.example.org/",
            "repo_url": "https://github.com/example/catalogue",
            "edit_uri": "edit/main/docs/",
            "theme": {
                "name": "material",
                "custom_dir": str(REPO / "theme_overrides"),
                "font": False,
                "features": ["content.action.edit"],
            },
            "plugins": [
                {
                    "microcred": {
                        "institution_name": "Test University",
                        "institution_country": "IE",
                        "default_languages": ["en"],
                        "default_quality_assurance": {"type": "internal"},
                        "default_awarding_bodies": [{"name": "Test University", "country": "IE"}],
                    }
                },
            ],
            "markdown_extensions": ["md_in_html", "attr_list"],
        }

    def programme(self, pid: str, folder: str = "", **fields: Any) -> dict[str, Any]:
        data = minimal_programme(pid) | fields
        path = self.root / "programmes" / folder / f"{pid}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
        return data

    def partner(self, pid: str, **fields: Any) -> dict[str, Any]:
        data = {"id": pid, "name": pid.replace("-", " ").title(), "website": "https://x.example"}
        data |= fields
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        (self.root / "partners" / f"{pid}.yaml").write_text(text, "utf-8")
        return data

    def write_raw(self, relative: str, text: str) -> None:
        (self.root / relative).write_text(text, encoding="utf-8")

    def build(self, *, strict: bool = False) -> BuiltSite:
        config_file = self.root / "mkdocs.yml"
        config_file.write_text(yaml.safe_dump(self.config, sort_keys=False), encoding="utf-8")
        return build_site(config_file, self.root / "site", strict=strict)


def minimal_programme(pid: str) -> dict[str, Any]:
    """A valid published programme with only the required fields."""
    return {
        "id": pid,
        "title": pid.replace("-", " ").title(),
        "status": "published",
        "summary": f"A short programme called {pid} for the tests of the site.",
        "subjects": ["Testing"],
        "credential": "micro-credential",
        "workload_hours": 50,
        "mode": "online",
        "learning_outcomes": [f"Explain what {pid} teaches."],
        "assessments": [{"type": "quiz"}],
    }


@pytest.fixture
def site_builder(tmp_path: Path) -> SiteBuilder:
    return SiteBuilder(tmp_path / "project")


def build_in_subprocess(engine: str, site_dir: Path, **env: str) -> dict[str, bytes]:
    """Build the sample site with an engine's command (`mkdocs`, `properdocs`) in another
    process, on the sample build's date, and return every file written, by path."""
    command = str(Path(sys.executable).with_name(engine))
    environment = {
        **os.environ,
        "SOURCE_DATE_EPOCH": BUILD_EPOCH,
        "NO_MKDOCS_2_WARNING": "1",
        **env,
    }
    result = subprocess.run(
        [command, "build", "--strict", "-f", "mkdocs.yml", "-d", str(site_dir)],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return site_files(site_dir)


def site_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def pagefind_in_any_order(files: dict[str, bytes]) -> dict[str, bytes]:
    """A site's files (`site_files`) with the parts of Pagefind's index that it writes in an
    order of its own each run (it keeps filters in a hash map: its filter chunks, their names,
    the metadata file that lists them and the entry file that names it) as what they hold in
    any order: each file's bytes sorted, without the names. Everything else stays as it is,
    its fragments and word index among it, which hold every page's text and filters."""
    bundle = "pagefind/"
    chunks = sorted(name for name in files if name.startswith(f"{bundle}filter/"))
    hashes = [name.rsplit("/", 1)[1].removesuffix(".pf_filter").encode() for name in chunks]
    shown = {name: data for name, data in files.items() if name not in chunks}
    if not chunks:
        return shown
    unordered = sorted(bytes(sorted(gzip.decompress(files[name]))) for name in chunks)
    shown[f"{bundle}filter/*"] = b"\n".join(unordered)
    for name in [n for n in shown if n.startswith(bundle) and n.endswith(".pf_meta")]:
        meta = gzip.decompress(shown.pop(name))
        for chunk_hash in hashes:
            meta = meta.replace(chunk_hash, b"")
        shown[f"{bundle}*.pf_meta"] = bytes(sorted(meta))
    entry = json.loads(shown[f"{bundle}pagefind-entry.json"])
    for language in entry["languages"].values():
        language.pop("hash")
    shown[f"{bundle}pagefind-entry.json"] = json.dumps(entry, sort_keys=True).encode()
    return shown


CHROMIUM = Path("/usr/bin/chromium")
# Without the networking flags Chromium keeps calling home, which a closed network refuses.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium; browser tests skip without it, except under CI."""
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing; CI must run the browser tests")
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        try:
            yield launched
        finally:
            launched.close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Requests are not test output."""


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """A built site served as a static host would, on a free port; its base URL."""
    handler = partial(_QuietHandler, directory=str(root))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture(scope="session")
def served_site(sample_site: BuiltSite) -> Iterator[str]:
    """The built sample site served as a static host would, on a free port; its base URL."""
    with serve(sample_site.root) as url:
        yield url


DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 375, "height": 812}
Opener = Callable[..., Page]


@contextmanager
def browsing(browser: Browser, base_url: str, site_url: str, today: date) -> Iterator[Opener]:
    """Opens site paths under `base_url` in fresh contexts, with the browser's date `today`.

    Fails, once done, on any script error, any file of the site that fails to load, and any
    request to a host other than the site's own (a third party would learn who reads the
    catalogue).
    """
    contexts: list[BrowserContext] = []
    problems: list[str] = []
    own_hosts = {urlsplit(base_url).netloc, urlsplit(site_url).netloc}

    def watch(page: Page) -> None:
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        page.on(
            "request",
            lambda r: (
                None
                if urlsplit(r.url).scheme in {"data", "blob"} or urlsplit(r.url).netloc in own_hosts
                else problems.append(f"third-party request: {r.url}")
            ),
        )
        page.on(
            "response",
            lambda r: (
                problems.append(f"{r.status}: {r.url}")
                if r.url.startswith(base_url) and r.status >= 400
                else None
            ),
        )

    def open_(
        path: str,
        *,
        viewport: ViewportSize = DESKTOP,
        scheme: Literal["light", "dark"] = "light",
        javascript: bool = True,
        today: date | None = None,
    ) -> Page:
        context = browser.new_context(
            viewport=viewport,
            color_scheme=scheme,
            java_script_enabled=javascript,
            locale="en-IE",
        )
        contexts.append(context)
        page = context.new_page()
        watch(page)
        day = today or default_today
        page.clock.set_system_time(datetime(day.year, day.month, day.day, 9))
        page.goto(base_url + path)
        return page

    default_today = today
    try:
        yield open_
    finally:
        for context in contexts:
            context.close()
    assert problems == []


@pytest.fixture
def open_page(
    browser: Browser, served_site: str, sample_site: BuiltSite, sample_catalogue: Catalogue
) -> Iterator[Opener]:
    """Opens a path of the served sample site, with the browser's date set to the build's."""
    with browsing(browser, served_site, sample_site.site_url, sample_catalogue.today) as open_:
        yield open_
