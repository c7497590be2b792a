"""MkDocs hook: "Worried about a child?" on every page, from data/contacts.yml.

The site model (esca.site) reads and checks the contact points; this hook
hands the rendered block to the theme (overrides/partials/worried.html shows it at the end of every page but
the home page). On pages with an ``<!-- esca:worried -->`` marker (the home
page) the block goes where the marker is; ``<!-- esca:contacts-table -->``
becomes the table of contact points and their sources. The rules live in
esca.pages.contacts.
"""

from __future__ import annotations

from esca import site
from esca.core.urls import page_href
from esca.pages import contacts


def on_page_context(context, page, config, nav):
    # The theme partial shows this block at the end of the page's content.
    found = site.of(config).contacts
    if found and not page.is_homepage and page.file.src_uri != contacts.SOURCES_PAGE:
        context["esca_worried"] = _block(found, page, heading_level=2)
    return context


def on_page_content(html, page, config, files):
    found = site.of(config).contacts
    if "esca:" not in html or not found:
        return html

    def render(match):
        if match.group(1) == "worried":
            return _block(found, page, heading_level=2)
        return contacts.sources_table(found)

    return contacts.MARKER.sub(render, html)


_BLOCKS: dict = {}  # (contacts, link to the sources page, heading level) -> the block: pages at one depth share it


def _block(found, page, *, heading_level: int) -> str:
    href = page_href(page.file.src_uri, contacts.SOURCES_PAGE, page.file.use_directory_urls)
    key = (id(found), href, heading_level)
    cached = _BLOCKS.get(key)
    if cached is None or cached[0] is not found:
        if len(_BLOCKS) > 64:  # a new build's contacts: forget the last build's blocks
            _BLOCKS.clear()
        cached = _BLOCKS[key] = (found, contacts.worried_block(found, sources_href=href, heading_level=heading_level))
    return cached[1]
