"""MkDocs hook: "Worried about a child?" on every page, from data/contacts.yml.

Checks the contact points once per build and hands the rendered block to the
theme (overrides/partials/worried.html shows it at the end of every page but
the home page). On pages with an ``<!-- esca:worried -->`` marker (the home
page) the block goes where the marker is; ``<!-- esca:contacts-table -->``
becomes the table of contact points and their sources. The rules live in
esca.contacts.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from mkdocs.plugins import get_plugin_logger

from esca import contacts, governance

log = get_plugin_logger(__name__)
_state: dict = {}


def on_config(config):
    root = Path(config.config_file_path).parent
    found, findings = contacts.load(root, today=governance.today())
    for finding in findings:
        log.warning(str(finding))
    _state.clear()
    _state["contacts"] = found
    return config


def on_page_context(context, page, config, nav):
    # The theme partial shows this block at the end of the page's content.
    if _state.get("contacts") and not page.is_homepage and page.file.src_uri != contacts.SOURCES_PAGE:
        context["esca_worried"] = _block(page, heading_level=2)
    return context


def on_page_content(html, page, config, files):
    if "esca:" not in html or not _state.get("contacts"):
        return html

    def render(match):
        if match.group(1) == "worried":
            return _block(page, heading_level=2)
        return contacts.sources_table(_state["contacts"])

    return contacts.MARKER.sub(render, html)


def _block(page, *, heading_level: int) -> str:
    here = posixpath.dirname(page.file.dest_uri)
    target = contacts.SOURCES_PAGE.removesuffix(".md") + "/"
    href = posixpath.relpath(target, here or ".") + "/"
    return contacts.worried_block(_state["contacts"], sources_href=href, heading_level=heading_level)
