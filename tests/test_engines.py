"""A second engine: ProperDocs (the maintained fork of MkDocs 1.x) builds the same site.

The sample catalogue is built by MkDocs (the session's `sample_site`) and by ProperDocs, as
`make build-properdocs` runs it, in a subprocess with the same build date. Both must write the
same files with the same bytes, except for what names the engine: the generator meta tag.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import BUILD_EPOCH, REPO, BuiltSite

PROPERDOCS = str(Path(sys.executable).with_name("properdocs"))
GENERATOR = re.compile(rb'<meta name="generator" content="([^"]*)">')


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_properdocs_builds_the_same_site_page_for_page(
    sample_site: BuiltSite, tmp_path: Path
) -> None:
    site_dir = tmp_path / "properdocs"
    env = {**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [PROPERDOCS, "build", "--strict", "-f", "mkdocs.yml", "-d", str(site_dir)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr

    mkdocs, properdocs = files(sample_site.root), files(site_dir)
    assert sorted(properdocs) == sorted(mkdocs)
    generators: set[tuple[bytes, bytes]] = set()
    for name, ours in mkdocs.items():
        theirs = properdocs[name]
        if ours == theirs:
            continue
        assert name.endswith(".html"), f"{name} differs"
        (mine,), (other,) = GENERATOR.findall(ours), GENERATOR.findall(theirs)
        generators.add((mine, other))
        assert GENERATOR.sub(b"", ours) == GENERATOR.sub(b"", theirs), f"{name} differs"
    # The only difference: each engine names itself. Material adds its own name to both.
    assert generators == {
        (b"mkdocs-1.6.1, mkdocs-material", b"mkdocs-ProperDocs 1.6.7, mkdocs-material")
    }
