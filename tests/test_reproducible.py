"""Reproducible builds: the same commit and the same SOURCE_DATE_EPOCH give the same bytes.

The session's `sample_site` (built in this process) is compared with a second build by the
`mkdocs` command in another process, into another folder, with another hash seed, so that
neither the output path, nor set or dict ordering, nor the clock can leak into the site. The
one exception is not ours: Pagefind writes its filter chunks in an order of its own each run,
so those are compared as what they hold (conftest.pagefind_in_any_order).
"""

from __future__ import annotations

import gzip
import re
from datetime import UTC, datetime
from pathlib import Path

from conftest import BUILD_EPOCH, BuiltSite, build_in_subprocess, pagefind_in_any_order, site_files


def test_two_builds_are_byte_identical(sample_site: BuiltSite, tmp_path: Path) -> None:
    again = build_in_subprocess("mkdocs", tmp_path / "elsewhere" / "site", PYTHONHASHSEED="12345")
    first = site_files(sample_site.root)
    # Pagefind writes its filters in an order of its own each run; what they hold is the same.
    again, first = pagefind_in_any_order(again), pagefind_in_any_order(first)
    assert sorted(again) == sorted(first)
    assert [name for name in sorted(first) if first[name] != again[name]] == []


def test_dates_in_the_output_come_from_source_date_epoch(sample_site: BuiltSite) -> None:
    day = datetime.fromtimestamp(int(BUILD_EPOCH), tz=UTC).date().isoformat()
    sitemap = (sample_site.root / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap)) == {day}
    # The gzip header carries a modification time; MkDocs takes it from the pages' dates.
    header = (sample_site.root / "sitemap.xml.gz").read_bytes()[:10]
    assert int.from_bytes(header[4:8], "little") == int(BUILD_EPOCH)
    with gzip.open(sample_site.root / "sitemap.xml.gz", "rt", encoding="utf-8") as unzipped:
        assert unzipped.read() == sitemap
