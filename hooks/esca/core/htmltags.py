"""Tags and comments of an HTML page, read in one pass as a browser's
tokenizer reads them, in time linear in the page.

A pattern that looks for a tag's end from every ``<`` reads the rest of the
page again for each tag that never ends: a page of ten thousand unclosed
``<a`` made the link scan quadratic. A browser reads a tag that never ends
(or a quoted value that never closes, or a comment) to the end of the page,
so nothing after it is a tag: :func:`tags` stops there too, and so reads
each character once. No MkDocs imports.
"""

from __future__ import annotations

import re
from typing import Iterator, NamedTuple

# A tag's name and attributes up to (not including) its '>': possessive, so
# each character is read once; a '>' inside a quoted value does not end it.
_BODY = re.compile(r"""([a-zA-Z][^\s/>"']*+)((?:[^>"']++|"[^"]*+"|'[^']*+')*+)""")
_COMMENT_END = re.compile(r"--!?>")


class Tag(NamedTuple):
    start: int  # index of '<'
    end: int  # index after '>'
    name: str  # lower case; "!--" for a comment
    body: str  # the attribute text, after the name


def tags(text: str) -> Iterator[Tag]:
    """Every start tag and comment of ``text``, in order. End tags and other
    markup are skipped; what follows a tag, quoted value or comment that never
    ends is not read (a browser reads it as part of that tag)."""
    position, n = 0, len(text)
    while True:
        start = text.find("<", position)
        if start < 0 or start + 1 >= n:
            return
        if text.startswith("<!--", start):
            # Browsers end "<!-->" and "<!--->" at once (HTML 13.2.5.43-44).
            if text.startswith(">", start + 4):
                end = start + 5
            elif text.startswith("->", start + 4):
                end = start + 6
            else:
                close = _COMMENT_END.search(text, start + 4)
                if close is None:
                    yield Tag(start, n, "!--", text[start + 4:])  # to the end of the page, as browsers read it
                    return
                end = close.end()
            yield Tag(start, end, "!--", text[start + 4:end])
            position = end
            continue
        following = text[start + 1]
        if following.isascii() and following.isalpha():
            body = _BODY.match(text, start + 1)
            stop = body.end()
            if stop >= n or text[stop] != ">":
                return  # a tag or quoted value that never ends: the rest of the page is inside it
            yield Tag(start, stop + 1, body.group(1).lower(), body.group(2))
            position = stop + 1
            continue
        position = start + 1
