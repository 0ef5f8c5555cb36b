"""A new programme file from the commented template, under an id that was never used.

Ids are permanent URLs, so a new programme may not take an id that exists, that another
programme keeps as an old id (`previous_ids`), or that a removed programme had: old links to
it may still be out there in campaigns and search engines.
"""

from __future__ import annotations

import os
import re
import subprocess
from importlib import resources
from pathlib import Path

import jinja2

from .catalogue import catalogue_files
from .load import load
from .models import SLUG_PATTERN, Settings

TEMPLATE = "programme.yaml.j2"
SCHEMA_FILE = Path("schemas") / "programme.schema.json"
MAX_ID_LENGTH = 80
_SLUG = re.compile(SLUG_PATTERN)


class ScaffoldError(Exception):
    """The file cannot be written; the message says why and what to do instead."""


def new_programme(
    root: Path, settings: Settings, programme_id: str, *, subject_folder: str | None = None
) -> Path:
    """Write `programmes/[FOLDER/]<id>.yaml` from the template; return its path."""
    _check_slug(programme_id, "id", example="data-analytics-python")
    folder = root / settings.programmes_dir
    if subject_folder:
        for part in subject_folder.strip("/").split("/"):
            _check_slug(part, "subject folder", example="computing")
        folder = folder / subject_folder.strip("/")
    reason = used_ids(root, settings).get(programme_id)
    if reason:
        raise ScaffoldError(f"the id `{programme_id}` {reason}; ids are permanent, choose another")
    target = folder / f"{programme_id}.yaml"
    folder.mkdir(parents=True, exist_ok=True)
    schema = Path(os.path.relpath(root / SCHEMA_FILE, folder)).as_posix()
    with target.open("x", encoding="utf-8") as out:
        out.write(template_text(programme_id, schema))
    return target


def template_text(programme_id: str, schema: str) -> str:
    source = resources.files("microcred").joinpath("templates", TEMPLATE).read_text("utf-8")
    # The output is YAML, not HTML, and its only values are a slug and a relative path.
    environment = jinja2.Environment(  # noqa: S701
        keep_trailing_newline=True, undefined=jinja2.StrictUndefined
    )
    return environment.from_string(source).render(programme_id=programme_id, schema=schema)


def used_ids(root: Path, settings: Settings) -> dict[str, str]:
    """Every id a new programme may not take, with the reason in words."""
    used: dict[str, str] = dict.fromkeys(
        removed_ids(root, settings), "belonged to a programme that was removed"
    )
    for path in catalogue_files(root, settings.programmes_dir):
        display = path.relative_to(root).as_posix()
        used[path.stem] = f"is taken by {display}"
        document, _ = load(path, display)
        if document is None:
            continue
        data = document.data
        if isinstance(data.get("id"), str):
            used[data["id"]] = f"is taken by {display}"
        previous = data.get("previous_ids")
        for old in previous if isinstance(previous, list) else []:
            if isinstance(old, str):
                used.setdefault(old, f"is an old id of the programme in {display}")
    return used


def removed_ids(root: Path, settings: Settings) -> set[str]:
    """Ids of programme files deleted anywhere in the git history (empty outside git)."""
    try:
        log = subprocess.run(
            [
                "git",
                "log",
                "--all",
                "--no-renames",
                "--diff-filter=D",
                "--name-only",
                "--format=",
                "--",
                settings.programmes_dir,
            ],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:
        # Without git there is no history to consult; the files on disk are still checked.
        return set()
    if log.returncode != 0:  # not a git repository: nothing was ever removed from one
        return set()
    return {Path(line).stem for line in log.stdout.splitlines() if line.endswith(".yaml")}


def _check_slug(value: str, what: str, *, example: str) -> None:
    if not _SLUG.fullmatch(value) or len(value) > MAX_ID_LENGTH:
        raise ScaffoldError(
            f"`{value}` is not a valid {what}: use lower-case letters, digits and single "
            f"hyphens, at most {MAX_ID_LENGTH} characters, e.g. {example}"
        )
