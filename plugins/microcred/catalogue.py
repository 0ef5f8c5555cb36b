"""Stage 3: every file loaded and checked together into one validated Catalogue.

Per-file validation comes from the models. This stage finds the catalogue files (`scan`: the
repository is a boundary), validates each against its model, has `wording` put pydantic's
errors into words for people, runs the `rules` that span fields and files, applies the
institution-wide defaults and builds the indexes the site needs. It also turns the plugin's
flat options from mkdocs.yml into Settings. Nothing is raised: the result is a catalogue, or
None, and the full list of problems found in one pass.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from . import wording
from .errors import Problem, has_errors, sort_problems
from .load import Document, Loc, load, load_config
from .models import SAFE_NAME, Intake, Partner, Programme, Settings
from .names import slugify
from .rules import Rules, inside, lexical

__all__ = [
    "OPTIONS",
    "PLUGIN_NAME",
    "PLUGIN_OPTIONS",
    "Catalogue",
    "Subject",
    "build",
    "catalogue_files",
    "options_document",
    "plugin_entry",
    "scan",
    "settings_from_options",
    "slugify",
    "today_from_environment",
]

_Model = TypeVar("_Model", Programme, Partner)
# The site's configuration, beside the catalogue folders.
CONFIG = "mkdocs.yml"


@dataclass(frozen=True)
class Subject:
    slug: str
    name: str
    programmes: tuple[str, ...]


@dataclass(frozen=True)
class Catalogue:
    """The validated catalogue with institution defaults applied, and its indexes.

    `programmes` holds every programme, drafts included; the site publishes `published` and
    `archived` only. `sources` maps ("programme" | "partner", id) to the file it came from.
    """

    settings: Settings
    today: date
    programmes: Mapping[str, Programme]
    partners: Mapping[str, Partner]
    sources: Mapping[tuple[str, str], str]
    published: tuple[str, ...] = field(init=False)
    archived: tuple[str, ...] = field(init=False)
    drafts: tuple[str, ...] = field(init=False)
    subjects: Mapping[str, Subject] = field(init=False)
    by_partner: Mapping[str, tuple[str, ...]] = field(init=False)
    redirects: Mapping[str, str] = field(init=False)

    def __post_init__(self) -> None:
        def ids(status: str) -> tuple[str, ...]:
            return tuple(sorted(i for i, p in self.programmes.items() if p.status == status))

        object.__setattr__(self, "published", ids("published"))
        object.__setattr__(self, "archived", ids("archived"))
        object.__setattr__(self, "drafts", ids("draft"))
        online = self.published + self.archived
        names: dict[str, str] = {}
        members: dict[str, list[str]] = {}
        by_partner: dict[str, list[str]] = {pid: [] for pid in sorted(self.partners)}
        redirects: dict[str, str] = {}
        for pid in sorted(online):
            programme = self.programmes[pid]
            for name in programme.subjects:
                names.setdefault(slugify(name), name)
                members.setdefault(slugify(name), []).append(pid)
            for link in programme.employer_partners:
                if pid not in by_partner[link.partner]:
                    by_partner[link.partner].append(pid)
            redirects.update(dict.fromkeys(programme.previous_ids, pid))
        subjects = {
            slug: Subject(slug, names[slug], tuple(members[slug])) for slug in sorted(members)
        }
        object.__setattr__(self, "subjects", MappingProxyType(subjects))
        object.__setattr__(
            self, "by_partner", MappingProxyType({k: tuple(v) for k, v in by_partner.items()})
        )
        object.__setattr__(self, "redirects", MappingProxyType(redirects))

    def is_online(self, programme_id: str) -> bool:
        """True for programmes that have a page: published or archived, never drafts."""
        programme = self.programmes.get(programme_id)
        return programme is not None and programme.status != "draft"

    def is_upcoming(self, intake: Intake) -> bool:
        """Whether an intake starts on or after the catalogue's today."""
        return intake.start >= self.today

    def upcoming_intakes(self, programme_id: str) -> list[Intake]:
        """The programme's intakes that start on or after the catalogue's today, soonest first
        (intakes starting the same day in the file's order)."""
        upcoming = filter(self.is_upcoming, self.programmes[programme_id].intakes)
        return sorted(upcoming, key=lambda intake: intake.start)

    def next_intake(self, programme_id: str) -> Intake | None:
        """The soonest intake that starts on or after the catalogue's today."""
        upcoming = self.upcoming_intakes(programme_id)
        return upcoming[0] if upcoming else None

    def next_intake_start(self, programme_id: str) -> date | None:
        intake = self.next_intake(programme_id)
        return intake.start if intake else None


def today_from_environment() -> date:
    """The build's "today": SOURCE_DATE_EPOCH when set, so a rebuild is reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return datetime.now(tz=UTC).date()


def build(
    root: Path,
    settings: Settings,
    *,
    today: date,
    report_on: Sequence[Path] | None = None,
) -> tuple[Catalogue | None, list[Problem]]:
    """Load and check the catalogue under `root` (the folder holding mkdocs.yml).

    With `report_on`, every file is still loaded (cross-file rules need them all) but only
    problems in those files are returned. A rule that judges an option (the social image
    must exist) points at it in `root/mkdocs.yml`. The catalogue is None whenever there is an
    error.
    """
    problems: list[Problem] = []
    if not (root / settings.programmes_dir).is_dir():
        problems.append(
            Problem(
                CONFIG,
                1,
                1,
                "programmes_dir",
                f"there is no `{settings.programmes_dir}/` "
                "folder beside mkdocs.yml; create it, or set `programmes_dir` to the folder "
                "that holds the programme files",
            )
        )
    programmes = _load_all(root, settings.programmes_dir, Programme, problems)
    partners = _load_all(root, settings.partners_dir, Partner, problems)
    loaded = {
        **{("programme", p.id): d for p, d in programmes},
        **{("partner", p.id): d for p, d in partners},
    }
    checker = Rules(
        root,
        settings=settings,
        options=options_document(root / CONFIG, CONFIG),
        today=today,
        programmes=programmes,
        partners=partners,
        problems=problems,
    )
    checker.run()
    # Decided before filtering: an error in a file not reported on still blocks the catalogue.
    failed = has_errors(problems)
    if report_on is not None:
        wanted = {lexical(root, path) for path in report_on}
        problems = [p for p in problems if p.file in wanted]
    problems = sort_problems(problems)
    if failed:
        return None, problems
    catalogue = Catalogue(
        settings=settings,
        today=today,
        programmes=MappingProxyType({p.id: _with_defaults(p, settings) for p, _ in programmes}),
        partners=MappingProxyType({p.id: p for p, _ in partners}),
        sources=MappingProxyType({key: doc.file for key, doc in loaded.items()}),
    )
    return catalogue, problems


# Settings (models.py) declares, types and judges the plugin's options; this only names them.
# In mkdocs.yml they are flat, as MkDocs plugins' options usually are, so a setting of a group
# is named with the group's prefix (`defaults.currency` is `default_currency`).
_GROUP_PREFIXES: Mapping[str, str] = MappingProxyType(
    {"institution": "institution_", "defaults": "default_"}
)
# Settings that the site's own configuration holds (MkDocs' `docs_dir`), not the plugin's.
SITE_OPTIONS = frozenset({"docs_dir"})
PLUGIN_NAME = "microcred"


def _options() -> dict[str, tuple[Loc, Any]]:
    """Each option's name in mkdocs.yml -> where it sits in Settings, and its default."""
    options: dict[str, tuple[Loc, Any]] = {}
    for name, info in Settings.model_fields.items():
        group = info.annotation
        if name in _GROUP_PREFIXES and isinstance(group, type) and issubclass(group, BaseModel):
            for inner, inner_info in group.model_fields.items():
                options[_GROUP_PREFIXES[name] + inner] = ((name, inner), _default(inner_info))
        else:
            options[name] = ((name,), _default(info))
    return options


def _default(info: FieldInfo) -> Any:
    return None if info.is_required() else info.get_default(call_default_factory=True)


_OPTIONS = _options()
# Option -> where it sits in Settings.
OPTIONS: Mapping[str, Loc] = MappingProxyType({name: loc for name, (loc, _) in _OPTIONS.items()})
# The options the plugin takes under `- microcred:`, each with its default (None when it has
# none): every setting but those the site's configuration holds.
PLUGIN_OPTIONS: Mapping[str, Any] = MappingProxyType(
    {name: default for name, (_, default) in _OPTIONS.items() if name not in SITE_OPTIONS}
)


def plugin_entry(config: Mapping[str, Any]) -> tuple[Loc, Any] | None:
    """Where the microcred entry is in mkdocs.yml's `plugins` (a list or a mapping), and what
    it holds; None when the site does not use the plugin."""
    plugins = config.get("plugins")
    if isinstance(plugins, list):
        for index, entry in enumerate(plugins):
            if entry == PLUGIN_NAME:
                return ("plugins", index), {}
            if isinstance(entry, dict) and PLUGIN_NAME in entry:
                return ("plugins", index, PLUGIN_NAME), entry[PLUGIN_NAME]
    elif isinstance(plugins, dict) and PLUGIN_NAME in plugins:
        return ("plugins", PLUGIN_NAME), plugins[PLUGIN_NAME]
    return None


def options_document(config_file: Path, display: str) -> Document:
    """The plugin's options in mkdocs.yml as a document of their own, so that a problem with
    an option points at its line. Without positions (every problem at 1:1) when the file
    cannot be read or holds no options for the plugin."""
    document, _ = load_config(config_file, display) if config_file.is_file() else (None, [])
    entry = plugin_entry(document.data) if document is not None else None
    if document is None or entry is None or not isinstance(entry[1], dict):
        return Document(display, {}, {}, {})
    return document.within(*entry)


def settings_from_options(
    options: Mapping[str, Any],
    *,
    config_file: str = CONFIG,
    document: Document | None = None,
) -> tuple[Settings | None, list[Problem]]:
    """The plugin's flat options from mkdocs.yml as Settings, or the problems with them.

    Options that are None count as not set. Options this stage does not know are left to the
    engine's own configuration check. `document`, when given, holds the positions of the
    options (locations relative to the plugin's options block) so problems point at the line.
    """
    nested: dict[str, Any] = {}
    for option, target in OPTIONS.items():
        value = options.get(option)
        if value is None:
            continue
        slot = nested
        for part in target[:-1]:
            slot = slot.setdefault(str(part), {})
        slot[str(target[-1])] = value
    nested.setdefault("institution", {})
    try:
        return Settings.model_validate(nested), []
    except ValidationError as exc:
        where = document or Document(config_file, dict(options), {}, {})
        errors = wording.one_per_typo(exc.errors())
        return None, sort_problems(_explain_option(e, where, config_file) for e in errors)


def _explain_option(error: ErrorDetails, doc: Document, config_file: str) -> Problem:
    model_loc: Loc = tuple(error["loc"])
    loc: Loc = next(
        (
            (option, *model_loc[len(target) :])
            for option, target in OPTIONS.items()
            if model_loc[: len(target)] == target
        ),
        model_loc,
    )
    line, column = doc.position(loc, key=error["type"] == "extra_forbidden")
    if error["type"] == "missing" and len(loc) == 1:
        message = (
            f"`{loc[0]}` is required in the microcred plugin's options; add it under "
            "`- microcred:` in plugins"
        )
    else:
        message = wording.message(error, Settings, model_loc)
    field_path = ".".join(str(part) for part in loc)
    return Problem(config_file, line, column, field_path, message)


def catalogue_files(root: Path, folder: str) -> list[Path]:
    """Every YAML file under one content folder, subfolders included, in a stable order.

    Only the files that `scan` accepts: regular files with safe names, inside the repository.
    """
    return scan(root, folder)[0]


def scan(root: Path, folder: str) -> tuple[list[Path], list[Problem]]:
    """The catalogue files under `root/folder`, and the problems with what else is there.

    The repository is a boundary: a link (file or folder) that leads outside it is reported at
    the link and never read, so neither the site nor the check's excerpts can show a file from
    elsewhere on the machine. Names are limited to safe characters (they become URLs, HTML
    attributes and arguments in CI), and `.YAML`, `.yml` and other spellings are reported
    rather than skipped.
    """
    top = root.resolve()
    base = root / folder
    problems: list[Problem] = []
    if not base.is_dir():
        return [], problems
    if not inside(base, top):
        message = (
            f"the folder `{folder}` is outside the repository; catalogue folders must be "
            "inside the folder that holds mkdocs.yml"
        )
        return [], [Problem(CONFIG, 1, 1, "", message)]
    found: list[Path] = []
    seen: set[Path] = set()
    pending = [base]
    while pending:
        directory = pending.pop()
        real = directory.resolve()
        if real in seen:  # a link back to a folder already read
            continue
        seen.add(real)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            shown = lexical(root, directory)
            problems.append(Problem(shown, 1, 1, "", f"the folder cannot be read ({exc.strerror})"))
            continue
        for entry in entries:
            path = Path(entry.path)
            is_yaml = entry.name.lower().endswith((".yaml", ".yml"))
            if not (is_yaml or _is_folder(entry)):
                continue  # notes, images and the like are not catalogue files
            problem = _entry_problem(entry, path, top, is_yaml=is_yaml)
            if problem:
                problems.append(Problem(lexical(root, path), 1, 1, "", problem))
            elif _is_folder(entry):
                pending.append(path)
            else:
                found.append(path)
    return sorted(found), problems


def _entry_problem(entry: os.DirEntry[str], path: Path, top: Path, *, is_yaml: bool) -> str | None:
    kind = "folder" if _is_folder(entry) else "file"
    if entry.is_symlink() and not inside(path, top):
        return (
            f"this {kind} is a link to a place outside the repository, which the catalogue "
            f"never reads; put the {kind} itself here instead of a link"
        )
    if not SAFE_NAME.match(entry.name):
        return (
            f"the {kind} name `{_printable_name(entry.name)}` may only use letters, digits, "
            "`-`, `_` and `.` (it becomes part of web addresses); rename it"
        )
    if not is_yaml:
        return None
    stem, _, suffix = entry.name.rpartition(".")
    if suffix != "yaml":
        return f"catalogue files end in .yaml; rename this file to {stem}.yaml"
    try:
        regular = stat.S_ISREG(path.stat().st_mode)
    except OSError:
        regular = False
    if not regular:
        return "this is not an ordinary file; catalogue files are YAML text files"
    return None


def _is_folder(entry: os.DirEntry[str]) -> bool:
    """Whether the entry is a folder, following links; a link that loops is not."""
    try:
        return entry.is_dir()
    except OSError:  # too many levels of links
        return False


def _printable_name(name: str) -> str:
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in name)[:80]


def _load_all(
    root: Path, folder: str, model: type[_Model], problems: list[Problem]
) -> list[tuple[_Model, Document]]:
    loaded: list[tuple[_Model, Document]] = []
    paths, found_problems = scan(root, folder)
    problems.extend(found_problems)
    for path in paths:
        display = lexical(root, path)
        document, found = load(path, display)
        problems.extend(found)
        if document is None:
            continue
        try:
            loaded.append((model.model_validate(document.data), document))
        except ValidationError as exc:
            problems.extend(
                wording.explain(e, document, model) for e in wording.one_per_typo(exc.errors())
            )
    return loaded


def _with_defaults(programme: Programme, settings: Settings) -> Programme:
    defaults = settings.defaults
    update: dict[str, Any] = {}
    if programme.languages is None:
        update["languages"] = defaults.languages
    if programme.quality_assurance is None:
        update["quality_assurance"] = defaults.quality_assurance
    if programme.awarding_bodies is None:
        update["awarding_bodies"] = defaults.awarding_bodies
    if programme.fee is not None and programme.fee.currency is None:
        update["fee"] = programme.fee.model_copy(update={"currency": defaults.currency})
    return programme.model_copy(update=update) if update else programme
