"""The MkDocs plugin: a thin adapter that runs the catalogue stages at MkDocs' events.

Event order: `on_config` loads and checks the catalogue and the docs folder (any error fails
the build before anything is written), `on_files` adds the generated pages in memory (their
Markdown rendered through the theme's environment, with the pages' filters), `on_env` turns
autoescaping on for every template and registers the same filters, `on_page_markdown` points
"edit this page" at the YAML file, `on_page_content` sanitises what content rendered and makes
titles escaped text, `on_page_context` hands each template its data, `on_post_page` drops
characters no page may hold, `on_post_build` builds the search index (Pagefind) on the written
site, `on_serve` watches the catalogue folders.
This is the only module that imports MkDocs.
"""

from __future__ import annotations

import logging
import os
import re
from html import unescape
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote, urljoin, urlsplit

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config.base import BaseConfigOption, Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import TemplateContext

from . import addresses, catalogue, outputs, search
from .catalogue import PLUGIN_OPTIONS
from .errors import Severity
from .pages import Pages, PageSpec, register_filters, sanitise_html, strip_unprintable
from .strings import StringsError, for_site

# Messages go out exactly as `microcred check` prints them, so no prefix is added.
log = logging.getLogger("mkdocs.plugins.microcred")

TEMPLATE_FOLDER = "microcred"
# The package's theme layer: templates, partials, stylesheets, script and images. It sits after
# the site's own `custom_dir`, so a site overrides any of them by name and inherits the rest.
THEME_DIR = Path(__file__).resolve().parent / "theme"
STYLESHEET = "assets/stylesheets/microcred.css"


class _AsWritten(BaseConfigOption[Any]):
    """An option that MkDocs passes on as written, or its default when it is not set."""

    def __init__(self, default: object) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object, /) -> object:
        return self.default if value is None else value


class MicrocredConfig(Config):  # type: ignore[no-untyped-call]
    """The plugin's options in `mkdocs.yml`: flat, grouped by prefix.

    They are declared, typed and judged once, by `Settings` in models.py (named as options by
    `catalogue.PLUGIN_OPTIONS`): MkDocs only carries each value to `on_config`, where Settings
    validates them all with the messages, located in mkdocs.yml, that `microcred check` gives.
    """

    _schema = tuple((name, _AsWritten(default)) for name, default in PLUGIN_OPTIONS.items())

    def __getattr__(self, name: str) -> Any:
        # An option's value by name (`self.config.social_image`), as MkDocs' own options give it.
        if name in PLUGIN_OPTIONS:
            return self[name]
        raise AttributeError(name)


class MicrocredPlugin(BasePlugin[MicrocredConfig]):  # type: ignore[no-untyped-call]
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.catalogue: catalogue.Catalogue | None = None
        self.specs: dict[str, PageSpec] = {}
        self.home: dict[str, Any] = {}
        # What the search index reads, gathered page by page as the build writes them.
        self.search_inputs: search.Inputs | None = None

    # Before other plugins' on_config: a catalogue or language problem stops the build before
    # they do any work, and one that reads the site language's string table as it starts (as
    # Material's own search does, should a site add it back) finds Irish in the package's theme.
    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # `mkdocs serve` reuses the plugin between builds: start from nothing each time.
        self.catalogue = None
        self.specs = {}
        self.home = {}
        _trust_site_html(config)
        _add_theme(config)
        try:  # before the catalogue: a language without strings fails the build at once
            for_site(config.theme["language"])
        except StringsError as exc:
            raise PluginError(str(exc)) from None
        config_file = Path(config.config_file_path)
        root = config_file.resolve().parent
        # Where each option is written, so that a problem with one points at its line.
        written = catalogue.options_document(config_file, config_file.name)
        settings, problems = catalogue.settings_from_options(
            dict(self.config), config_file=config_file.name, document=written
        )
        if settings is not None:
            settings = settings.model_copy(
                # relpath, not relative_to: docs/ may be a link to a folder elsewhere.
                update={"docs_dir": Path(os.path.relpath(config.docs_dir, root)).as_posix()}
            )
            built, found = catalogue.build(root, settings, today=catalogue.today_from_environment())
            # The models refuse such numbers; should one get past them, it stops the build here
            # with a message rather than as a traceback from the page or JSON that meets it.
            unpublishable = outputs.unpublishable_numbers(built) if built is not None else []
            problems += found + unpublishable
            self.catalogue = None if unpublishable else built
        for problem in problems:
            if problem.severity is Severity.ERROR:
                log.error(problem.format_text())
            else:
                log.warning(problem.format_text())
        if self.catalogue is None:
            errors = sum(1 for p in problems if p.severity is Severity.ERROR)
            raise PluginError(
                f"the catalogue has {errors} error(s); nothing was published. "
                "Fix them and build again (`microcred check` lists them too)."
            )
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.catalogue is None:  # on_config raises first; this guards a misordered call
            raise PluginError("the catalogue was not loaded before the pages were generated")
        # The Markdown templates under the theme's `microcred/` folder are sources, not assets.
        for file in [f for f in files if f.src_uri.startswith(f"{TEMPLATE_FOLDER}/")]:
            files.remove(file)
        # The pages' Markdown bodies are read before MkDocs' own environment reaches on_env, so
        # they render through one made the same way: the theme's, with what on_env adds.
        env = self.on_env(config.theme.get_env(), config=config, files=files)
        pages = Pages(self.catalogue, env, language=config.theme["language"])
        specs = pages.all()
        self.home = pages.home_context()
        for spec in specs:
            if spec.redirect_to is not None:
                dest = File(spec.src_uri, None, config.site_dir, config.use_directory_urls)
                target = File(spec.redirect_to, None, config.site_dir, config.use_directory_urls)
                html = env.get_template(spec.template).render(
                    config=config,
                    url=get_relative_url(target.url, dest.url),
                    canonical_url=_absolute(config, target.url),
                    **spec.context,
                )
                self._add_html_file(files, config, dest.dest_uri, strip_unprintable(html))
                continue
            inclusion = InclusionLevel.UNDEFINED if spec.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, spec.src_uri, content=spec.markdown,
                                        inclusion=inclusion))  # fmt: skip
            self.specs[spec.src_uri] = spec
        files.append(File.generated(config, addresses.src("finder"), content=pages.finder_data()))
        api = outputs.catalogue_api(self.catalogue, config.site_url or "/")
        files.append(File.generated(config, addresses.src("api"), content=outputs.dumps(api)))
        self._add_publishing_files(self.catalogue, files, env, config)
        return files

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # Every template escapes what it prints, Material's own included: page titles, nav and
        # TOC entries, meta tags and links carry catalogue text, and one raw print of it is
        # enough to run script. What really is HTML reaches templates as Markup (see
        # `_trust_site_html`, `on_page_content` and `on_page_context`). Material's string tables
        # (partials/language.html, partials/languages/*) stay raw so that their words are plain
        # strings, escaped where they are printed and written into JSON as they are.
        env.autoescape = _escapes
        # NaN or Infinity is not JSON: a template's `tojson` refuses it rather than write it.
        env.policies["json.dumps_kwargs"] = {"sort_keys": True, "allow_nan": False}
        if self.catalogue is not None:
            register_filters(env, self.catalogue, config.theme["language"])
        # `{{ 'qr' | address(id=x) | url }}`: templates link to the site's pages and files
        # through its one table of addresses, as Python does.
        env.filters["address"] = addresses.url
        return env

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        spec = self.specs.get(page.file.src_uri)
        if spec is not None:
            page.edit_url = _edit_url(config, spec.source)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Before any template or the search index reads them: titles and TOC entries become
        # escaped text, so every place that prints them as HTML shows text, not markup.
        _escape_titles(page)
        if page.file.src_uri in self.specs:
            return sanitise_html(html)
        return html

    # Last, after every other plugin: one that reads page.content as a plain string (as
    # Material's own search does, should a site add it back) has it before it becomes Markup.
    @event_priority(-100)
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        # The body is HTML rendered from the site's Markdown (catalogue pages sanitised), the
        # one page value that templates print as markup.
        if page.content is not None:
            page.content = Markup(page.content)  # noqa: S704 - from Markdown; sanitised if ours
        spec = self.specs.get(page.file.src_uri)
        if self.catalogue is not None:
            publishing = self._publishing(self.catalogue, spec, config)
            context = cast(TemplateContext, {**context, "publishing": publishing})
        ours = spec.context if spec is not None else self.home if page.is_homepage else None
        if ours is None:
            return context
        # TemplateContext lists MkDocs' own keys only; the template variables are ours.
        extended: dict[str, Any] = {**context, **ours}
        return cast(TemplateContext, extended)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self._close_search_inputs()
        self.search_inputs = search.Inputs()

    def _mend_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        # A control character or a lone surrogate in catalogue text would make the page
        # ill-formed (or unwritable as UTF-8); the models refuse them, this drops any left.
        return strip_unprintable(_valid_material_markup(output))

    # Last, after every other plugin: the page as MkDocs writes it is the page Pagefind reads.
    @event_priority(-100)
    def _gather_for_search(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.search_inputs is not None:
            self.search_inputs.add(page.file.dest_path, output)
        return output

    on_post_page = CombinedEvent(_mend_page, _gather_for_search)

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        # Pages drawn from a template alone (404.html) carry the same Material markup.
        return _valid_material_markup(output_content)

    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # Last, after every other plugin, on the finished site: Pagefind reads the HTML as
        # written. A site without its search index is not published: the build fails.
        where = Path(config.config_file_path).name
        inputs = self.search_inputs or search.Inputs()
        try:
            indexed = inputs.index(Path(config.site_dir), where=where)
        finally:
            inputs.close()
            self.search_inputs = None
        if isinstance(indexed, search.Indexed):
            log.debug("search index built in %.2f s", indexed.seconds)
            return
        log.error(indexed.format_text())
        raise PluginError("the search index could not be built; nothing was published.")

    def on_build_error(self, *, error: Exception) -> None:
        self._close_search_inputs()

    def on_shutdown(self) -> None:
        self._close_search_inputs()

    def _close_search_inputs(self) -> None:
        if self.search_inputs is not None:
            self.search_inputs.close()
            self.search_inputs = None

    def _add_publishing_files(
        self, built: catalogue.Catalogue, files: Files, env: Environment, config: MkDocsConfig
    ) -> None:
        """Feeds, badges, CSV, schema and QR codes, and the embed card of each programme."""
        site_url = config.site_url or "/"
        generated = outputs.site_files(
            built, site_url, self.config.social_image, language=config.theme["language"]
        )
        for path, content in generated.items():
            files.append(File.generated(config, path, content=content))
        embed = env.get_template("embed.html")
        for spec in self.specs.values():
            view = spec.context.get("programme")
            if view is None:
                continue
            html = embed.render(
                config=config,
                programme=view,
                links=outputs.embed_links(built, view.id, site_url),
                institution=built.settings.institution.name,
            )
            path = addresses.src("embed", id=view.id)
            self._add_html_file(files, config, path, strip_unprintable(html))

    def _add_html_file(self, files: Files, config: MkDocsConfig, path: str, html: str) -> None:
        """A page of the package's own, written as it is (not through a theme template)."""
        files.append(File.generated(config, path, content=html))
        # The search index is told of it here, so that it need not read it back from the site.
        if self.search_inputs is not None:
            self.search_inputs.add(path, html)

    def _publishing(
        self, built: catalogue.Catalogue, spec: PageSpec | None, config: MkDocsConfig
    ) -> dict[str, Any]:
        """The `publishing` template variable: head tags, structured data, share links."""
        view = spec.context.get("programme") if spec is not None else None
        listing = spec is not None and spec.template == "programmes.html"
        listed = spec.context.get("programmes") if spec is not None and listing else None
        page = spec.context.get("listing") if spec is not None and listing else None
        return outputs.page_context(
            built,
            config.site_url or "/",
            self.config.social_image,
            programme_id=view.id if view is not None else None,
            listing=[programme.id for programme in listed] if listed is not None else None,
            listing_first=page.first if page is not None else 1,
            language=config.theme["language"],
        )

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        root = Path(config.config_file_path).resolve().parent
        for folder in (self.config.programmes_dir, self.config.partners_dir):
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        return server


# Material marks its checkbox toggles autocomplete="off" (so that a browser does not restore an
# open drawer on going back), but HTML allows the attribute on text-like inputs only.
_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle" [^<>]*?) autocomplete="off"')
# Its table of contents titles itself with a label for the `__toc` toggle, which it writes only
# on pages in the navigation: elsewhere the label would name a control that is not there.
_TOC_LABEL = '<label class="md-nav__title" for="__toc">'


def _valid_material_markup(html: str) -> str:
    """The page with the two kinds of invalid markup Material writes on every page mended."""
    html = _TOGGLE_AUTOCOMPLETE.sub(r"\1", html)
    if 'id="__toc"' not in html:
        html = html.replace(_TOC_LABEL, '<label class="md-nav__title">')
    return html


def _add_theme(config: MkDocsConfig) -> None:
    """Put the package's theme between the site's overrides and Material, and its stylesheet
    before the site's own (which may restyle it)."""
    dirs = config.theme.dirs
    if str(THEME_DIR) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
    if STYLESHEET not in config.extra_css:
        config.extra_css.insert(0, STYLESHEET)


def _trust_site_html(config: MkDocsConfig) -> None:
    """Mark the settings that Material documents as HTML, written by the site's maintainers."""
    if config.copyright:
        config.copyright = Markup(config.copyright)  # noqa: S704 - the site's own setting
    consent = config.extra.get("consent")
    if isinstance(consent, dict) and isinstance(consent.get("description"), str):
        consent["description"] = Markup(consent["description"])  # noqa: S704 - as above


def _escape_titles(page: Page) -> None:
    """The page's title and TOC entries as escaped text (Markup), whatever they came from.

    A title from front matter, the nav or the file name is plain text. One that MkDocs took from
    the first heading, like every TOC entry, is rendered HTML with its tags stripped and its
    entities kept: decoded first, so that escaping it again does not show `&amp;`.
    """
    title = page.title
    if title is not None:
        rendered = title is getattr(page, "_title_from_render", None)
        page.title = _text_html(unescape(title) if rendered else title)
    if isinstance(page.meta.get("title"), str):
        # Templates print this one (Material's social and title meta) as HTML.
        page.meta["title"] = _text_html(page.meta["title"])
    links = list(page.toc)
    while links:
        link = links.pop()
        link.title = _text_html(unescape(link.title))
        links.extend(link.children)


def _text_html(text: str) -> Markup:
    """Plain text as HTML, for text and double-quoted attributes (the only places titles go).

    The apostrophe stays as it is, as in the headings MkDocs renders: it is harmless in text and
    in double-quoted attributes, and a reader of the raw value (a plugin's index, a feed) that
    does not decode `&#39;` still finds "O'Shea" as written.
    """
    if isinstance(text, Markup):  # escaped already, earlier in this build
        return text
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Markup(escaped.replace('"', "&#34;"))  # noqa: S704 - every special character escaped


def _escapes(name: str | None) -> bool:
    """Whether a template is rendered with autoescaping: all but Material's string tables."""
    return name is None or not name.startswith("partials/language")


def _absolute(config: MkDocsConfig, url: str) -> str:
    base = config.site_url or "/"
    return base.rstrip("/") + "/" + url.lstrip("/")


def _edit_url(config: MkDocsConfig, source: str | None) -> str | None:
    """The edit link of a catalogue file, from `repo_url` and `edit_uri`; None unless https.

    `edit_uri` points at the docs folder (`edit/main/docs/`); catalogue files sit beside it, so
    the docs folder's name is taken off its end. The file's path is percent-encoded: a file or
    folder name (a quote, a `#`, a `?`, a space) cannot change where the link goes, and a path
    that is not a plain relative one (`..`, an empty segment) gets no link.
    """
    if source is None or not config.repo_url or not config.edit_uri:
        return None
    segments = source.split("/")
    if any(segment in {"", ".", ".."} for segment in segments):
        return None
    edit_uri = config.edit_uri.rstrip("/") + "/"
    docs = Path(config.docs_dir).name + "/"
    if edit_uri.endswith("/" + docs) or edit_uri == docs:
        edit_uri = edit_uri[: -len(docs)]
    base = urljoin(config.repo_url.rstrip("/") + "/", edit_uri)
    url = base + "/".join(quote(segment, safe="") for segment in segments)
    parts = urlsplit(url)
    return url if parts.scheme == "https" and parts.hostname else None
