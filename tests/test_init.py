"""`microcred init`: a new institution's repository that checks and builds as it is written.

The last two tests are the issue's "done when": the wheel, installed into a fresh virtual
environment that cannot see this repository, starts a site that builds strictly, and the site
replaces one of the package's partials by name. They share one installed environment (building
and installing take a minute or two).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from microcred import __version__
from microcred.cli import main
from microcred.init import available_languages, render_templates, site_from_arguments, to_yaml
from microcred.models import Text

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# A name that means something in YAML (quotes, `: `, ` #`), in Markdown (`*`, `[`, `#`, `&`)
# and in a shell, and is still plain text the content model accepts.
AWKWARD_NAME = 'O\'Brien & Sons: "Institute" #1 *of* [Tech] `and` $HOME'
FILES = {
    ".github/CODEOWNERS",
    ".github/workflows/publish.yml",
    ".github/workflows/pull-request.yml",
    ".gitignore",
    ".pre-commit-config.yaml",
    ".vscode/extensions.json",
    ".vscode/settings.json",
    "Makefile",
    "README.md",
    "docs/authoring.md",
    "docs/index.md",
    "mkdocs.yml",
    "partners/example-partner.yaml",
    "programmes/example-programme.yaml",
    "requirements.txt",
    "schemas/partner.schema.json",
    "schemas/programme.schema.json",
    "theme_overrides/assets/stylesheets/brand.css",
}


def clean_environment() -> dict[str, str]:
    """The environment without anything that points Python at this repository."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    return {**env, "SOURCE_DATE_EPOCH": "1795000000", "NO_MKDOCS_2_WARNING": "1"}


def run(
    cwd: Path, *command: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env or clean_environment(),
        capture_output=True,
        text=True,
        check=False,
    )


def init(target: Path, *options: str) -> int:
    return main(["init", str(target), *options])


def files_under(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_new_site_passes_check_and_builds_strictly(tmp_path: Path) -> None:
    site = tmp_path / "catalogue"
    status = init(site, "--institution", AWKWARD_NAME, "--country", "ie",
                  "--site-url", "https://learn.example.org")  # fmt: skip
    assert status == 0
    assert files_under(site) == FILES

    check = run(site, BIN / "microcred", "check")
    assert (check.returncode, check.stdout, check.stderr) == (0, "", "")
    build = run(site, BIN / "mkdocs", "build", "--strict")
    assert build.returncode == 0, build.stderr

    # Every value came through as written, never as YAML or Markdown syntax.
    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_url"] == "https://learn.example.org/"
    assert config["theme"]["language"] == "en"
    options = config["plugins"][0]["microcred"]
    assert options["institution_name"] == AWKWARD_NAME
    assert options["institution_country"] == "IE"
    assert options["default_awarding_bodies"] == [{"name": AWKWARD_NAME, "country": "IE"}]
    home = BeautifulSoup((site / "site/index.html").read_text(encoding="utf-8"), "html.parser")
    hero = home.select_one(".mc-hero")
    assert hero is not None
    assert AWKWARD_NAME in hero.get_text()
    assert hero.find(["em", "code", "a", "h1"], string=lambda s: "Tech" in (s or "")) is None
    assert "1 programme open for application" in home.get_text(" ")
    assert (site / "site/programmes/example-programme/index.html").is_file()
    assert (site / "site/partners/example-partner/index.html").is_file()


def test_workflows_run_only_targets_of_the_new_makefile(tmp_path: Path) -> None:
    site = tmp_path / "catalogue"
    assert init(site, "--institution", "Example University", "--country", "DE") == 0
    makefile = (site / "Makefile").read_text(encoding="utf-8")
    targets = {line.split(":")[0] for line in makefile.splitlines() if line[:1].isalpha()}
    for name in ("pull-request.yml", "publish.yml"):
        workflow = yaml.safe_load((site / ".github/workflows" / name).read_text("utf-8"))
        for job in workflow["jobs"].values():
            for step in job["steps"]:
                if "run" in step:
                    words = step["run"].split()
                    assert words[0] == "make", step
                    target = next(w for w in words[1:] if not w.startswith("-"))
                    assert target in targets, step
    dry_run = run(site, "make", "--dry-run", "test")
    assert dry_run.returncode == 0, dry_run.stderr
    assert "microcred check" in dry_run.stdout
    assert "mkdocs build --strict" in dry_run.stdout


def test_new_workflows_pin_actions_as_this_repository_does(tmp_path: Path) -> None:
    # A new site's CI gets the same reviewed commit of each action, never a moving tag.
    site = tmp_path / "catalogue"
    assert init(site, "--institution", "Example University", "--country", "DE") == 0
    pinned = re.compile(r"uses: ([\w./-]+@[0-9a-f]{40} # v[\d.]+)$", re.MULTILINE)
    ours = {m for wf in (REPO / ".github/workflows").glob("*.yml") for m in pinned.findall(
        wf.read_text("utf-8"))}  # fmt: skip
    for name in ("pull-request.yml", "publish.yml"):
        text = (site / ".github/workflows" / name).read_text("utf-8")
        uses = re.findall(r"uses: .*$", text, re.MULTILINE)
        assert uses
        assert set(pinned.findall(text)) <= ours
        assert len(pinned.findall(text)) == len(uses), uses


def test_the_language_in_canonical_case_and_the_country_s_currency(tmp_path: Path) -> None:
    site = tmp_path / "catalogue"
    assert init(site, "--institution", "Example College", "--country", "us",
                "--language", "EN") == 0  # fmt: skip
    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "site_url" not in config
    assert config["theme"]["language"] == "en"
    options = config["plugins"][0]["microcred"]
    assert options["default_languages"] == ["en"]
    assert options["default_currency"] == "USD"
    assert "en" in available_languages()
    assert "xx" not in available_languages()


def test_a_folder_that_is_not_empty_is_refused_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "catalogue"
    site.mkdir()
    (site / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert init(site, "--institution", "Example University", "--country", "IE") == 1
    assert capsys.readouterr().err == (
        f"microcred init: {site} is not empty; give a new or empty folder, so that nothing "
        "is overwritten\n"
    )
    assert files_under(site) == {"notes.txt"}

    (tmp_path / "a-file").write_text("", encoding="utf-8")
    assert init(tmp_path / "a-file", "--institution", "Example University", "--country", "IE") == 1
    assert "exists and is not a folder" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--site-url", "http://x", "write a full address that starts with https://"),
        ("--site-url", "https://user@example.org", "user name or password"),
        ("--language", "english", "write a language code such as en, de, fr, ga or pt-BR"),
        ("--language", "xx", "the interface has no strings in `xx`"),
        ("--institution", "<script>alert(1)</script>", "<script"),
        ("--institution", "Line one\nline two", "line"),
        ("--institution", "TODO", "placeholder"),
        ("--country", "XX", "is not a country code"),
        ("--country", "Ireland", "is not a country code"),
    ],
)
def test_bad_values_are_refused_with_a_plain_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, value: str, message: str
) -> None:
    values = {"--institution": "Example University", "--country": "IE", option: value}
    site = tmp_path / "catalogue"
    assert init(site, *[part for pair in values.items() for part in pair]) == 1
    out = capsys.readouterr()
    assert out.out == ""
    lines = out.err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"microcred init: {option}: ")
    assert message in lines[0]
    assert "Traceback" not in out.err
    assert not site.exists()


def test_every_bad_value_is_reported_at_once(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["init", "unused", "--institution", "<b>", "--country", "1",
                   "--language", "english", "--site-url", "ftp://example.org"])  # fmt: skip
    assert status == 1
    err = capsys.readouterr().err
    assert [line.split(":")[1].strip() for line in err.splitlines()] == [
        "--institution", "--language", "--site-url", "--country"
    ]  # fmt: skip


_PLAIN = TypeAdapter(Text)
_TODAY = date(2026, 12, 1)


def _accepted(value: str) -> bool:
    try:
        _PLAIN.validate_python(value)
    except ValidationError:
        return False
    return True


# Each example renders every template: fewer than the profile's default keep the test quick.
@settings(max_examples=60)
@given(st.text(min_size=1, max_size=80).filter(_accepted))
def test_any_accepted_name_reads_back_from_yaml_as_written(name: str) -> None:
    assert yaml.safe_load(f"key: {to_yaml(name)}\n") == {"key": name}
    site, problems = site_from_arguments(
        institution=name, country="IE", language="en", site_url=None, today=_TODAY
    )
    assert problems == []
    assert site is not None
    config = yaml.safe_load(render_templates(site)["mkdocs.yml"])
    assert config["plugins"][0]["microcred"]["institution_name"] == name


# --- the wheel, installed elsewhere -------------------------------------------------------


def source_files() -> list[str]:
    """The files the repository keeps (tracked, or new and not ignored): what a release builds."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return [name for name in listed.stdout.splitlines() if (REPO / name).is_file()]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from the repository's files, alone in its folder."""
    work = tmp_path_factory.mktemp("wheel")
    # A copy, so that building writes nothing into this repository.
    source = work / "source"
    for name in source_files():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / name, source / name)
    built = run(work, sys.executable, "-m", "build", "--wheel", "--outdir", work / "dist", source)
    assert built.returncode == 0, built.stdout + built.stderr
    (built_wheel,) = (work / "dist").glob("microcred-*.whl")
    return built_wheel


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh virtual environment with the wheel installed (not editable): its bin folder."""
    work = tmp_path_factory.mktemp("venv")
    started = time.monotonic()
    venv = work / "venv"
    created = run(work, sys.executable, "-m", "venv", venv)
    assert created.returncode == 0, created.stderr
    pip = run(work, venv / "bin/python", "-m", "pip", "install", "--quiet", wheel)
    assert pip.returncode == 0, pip.stdout + pip.stderr
    sys.stderr.write(f"wheel installed in {time.monotonic() - started:.0f} s\n")
    yield venv / "bin"


def test_the_installed_wheel_starts_a_site_that_builds_strictly(
    installed: Path, tmp_path: Path
) -> None:
    where = run(tmp_path, installed / "python", "-c", "import microcred; print(microcred.__file__)")
    assert Path(where.stdout.strip()).is_relative_to(installed.parent), where.stdout
    created = run(tmp_path, installed / "microcred", "init", "site",
                  "--institution", AWKWARD_NAME, "--country", "IE")  # fmt: skip
    assert created.returncode == 0, created.stderr
    site = tmp_path / "site"
    assert files_under(site) == FILES
    check = run(site, installed / "microcred", "check")
    assert (check.returncode, check.stdout) == (0, ""), check.stderr
    build = run(site, installed / "mkdocs", "build", "--strict")
    assert build.returncode == 0, build.stderr
    page = site / "site/programmes/example-programme/index.html"
    assert "mc-facts" in page.read_text(encoding="utf-8")


def test_a_site_replaces_one_partial_by_name_and_keeps_the_rest(
    installed: Path, tmp_path: Path
) -> None:
    created = run(tmp_path, installed / "microcred", "init", "site",
                  "--institution", "Example University", "--country", "IE")  # fmt: skip
    assert created.returncode == 0, created.stderr
    site = tmp_path / "site"
    override = site / "theme_overrides/partials/programme-facts.html"
    override.parent.mkdir(parents=True)
    override.write_text(
        '<section class="site-facts" data-from="site">Facts by the site</section>\n',
        encoding="utf-8",
    )
    build = run(site, installed / "mkdocs", "build", "--strict")
    assert build.returncode == 0, build.stderr
    page = BeautifulSoup(
        (site / "site/programmes/example-programme/index.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    assert page.select_one('section.site-facts[data-from="site"]') is not None
    assert page.select_one(".mc-facts") is None
    # Everything else still comes from the package's theme.
    assert page.select_one(".mc-intakes") is not None
    assert page.select_one(".mc-apply") is not None


def test_a_new_site_installs_exactly_its_lock_file_and_ci_never_resolves(
    wheel: Path, tmp_path: Path
) -> None:
    # The developer's path: the first `make build` writes requirements.lock (the released wheel
    # stands in for PyPI's copy), installs it with every hash checked, and builds strictly.
    assert init(tmp_path / "site", "--institution", "Example University", "--country", "IE") == 0
    site = tmp_path / "site"
    developer = {k: v for k, v in clean_environment().items() if k != "CI"}
    developer |= {"PIP_FIND_LINKS": str(wheel.parent), "PYTHON": sys.executable}
    build = run(site, "make", "build", env=developer)
    assert build.returncode == 0, build.stdout + build.stderr
    assert (site / "site/programmes/example-programme/index.html").is_file()
    lock = (site / "requirements.lock").read_text(encoding="utf-8")
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    pinned = rf"^microcred=={re.escape(__version__)} \\\n\s+--hash=sha256:{digest}$"
    assert re.search(pinned, lock, re.MULTILINE), lock[:2000]
    pins = [line for line in lock.splitlines() if line[:1].isalpha()]
    assert len(pins) > 20, pins
    for pin in pins:
        assert re.fullmatch(r"[A-Za-z0-9._-]+==[^ ]+ \\", pin), pin
    assert lock.count("--hash=sha256:") >= len(pins)
    assert str(wheel.parent) not in lock  # nothing of this machine is committed
    assert ".lock-tools/" in (site / ".gitignore").read_text(encoding="utf-8")
    # CI installs only a committed lock: without one it stops and says what to do.
    (site / "requirements.lock").unlink()
    shutil.rmtree(site / ".venv")
    ci = run(site, "make", "build", env={**developer, "CI": "true"})
    assert ci.returncode != 0
    assert "requirements.lock is missing: run 'make lock' and commit the file" in ci.stderr
    assert not (site / "requirements.lock").exists()
    assert not (site / ".venv").exists()
