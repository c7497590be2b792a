"""MkDocs hook: check every link, image and anchor in the built site.

Runs on each page's final HTML (after every other hook and the theme), so it
sees raw-HTML links, generated pages and ids added late. The theme's own
parts (header, sidebars, footer) are read on the home page; on every other
page only the content is.
MkDocs' own Markdown link warnings are taken in and reported once, in the
project's shape, with the source line. The rules live in esca.links.
"""

from __future__ import annotations

import logging
import os
import re
import time

from mkdocs.plugins import event_priority, get_plugin_logger

from esca import active_content, links
from esca.findings import Finding, line_of
from esca.sources import MAX_DATA_BYTES, read_text

log = get_plugin_logger(__name__)
_state: dict = {"mkdocs_warnings": []}


def on_config(config):
    pages_logger = logging.getLogger("mkdocs.structure.pages")
    if not any(isinstance(f, _TakeLinkWarnings) for f in pages_logger.filters):
        pages_logger.addFilter(_TakeLinkWarnings())
    return config


def on_pre_build(config):
    _state.clear()
    _state.update(pages={}, mkdocs_warnings=[], docs=frozenset(), seconds=0.0)


def on_files(files, config):
    model = config.esca_site  # hosts and the repository root come from the site model
    _state.update(root=model.root, hosts=model.hosts, docs=frozenset(f.src_uri for f in files.documentation_pages()))
    # Scripts, styles and markup files under docs/ are checked by the site model (esca.site.check_assets).
    return files


@event_priority(-100)  # last: after every other hook has changed the page
def on_post_page(output, page, config):
    start = time.perf_counter()
    file = page.file
    src = source_file = ""
    if file.abs_src_path and not file.generated_by:
        src = os.path.relpath(file.abs_src_path, _state["root"]).replace(os.sep, "/")
        source_file = file.abs_src_path  # read only if a link on the page is wrong
    _state["pages"][file.dest_uri] = links.PageInput(
        src, file.src_uri, file.dest_uri, links.scan_html(output, content_only=not page.is_homepage),
        source_file=source_file)
    # Nothing a contributor writes may run: scripts, handlers, javascript: … (esca.active_content).
    hits = active_content.scan(active_content.content_of(output))
    if hits:
        path = src or f"{file.dest_uri}"
        for finding in active_content.locate(hits, path, file.content_string if src else "", _origins()):
            log.warning(str(finding))
    # data-source only tells this check where a link came from: not published.
    if "data-source" in output:
        output = _DATA_SOURCE.sub("", output)
    _state["seconds"] += time.perf_counter() - start
    return output


@event_priority(-100)  # last: after other hooks have written their files
def on_post_build(config):
    start = time.perf_counter()
    site_dir = os.path.join(config.site_dir, "")
    existing = frozenset(
        os.path.join(dirpath, name)[len(site_dir):].replace(os.sep, "/")
        for dirpath, _, names in os.walk(site_dir)
        for name in names
    )
    site = links.Site(existing, _state["pages"], _state["docs"], _state["hosts"], config.site_url or "")
    findings = links.check_site(site)
    findings += _mkdocs_leftovers(findings)
    for finding in findings:
        log.warning(str(finding))
    seconds = _state["seconds"] + time.perf_counter() - start
    count = sum(page.scan.link_count for page in site.pages.values())
    log.info(f"checked {count} links on {len(site.pages)} pages in {seconds:.3f} s")


def _mkdocs_leftovers(ours: list[Finding]) -> list[Finding]:
    """MkDocs' own link warnings that our pass did not already report.

    Anchor warnings are dropped: our pass checks anchors against the final
    HTML, which includes ids that hooks add after MkDocs looked.
    """
    reported = {(f.path, f.field.split(" ", 1)[-1]) for f in ours}
    by_src = {page.src_uri: page for page in _state["pages"].values()}
    extra = []
    for message in _state["mkdocs_warnings"]:
        match = _MKDOCS_LINK.match(message)
        if not match or "anchor" in message:
            continue
        src_uri, url, problem = match.groups()
        page = by_src.get(src_uri)
        path = (page.src or page.dest) if page else f"docs/{src_uri}"
        if (path, f"'{url}'") in reported:
            continue
        line = line_of(page.source_text(), [f"({url}", url]) if page else None
        problem = problem.removeprefix("but ").removeprefix("it was ").rstrip(".")
        extra.append(Finding(path, line, f"link '{url}'", problem, "fix the link (see MkDocs' note)"))
    return extra


def _origins():
    """Data files a generated page may have taken its text from: (path, text)."""
    root = _state["root"]
    for pattern in ("data/*.yml", "curricula/**/*.yml"):
        for file in sorted(root.glob(pattern)):
            read = read_text(file, root, max_bytes=MAX_DATA_BYTES)  # regular files inside the repository only
            if read.text is not None:
                yield file.relative_to(root).as_posix(), read.text


class _TakeLinkWarnings(logging.Filter):
    """Holds back MkDocs' Markdown link warnings so they are reported once, by us."""

    def filter(self, record):
        message = record.getMessage()
        if record.levelno >= logging.WARNING and _MKDOCS_LINK.match(message):
            _state.setdefault("mkdocs_warnings", []).append(message)
            return False
        return True


_DATA_SOURCE = re.compile(r'\sdata-source="[^"]*"')
_MKDOCS_LINK = re.compile(r"^Doc file '([^']+)' contains (?:an? (?:unrecognized relative |absolute )?)?link (?:to )?'([^']+)'(?:,)? ?(.*)$")
