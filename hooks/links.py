"""MkDocs hook: check every link, image and anchor in the built site.

Runs on each page's final HTML (after every other hook and the theme), so it
sees raw-HTML links, generated pages and ids added late. The theme's own
parts (header, sidebars, footer) are read on the home page; on every other
page only the content is.
MkDocs' own Markdown link warnings are taken in and reported once, in the
project's shape, with the source line. The rules live in esca.checks.links and
esca.checks.active_content. They run beside the build (esca.checker): this hook
hands them each page, and hooks/site_model.py, which started them, reports their
findings once the site is written.
"""

from __future__ import annotations

import logging
import os
import re

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

from esca import checker, site
from esca.checks import links
from esca.core.findings import count, stop

log = get_plugin_logger(__name__)
_state: dict = {"mkdocs_warnings": []}


def on_config(config):
    pages_logger = logging.getLogger("mkdocs.structure.pages")
    if not any(isinstance(f, _TakeLinkWarnings) for f in pages_logger.filters):
        pages_logger.addFilter(_TakeLinkWarnings())
    return config


def on_pre_build(config):
    _state.clear()
    _state.update(mkdocs_warnings=[])


def on_files(files, config):
    _state["root"] = str(site.of(config).root)
    config.esca_checker.docs = frozenset(f.src_uri for f in files.documentation_pages())
    return files


@event_priority(-100)  # last: after every other hook has changed the page
def on_post_page(output, page, config):
    file = page.file
    src = source_file = ""
    if file.abs_src_path and not file.generated_by:
        src = os.path.relpath(file.abs_src_path, _state["root"]).replace(os.sep, "/")
        source_file = file.abs_src_path  # read only if something on the page is wrong
    content_only = not page.is_homepage  # the theme's frame is checked on the home page (esca.checks.links.scan_html)
    config.esca_checker.page(checker.Page(src, file.src_uri, file.dest_uri,
                                          links.content_part(output) if content_only else output,
                                          content_only=content_only, source_file=source_file))
    # data-source only tells the checks where a link came from: not published.
    if "data-source" in output:
        output = _DATA_SOURCE.sub("", output)
    return output


@event_priority(-100)  # last: after other hooks have written their files
def on_post_build(config):
    checks = config.esca_checker
    checks.mkdocs_warnings = list(_state["mkdocs_warnings"])
    try:
        result = checks.finish(config.site_dir)
    except checker.CheckerError as error:
        raise PluginError(stop(error, log.warning)) from None
    for finding in result.pages:
        log.warning(str(finding))
    log.info(f"checked {count(result.links, 'link')} on {count(result.page_count, 'page')} in {result.seconds:.3f} s "
             f"(with every page source, {result.where})")


class _TakeLinkWarnings(logging.Filter):
    """Holds back MkDocs' Markdown link warnings so they are reported once, by us."""

    def filter(self, record):
        message = record.getMessage()
        if record.levelno >= logging.WARNING and links.MKDOCS_LINK.match(message):
            _state.setdefault("mkdocs_warnings", []).append(message)
            return False
        return True


_DATA_SOURCE = re.compile(r'\sdata-source="[^"]*"')
