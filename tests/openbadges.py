"""The official Open Badges 3.0 schema, from the reference folder beside the checkout."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest

REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference"


def achievement_validator() -> jsonschema.Draft201909Validator:
    """A validator for one `Achievement`; skips without the reference, fails so in CI."""
    path = REFERENCE / "ob_v3p0_achievementcredential.schema.json"
    if not path.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the Open Badges reference schema is missing: {path}")
        pytest.skip("the Open Badges reference schema is not beside this checkout")
    schema = json.loads(path.read_text(encoding="utf-8"))
    achievement = {"$ref": "#/$defs/Achievement", "$defs": schema["$defs"]}
    jsonschema.Draft201909Validator.check_schema(achievement)
    return jsonschema.Draft201909Validator(achievement)
