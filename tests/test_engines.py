"""A second engine: ProperDocs (the maintained fork of MkDocs 1.x) builds the same site.

The sample catalogue is built by MkDocs (the session's `sample_site`) and by ProperDocs, as
`make build-properdocs` runs it, in a subprocess with the same build date. Both must write the
same files with the same bytes, except for what names the engine: the generator meta tag.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import BuiltSite, build_in_subprocess, pagefind_in_any_order, site_files

GENERATOR = re.compile(rb'<meta name="generator" content="([^"]*)">')


def test_properdocs_builds_the_same_site_page_for_page(
    sample_site: BuiltSite, tmp_path: Path
) -> None:
    properdocs = pagefind_in_any_order(build_in_subprocess("properdocs", tmp_path / "properdocs"))
    mkdocs = pagefind_in_any_order(site_files(sample_site.root))
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
