"""What a change does to the catalogue, in plain words, for reviewers who do not read YAML.

The catalogue at a git revision (the base of a pull request, say) is compared with the working
tree: programmes added, removed, renamed, published or archived; every field changed, written as
"old -> new"; partners added, removed or changed; and the problems that `microcred check` would
newly report. Files are compared as written, so a file that does not pass the checks yet still
shows what it changes; the problems section says what is wrong with it.

The base is read with git itself (`git archive` of the content folders into a temporary
folder), so the comparison uses the same loader and rules as the build.
"""

from __future__ import annotations

import difflib
import io
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from .catalogue import build, catalogue_files
from .errors import Problem, Severity, sort_problems
from .load import load
from .models import Partner, Programme, Settings

Format = Literal["markdown", "text"]

# Field names as a reviewer would say them; the others are derived from the name.
_LABELS = {
    "ects": "ECTS credits",
    "apply_url": "Application link",
    "previous_ids": "Old ids (redirects)",
    "employer_partners": "Employer partners",
    "stacks_into": "Stacks into",
    "workload_hours": "Workload (hours)",
    "duration_weeks": "Duration (weeks)",
    "eqf": "EQF level",
    "nqf": "national level",
}
_STATUS_WORDS = {
    "draft": "a draft (not on the site)",
    "published": "published",
    "archived": "archived (online, marked no longer offered)",
}
_SHORT_TEXT = 300


class RevisionError(Exception):
    """The base revision cannot be read: not a git repository, or no such revision."""


@dataclass(frozen=True)
class Snapshot:
    """One side of the comparison: each file's data as written, and the catalogue's problems."""

    programmes: Mapping[str, dict[str, Any]]
    partners: Mapping[str, dict[str, Any]]
    problems: tuple[Problem, ...]
    unreadable: frozenset[str] = frozenset()


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str | None = None
    after: str | None = None
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    replaced: tuple[tuple[str, str], ...] = ()
    text_diff: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    """One programme or partner that changed, named as a reviewer would see it."""

    id: str
    title: str
    note: str = ""
    changes: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class Summary:
    base: str
    added: tuple[Entry, ...] = ()
    removed: tuple[Entry, ...] = ()
    renamed: tuple[Entry, ...] = ()
    status: tuple[Entry, ...] = ()
    changed: tuple[Entry, ...] = ()
    partners_added: tuple[Entry, ...] = ()
    partners_removed: tuple[Entry, ...] = ()
    partners_changed: tuple[Entry, ...] = ()
    new_problems: tuple[Problem, ...] = ()
    fixed_problems: int = 0

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.added,
                self.removed,
                self.renamed,
                self.status,
                self.changed,
                self.partners_added,
                self.partners_removed,
                self.partners_changed,
                self.new_problems,
                self.fixed_problems,
            )
        )


def summarise(root: Path, base: str, settings: Settings, *, today: date) -> Summary:
    """Compare the catalogue at git revision `base` with the working tree under `root`.

    Raises RevisionError when `root` is not in a git repository or `base` names no commit.
    """
    commit = resolve_revision(root, base)
    with tempfile.TemporaryDirectory(prefix="microcred-base-") as folder:
        extract_revision(root, commit, Path(folder), settings)
        before = snapshot(Path(folder), settings, today=today)
    after = snapshot(root, settings, today=today)
    # A commit id (as `git merge-base` prints it) is shown short, as git shows it.
    label = commit[:12] if base == commit else base
    return compare(before, after, base=label, settings=settings)


def resolve_revision(root: Path, revision: str) -> str:
    """The full commit id that `revision` names in the repository holding `root`."""
    if not revision.strip():
        raise RevisionError("no base revision given; name a branch, tag or commit")
    if _git(root, "rev-parse", "--git-dir").returncode != 0:
        raise RevisionError(
            "this folder is not in a git repository, so there is no earlier version to "
            "compare with; run the command in a clone of the catalogue's repository"
        )
    found = _git(
        root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"
    )
    if found.returncode != 0:
        raise RevisionError(
            f"`{revision}` is not a commit in this repository; name a branch, tag or commit "
            "(fetch it first if it lives on the remote, e.g. `git fetch origin main`)"
        )
    return found.stdout.strip()


def extract_revision(root: Path, commit: str, dest: Path, settings: Settings) -> None:
    """Write the content folders as they were at `commit` into `dest`."""
    prefix = _git_output(root, "rev-parse", "--show-prefix").strip()
    top = Path(_git_output(root, "rev-parse", "--show-toplevel").strip())
    tree = f"{commit}:{prefix}"
    wanted = (settings.programmes_dir, settings.partners_dir, settings.docs_dir)
    present = _git_output(top, "ls-tree", "--name-only", "-z", tree, "--", *wanted)
    folders = [name for name in present.split("\0") if name]
    if not folders:
        return
    archive = subprocess.run(
        ["git", "archive", "--format=tar", tree, "--", *folders],
        cwd=top,
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        raise RevisionError(archive.stderr.decode(errors="replace").strip())
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(dest, filter="data")


def snapshot(root: Path, settings: Settings, *, today: date) -> Snapshot:
    """Every programme and partner file under `root` as written, and the problems found."""
    _, problems = build(root, settings, today=today)
    programmes, unreadable = _documents(root, settings.programmes_dir)
    partners, unreadable_partners = _documents(root, settings.partners_dir)
    return Snapshot(
        programmes=programmes,
        partners=partners,
        problems=tuple(problems),
        unreadable=frozenset(unreadable | unreadable_partners),
    )


def compare(before: Snapshot, after: Snapshot, *, base: str, settings: Settings) -> Summary:
    """What changed from `before` to `after`, grouped the way a reviewer reads it."""
    describe = _Describer(settings)
    renames = {
        old: new
        for new, data in after.programmes.items()
        if new not in before.programmes
        for old in _strings(data.get("previous_ids"))
        if old in before.programmes and old not in after.programmes
    }
    added, removed, renamed, status, changed = [], [], [], [], []
    for pid in sorted(set(after.programmes) - set(before.programmes) - set(renames.values())):
        data = after.programmes[pid]
        note = f"added as {_STATUS_WORDS.get(str(data.get('status')), 'a programme')}"
        added.append(Entry(pid, _title(data, pid), note))
    for pid in sorted(set(before.programmes) & after.unreadable):
        # A file broken by the change is not a removal: its problems say what to fix.
        note = "the file cannot be read any more; see New problems below"
        changed.append(Entry(pid, _title(before.programmes[pid], pid), note))
    gone = set(before.programmes) - set(after.programmes) - set(renames) - after.unreadable
    for pid in sorted(gone):
        data = before.programmes[pid]
        note = (
            "removed: its page and every link to it will stop working; archive it instead "
            "(status: archived) to keep the page online"
            if data.get("status") != "draft"
            else "removed (it was a draft, never on the site)"
        )
        removed.append(Entry(pid, _title(data, pid), note))
    pairs = [(pid, pid) for pid in sorted(set(before.programmes) & set(after.programmes))]
    for old, new in sorted(renames.items()):
        renamed.append(
            Entry(
                new,
                _title(after.programmes[new], new),
                f"renamed from `{old}`; links to the old page redirect here",
            )
        )
        pairs.append((old, new))
    for old, new in pairs:
        was, now = before.programmes[old], after.programmes[new]
        if was.get("status") != now.get("status"):
            status.append(Entry(new, _title(now, new), _status_change(was, now)))
        changes = describe.fields(was, now, Programme, skip={"status", "id"})
        if changes:
            changed.append(Entry(new, _title(now, new), changes=changes))
    partners = _compare_partners(before, after, describe)
    old_keys = {_problem_key(p) for p in before.problems}
    new_keys = {_problem_key(p) for p in after.problems}
    return Summary(
        base=base,
        added=tuple(added),
        removed=tuple(removed),
        renamed=tuple(renamed),
        status=tuple(status),
        changed=tuple(sorted(changed, key=lambda e: e.id)),
        partners_added=partners[0],
        partners_removed=partners[1],
        partners_changed=partners[2],
        new_problems=tuple(
            sort_problems(p for p in after.problems if _problem_key(p) not in old_keys)
        ),
        fixed_problems=len(old_keys - new_keys),
    )


def format_summary(summary: Summary, fmt: Format = "markdown") -> str:
    """The summary as Markdown (a GitHub job summary) or as plain text (a terminal)."""
    out = _Writer(markdown=fmt == "markdown")
    out.heading(1, f"Catalogue changes since {summary.base}")
    if summary.empty:
        out.paragraph(
            "No change to the catalogue: no programme or partner is added, removed or edited."
        )
        return out.text()
    out.paragraph(_headline(summary))
    sections: list[tuple[str, tuple[Entry, ...]]] = [
        ("New programmes", summary.added),
        ("Removed programmes", summary.removed),
        ("Renamed programmes", summary.renamed),
        ("Published, archived or withdrawn", summary.status),
    ]
    for title, entries in sections:
        if entries:
            out.heading(2, title)
            for entry in entries:
                out.item(f"{out.strong(entry.title)} ({out.code(entry.id)}): {entry.note}")
    if summary.changed:
        out.heading(2, "Programmes edited")
        for entry in summary.changed:
            out.heading(3, f"{entry.title} ({entry.id})")
            if entry.note:
                out.paragraph(entry.note)
            out.changes(entry.changes)
    partner_sections = [
        ("New employer partners", summary.partners_added),
        ("Removed employer partners", summary.partners_removed),
    ]
    for title, entries in partner_sections:
        if entries:
            out.heading(2, title)
            for entry in entries:
                out.item(f"{out.strong(entry.title)} ({out.code(entry.id)})")
    if summary.partners_changed:
        out.heading(2, "Employer partners edited")
        for entry in summary.partners_changed:
            out.heading(3, f"{entry.title} ({entry.id})")
            out.changes(entry.changes)
    if summary.new_problems:
        out.heading(2, "New problems")
        out.paragraph(
            "Errors stop the site from being published; warnings do not, but deserve a look."
        )
        for problem in summary.new_problems:
            out.item(out.code(problem.format_text()))
    return out.text()


def _headline(summary: Summary) -> str:
    counts = [
        (len(summary.added), "programme added", "programmes added"),
        (len(summary.removed), "programme removed", "programmes removed"),
        (len(summary.renamed), "programme renamed", "programmes renamed"),
        (len(summary.status), "change of status", "changes of status"),
        (len(summary.changed), "programme edited", "programmes edited"),
        (
            len(summary.partners_added)
            + len(summary.partners_removed)
            + len(summary.partners_changed),
            "partner added, removed or edited",
            "partners added, removed or edited",
        ),
    ]
    parts = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
    errors = sum(p.severity is Severity.ERROR for p in summary.new_problems)
    warnings = len(summary.new_problems) - errors
    if errors:
        parts.append(f"{errors} new error{'s' if errors != 1 else ''} (the site will not build)")
    if warnings:
        parts.append(f"{warnings} new warning{'s' if warnings != 1 else ''}")
    if summary.fixed_problems:
        parts.append(
            f"{summary.fixed_problems} problem{'s' if summary.fixed_problems != 1 else ''} fixed"
        )
    text = ", ".join(parts)
    return text[:1].upper() + text[1:] + "."


def _compare_partners(
    before: Snapshot, after: Snapshot, describe: _Describer
) -> tuple[tuple[Entry, ...], tuple[Entry, ...], tuple[Entry, ...]]:
    def name(data: Mapping[str, Any], pid: str) -> str:
        value = data.get("name")
        return value if isinstance(value, str) else pid

    added = tuple(
        Entry(pid, name(after.partners[pid], pid))
        for pid in sorted(set(after.partners) - set(before.partners))
    )
    removed = tuple(
        Entry(pid, name(before.partners[pid], pid))
        for pid in sorted(set(before.partners) - set(after.partners))
    )
    changed = []
    for pid in sorted(set(before.partners) & set(after.partners)):
        changes = describe.fields(before.partners[pid], after.partners[pid], Partner, skip={"id"})
        if changes:
            changed.append(Entry(pid, name(after.partners[pid], pid), changes=changes))
    return added, removed, tuple(changed)


def _status_change(was: Mapping[str, Any], now: Mapping[str, Any]) -> str:
    old, new = str(was.get("status")), str(now.get("status"))
    if new == "archived":
        return "archived: the page stays online, marked no longer offered, out of the listing"
    if new == "published":
        return "published: it gets a page and joins the listing" + (
            " again" if old == "archived" else ""
        )
    if new == "draft":
        return "back to draft: its page is taken off the site"
    return f"status changed from {old} to {new}"


class _Describer:
    """Turns field values into words: dates, fees with currency, list items."""

    def __init__(self, settings: Settings) -> None:
        self.currency = settings.defaults.currency

    def fields(
        self,
        was: Mapping[str, Any],
        now: Mapping[str, Any],
        model: type[Programme] | type[Partner],
        *,
        skip: set[str],
    ) -> tuple[FieldChange, ...]:
        order = [*model.model_fields, *sorted((set(was) | set(now)) - set(model.model_fields))]
        return tuple(
            self._field(name, was.get(name), now.get(name))
            for name in order
            if name not in skip and was.get(name) != now.get(name)
        )

    def _field(self, name: str, old: Any, new: Any) -> FieldChange:
        label = _label(name)
        if isinstance(old, list) or isinstance(new, list):
            before = [self.value(name, item) for item in _as_list(old)]
            after = [self.value(name, item) for item in _as_list(new)]
            added = tuple(item for item in after if item not in before)
            removed = tuple(item for item in before if item not in after)
            if len(before) == len(after) and len(added) == len(removed) > 0:
                # Same number of items, some edited in place: say "old -> new" for each.
                pairs = tuple((b, a) for b, a in zip(before, after, strict=True) if b != a)
                if len(pairs) == len(added):
                    return FieldChange(label, replaced=pairs)
            if added or removed:
                return FieldChange(label, added=added, removed=removed)
            return FieldChange(
                label, before="; ".join(before), after="; ".join(after) + " (new order)"
            )
        if isinstance(old, str) and isinstance(new, str) and max(len(old), len(new)) > _SHORT_TEXT:
            lines = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
            kept = tuple(
                line for line in lines if line[:1] in "+-" and line[:3] not in {"+++", "---"}
            )
            return FieldChange(label, text_diff=kept)
        return FieldChange(
            label,
            before=None if old is None else self.value(name, old),
            after=None if new is None else self.value(name, new),
        )

    def value(self, name: str, value: Any) -> str:
        """One value in words: "EUR 950", "1 March 2027", "practical-assessment (40%)"."""
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, date):
            return f"{value.day} {value:%B %Y}"
        if isinstance(value, int | float):
            return f"{value:g}"
        if isinstance(value, dict):
            return self._mapping(name, value)
        if isinstance(value, list):
            return "; ".join(self.value(name, item) for item in value)
        return str(value)

    def _mapping(self, name: str, value: Mapping[str, Any]) -> str:
        special: dict[str, Callable[[Mapping[str, Any]], str]] = {
            "fee": self._fee,
            "intakes": self._intake,
            "assessments": self._assessment,
            "employer_partners": self._link,
        }
        if name in special:
            return special[name](value)
        return ", ".join(f"{_label(k).lower()} {self.value(k, v)}" for k, v in value.items())

    def _fee(self, fee: Mapping[str, Any]) -> str:
        amount = fee.get("amount")
        if amount == 0:
            text = "free"
        elif isinstance(amount, int | float):
            text = f"{fee.get('currency') or self.currency} {amount:,.2f}".removesuffix(".00")
        else:
            text = str(amount)
        funding = fee.get("funding")
        return f"{text} (funding: {funding})" if funding else text

    def _intake(self, intake: Mapping[str, Any]) -> str:
        parts = [f"starts {self.value('start', intake.get('start'))}"]
        words = {
            "end": "ends",
            "application_deadline": "applications close",
            "location": "at",
            "places": "places:",
        }
        parts += [f"{w} {self.value(k, intake[k])}" for k, w in words.items() if k in intake]
        return ", ".join(parts)

    def _assessment(self, item: Mapping[str, Any]) -> str:
        text = str(item.get("type"))
        if "weight" in item:
            text += f" ({self.value('weight', item['weight'])}%)"
        if "description" in item:
            text += f": {item['description']}"
        return text

    def _link(self, link: Mapping[str, Any]) -> str:
        text = f"{link.get('partner')} ({link.get('role')})"
        return f"{text}: {link['note']}" if "note" in link else text


def _documents(root: Path, folder: str) -> tuple[dict[str, dict[str, Any]], set[str]]:
    """Each readable YAML file's data by id (the file name's stem when `id` is unusable),
    and the stems of the files that cannot be read as YAML at all."""
    found: dict[str, dict[str, Any]] = {}
    unreadable: set[str] = set()
    for path in catalogue_files(root, folder):
        document, _ = load(path, path.name)
        if document is None:
            unreadable.add(path.stem)
            continue
        key = document.data.get("id")
        found[key if isinstance(key, str) and key else path.stem] = document.data
    return found, unreadable


def _problem_key(problem: Problem) -> tuple[str, str, str, str]:
    # Lines move when text above them changes; a problem is the same if only its line moved.
    return (problem.file, problem.severity, problem.field, problem.message)


def _title(data: Mapping[str, Any], fallback: str) -> str:
    title = data.get("title")
    return title if isinstance(title, str) and title.strip() else fallback


def _label(name: str) -> str:
    return _LABELS.get(name, name.replace("_", " ").capitalize())


def _strings(value: Any) -> list[str]:
    return [item for item in _as_list(value) if isinstance(item, str)]


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise RevisionError("git is not installed, so the base revision cannot be read") from exc


def _git_output(root: Path, *args: str) -> str:
    result = _git(root, *args)
    if result.returncode != 0:
        raise RevisionError(result.stderr.strip() or f"git {args[0]} failed")
    return result.stdout


class _Writer:
    """Markdown or plain text from the same calls, so both formats say the same things."""

    def __init__(self, *, markdown: bool) -> None:
        self.markdown = markdown
        self.lines: list[str] = []

    def text(self) -> str:
        return "\n".join(self.lines).rstrip() + "\n"

    def heading(self, level: int, text: str) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append("")
        if self.markdown:
            self.lines += [f"{'#' * level} {_escape(text)}", ""]
        else:
            underline = {1: "=", 2: "-"}.get(level)
            self.lines += [text, underline * len(text)] if underline else [text]

    def paragraph(self, text: str) -> None:
        self.lines += [text, ""] if self.markdown else [text]

    def item(self, text: str, depth: int = 0) -> None:
        self.lines.append(f"{'  ' * depth}- {text}")

    def strong(self, text: str) -> str:
        return f"**{_escape(text)}**" if self.markdown else text

    def code(self, text: str) -> str:
        if not self.markdown:
            return text
        fence = "``" if "`" in text else "`"
        return f"{fence}{text}{fence}" if fence == "`" else f"{fence} {text} {fence}"

    def plain(self, text: str) -> str:
        return _escape(text) if self.markdown else text

    def changes(self, changes: Iterable[FieldChange]) -> None:
        for change in changes:
            label = self.strong(change.label)
            if change.text_diff:
                self.item(f"{label}: rewritten")
                self._text_diff(change.text_diff)
            elif change.replaced:
                self.item(f"{label}:")
                for before, after in change.replaced:
                    self.item(f"{self.plain(before)} → {self.plain(after)}", depth=1)
            elif change.added or change.removed:
                self.item(f"{label}:")
                for word, items in (("added", change.added), ("removed", change.removed)):
                    for entry in items:
                        self.item(f"{word}: {self.plain(entry)}", depth=1)
            elif change.before is None:
                self.item(f"{label}: set to {self.plain(change.after or '')}")
            elif change.after is None:
                self.item(f"{label}: removed (was {self.plain(change.before)})")
            else:
                self.item(f"{label}: {self.plain(change.before)} → {self.plain(change.after)}")

    def _text_diff(self, lines: tuple[str, ...]) -> None:
        if self.markdown:
            fence = "~~~~" if any("~~~" in line for line in lines) else "~~~"
            self.lines += ["", f"  {fence}diff", *(f"  {line}" for line in lines), f"  {fence}", ""]
        else:
            self.lines += [f"      {line}" for line in lines]


def _escape(text: str) -> str:
    """Text from the YAML shown literally in Markdown: no accidental emphasis, links or HTML."""
    special = "\\`*_[]<>#|"
    return "".join(f"\\{char}" if char in special else char for char in text)
