"""A new institution's catalogue repository, ready to check, build and publish.

`microcred init` writes the files a catalogue repository holds (the site's `mkdocs.yml`, an
example programme and partner, the home page and authoring guide, the workflows, editor and
pre-commit settings, a Makefile and README) from the templates under `templates/init/`. The
values given on the command line are untrusted text: each is checked by the content model's
own rules first, and every value a template prints goes through the emitter of the format it
lands in (YAML or Markdown); a value printed without one fails the rendering.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import jinja2
import yaml
from babel import Locale
from babel.numbers import get_territory_currencies
from pydantic import TypeAdapter, ValidationError

from . import __version__
from .catalogue import slugify
from .models import LanguageTag, Partner, Programme, Text
from .pages import markdown_escape
from .urls import web_address_problem

TEMPLATES = ("templates", "init")
# Package data cannot hold names that start with a dot (setuptools' globs skip them), so the
# templates use these names and the repository gets the real ones.
DOT_NAMES = {
    "github": ".github",
    "vscode": ".vscode",
    "gitignore": ".gitignore",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
}
# Files ending in .j2 are rendered; the rest (workflows, whose `${{ }}` is GitHub's, the
# Makefile) are copied as they are.
RENDERED = ".j2"
# The interface has a string table per language, Material's for its own words and the
# package's for the rest; a site in a language that either lacks cannot build.
MATERIAL_LANGUAGES = (("material", "templates", "partials", "languages"),
                      ("microcred", "theme", "partials", "languages"))  # fmt: skip
OUR_LANGUAGES = ("microcred", "strings")
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")
# The name a CODEOWNERS line gives the organisation until the site's maintainers set theirs.
FALLBACK_ORGANISATION = "your-organisation"

_TEXT: TypeAdapter[str] = TypeAdapter(Text)
_LANGUAGE: TypeAdapter[str] = TypeAdapter(LanguageTag)


@dataclass(frozen=True)
class Site:
    """What a new catalogue repository is written for, every value already checked."""

    institution: str
    country: str
    language: str
    site_url: str | None
    currency: str
    today: date


def site_from_arguments(
    *, institution: str, country: str, language: str, site_url: str | None, today: date
) -> tuple[Site | None, list[str]]:
    """The checked values, or None and every problem, one sentence each, naming its option."""
    problems: list[str] = []
    name = _valid(_TEXT, institution, "--institution", problems)
    tag = _valid(_LANGUAGE, language, "--language", problems)
    if tag is not None and not _interface_has(tag):
        problems.append(
            f"--language: the interface has no strings in `{tag}`; use one of "
            f"{', '.join(available_languages())}"
        )
        tag = None
    if site_url is not None:
        problem = web_address_problem(site_url)
        if problem:
            problems.append(f"--site-url: {_quoted(site_url)} is not a web address: {problem}")
    code = country.upper()
    if not _COUNTRY.fullmatch(country) or code not in Locale("en").territories or code == "ZZ":
        problems.append(
            f"--country: {_quoted(country)} is not a country code; write the two-letter ISO "
            "3166-1 code, such as IE, DE or FR"
        )
    if problems or name is None or tag is None:
        return None, problems
    currencies = get_territory_currencies(code, start_date=today)
    site = Site(
        institution=name,
        country=code,
        language=tag,
        # MkDocs and the feeds join paths onto it: one trailing slash, always.
        site_url=site_url.rstrip("/") + "/" if site_url else None,
        currency=currencies[0] if currencies else "EUR",
        today=today,
    )
    return site, []


def unusable_target(target: Path) -> str | None:
    """Why the repository cannot be written into `target`, or None when it can."""
    if target.exists() and not target.is_dir():
        return f"{target} exists and is not a folder"
    if target.is_dir() and any(target.iterdir()):
        return f"{target} is not empty; give a new or empty folder, so that nothing is overwritten"
    return None


def write_repository(target: Path, site: Site, schemas: Mapping[str, str]) -> list[Path]:
    """Write the repository into `target` (new or empty) and return its files, relative.

    `schemas` maps each JSON Schema's file name to its text, as `microcred schema` writes it.
    """
    files = {**render_templates(site), **{f"schemas/{n}": t for n, t in schemas.items()}}
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for relative, text in sorted(files.items()):
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        # "x": a file that appeared since the target was found empty is never overwritten.
        with path.open("x", encoding="utf-8", newline="\n") as out:
            out.write(text)
        written.append(Path(relative))
    return written


def render_templates(site: Site) -> dict[str, str]:
    """Every file of the repository but the schemas: its path and its text."""
    root = resources.files("microcred").joinpath(*TEMPLATES)
    environment = _environment(root)
    context = _context(site)
    files: dict[str, str] = {}
    for parts, source in _walk(root, ()):
        relative = "/".join(DOT_NAMES.get(part, part) for part in parts)
        if relative.endswith(RENDERED):
            template = environment.get_template("/".join(parts))
            files[relative.removesuffix(RENDERED)] = template.render(context)
        else:
            files[relative] = source.read_text("utf-8")
    return files


def available_languages() -> list[str]:
    """The languages the interface has strings for, in Material's tables and in ours."""
    material = {
        entry.name.removesuffix(".html")
        for parts in MATERIAL_LANGUAGES
        for entry in _folder(parts)
        if entry.name.endswith(".html")
    }
    ours = {
        e.name.removesuffix(".yaml") for e in _folder(OUR_LANGUAGES) if e.name.endswith(".yaml")
    }
    # Before the package had string tables of its own, its words were English in every site.
    return sorted(material & ours if ours else material)


# --- values into text ---------------------------------------------------------------------


class Emitted(str):
    """Text already written in its output's syntax by one of the filters below."""

    __slots__ = ()


def to_yaml(value: Any) -> Emitted:
    """One YAML value on one line (flow style), written by PyYAML's emitter."""
    text = yaml.safe_dump(
        value, default_flow_style=True, allow_unicode=True, width=float("inf"), sort_keys=False
    )
    return Emitted(text.removesuffix("\n...\n").removesuffix("\n"))


def to_markdown(value: Any) -> Emitted:
    """Plain text shown as written in Markdown: no markup, no HTML."""
    return Emitted(markdown_escape(value))


def _finalize(value: Any) -> Any:
    # Nothing reaches a file unescaped: a template that prints a value without `| yaml` or
    # `| markdown` fails here, during `microcred init`, not in a site that misreads it.
    if isinstance(value, Emitted):
        return value
    raise TypeError(f"the init template printed {value!r} without | yaml or | markdown")


def _environment(root: Traversable) -> jinja2.Environment:
    # The outputs are YAML and Markdown, not HTML: each value is escaped by its filter, and
    # `finalize` refuses any that is not.
    environment = jinja2.Environment(  # noqa: S701
        loader=jinja2.FunctionLoader(lambda name: _source(root, name)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    environment.filters["yaml"] = to_yaml
    environment.filters["markdown"] = to_markdown
    return environment


def _source(root: Traversable, name: str) -> str:
    return root.joinpath(*name.split("/")).read_text("utf-8")


def _context(site: Site) -> dict[str, Any]:
    # The example's first intake opens about three months ahead, on a Monday, so the new site
    # shows an open intake with a deadline rather than an empty or past one.
    start = site.today + timedelta(days=90 - site.today.weekday())
    return {
        "institution": site.institution,
        "site_name": f"{site.institution} Micro-credentials",
        "site_url": site.site_url,
        "language": site.language,
        "country": site.country,
        "currency": site.currency,
        # Both are plain by construction (letters, digits, hyphens and dots), in any format.
        "organisation": Emitted(slugify(site.institution) or FALLBACK_ORGANISATION),
        "version": Emitted(__version__),
        "today": site.today,
        "intake": {
            "start": start,
            "end": start + timedelta(weeks=10),
            "application_deadline": start - timedelta(weeks=2),
        },
        "programme_fields": _fields(Programme),
        "partner_fields": _fields(Partner),
    }


def _fields(model: type[Programme | Partner]) -> list[dict[str, Any]]:
    """Each field of a file with its description, as the models (and the schemas) state it."""
    return [
        {"name": name, "required": field.is_required(), "description": field.description or ""}
        for name, field in model.model_fields.items()
    ]


def _walk(folder: Traversable, parts: Sequence[str]) -> list[tuple[list[str], Traversable]]:
    found: list[tuple[list[str], Traversable]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name == "__pycache__":
            continue
        if entry.is_dir():
            found += _walk(entry, [*parts, entry.name])
        else:
            found.append(([*parts, entry.name], entry))
    return found


def _folder(parts: Sequence[str]) -> list[Traversable]:
    try:
        folder = resources.files(parts[0]).joinpath(*parts[1:])
        return list(folder.iterdir()) if folder.is_dir() else []
    except ModuleNotFoundError:
        return []


def _interface_has(tag: str) -> bool:
    return tag in available_languages()


def _valid(adapter: TypeAdapter[str], value: str, option: str, problems: list[str]) -> str | None:
    try:
        return adapter.validate_python(value)
    except ValidationError as exc:
        message = exc.errors()[0]["msg"]
        if exc.errors()[0]["type"] == "string_pattern_mismatch":
            message = "write a language code such as en, de, fr, ga or pt-BR"
        problems.append(f"{option}: {_quoted(value)} is refused: {message}")
        return None


def _quoted(value: str) -> str:
    # The value is shown to say what was refused; `!r` shows control characters as codes.
    shown = value if len(value) <= 60 else value[:57] + "..."
    return repr(shown)
