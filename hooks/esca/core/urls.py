"""Links between pages in generated HTML, for either URL style.

MkDocs rewrites Markdown links to .md files, but not hrefs in raw HTML the
build writes (the catalogue, the roles index, What's changed). Those use
:func:`page_href` (from one page to another; :func:`page_url` is a page's
site-relative address), so the same build works with directory URLs (the web
site: ``cpd/courses/x/``) and without them (the offline copy opened from
disk: ``cpd/courses/x.html``).
"""

from __future__ import annotations

import posixpath
import re


def page_url(src: str, directory_urls: bool = True) -> str:
    """The site-relative URL of a docs-relative Markdown page, as MkDocs makes it."""
    if not directory_urls:
        return re.sub(r"\.md$", ".html", src)
    path = re.sub(r"\.md$", "", re.sub(r"(?:^|/)index\.md$", "", src))
    return f"{path}/" if path else ""


def page_href(from_src: str, to_src: str, directory_urls: bool = True) -> str:
    """The relative href from one page to another."""
    here, there = page_url(from_src, directory_urls), page_url(to_src, directory_urls)
    base = here.rstrip("/") if directory_urls else posixpath.dirname(here)
    target = there.rstrip("/") or "."
    href = posixpath.relpath(target, base or ".")
    return href + "/" if directory_urls and there.endswith("/") or (directory_urls and not there) else href
