"""MkDocs hook: teach Material's search the portal's jargon.

Just before Material writes search/search_index.json, add to each entry the
glossary forms it should be found by (field `glossary`, boosted in
mkdocs.yml, never shown in results). The entries are changed in Material's
own list, so the index is written once, not written, read back and written
again. The rules live in esca.search; the glossary comes from the site model.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

from esca import search
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

