"""The rules that need more than one field or more than one file, run after the models.

Each file has passed its model; these rules judge the catalogue as a whole: ids unique and
equal to file names, old ids that redirect to one programme, references to partners and
programmes that exist (and are not drafts), prerequisites that do not go round in a circle,
subjects that each get a page of their own, fields that the site-wide defaults must fill,
intakes, credits and review dates, Markdown descriptions within their budget, and images and
the docs folder inside the repository and inert. Every finding is a located Problem appended
to one list; nothing is raised.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .descriptions import check_description
from .errors import Problem, Severity
from .images import check_image
from .load import Document, Loc
from .models import Partner, Programme, Settings
from .names import SUBJECTS_HUB, slugify, subject_key
from .wording import did_you_mean

REVIEW_INTERVAL = timedelta(days=365)
ECTS_HOURS = (25, 30)
LINK_OUT_OF_REPOSITORY = (
    "this is a link to a place outside the repository, which the site never publishes; put "
    "the file itself here instead of a link"
)
_LINE_END = re.compile(r"\r\n|\r|\n")


def inside(path: Path, top: Path) -> bool:
    """Whether `path`, followed through any links, is inside the folder `top` (resolved)."""
    try:
        return path.resolve().is_relative_to(top)
    except (OSError, RuntimeError):  # a broken link or a loop of links
        return False


def lexical(root: Path, path: Path) -> str:
    """The path as written under the repository, never resolved through links."""
    return Path(os.path.relpath(path, root)).as_posix()


class Rules:
    """The rules that need more than one field or more than one file."""

    def __init__(
        self,
        root: Path,
        *,
        settings: Settings,
        options: Document,
        today: date,
        programmes: list[tuple[Programme, Document]],
        partners: list[tuple[Partner, Document]],
        problems: list[Problem],
    ) -> None:
        self.root = root
        self.settings = settings
        # Where the settings' options are written in mkdocs.yml.
        self.options = options
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
        self._local_image(self.options, "social_image", self.settings.social_image)
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
                    f"{did_you_mean(link.partner, partner_ids)}; add "
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
                    f"{did_you_mean(ref, programme_ids)}; use the id of an existing "
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
        elif not inside(path, docs.resolve()):
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
                # `inside` follows the link and counts a broken one or a loop as leading out.
                if path.is_symlink() and (
                    not any(inside(path, top) for top in allowed) or inside(path, git)
                ):
                    self.problems.append(
                        Problem(lexical(self.root, path), 1, 1, "", LINK_OUT_OF_REPOSITORY)
                    )
                    continue
                if not name.lower().endswith(".svg") or not path.is_file():
                    continue
                problem = check_image(path)
                if problem:
                    self.problems.append(Problem(lexical(self.root, path), 1, 1, "", problem))

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
