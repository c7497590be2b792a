"""Content gaps: what a page's owner still has to supply, kept out of the page.

Readers get the best honest route to an answer (who to ask, which official
source to read). What the owner must still supply lives in the page's front
matter, never in its text::

    gaps:
      - Where the team is based
      - The job titles in the team

The field is declared with the rest of the front matter
(esca.pages.governance.PAGE, at most :data:`MAX_LENGTH` characters a gap).
This module reads it from checked front matter (:func:`gaps_of`), counts the
gaps (the build logs the number) and writes the owners' "Content gaps" page
(:func:`gaps_page`): every gap with its page and owning team, the statistics
ledger's own gaps among them. :data:`OWNER_PHRASES` is the wording addressed
to an owner that no published page but that one may hold
(tests/test_owner_text.py). Pure functions, no MkDocs imports: the site
model (esca.site) calls them.
"""

from __future__ import annotations

import html
import posixpath
import re
from typing import Iterable, Protocol

from esca.core.safeyaml import LineMap

GAPS_PAGE = "owners/content-gaps.md"  # in the owners' area (esca.pages.governance_pages.OWNERS_DIR)
FIELD = "gaps"
MAX_LENGTH = 200

# Wording that is addressed to the content owner, or reads like a research
# note. None of it may reach a published page except the gaps page itself
# (tests/test_owner_text.py scans the built site for these).
OWNER_PHRASES = (
    "content owner to supply",
    "for the content owner",
    "our sources",
    "the sources for this portal",
    "sources do not",
    "the briefing does not say",
    "the briefing does not give",
    "the seeds",
    "not stated in our sources",
)


class GapRecord(Protocol):
    src: str
    title: str
    owner: str | None
    gaps: tuple[str, ...]


def gaps_of(meta: LineMap) -> tuple[str, ...]:
    """The page's gaps, stripped (call only once the front matter passed its declaration)."""
    value = meta.get(FIELD) or []
    return tuple(" ".join(str(item).split()) for item in value)


def count(records: Iterable[GapRecord]) -> int:
    return sum(len(record.gaps) for record in records)


def gaps_page(records: Iterable[GapRecord], owners: dict[str, str]) -> str:
    """The owners' list: one row per gap, grouped by owning team, then page."""
    chosen = sorted((r for r in records if r.gaps),
                    key=lambda r: (owners.get(r.owner or "", r.owner or "").lower(), r.title.lower()))
    total = count(chosen)
    pages = len({r.src for r in chosen})  # a page's own gaps and its figures' gaps are one page
    lines = [
        "---",
        "search:",
        "  exclude: true",
        "---",
        "",
        "# Content gaps",
        "",
        "This page is for page owners. It lists what each page still needs from the team that owns it, "
        "and what the statistics ledger (data/statistics.yml) still needs checking. "
        "Readers of those pages are pointed to their team manager, ESCA or an official source meanwhile.",
        "",
        f"{total} {'gap' if total == 1 else 'gaps'} "
        f"on {pages} {'page' if pages == 1 else 'pages'}.",
        "",
        "To close a gap, add the information to the page, then remove the line from the `gaps:` list in "
        "the page's front matter (or in the figure's entry of the statistics ledger).",
        "",
    ]
    if not chosen:
        return "\n".join(lines + ["None.", ""])
    lines += ["| Page | Owning team | What is needed |", "| --- | --- | --- |"]
    for record in chosen:
        link = posixpath.relpath(record.src, posixpath.dirname(GAPS_PAGE))
        owner = _cell(owners.get(record.owner or "", record.owner or "—"))
        for gap in record.gaps:
            lines.append(f"| [{_cell(record.title)}]({link}) | {owner} | {_cell(gap)} |")
    return "\n".join(lines) + "\n"


def owner_phrases_in(text: str, phrases: Iterable[str] = OWNER_PHRASES) -> list[str]:
    """The owner-facing or research-note phrases found in ``text`` (case-insensitive)."""
    flat = " ".join(text.split()).lower()
    return [phrase for phrase in phrases if phrase in flat]


def _cell(text: str) -> str:
    escaped = html.escape(str(text), quote=False)
    return re.sub(r"([|\[\]\\*_`])", r"\\\1", escaped)
