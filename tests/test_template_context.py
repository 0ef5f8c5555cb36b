"""Each template's header comment names its variables; check that against what pages get.

Datasette's idea: documentation of a template's context that nothing checks goes stale.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader, meta
from markupsafe import Markup

from conftest import REPO
from microcred.catalogue import Catalogue
from microcred.pages import Pages, register_filters

# The package's theme, and the sample site's own overrides (its home page).
THEME = REPO / "plugins" / "microcred" / "theme"
SITE = REPO / "theme_overrides"
TEMPLATES = sorted(
    p for d in (THEME, SITE) for p in d.rglob("*") if p.is_file() and p.suffix in {".html", ".j2"}
)
# What MkDocs and Material give every template, documented once in main.html.
ENGINE = {
    "page", "config", "nav", "base_url", "mkdocs_version", "build_date_utc", "extra_css",
    "extra_javascript", "pages", "lang", "features",
}  # fmt: skip
# The variables the plugin adds to a redirect when it renders one (it knows the URLs).
REDIRECT_EXTRAS = {"url", "canonical_url", "config"}
# A documented variable is an indented name followed by two spaces (a column) in the comment.
_COLUMN = re.compile(r"^\s+([a-z_]+)\s{2,}\S", re.MULTILINE)


def header(path: Path) -> str:
    source = path.read_text(encoding="utf-8")
    match = re.match(r"\{#-?(.*?)-?#\}", source, re.DOTALL)
    assert match, f"{path.relative_to(REPO)} must start with a {{# ... #}} comment"
    return match.group(1)


# The filters the site engine (url, address) and pages.register_filters provide.
FILTERS = (
    "url", "address", "md", "label", "t", "percent", "plurals", "date", "iso", "number", "fee",
    "free", "level", "quality_assurance", "next_intake", "upcoming", "partner_roles", "source",
    "relative", "language", "awarding_body", "web", "image", "published_count", "programme_count",
)  # fmt: skip


def parse(path: Path) -> set[str]:
    env = Environment(autoescape=True)
    # Parsing needs only the filters' names.
    env.filters.update(dict.fromkeys(FILTERS, str))
    return meta.find_undeclared_variables(env.parse(path.read_text(encoding="utf-8")))


def documented(path: Path) -> set[str]:
    return set(_COLUMN.findall(header(path).partition("Variables:")[2]))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_template_starts_with_a_comment_naming_its_variables(path: Path) -> None:
    assert "Variables" in header(path)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(REPO)))
def test_templates_use_only_documented_variables(path: Path) -> None:
    missing = parse(path) - documented(path) - ENGINE
    assert not missing, f"{path.relative_to(REPO)} uses undocumented variables {missing}"


def test_pages_get_exactly_the_documented_context(sample_catalogue: Catalogue) -> None:
    env = Environment(loader=FileSystemLoader([THEME]), autoescape=True)
    register_filters(env, sample_catalogue, "en")
    pages = Pages(sample_catalogue, env)
    seen: set[str] = set()
    for spec in pages.all():
        seen.add(spec.template)
        expected = documented(THEME / spec.template) - ENGINE
        given = set(spec.context)
        if spec.redirect_to is not None:
            given |= REDIRECT_EXTRAS
        assert given == expected | (given & ENGINE), spec.template
    assert seen == {
        "programme.html", "programmes.html", "partner.html", "partners.html", "subject.html",
        "subjects.html", "redirect.html",
    }  # fmt: skip
    assert set(pages.home_context()) == documented(THEME / "home.html") - ENGINE


def test_one_t_filter_writes_html_or_plain_text_as_the_template_escapes(
    sample_catalogue: Catalogue,
) -> None:
    # The HTML templates and the Markdown bodies share one environment and one `t`.
    env = Environment(autoescape=True)
    register_filters(env, sample_catalogue, "en")
    source = "{{ 'facts.apply-by' | t(date=value) }}"
    html = env.from_string(source).render(value="<b>&")
    markup = env.from_string(source).render(value=Markup('<time datetime="2027-01-11">x</time>'))
    text = env.overlay(autoescape=False).from_string(source).render(value="<b>&")
    assert "&lt;b&gt;&amp;" in html and "<b>" not in html
    assert '<time datetime="2027-01-11">x</time>' in markup
    assert "<b>&" in text and "&lt;" not in text


def test_the_filter_list_is_what_register_filters_provides(sample_catalogue: Catalogue) -> None:
    env = Environment(autoescape=True)
    builtin = set(env.filters)
    register_filters(env, sample_catalogue, "en")
    assert set(env.filters) - builtin == set(FILTERS) - {"url", "address"}
