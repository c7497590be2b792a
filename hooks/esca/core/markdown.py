"""What a page's Markdown source says before it is rendered: where its front
matter ends and what its H1 is.

Read by the front-matter checks (esca.pages.governance), the writing rules
(esca.checks.rules), the site model (the titles generated pages link by) and
the "Add to my CPD record" button on practice-model pages (esca.cpd.record),
so each finds a page's title the same way. Pure functions over text, no
MkDocs imports.
"""

from __future__ import annotations

import re

# The front matter: a first line of ---, then YAML lines (group 1), then --- or ....
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
H1 = re.compile(r"^# +([^\n]*)", re.MULTILINE)


def heading_text(raw: str) -> str:
    """A heading's text without its closing hashes ("## Title ##"), found
    without a pattern that backtracks over a long run of spaces."""
    text = raw.strip()
    stripped = text.rstrip("#")
    if stripped != text and (not stripped or stripped[-1] in " \t"):
        text = stripped.strip()
    return text


def h1(text: str) -> tuple[str | None, int]:
    """The page's H1 text (the first ``# Title`` after the front matter) and
    its 1-based line, or (None, 0)."""
    front = FRONT_MATTER.match(text)
    match = H1.search(text, front.end() if front else 0)
    if not match:
        return None, 0
    return heading_text(match.group(1)) or None, text.count("\n", 0, match.start()) + 1


def page_title(text: str) -> str | None:
    """The page's H1 text (``# Title``), or None."""
    return h1(text)[0]
