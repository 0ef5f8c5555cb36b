"""The one table of addresses: where MkDocs publishes each kind, and what the site links to."""

from __future__ import annotations

from string import Formatter
from urllib.parse import urljoin

import pytest
from mkdocs.structure.files import File

from conftest import BuiltSite
from microcred import addresses
from microcred.addresses import ADDRESSES
from microcred.catalogue import Catalogue

KINDS = sorted(ADDRESSES)


def fields(kind: str, value: str = "some-id") -> dict[str, str]:
    """A value for each field the kind's patterns name."""
    names = {name for pattern in ADDRESSES[kind] for _, name, _, _ in Formatter().parse(pattern)}
    return {name: value for name in names if name}


def published_file(url: str) -> str:
    """The file MkDocs writes for a URL relative to the site root."""
    return url + "index.html" if url.endswith("/") else url


def resolve(page_path: str, href: str) -> str:
    return urljoin("https://site.invalid/" + page_path, href).removeprefix("https://site.invalid/")


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_is_published_at_its_url(kind: str) -> None:
    # MkDocs' own mapping of a source path to its URL, with directory URLs as the site has them.
    given = fields(kind)
    file = File(addresses.src(kind, **given), None, "site", use_directory_urls=True)
    assert file.url == addresses.url(kind, **given)
    assert set(fields(kind)) == {n for _, n, _, _ in Formatter().parse(ADDRESSES[kind].url) if n}


def test_the_table_is_frozen_and_every_address_is_distinct() -> None:
    with pytest.raises(TypeError):
        ADDRESSES["programme"] = ADDRESSES["partner"]  # type: ignore[index]
    urls = [addresses.url(kind, **fields(kind)) for kind in KINDS]
    assert len(set(urls)) == len(urls)


def test_absolute_addresses_join_the_site_url() -> None:
    for site_url in ("https://example.org/catalogue", "https://example.org/catalogue/"):
        assert (
            addresses.absolute(site_url, "qr", id="x")
            == "https://example.org/catalogue/programmes/x/qr.svg"
        )
    assert (
        addresses.absolute("https://example.org/", "programmes")
        == "https://example.org/programmes/"
    )


def test_the_sample_publishes_every_address_of_the_table(
    sample_site: BuiltSite, sample_catalogue: Catalogue
) -> None:
    everything = {
        p.relative_to(sample_site.root).as_posix()
        for p in sample_site.root.rglob("*")
        if p.is_file()
    }
    for kind in KINDS:
        if not fields(kind):
            assert published_file(addresses.url(kind)) in everything, kind
    for pid in sample_catalogue.published + sample_catalogue.archived:
        # Everything under a programme's folder is an address of the table, and nothing more.
        folder = addresses.url("programme", id=pid)
        expected = {
            published_file(addresses.url(kind, id=pid))
            for kind in KINDS
            if set(fields(kind)) == {"id"} and addresses.url(kind, id=pid).startswith(folder)
        }
        assert {path for path in everything if path.startswith(folder)} == expected, pid
        badge = published_file(addresses.url("badge", id=pid))
        assert (badge in everything) == (pid in sample_catalogue.published), pid
    for pid in sample_catalogue.partners:
        assert published_file(addresses.url("partner", id=pid)) in everything
    for slug in sample_catalogue.subjects:
        assert published_file(addresses.url("subject", slug=slug)) in everything


def test_a_programme_page_links_to_the_addresses_of_the_table(
    sample_site: BuiltSite, sample_catalogue: Catalogue
) -> None:
    for pid in sample_catalogue.published:
        path = addresses.url("programme", id=pid)
        page = sample_site.html(path)
        links = {resolve(path, str(a["href"])) for a in page.select("a[href]")}
        links |= {resolve(path, str(img["src"])) for img in page.select("img[src]")}
        for kind in ("qr", "embed"):
            assert addresses.url(kind, id=pid) in links, (pid, kind)
        for kind in ("programmes", "ical"):
            assert addresses.url(kind) in links, (pid, kind)
        canonical = page.select_one('link[rel="canonical"]')
        assert canonical is not None
        assert canonical["href"] == addresses.absolute(sample_site.site_url, "programme", id=pid)


def test_the_listing_links_to_the_feeds_of_the_table(sample_site: BuiltSite) -> None:
    path = addresses.url("programmes")
    links = {resolve(path, str(a["href"])) for a in sample_site.html(path).select("a[href]")}
    for kind in ("atom", "ical", "csv"):
        assert addresses.url(kind) in links, kind
