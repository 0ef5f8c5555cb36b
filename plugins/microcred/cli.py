"""The `microcred` command: thin subcommands over the core stages.

Each subcommand is a function `(args) -> exit status` registered by a small `_add_<name>`
function in SUBCOMMANDS. Only `main` prints tracebacks' replacements: whatever escapes a
subcommand becomes a one-line message and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .catalogue import (
    CONFIG,
    PLUGIN_NAME,
    build,
    catalogue_files,
    plugin_entry,
    settings_from_options,
    today_from_environment,
)
from .errors import Problem, has_errors, printable, source_line
from .load import Document, load_config
from .models import SCHEMA_FILES, Settings, json_schema

# The other commands' modules (diff, new, init) are imported when their command runs, so that
# `microcred check`, which every pull request runs, does not load them and Jinja.

CONFIG_FILE = CONFIG

# The longest excerpt line shown under a message, in characters.
EXCERPT_MAX = 200

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_CANNOT_RUN = 2


class CannotRunError(Exception):
    """The command could not do its work (no mkdocs.yml, bad options, missing PATH)."""


Subparsers = Any  # argparse's _SubParsersAction is private; its type is not exported


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="microcred", description="Check and publish a catalogue of micro-credentials."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in SUBCOMMANDS:
        add(subparsers)
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except CannotRunError as exc:
        sys.stderr.write(f"microcred {args.command}: {exc}\n")
    except Exception as exc:  # the edge: whatever escapes is reported, never a traceback
        sys.stderr.write(
            f"microcred {args.command}: could not run ({type(exc).__name__}: {exc}); "
            "please report this with the file that caused it\n"
        )
    return EXIT_CANNOT_RUN


# --- check --------------------------------------------------------------------------------


def _add_check(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "check",
        help="validate the catalogue that mkdocs.yml describes",
        description="Validate the catalogue that mkdocs.yml in this folder describes and print "
        "every problem, one a line. Exit status: 0 no errors (warnings allowed), 1 errors "
        "found, 2 the command could not run.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        type=Path,
        help="report only on these files or folders (still checked against the whole catalogue)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="text (default) or GitHub Actions annotations",
    )
    parser.set_defaults(run=run_check)


def run_check(args: argparse.Namespace) -> int:
    root = Path.cwd()
    settings = read_settings(root, args.format)
    report_on = _report_on(root, settings, args.paths) if args.paths else None
    _, problems = build(root, settings, today=today_from_environment(), report_on=report_on)
    _print_problems(root, problems, args.format)
    return EXIT_ERRORS if has_errors(problems) else EXIT_OK


def read_settings(root: Path, output_format: str) -> Settings:
    """The microcred plugin's options from `root/mkdocs.yml`, read without MkDocs."""
    config = root / CONFIG_FILE
    if not config.is_file():
        raise CannotRunError(
            f"there is no {CONFIG_FILE} here; run the command in the folder that holds the "
            f"site's {CONFIG_FILE}"
        )
    document, problems = load_config(config, CONFIG_FILE)
    if document is None:
        _print_problems(root, problems, output_format)
        raise CannotRunError(f"{CONFIG_FILE} could not be read; fix the problem above")
    prefix, options = _plugin_options(document)
    if "docs_dir" not in options and isinstance(document.data.get("docs_dir"), str):
        options = {**options, "docs_dir": document.data["docs_dir"]}
    settings, problems = settings_from_options(
        options, config_file=CONFIG_FILE, document=document.within(prefix, options)
    )
    if settings is None:
        _print_problems(root, problems, output_format)
        raise CannotRunError(f"the {PLUGIN_NAME} options in {CONFIG_FILE} have errors (above)")
    return settings


def _plugin_options(document: Document) -> tuple[tuple[str | int, ...], dict[str, Any]]:
    """Where the microcred entry is in `plugins`, and its options (a list or a mapping)."""
    entry = plugin_entry(document.data)
    if entry is None:
        raise CannotRunError(
            f"{CONFIG_FILE} does not use the {PLUGIN_NAME} plugin; add `- {PLUGIN_NAME}:` "
            "with its options under `plugins:`"
        )
    prefix, options = entry
    if options is None:
        options = {}
    if not isinstance(options, dict):
        raise CannotRunError(
            f"the {PLUGIN_NAME} entry in {CONFIG_FILE} must hold `option: value` lines"
        )
    return prefix, options


def _report_on(root: Path, settings: Settings, paths: Sequence[Path]) -> list[Path]:
    """The catalogue files named by PATHs; folders stand for the files inside them."""
    catalogue = {
        path.resolve()
        for folder in (settings.programmes_dir, settings.partners_dir)
        for path in catalogue_files(root, folder)
    }
    chosen: list[Path] = []
    for path in paths:
        if not path.exists():
            raise CannotRunError(f"{path} does not exist")
        full = path.resolve()
        if full.is_dir():
            chosen.extend(p for p in sorted(catalogue) if p.is_relative_to(full))
        else:
            chosen.append(full)
    return chosen


def _print_problems(root: Path, problems: Sequence[Problem], output_format: str) -> None:
    for problem in problems:
        if output_format == "github":
            sys.stdout.write(problem.format_github() + "\n")
        else:
            sys.stdout.write(problem.format_text() + "\n" + _excerpt(root, problem))


def _excerpt(root: Path, problem: Problem) -> str:
    """The offending line and a caret under the column, as compilers show them."""
    text = source_line(root, problem.file, problem.line)
    if not text or not text.strip():
        return ""
    gutter = f"{problem.line:>5} | "
    before = printable(text[: problem.column - 1])
    shown = before + printable(text[problem.column - 1 :])
    if len(shown) > EXCERPT_MAX:
        # A line of 100,000 characters is shown around the column, not in full.
        start = max(0, len(before) - EXCERPT_MAX // 2)
        shown, before = shown[start : start + EXCERPT_MAX], before[start:]
    # Keep tabs so the caret lines up with the text above it in any terminal.
    lead = "".join(c if c == "\t" else " " for c in before)
    return f"{gutter}{shown}\n{' ' * (len(gutter) - 2)}| {lead}^\n"


# --- schema -------------------------------------------------------------------------------


def _add_schema(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "schema",
        help="write the JSON Schemas that editors use for programme and partner files",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("schemas"),
        help="folder to write into (default: schemas)",
    )
    parser.set_defaults(run=run_schema)


def run_schema(args: argparse.Namespace) -> int:
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    for name, model in SCHEMA_FILES.items():
        (out / name).write_text(schema_text(model), encoding="utf-8")
    return EXIT_OK


def schema_text(model: type[Any]) -> str:
    """The schema file's exact text, so that regenerating it changes nothing."""
    return json.dumps(json_schema(model), indent=2, ensure_ascii=False) + "\n"


# --- diff ---------------------------------------------------------------------------------


def _add_diff(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "diff",
        help="say in plain words what changed in the catalogue since a git revision",
        description="Compare the catalogue at git revision BASE (e.g. the merge base of a pull "
        "request) with the working tree: programmes added, removed, renamed, archived or "
        "published, fields changed, partners, new problems. Exit status: 0, or 2 if BASE "
        "cannot be read.",
    )
    parser.add_argument("base", metavar="BASE", help="a branch, tag or commit")
    parser.add_argument(
        "--format",
        choices=("markdown", "text"),
        default="text",
        help="text (default) or Markdown, e.g. for a GitHub job summary",
    )
    parser.set_defaults(run=run_diff)


def run_diff(args: argparse.Namespace) -> int:
    from .diff import RevisionError, format_summary, summarise

    root = Path.cwd()
    settings = read_settings(root, "text")
    try:
        summary = summarise(root, args.base, settings, today=today_from_environment())
    except RevisionError as exc:
        raise CannotRunError(str(exc)) from exc
    # Values from the files are shown, so a reviewer's terminal or job summary sees codes, not
    # control characters.
    sys.stdout.write(printable(format_summary(summary, args.format), lines=True))
    return EXIT_OK


# --- new ----------------------------------------------------------------------------------


def _add_new(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "new",
        help="write a new programme file from the commented template",
        description="Write programmes/[FOLDER/]ID.yaml from a commented template; replace its "
        "TODO values, then run `microcred check`. Refuses an id that exists or ever existed. "
        "Exit status: 0 written, 1 refused.",
    )
    parser.add_argument("id", metavar="ID", help="the new programme's permanent id")
    parser.add_argument(
        "--subject-folder",
        metavar="FOLDER",
        help="the subfolder of programmes/ to write into, e.g. computing",
    )
    parser.set_defaults(run=run_new)


def run_new(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, new_programme

    root = Path.cwd()
    settings = read_settings(root, "text")
    try:
        path = new_programme(root, settings, args.id, subject_folder=args.subject_folder)
    except (ScaffoldError, FileExistsError) as exc:
        message = str(exc) if isinstance(exc, ScaffoldError) else f"{exc.filename} exists"
        sys.stderr.write(f"microcred new: {message}\n")
        return EXIT_ERRORS
    sys.stdout.write(
        f"Wrote {path.relative_to(root).as_posix()}: replace each TODO, then run "
        "`microcred check`.\n"
    )
    return EXIT_OK


# --- init ---------------------------------------------------------------------------------


def _add_init(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "init",
        help="write a new institution's catalogue repository into an empty folder",
        description="Write a new catalogue repository into DIR (new or empty): mkdocs.yml, an "
        "example programme and partner, the home page and authoring guide, the JSON Schemas, "
        "GitHub workflows, editor and pre-commit settings, CODEOWNERS, a Makefile and a README. "
        "It checks and builds as it is. Exit status: 0 written, 1 refused, 2 could not write.",
    )
    parser.add_argument("dir", metavar="DIR", type=Path, help="the folder to write into")
    parser.add_argument(
        "--institution", required=True, metavar="NAME", help="the institution's name"
    )
    parser.add_argument(
        "--country",
        required=True,
        metavar="CODE",
        help="the institution's country, ISO 3166-1 (IE, DE, FR): awarding bodies need it, "
        "and it sets how dates and money are written",
    )
    parser.add_argument(
        "--site-url", metavar="URL", help="the https:// address the site will be published at"
    )
    parser.add_argument(
        "--language",
        default="en",
        metavar="CODE",
        help="the site's language, a BCP 47 code such as en, de or pt-BR (default: en)",
    )
    parser.set_defaults(run=run_init)


def run_init(args: argparse.Namespace) -> int:
    from .init import site_from_arguments, unusable_target, write_repository

    target: Path = args.dir
    site, problems = site_from_arguments(
        institution=args.institution,
        country=args.country,
        language=args.language,
        site_url=args.site_url,
        today=today_from_environment(),
    )
    unusable = unusable_target(target)
    if unusable:
        problems.insert(0, unusable)
    if site is None or problems:
        for problem in problems:
            sys.stderr.write(f"microcred init: {printable(problem)}\n")
        return EXIT_ERRORS
    schemas = {name: schema_text(model) for name, model in SCHEMA_FILES.items()}
    try:
        written = write_repository(target, site, schemas)
    except OSError as exc:
        raise CannotRunError(f"could not write {exc.filename}: {exc.strerror}") from exc
    sys.stdout.write(
        f"Wrote {len(written)} files into {target}. Next: `cd {target}` and `make test` (check "
        "and build), then `make serve` to see the site; the README says how to publish it.\n"
    )
    return EXIT_OK


SUBCOMMANDS: tuple[Callable[[Subparsers], None], ...] = (
    _add_check,
    _add_schema,
    _add_diff,
    _add_new,
    _add_init,
)
