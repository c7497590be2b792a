"""MkDocs hook: page ownership, review dates and the legislation ledger.

Checks every page's front matter (owner, last_reviewed, review_due; ledger
entries on legislation pages; team blocks on team pages), shows the review
line on every page, flags overdue pages, and generates the legislation ledger
and the "content due for review" page. The rules live in esca.governance.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File

from esca import governance, governance_pages

log = get_plugin_logger(__name__)
_state: dict = {}


def on_config(config):
    _state.clear()
    return config


def on_files(files, config):
    root = Path(config.config_file_path).parent
    docs = Path(config.docs_dir)
    vocab, problems = governance.load_vocabularies(root / DATA_DIR, root)
    if problems:
        raise PluginError("\n".join(map(str, problems)))
    today = governance.today()
    result = governance.survey(docs, root, vocab, today=today)
    for finding in result.findings:
        log.warning(str(finding))
    _state.update(vocab=vocab, survey=result, today=today)
    files.append(File.generated(config, governance_pages.LEDGER_PAGE,
                                content=governance_pages.ledger_page(result.pages, vocab, generated_on=today)))
    files.append(File.generated(config, governance_pages.REVIEW_PAGE,
                                content=governance_pages.review_page(result.pages, vocab, today=today)))
    late = governance.overdue(result.pages.values(), today)
    if late:
        log.info(f"{len(late)} pages are past their review date; see {governance_pages.REVIEW_PAGE}")
    return files


def on_page_markdown(markdown, page, config, files):
    record = _record(page)
    if record is None:
        return markdown
    if record.ledger:
        markdown = governance_pages.insert_after_title(markdown, governance_pages.law_as_at(record))
    if record.review_state(_state["today"]) == "overdue":
        markdown = governance_pages.insert_after_title(markdown, governance_pages.overdue_notice(record))
    return markdown


def on_page_content(html, page, config, files):
    # The roles index is finished HTML: put in after the Markdown is
    # converted, it skips Python-Markdown's (slow) raw-HTML parser.
    if "esca:roles-index" in html and _state.get("survey"):
        index = governance_pages.roles_index(_state["survey"].pages, _state["vocab"], page_src=page.file.src_uri,
                                              directory_urls=config.use_directory_urls)
        html = governance_pages.ROLES_MARKER.sub(lambda _: index, html)
    return html


def on_post_page(output, page, config):
    # The review line goes into the finished page, at the end of the article:
    # it is about the page, not part of it, so search does not index it.
    record = _record(page)
    if record is None:
        return output
    return governance_pages.add_review_line(output, governance_pages.review_footer(record, _state["vocab"]))


def _record(page):
    survey = _state.get("survey")
    if survey is None:
        return None
    record = survey.pages.get(page.file.src_uri)
    if record is None:
        # Pages other hooks generate carry their own review dates in front matter.
        meta = page.meta
        record = governance.PageRecord(page.file.src_uri, page.title or "", owner=meta.get("owner"),
                                       last_reviewed=meta.get("last_reviewed"), review_due=meta.get("review_due"))
    if record is None or record.owner is None:
        return None
    return record


DATA_DIR = "data"
