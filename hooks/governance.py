"""MkDocs hook: review dates and law dates on every page.

Shows the "law as at" line on legislation pages, the overdue notice on pages
past their review date, the roles index, and the review line at the foot of
every page that has a review record; logs the figures of the statistics
ledger whose next release date has passed (the owners' review page lists
them). Records come from the site model
(esca.site): page front matter, and generated course and programme pages'
own data. The rules live in esca.pages.governance.
"""

from __future__ import annotations

from mkdocs.plugins import get_plugin_logger

from esca import site
from esca.core import plaintext
from esca.core.findings import count
from esca.pages import governance, governance_pages, statistics

log = get_plugin_logger(__name__)


def on_files(files, config):
    # After hooks/site_model.py (priority 100) has built the model: a notice for
    # owners, not a failure.
    model = site.of(config)
    late = statistics.overdue(model.statistics, model.today)
    if late:
        log.info(f"{count(len(late), 'figure')} with the next release date passed; see {governance_pages.REVIEW_PAGE}")
    return files


def on_page_markdown(markdown, page, config, files):
    # The one place front matter is handed to the theme: only when the page's
    # front matter passed its declaration, only declared keys, and the text
    # the theme prints outside the article escaped (esca.pages.governance.theme_meta).
    model = site.of(config)
    src = page.file.src_uri
    page.meta = governance.theme_meta(page.meta, passed=src in model.meta_ok or src in model.generated)
    record = _record(page, config)
    if record is None:
        return markdown
    if record.ledger:
        markdown = governance_pages.insert_after_title(markdown, governance_pages.law_as_at(record))
    if record.review_state(site.of(config).today) == "overdue":
        markdown = governance_pages.insert_after_title(markdown, governance_pages.overdue_notice(record))
    return markdown


def on_page_content(html, page, config, files):
    # Every title the theme prints (the menu of every page, <title>, the
    # table of contents, search results) is plain, escaped text from here on,
    # whatever the heading or front matter held (esca.core.plaintext).
    page.title = plaintext.title(page.title or "")
    _plain_toc(page.toc)
    # The roles index is finished HTML: put in after the Markdown is
    # converted, it skips Python-Markdown's (slow) raw-HTML parser.
    if "esca:roles-index" in html:
        model = site.of(config)
        index = governance_pages.roles_index(model.records, model.vocab, page_src=page.file.src_uri,
                                              directory_urls=config.use_directory_urls)
        html = governance_pages.ROLES_MARKER.sub(lambda _: index, html)
    return html


def on_post_page(output, page, config):
    # The review line goes into the finished page, at the end of the article:
    # it is about the page, not part of it, so search does not index it.
    record = _record(page, config)
    if record is None:
        return output
    return governance_pages.add_review_line(output, governance_pages.review_footer(record, site.of(config).vocab))


def _plain_toc(items) -> None:
    for item in items or ():
        item.title = plaintext.title(item.title)
        _plain_toc(item.children)


def _record(page, config):
    record = site.of(config).records.get(page.file.src_uri)
    return record if record is not None and record.owner is not None else None
