"""Plain text for what the theme prints outside a page's article.

Material's templates print a page's title, subtitle and description, and the
titles of its headings, without escaping them: in the navigation of every
page, in ``<title>``, in ``<meta name="description" content="…">``, in the
table of contents and in the search index, whose results are shown with
``innerHTML``. So each of those values is made plain, escaped text once, at
the one place it is handed to the theme (hooks/governance.py): whatever a
page holds, nothing from it can become an element or an attribute there.

Every function here is linear in its input. No MkDocs imports.
"""

from __future__ import annotations

import html

# Longer than any real title; a title is cut here (with an ellipsis) so a
# huge heading cannot make every page of the site huge through the menu.
MAX_TITLE = 300


def strip_tags(text: str) -> str:
    """``text`` without tags and comments, in one pass (MkDocs' own stripper
    copies the text once per tag). An unclosed ``<`` ends the text, as a
    browser reading it would never show what follows as text either."""
    out: list[str] = []
    position = 0
    while True:
        start = text.find("<", position)
        if start < 0:
            out.append(text[position:])
            break
        out.append(text[position:start])
        if text.startswith("<!--", start):
            end = text.find("-->", start + 4)
            position = len(text) if end < 0 else end + 3
        else:
            end = text.find(">", start + 1)
            position = len(text) if end < 0 else end + 1
        out.append(" ")
    return "".join(out)


def references_read(text: str) -> str:
    """``text`` with its character references read (&lt;, &#48;, &nbsp;), as
    a reader sees it; as written when a reference is too long to read (past
    4,300 digits html.unescape stops: that is its own finding,
    esca.checks.active_content)."""
    if "&" not in text:
        return text
    try:
        return html.unescape(text)
    except ValueError:
        return text


def plain(fragment: str) -> str:
    """The text a reader sees of an HTML ``fragment``: tags removed,
    character references decoded, runs of white space made one space."""
    return " ".join(html.unescape(strip_tags(str(fragment))).split())


def escaped(text: str, *, limit: int | None = None, quote: bool = True) -> str:
    """``text`` (plain text) escaped for HTML text and, with ``quote``, for
    quoted attributes too; cut at ``limit`` characters."""
    text = " ".join(str(text).split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return html.escape(text, quote=quote)


def title(fragment: str) -> str:
    """A title for the theme, from MkDocs' title (HTML: the H1's inner HTML,
    or front matter): its plain text, escaped for HTML text.

    Angle brackets become look-alikes (‹ ›): Material prints the title in
    ``<title>`` through ``striptags``, which decodes ``&lt;`` back into
    ``<``, so no escaping would survive there. A title may not hold one
    anyway (esca.pages.governance.title_problems). Material puts a page title in
    an attribute only through its ``e`` filter, so quotes are left as they
    are (escaped twice, they would be read out)."""
    text = plain(fragment).translate(_ANGLES)
    return escaped(text, limit=MAX_TITLE, quote=False)


_ANGLES = str.maketrans({"<": "‹", ">": "›"})
