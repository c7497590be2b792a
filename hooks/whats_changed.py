"""MkDocs hook: the What's changed page and its Atom feed.

Takes this build's page records (hooks/governance.py) and courses
(hooks/curricula.py), compares them with the previous release in
releases/previous/, and generates whats-changed.md, whats-changed.xml and
legislation/ledger.json (for the next release to compare with). The rules
live in esca.whats_changed.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File

from esca import whats_changed as wc
from esca.curricula import feeds

log = get_plugin_logger(__name__)


@event_priority(-10)  # after governance and curricula have read this build's sources
def on_files(files, config):
    root = Path(config.config_file_path).parent
    readers, findings = wc.load_readers(root)
    snapshot, problems = wc.load_snapshot(root)
    for finding in findings + problems:
        log.warning(str(finding))
    survey, vocab = config.get("esca_survey") or (None, None)
    cur = config.get("esca_curricula")
    pages = survey.pages if survey else {}
    courses = json.loads(feeds.courses_json(cur, config.site_url or ""))["courses"] if cur else []
    items = wc.collect(pages, courses, snapshot, vocab.statuses if vocab else {}, readers)
    site_url = config.site_url or ""
    files.append(File.generated(config, wc.PAGE, content=wc.page_markdown(items, readers, snapshot)))
    files.append(File.generated(config, wc.FEED, content=wc.atom(items, site_url, readers, snapshot)))
    files.append(File.generated(config, wc.LEDGER_JSON, content=wc.ledger_json(pages.values())))
    return files
