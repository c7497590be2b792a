"""MkDocs hook: Material's search index, made beside the build.

Material's search plugin reads every page as it is built and writes
search/search_index.json at the end. This hook hands that work to the second
process that runs the checks (esca.checker): each page goes across as
Material's plugin would read it, Material's own indexer reads it there, and
the finished file comes back for Material to write. On the way it gains:

- the glossary forms each term's page should be found by (field
  ``glossary``, boosted in mkdocs.yml, never shown in results;
  esca.search.entries);
- each page's entry as results show it, with a preview and the kind of page
  (esca.search.index.present);
- the lunr index, built once here instead of in every reader's browser
  (esca.search.index.prebuild, first in the file's config as ``index``), with
  readers' words for the site's words (data/search-vocabulary.yml, read and
  checked by the site model, esca.search.vocab) indexed where the site's words
  are.

Under ``mkdocs serve --dirty`` Material keeps its own index in the build,
and the browser indexes it itself.

Each page also tells the theme where the empty search results send the
reader (``esca_search_help``: esca.search.entries.empty_state_links; the
sentence is in overrides/partials/search.html).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

from esca import checker
from esca.core.findings import Finding, count, line_of, stop
from esca.search import index as searchindex
from esca.search import entries as esca_search

log = get_plugin_logger(__name__)


@event_priority(50)  # after hooks/site_model.py has started the checks; before pages are read
def on_files(files, config):
    plugin = config.plugins.get("material/search")
    if plugin is None or not plugin.config.enabled or getattr(plugin, "is_dirty", False):
        return files
    index = getattr(plugin, "search_index", None)
    for needed in ("entries", "add_entry_from_context", "generate_search_index"):
        if not hasattr(index, needed):
            raise PluginError(str(Finding("hooks/search.py", None, "material/search",
                                          f"this version of Material's search index has no {needed}",
                                          "install the pinned versions (make build), or update hooks/search.py")))
    options = {key: _plain(index.config[key]) for key in ("lang", "separator", "pipeline", "fields")}
    problem = searchindex.pipeline_problem(options)
    if problem:
        text = Path(config.config_file_path).read_text(encoding="utf-8")
        raise PluginError(str(Finding(Path(config.config_file_path).name, line_of(text, ["pipeline:"]),
                                      "plugins.search.pipeline", problem, "remove pipeline: from the search plugin")))
    config.esca_checker.search_start(checker.SearchSetup((type(index).__module__, type(index).__qualname__), options,
                                                         with_mentions="mentions" in options["fields"]))
    plugin.search_index = _IndexBeside(config.esca_checker)
    return files


def on_page_context(context, page, config, nav):
    # The titles the empty search results link to, read once per build (all
    # pages are read before any is written; per page, reading the whole nav
    # would be quadratic in pages).
    cached = getattr(config, "esca_search_titles", None)
    if cached is None or cached[0] is not nav:
        cached = (nav, {found.file.src_uri: str(found.title) for found in nav.pages
                        if found.file.src_uri in esca_search.EMPTY_STATE_PAGES and found.title})
        config.esca_search_titles = cached
    titles = cached[1]
    context["esca_search_help"] = esca_search.empty_state_links(page.file.src_uri, titles,
                                                                page.file.use_directory_urls)
    return context


class _IndexBeside:
    """Stands in for Material's SearchIndex: pages go to the second process,
    and the file Material writes comes back from it."""

    def __init__(self, checks: checker.Checker):
        self.checks = checks
        self.entries: list = []  # none kept here: the entries are made beside the build

    def add_entry_from_context(self, page) -> None:
        self.checks.search_page(checker.SearchPage(page.url, str(page.title), dict(page.meta), page.content,
                                                   list(page.toc), page.file.src_uri))

    def generate_search_index(self, prev) -> str:
        try:
            data, added, total = self.checks.search_json()
        except checker.CheckerError as error:
            raise PluginError(stop(error, log.warning)) from None
        log.info(f"added glossary terms to {added} of {count(total, 'search entry', 'search entries')}")
        return data


def _plain(value):
    """A config value as plain lists and dicts, to cross to the second process."""
    if isinstance(value, dict) or hasattr(value, "items"):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value
