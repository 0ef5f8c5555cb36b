"""The committed JSON Schemas match the models, and every YAML file in the repo points at one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = REPO / "schemas"
HEADER = "# yaml-language-server: $schema="
# The bad-files corpus holds deliberately broken files (empty, not UTF-8, ...), and tools'
# own folders are not ours.
SKIPPED = {"bad", ".venv", "node_modules", "site", ".git"}


CATALOGUE = {"programmes", "partners"}
TOOL_SCHEMAS = {
    "https://squidfunk.github.io/mkdocs-material/schema.json",
    "https://json.schemastore.org/pre-commit-config.json",
    "https://json.schemastore.org/github-workflow.json",
}


def repo_yaml_files() -> list[Path]:
    """The YAML files the repository holds (tracked, or new and not ignored)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.yaml", "*.yml"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return sorted(
        REPO / name
        for name in listed
        if SKIPPED.isdisjoint(Path(name).parts) and (REPO / name).is_file()
    )


def test_committed_schemas_are_current(tmp_path: Path) -> None:
    subprocess.run(
        [str(Path(sys.executable).with_name("microcred")), "schema", "--out", str(tmp_path)],
        check=True,
    )
    for fresh in sorted(tmp_path.iterdir()):
        committed = SCHEMAS / fresh.name
        assert committed.is_file(), f"{committed} is missing; run `microcred schema`"
        assert committed.read_text() == fresh.read_text(), (
            f"{committed.name} is stale; run `microcred schema` and commit the result"
        )


@pytest.mark.parametrize("name", ["programme.schema.json", "partner.schema.json"])
def test_schemas_are_valid_json_schema(name: str) -> None:
    schema = json.loads((SCHEMAS / name).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"]
    assert schema["description"]
    assert all(field.get("description") for field in schema["properties"].values())


def test_repo_has_catalogue_files() -> None:
    assert len(repo_yaml_files()) >= 20


@pytest.mark.parametrize("path", repo_yaml_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_yaml_file_points_at_a_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(HEADER), f"{path} must start with `{HEADER}...`"
    reference = first.removeprefix(HEADER).strip()
    if path.relative_to(REPO).parts[0] not in CATALOGUE:
        # Tools' own files (mkdocs.yml, workflows) point at their tools' published schemas.
        assert reference in TOOL_SCHEMAS, f"{path} points at {reference}, not a known schema"
        return
    target = (path.parent / reference).resolve()
    assert target.is_file(), f"{path} points at {target}, which does not exist"
    assert target.parent == SCHEMAS


def test_sample_files_validate_against_their_schema() -> None:
    # Dates are YAML timestamps in the files; the editor sees them as text, as here.
    import yaml

    class TextDates(yaml.SafeLoader):
        pass

    TextDates.yaml_implicit_resolvers = {
        key: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    catalogue_files = [p for p in repo_yaml_files() if p.relative_to(REPO).parts[0] in CATALOGUE]
    assert catalogue_files
    for path in catalogue_files:
        header = path.read_text(encoding="utf-8").splitlines()[0]
        schema_path = (path.parent / header.removeprefix(HEADER).strip()).resolve()
        schema = json.loads(schema_path.read_text())
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=TextDates)  # noqa: S506
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
        assert errors == [], f"{os.path.relpath(path, REPO)}: {errors[0].message}"
