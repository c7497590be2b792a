"""MkDocs hook: teach Material's search the portal's jargon.

Just before Material writes search/search_index.json, add to each entry the
glossary forms it should be found by (field `glossary`, boosted in
mkdocs.yml, never shown in results). The entries are changed in Material's
own list, so the index is written once, not written, read back and written
again. The rules live in esca.search; the glossary comes from the site model.

Then, when Material writes the file, the lunr index is built here once
(esca.searchindex.prebuild, put in the file's config as ``index``) instead of
in every reader's browser, and each result shows a preview and the kind of
page (esca.searchindex.present).
"""

from __future__ import annotations

import json

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

from esca import search, searchindex, urls
from esca.findings import Finding

log = get_plugin_logger(__name__)


@event_priority(50)  # before Material's search plugin writes the index
def on_post_build(config):
    plugin = config.plugins.get("material/search")
    if plugin is None or not plugin.config.enabled:
        return
    entries = getattr(getattr(plugin, "search_index", None), "entries", None)
    if not isinstance(entries, list):
        raise PluginError(str(Finding("hooks/search.py", None, "material/search",
                                      "this version of Material no longer keeps its entries in search_index.entries",
                                      "install the pinned versions (make build), or update hooks/search.py")))
    terms = config.esca_site.terms  # read and checked by the site model
    entries[:] = search.enrich_docs(entries, terms, with_mentions="mentions" in plugin.config.fields)
    added = sum(1 for doc in entries if "glossary" in doc or "mentions" in doc)
    log.info(f"added glossary terms to {added} of {len(entries)} search entries")
    site = config.esca_site
    kinds = {urls.page_url(src, site.directory_urls): kind for src, kind in site.kinds.items()}
    _prebuild_when_written(plugin, kinds)


JSON_HEAD = '{"config":{'


def _prebuild_when_written(plugin, kinds: dict[str, str]) -> None:
    """Wrap Material's generate_search_index for this build: entries as
    results show them, indexed here, written by Material with the prebuilt
    index first in its config."""
    index = plugin.search_index
    generate = getattr(index, "generate_search_index", None)
    if generate is None:
        raise PluginError(str(Finding("hooks/search.py", None, "material/search",
                                      "this version of Material no longer writes its index with generate_search_index",
                                      "install the pinned versions (make build), or update hooks/search.py")))

    def generate_search_index(prev):
        if prev:  # mkdocs serve --dirty: Material merges old entries; the browser indexes them itself
            return generate(prev)
        index.entries = searchindex.present(index.entries, kinds)
        prebuilt = searchindex.prebuild(index.entries, plugin.config)
        data = generate(prev)
        if not data.startswith(JSON_HEAD):
            raise PluginError(str(Finding("hooks/search.py", None, "material/search",
                                          "this version of Material writes its index in another shape",
                                          "install the pinned versions (make build), or update hooks/search.py")))
        return f'{JSON_HEAD}"index":{json.dumps(prebuilt, separators=(",", ":"))},{data[len(JSON_HEAD):]}'

    index.generate_search_index = generate_search_index

