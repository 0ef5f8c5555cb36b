"""Stage 3: every file loaded and checked together into one validated Catalogue.

Per-file validation comes from the models; this stage adds the rules that span files (ids,
references, cycles), applies the institution-wide defaults, turns pydantic's errors into
messages for people, and builds the indexes the site needs. Nothing is raised: the result is a
catalogue, or None, and the full list of problems found in one pass.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .descriptions import check_description
from .errors import Problem, Severity, has_errors, sort_problems
from .images import check_image
from .load import Document, Loc, load
from .models import SAFE_NAME, Intake, Partner, Programme, Settings

Kind = Literal["programme", "partner"]
_Model = TypeVar("_Model", Programme, Partner)

REVIEW_INTERVAL = timedelta(days=365)
# The list of all subjects lives at subjects/index.md, where a subject "Index" would go.
SUBJECTS_HUB = "index"
_LINE_END = re.compile(r"\r\n|\r|\n")
LINK_OUT_OF_REPOSITORY = (
    "this is a link to a place outside the repository, which the site never publishes; put "
    "the file itself here instead of a link"
)
ECTS_HOURS = (25, 30)


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

    def next_intake(self, programme_id: str) -> Intake | None:
        """The soonest intake that starts on or after the catalogue's today."""
        upcoming = [i for i in self.programmes[programme_id].intakes if i.start >= self.today]
        return min(upcoming, key=lambda intake: intake.start, default=None)

    def next_intake_start(self, programme_id: str) -> date | None:
        intake = self.next_intake(programme_id)
        return intake.start if intake else None


# Latin letters that Unicode does not decompose into a base letter and an accent.
_LATIN_LETTERS = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "œ": "oe", "Œ": "oe", "đ": "d",
     "Đ": "d", "ł": "l", "Ł": "l", "þ": "th", "Þ": "th", "ð": "d", "Ð": "d", "\u0131": "i",
     "ħ": "h", "Ħ": "h"}
)  # fmt: skip


def slugify(text: str) -> str:
    """ "Data & Computing" -> "data-computing": the URL segment of a subject.

    Latin letters lose their accents ("Cultúr" -> "cultur"). Letters of other scripts have no
    ASCII spelling here, so the name's own digest is added ("Υγεία" -> "a1b2c3d4"): two
    subjects in Greek never share a page, and the address of each stays the same between
    builds. Empty when the name has no letters or digits at all.
    """
    name = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    decomposed = unicodedata.normalize("NFKD", name.translate(_LATIN_LETTERS))
    ascii_text = decomposed.encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if any(ord(c) > 127 and unicodedata.category(c)[0] in "LN" for c in decomposed):
        digest = hashlib.sha256(name.encode()).hexdigest()[:8]
        slug = f"{slug}-{digest}" if slug else digest
    return slug


def subject_key(name: str) -> str:
    """What two spellings of one subject share: their letters and digits, without case or
    accents ("Data & Computing" and "data computing" are one subject, as their slug says)."""
    name = unicodedata.normalize("NFKC", name).casefold().translate(_LATIN_LETTERS)
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if unicodedata.category(c)[0] in "LN")


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
    problems in those files are returned. The catalogue is None whenever there is an error.
    """
    problems: list[Problem] = []
    if not (root / settings.programmes_dir).is_dir():
        problems.append(
            Problem(
                "mkdocs.yml",
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
    checker = _Rules(
        root,
        settings=settings,
        today=today,
        programmes=programmes,
        partners=partners,
        problems=problems,
    )
    checker.run()
    # Decided before filtering: an error in a file not reported on still blocks the catalogue.
    failed = has_errors(problems)
    if report_on is not None:
        wanted = {_lexical(root, path) for path in report_on}
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


# Plugin option -> where it sits in Settings. The options are flat in mkdocs.yml, as MkDocs
# plugins' options usually are; the models group them.
OPTIONS: Mapping[str, Loc] = MappingProxyType(
    {
        "institution_name": ("institution", "name"),
        "institution_url": ("institution", "url"),
        "institution_country": ("institution", "country"),
        "default_languages": ("defaults", "languages"),
        "default_currency": ("defaults", "currency"),
        "default_quality_assurance": ("defaults", "quality_assurance"),
        "default_awarding_bodies": ("defaults", "awarding_bodies"),
        "programmes_dir": ("programmes_dir",),
        "partners_dir": ("partners_dir",),
        "docs_dir": ("docs_dir",),
    }
)


def settings_from_options(
    options: Mapping[str, Any],
    *,
    config_file: str = "mkdocs.yml",
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
        errors = _one_per_typo(exc.errors())
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
        message = _message(error, Settings, model_loc)
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
    if not _inside(base, top):
        message = (
            f"the folder `{folder}` is outside the repository; catalogue folders must be "
            "inside the folder that holds mkdocs.yml"
        )
        return [], [Problem("mkdocs.yml", 1, 1, "", message)]
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
            shown = _lexical(root, directory)
            problems.append(Problem(shown, 1, 1, "", f"the folder cannot be read ({exc.strerror})"))
            continue
        for entry in entries:
            path = Path(entry.path)
            is_yaml = entry.name.lower().endswith((".yaml", ".yml"))
            if not (is_yaml or entry.is_dir()):
                continue  # notes, images and the like are not catalogue files
            problem = _entry_problem(entry, path, top, is_yaml=is_yaml)
            if problem:
                problems.append(Problem(_lexical(root, path), 1, 1, "", problem))
            elif entry.is_dir():
                pending.append(path)
            else:
                found.append(path)
    return sorted(found), problems


def _entry_problem(entry: os.DirEntry[str], path: Path, top: Path, *, is_yaml: bool) -> str | None:
    kind = "folder" if entry.is_dir() else "file"
    if entry.is_symlink() and not _inside(path, top):
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


def _inside(path: Path, top: Path) -> bool:
    try:
        return path.resolve().is_relative_to(top)
    except (OSError, RuntimeError):  # a broken link or a loop of links
        return False


def _lexical(root: Path, path: Path) -> str:
    """The path as written under the repository, never resolved through links."""
    return Path(os.path.relpath(path, root)).as_posix()


def _printable_name(name: str) -> str:
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in name)[:80]


def _load_all(
    root: Path, folder: str, model: type[_Model], problems: list[Problem]
) -> list[tuple[_Model, Document]]:
    loaded: list[tuple[_Model, Document]] = []
    paths, found_problems = scan(root, folder)
    problems.extend(found_problems)
    for path in paths:
        display = _lexical(root, path)
        document, found = load(path, display)
        problems.extend(found)
        if document is None:
            continue
        try:
            loaded.append((model.model_validate(document.data), document))
        except ValidationError as exc:
            problems.extend(_explain(e, document, model) for e in _one_per_typo(exc.errors()))
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


class _Rules:
    """The rules that need more than one field or more than one file."""

    def __init__(
        self,
        root: Path,
        *,
        settings: Settings,
        today: date,
        programmes: list[tuple[Programme, Document]],
        partners: list[tuple[Partner, Document]],
        problems: list[Problem],
    ) -> None:
        self.root = root
        self.settings = settings
        self.today = today
        self.programmes = programmes
        self.partners = partners
        self.problems = problems
        # Each subject's address, with the first name and file that used it.
        self.subject_names: dict[str, tuple[str, str]] = {}
        # Images that programmes and partners name, reported at the YAML field that names them.
        self.images_named: set[Path] = set()

    def run(self) -> None:
        programme_ids = self._unique_ids(self.programmes, "programme")
        partner_ids = self._unique_ids(self.partners, "partner")
        self._previous_ids(programme_ids)
        for programme, doc in self.programmes:
            self._references(programme, doc, programme_ids, partner_ids)
            self._programme_fields(programme, doc)
            self._markdown(doc, "description", programme.description)
            self._local_image(doc, "badge_image", programme.badge_image)
        for partner, doc in self.partners:
            self._markdown(doc, "description", partner.description)
            self._local_image(doc, "logo", partner.logo)
        self._cycles(programme_ids)
        self._docs_folder()

    def _add(
        self, doc: Document, loc: Loc, message: str, *, warning: bool = False, key: bool = False
    ) -> None:
        line, column = doc.position(loc, key=key)
        severity = Severity.WARNING if warning else Severity.ERROR
        field_path = ".".join(str(part) for part in loc)
        self.problems.append(Problem(doc.file, line, column, field_path, message, severity))

    def _unique_ids(
        self, items: Iterable[tuple[BaseModel, Document]], kind: str
    ) -> dict[str, tuple[Any, Document]]:
        seen: dict[str, tuple[Any, Document]] = {}
        for item, doc in items:
            item_id: str = getattr(item, "id")  # noqa: B009 - Programme and Partner share `id`
            stem = Path(doc.file).stem
            if item_id != stem:
                self._add(
                    doc,
                    ("id",),
                    f"the id `{item_id}` must equal the file name; rename "
                    f"the file to {item_id}.yaml or change the id to `{stem}`",
                )
            if item_id in seen:
                self._add(
                    doc,
                    ("id",),
                    f"another {kind} file, {seen[item_id][1].file}, already "
                    "uses this id; each id must be unique",
                )
                continue
            seen[item_id] = (item, doc)
        return seen

    def _previous_ids(self, programme_ids: Mapping[str, tuple[Any, Document]]) -> None:
        claimed: dict[str, str] = {}
        for programme, doc in self.programmes:
            for index, old in enumerate(programme.previous_ids):
                loc: Loc = ("previous_ids", index)
                if old in programme_ids:
                    self._add(
                        doc,
                        loc,
                        f"`{old}` is the id of a programme "
                        f"({programme_ids[old][1].file}); an old id cannot be reused",
                    )
                elif old in claimed and claimed[old] != programme.id:
                    self._add(
                        doc,
                        loc,
                        f"`{old}` is already an old id of `{claimed[old]}`; "
                        "an old id can redirect to one programme only",
                    )
                claimed.setdefault(old, programme.id)

    def _references(
        self,
        programme: Programme,
        doc: Document,
        programme_ids: Mapping[str, tuple[Any, Document]],
        partner_ids: Mapping[str, tuple[Any, Document]],
    ) -> None:
        for index, link in enumerate(programme.employer_partners):
            if link.partner not in partner_ids:
                self._add(
                    doc,
                    ("employer_partners", index, "partner"),
                    f"there is no partner `{link.partner}` in {self.settings.partners_dir}/"
                    f"{_did_you_mean(link.partner, partner_ids)}; add "
                    f"{self.settings.partners_dir}/{link.partner}.yaml or fix the id",
                )
        if programme.prerequisites is None:
            return
        for index, ref in enumerate(programme.prerequisites.programmes):
            loc: Loc = ("prerequisites", "programmes", index)
            if ref == programme.id:
                self._add(doc, loc, "a programme cannot be its own prerequisite")
            elif ref not in programme_ids:
                self._add(
                    doc,
                    loc,
                    f"there is no programme `{ref}`"
                    f"{_did_you_mean(ref, programme_ids)}; use the id of an existing "
                    "programme",
                )
            elif programme.status != "draft" and programme_ids[ref][0].status == "draft":
                self._add(
                    doc,
                    loc,
                    f"`{ref}` is a draft, so learners cannot see it; publish "
                    "it first or remove it from the prerequisites",
                )

    def _programme_fields(self, programme: Programme, doc: Document) -> None:
        defaults = self.settings.defaults
        for index, subject in enumerate(programme.subjects):
            slug = slugify(subject)
            if slug == SUBJECTS_HUB:
                self._add(
                    doc,
                    ("subjects", index),
                    f"`{subject}` cannot be a subject name: its address would clash with the "
                    "list of all subjects; choose another name",
                )
            elif not slug:
                self._add(
                    doc,
                    ("subjects", index),
                    f"`{subject}` has no letters or digits to make the subject's web address "
                    "from; name the subject in words",
                )
            elif slug in self.subject_names and subject_key(subject) != subject_key(
                self.subject_names[slug][0]
            ):
                other, where = self.subject_names[slug]
                self._add(
                    doc,
                    ("subjects", index),
                    f"`{subject}` and `{other}` ({where}) are different subjects but would "
                    f"share one page, subjects/{slug}/; rename one of them",
                )
            else:
                self.subject_names.setdefault(slug, (subject, doc.file))
        for name in ("languages", "quality_assurance", "awarding_bodies"):
            if getattr(programme, name) is None and getattr(defaults, name) is None:
                self._add(
                    doc,
                    (name,),
                    f"`{name}` is required: add it here, or set "
                    f"`default_{name}` for the whole site in mkdocs.yml",
                )
        if programme.mode != "online":
            for index, intake in enumerate(programme.intakes):
                if intake.location is None:
                    self._add(
                        doc,
                        ("intakes", index),
                        f"this intake needs a `location`, "
                        f"because the programme is {programme.mode}; say where it meets",
                    )
        if programme.ects is not None:
            low, high = (programme.ects * ECTS_HOURS[0], programme.ects * ECTS_HOURS[1])
            if not low <= programme.workload_hours <= high:
                self._add(
                    doc,
                    ("workload_hours",),
                    f"{programme.workload_hours:g} hours is outside the usual "
                    f"{low:g}-{high:g} hours for {programme.ects:g} ECTS (25-30 hours "
                    "each); check the hours or the credits",
                    warning=True,
                )
        if programme.last_reviewed is not None and (
            self.today - programme.last_reviewed > REVIEW_INTERVAL
        ):
            self._add(
                doc,
                ("last_reviewed",),
                f"last reviewed on {programme.last_reviewed.isoformat()}, over 12 months "
                "ago; review the programme and update the date",
                warning=True,
            )

    def _markdown(self, doc: Document, name: str, text: str | None) -> None:
        if text is None:
            return
        for issue in check_description(text):
            warning = issue.severity is Severity.WARNING
            self._add_at_line(doc, name, text, issue.line, issue.message, warning=warning)

    def _add_at_line(
        self, doc: Document, name: str, text: str, line: int, message: str, *, warning: bool
    ) -> None:
        """A problem in a Markdown field: its position is where the block starts, so the
        message also names the line inside the text."""
        # Lines as Python-Markdown counts them (splitlines would also break at \x0c, \x85, ...).
        excerpt = _LINE_END.split(text)[line - 1].strip()
        shown = excerpt if len(excerpt) <= 50 else excerpt[:47] + "..."
        self._add(doc, (name,), f'{message} (its line {line}: "{shown}")', warning=warning)

    def _local_image(self, doc: Document, name: str, ref: str | None) -> None:
        if ref is None or "://" in ref:
            return
        docs = self.root / self.settings.docs_dir
        path = docs / ref
        self.images_named.add(path)
        if not path.is_file():
            self._add(
                doc,
                (name,),
                f"there is no file {self.settings.docs_dir}/{ref}; add the "
                "image there or correct the path",
            )
        elif not _inside(path, docs.resolve()):
            # The site publishes what docs/ holds; a link in it must not publish a file from
            # elsewhere on the build machine.
            self._add(
                doc,
                (name,),
                f"{self.settings.docs_dir}/{ref} is a link to a file outside the docs folder; "
                "put the image itself there instead of a link",
            )
        else:
            problem = check_image(path)
            if problem:
                self._add(doc, (name,), f"{self.settings.docs_dir}/{ref}: {problem}")

    def _docs_folder(self) -> None:
        """What docs/ publishes besides the catalogue: no link out of the repository (the site
        would publish files of the build machine), and no active SVG. Every SVG in docs/ is
        published and, opened on its own, runs on the site's origin, so the ones no programme
        or partner names are held to the same rule as badges and logos."""
        docs = self.root / self.settings.docs_dir
        allowed = (self.root.resolve(), docs.resolve())
        git = self.root.resolve() / ".git"
        for folder, folders, names in os.walk(docs):
            for name in sorted(folders + names):
                path = Path(folder) / name
                if path in self.images_named:
                    continue
                if path.is_symlink():
                    real = path.resolve()
                    if not any(real.is_relative_to(top) for top in allowed) or real.is_relative_to(
                        git
                    ):
                        self.problems.append(
                            Problem(_lexical(self.root, path), 1, 1, "", LINK_OUT_OF_REPOSITORY)
                        )
                        continue
                if not name.lower().endswith(".svg") or not path.is_file():
                    continue
                problem = check_image(path)
                if problem:
                    self.problems.append(Problem(_lexical(self.root, path), 1, 1, "", problem))

    def _cycles(self, programme_ids: Mapping[str, tuple[Any, Document]]) -> None:
        graph = {
            pid: [
                r
                for r in (item.prerequisites.programmes if item.prerequisites else [])
                if r in programme_ids and r != pid
            ]
            for pid, (item, _) in programme_ids.items()
        }
        state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
        reported: set[frozenset[str]] = set()

        def visit(node: str, path: list[str]) -> None:
            state[node] = 1
            path.append(node)
            for nxt in graph[node]:
                if state.get(nxt) == 1:
                    cycle = path[path.index(nxt) :]
                    if frozenset(cycle) not in reported:
                        reported.add(frozenset(cycle))
                        self._report_cycle(cycle, programme_ids)
                elif nxt not in state:
                    visit(nxt, path)
            path.pop()
            state[node] = 2

        for pid in sorted(graph):
            if pid not in state:
                visit(pid, [])

    def _report_cycle(self, cycle: list[str], ids: Mapping[str, tuple[Any, Document]]) -> None:
        first = min(cycle)
        start = cycle.index(first)
        ordered = cycle[start:] + cycle[:start]
        item, doc = ids[first]
        target = ordered[1] if len(ordered) > 1 else first
        index = item.prerequisites.programmes.index(target)
        chain = " -> ".join([*ordered, first])
        self._add(
            doc,
            ("prerequisites", "programmes", index),
            f"prerequisites go round in a circle ({chain}); remove one of them",
        )


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    if len(word) > 100:
        # No field name or choice is that long, and difflib indexes every character of it.
        return ""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean `{match[0]}`?)" if match else ""


# Errors that mean "this field is not there", which a misspelt key explains.
_ABSENT = frozenset({"missing", "external_needs_body"})


def _one_per_typo(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """Drop "`x` is missing" where a misspelt `x` is what is there: one typo, one message."""
    misspelt: set[tuple[Loc, str]] = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            parent, name = tuple(error["loc"][:-1]), str(error["loc"][-1])
            siblings = [
                str(e["loc"][-1])
                for e in errors
                if e["type"] in _ABSENT and tuple(e["loc"][:-1]) == parent
            ]
            if len(name) <= 100:  # as in _did_you_mean: no field name is longer
                misspelt.update(
                    (parent, m) for m in difflib.get_close_matches(name, siblings, 1, 0.6)
                )
    return [
        e
        for e in errors
        if not (e["type"] in _ABSENT and (tuple(e["loc"][:-1]), str(e["loc"][-1])) in misspelt)
    ]


def _explain(error: ErrorDetails, doc: Document, model: type[BaseModel]) -> Problem:
    """A pydantic error as a Problem located in the YAML, worded for a faculty member."""
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    line, column = doc.position(loc, key=kind == "extra_forbidden")
    field_path = ".".join(str(part) for part in loc)
    return Problem(doc.file, line, column, field_path, _message(error, model, loc))


def _message(error: ErrorDetails, model: type[BaseModel], loc: Loc) -> str:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    name = str(loc[-1]) if loc else ""
    if kind == "extra_forbidden":
        known = _field_names(model, loc[:-1])
        hint = _did_you_mean(name, known)
        return f"`{name}` is not a field here{hint or '; the fields are ' + ', '.join(known)}"
    if kind == "missing":
        about = _field_description(model, loc)
        return f"`{name}` is missing; add it." + (f" {about}." if about else "")
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        hint = _did_you_mean(str(value), choices) if isinstance(value, str) else ""
        return f"{_shown(value)} is not allowed{hint}; write one of: {', '.join(choices)}"
    if kind == "string_type":
        if isinstance(value, bool):
            word = "yes" if value else "no"
            return (
                "YAML reads yes, no, on, off, true and false as a yes/no value, not as text; "
                f'put the text in quotes, e.g. {name}: "{word}"'
            )
        if isinstance(value, date):
            return "YAML reads this as a date, not as text; put it in quotes"
        return f"{_shown(value)} is not text; write a text value"
    if kind in {"int_type", "float_type", "int_from_float"}:
        whole = "a whole number" if kind != "float_type" else "a number"
        if isinstance(value, str):
            return f'"{value}" is text, not a number; write {whole} without quotes'
        return f"{_shown(value)} is not {whole}; write {whole} such as 12"
    if kind in {"date_type", "date_from_datetime_inexact", "date_from_datetime_parsing"}:
        if isinstance(value, str):
            return (
                f'"{value}" is text, not a date; write the date as YYYY-MM-DD without '
                "quotes, e.g. 2027-02-08"
            )
        return f"{_shown(value)} is not a date; write it as YYYY-MM-DD, e.g. 2027-02-08"
    if kind == "finite_number":
        return (
            f"{_shown(value)} is not a finite number (YAML reads .inf, .nan and numbers too "
            "large to hold as infinite or not a number); write an ordinary number such as 12"
        )
    if kind == "list_type":
        return "this must be a list; write each item on its own line starting with `- `"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return "this must be a block of `field: value` lines, indented under the field name"
    if kind in {"too_short", "string_too_short"} and isinstance(value, str):
        return f"this text has {len(value)} characters; write at least {ctx.get('min_length')}"
    if kind in {"too_long", "string_too_long"} and isinstance(value, str):
        return f"this text has {len(value):,} characters; shorten it to {ctx.get('max_length'):,}"
    if kind == "too_short":
        needed = ctx.get("min_length", 1)
        return f"this list is empty; write at least {needed} item{'s' if needed != 1 else ''}"
    if kind == "bool_type":
        return f"{_shown(value)} is not yes or no; write true or false"
    if kind == "string_pattern_mismatch":
        return _pattern_message(name if isinstance(loc[-1], str) else str(loc[-2]), value)
    if kind in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        limit = next(iter(ctx.values()), "")
        if isinstance(limit, int | float):
            limit = f"{int(limit):,}" if limit == int(limit) else f"{limit:g}"
        words = {
            "greater_than": "more than",
            "greater_than_equal": "at least",
            "less_than": "less than",
            "less_than_equal": "at most",
        }[kind]
        return f"{_shown(value)} is out of range; it must be {words} {limit}"
    return error["msg"]


def _pattern_message(name: str, value: object) -> str:
    shown = _shown(value)
    patterns = {
        "id": "an id uses lower-case letters, digits and single hyphens, e.g. data-analytics",
        "partner": "an id uses lower-case letters, digits and single hyphens",
        "programmes": "an id uses lower-case letters, digits and single hyphens",
        "previous_ids": "an id uses lower-case letters, digits and single hyphens",
        "languages": "a language is a code such as en, ga, de or pt-BR",
        "country": "a country is a two-letter ISO code in capitals, such as IE or DE",
        "currency": "a currency is a three-letter ISO code in capitals, such as EUR",
        "email": "write an email address such as name@example.org",
        "esco": "an ESCO skill is written http://data.europa.eu/esco/skill/ followed by its id",
    }
    return f"{shown} is not valid; {patterns.get(name, 'check the spelling')}"


def _shown(value: object) -> str:
    text = value.isoformat() if isinstance(value, date) else str(value)
    return f"`{text if len(text) <= 60 else text[:57] + '...'}`"


def _field_description(model: type[BaseModel], loc: Loc) -> str:
    """The field's description from the models, so a message can say what the field is for."""
    owner = _model_at(model, loc[:-1])
    field_info = owner.model_fields.get(str(loc[-1])) if owner is not None and loc else None
    description = field_info.description if field_info is not None else None
    return (description or "").rstrip(".")


def _model_at(model: type[BaseModel], loc: Loc) -> Any:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field_info = current.model_fields.get(part) if _is_model(current) else None
        if field_info is None:
            return None
        current = _inner_model(field_info.annotation)
    return current if _is_model(current) else None


def _field_names(model: type[BaseModel], loc: Loc) -> list[str]:
    """The fields allowed at `loc`, found by walking the model's annotations."""
    owner = _model_at(model, loc)
    return list(owner.model_fields) if owner is not None else []


def _is_model(candidate: Any) -> bool:
    return isinstance(candidate, type) and issubclass(candidate, BaseModel)


def _inner_model(annotation: Any) -> Any:
    """The model class inside `list[Model] | None` and similar annotations."""
    if _is_model(annotation):
        return annotation
    if get_origin(annotation) is not None or get_args(annotation):
        for arg in get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None
