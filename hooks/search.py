"""MkDocs hook: teach Material's search the portal's jargon.

After Material writes search/search_index.json, add to each entry the
glossary forms and legal-reference variants it should be found by (fields
`glossary` and `mentions`, boosted in mkdocs.yml, never shown in results).
The rules live in esca.search; the glossary is read by esca.glossary.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.plugins import event_priority, get_plugin_logger

from esca import glossary, search

log = get_plugin_logger(__name__)


@event_priority(-50)  # after Material's search plugin has written the index
def on_post_build(config):
    index_file = Path(config.site_dir) / INDEX
    if not index_file.exists():
        return
    root = Path(config.config_file_path).parent
    terms, _ = glossary.load_glossary(root / GLOSSARY_FILE, root)  # problems are reported by hooks/glossary.py
    index = json.loads(index_file.read_text(encoding="utf-8"))
    enriched = search.enrich(index, terms)
    index_file.write_text(json.dumps(enriched, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
    added = sum(1 for doc in enriched["docs"] if "glossary" in doc or "mentions" in doc)
    log.info(f"added glossary terms to {added} of {len(enriched['docs'])} search entries")


INDEX = "search/search_index.json"
GLOSSARY_FILE = "data/glossary.yml"
