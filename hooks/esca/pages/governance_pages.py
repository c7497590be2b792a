"""What governance adds to the site: review lines, notices and generated pages.

Pure functions from :mod:`esca.pages.governance` records to Markdown or HTML
text: the review line under every page, the overdue notice and the "Law as
at" line under a title, the roles index (``<!-- esca:roles-index -->``), and
the pages the site model generates: the legislation ledger for readers, and
the owners' index and content review page. No MkDocs imports.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re

from esca.core import questions
from esca.core.urls import page_href
from esca.pages import statistics
from esca.pages.gaps import GAPS_PAGE
from esca.pages.governance import PageRecord, Vocabularies, due_soon, overdue

LEDGER_PAGE = "legislation/ledger.md"  # for readers: which law each summary is checked against, and when
# The owners' area: pages for the teams that own pages, listed in no reader
# menu, left out of search (front matter) and of the sitemap
# (overrides/sitemap.xml skips this folder). Nothing written for readers links
# here.
OWNERS_DIR = "owners"
OWNERS_INDEX = f"{OWNERS_DIR}/index.md"
REVIEW_PAGE = f"{OWNERS_DIR}/content-review.md"
OWNERS_FRONT_MATTER = ("---", "search:", "  exclude: true", "---")
# What readers ask that each page answers (never shown; esca.core.questions).
LEDGER_QUESTIONS = (
    "is the law on this portal up to date",
    "which laws are in force or only partly in force",
    "when was each law summary last checked against the law",
    "what amended each act",
    "where is the official text of each act",
    "full citation for each act and guidance",
)
ROLES_MARKER = re.compile(r"^<!--\s*esca:roles-index\s*-->[ \t]*$", re.MULTILINE)


def long_date(day: dt.date) -> str:
    """GOV.UK style: 24 November 2026."""
    return f"{day.day} {day:%B %Y}"


def review_footer(record: PageRecord, vocab: Vocabularies) -> str:
    """The line at the foot of every page: owner and review dates."""
    owner = html.escape(vocab.owners.get(record.owner or "", record.owner or ""))
    return (
        '<aside class="esca-review" aria-label="Page review">'
        f"<p>Owned by {owner} · Last reviewed {long_date(record.last_reviewed)}"
        f" · Next review due {long_date(record.review_due)}</p></aside>"
    )


def add_review_line(page_html: str, line: str) -> str:
    """Put the review line at the end of the page's article (or of its body)."""
    for closing in ("</article>", "</body>"):
        index = page_html.rfind(closing)
        if index >= 0:
            return page_html[:index] + line + page_html[index:]
    return page_html + line


def insert_after_title(markdown: str, block: str) -> str:
    """Put ``block`` right after the page's H1 (or at the top if it has none)."""
    match = re.search(r"^# .*$", markdown, re.MULTILINE)
    if not match:
        return block + "\n\n" + markdown
    end = match.end()
    return markdown[:end] + "\n\n" + block + "\n" + markdown[end:]


def overdue_notice(record: PageRecord) -> str:
    return (
        '!!! warning "Review overdue"\n\n'
        f"    This page was due for review on {long_date(record.review_due)}. "
        "Some of it may be out of date: check with your manager before you rely on it.\n"
    )


def law_as_at(record: PageRecord) -> str:
    """The line under a legislation page's title."""
    ledger = record.ledger
    return (
        f'<p class="esca-law-as-at">Law as at {long_date(ledger.as_at)}'
        f" · last reviewed {long_date(record.last_reviewed)}"
        f" · next review due {long_date(record.review_due)}</p>\n"
    )


def ledger_page(records: dict[str, PageRecord], vocab: Vocabularies) -> str:
    """The legislation ledger: one row per instrument page. Each row carries
    its page's own review dates; the ledger has none of its own."""
    rows = sorted((r for r in records.values() if r.ledger), key=lambda r: r.title.lower())
    lines = [
        "---",
        "tags: [Legislation]",
        *questions.front_matter(LEDGER_QUESTIONS),
        "---",
        "",
        "# Legislation ledger",
        "",
        "Every law and guidance summary on this portal, what it is based on and when it is next checked. "
        "This page is built from the pages themselves, so it is always up to date with them.",
        "",
        "| Summary | Citation | Status | Law as at | Amended by | Last reviewed | Review due | Owner | Official text |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for record in rows:
        ledger = record.ledger
        link = posixpath.relpath(record.src, posixpath.dirname(LEDGER_PAGE))
        lines.append(
            "| "
            + " | ".join(
                [
                    f"[{_cell(record.title)}]({link})",
                    _cell(ledger.citation),
                    _cell(vocab.statuses.get(ledger.status, ledger.status)),
                    long_date(ledger.as_at),
                    _cell("; ".join(ledger.amended_by)) or "—",
                    long_date(record.last_reviewed),
                    long_date(record.review_due),
                    _cell(vocab.owners.get(record.owner, record.owner)),
                    f"[Official text of {_cell(ledger.citation)}]({ledger.source_url})"
                    f'{{ data-source="docs/{record.src}:{ledger.source_line}" }}',
                ]
            )
            + " |"
        )
    return "\n".join(lines) + "\n"


def review_page(records: dict[str, PageRecord], vocab: Vocabularies, *, today: dt.date,
                figures: statistics.Ledger | None = None) -> str:
    """Content due for review, for owners: overdue pages, then pages due
    within 60 days, then the figures of the statistics ledger whose next
    release has passed or is not known."""
    lines = [
        *OWNERS_FRONT_MATTER,
        "",
        "# Content due for review",
        "",
        f"Built on {long_date(today)} from every page's review dates. Owners: please review these pages, "
        "then update `last_reviewed` and `review_due` in the page's front matter.",
        "",
    ]
    for heading, chosen in (("Overdue", overdue(records.values(), today)),
                            ("Due in the next 60 days", due_soon(records.values(), today))):
        lines += [f"## {heading}", ""]
        if not chosen:
            lines += ["None.", ""]
            continue
        lines += ["| Page | Owner | Review due |", "| --- | --- | --- |"]
        for record in chosen:
            link = posixpath.relpath(record.src, posixpath.dirname(REVIEW_PAGE))
            lines.append(f"| [{_cell(record.title)}]({link}) | {_cell(vocab.owners.get(record.owner, record.owner))} "
                         f"| {long_date(record.review_due)} |")
        lines.append("")
    lines.append(statistics.review_section(figures, today, REVIEW_PAGE))
    return "\n".join(lines)


def owners_index() -> str:
    """The owners' area's front page: what each owners' page is for."""
    review = posixpath.relpath(REVIEW_PAGE, OWNERS_DIR)
    gaps = posixpath.relpath(GAPS_PAGE, OWNERS_DIR)
    return "\n".join([
        *OWNERS_FRONT_MATTER, "",
        "# Pages for page owners", "",
        "These pages are for the teams that own the portal's pages. They are built from the pages and data "
        "files each time the portal is published, and are not in the portal's menus or search.", "",
        f"- [Content due for review]({review}): pages past or near their review date, and figures whose "
        "statistical release is overdue or has no known next release date.",
        f"- [Content gaps]({gaps}): what each page still needs from the team that owns it.", "",
    ])


def roles_index(records: dict[str, PageRecord], vocab: Vocabularies, *, page_src: str,
                directory_urls: bool = True) -> str:
    """Every team in the index page's folder, filterable by age group and kind
    of work.

    Without JavaScript it is a complete list; with it, two labelled selects
    filter the list and a status line announces how many teams are shown.
    """
    folder = posixpath.dirname(page_src)
    teams = sorted((r for r in records.values() if r.team and posixpath.dirname(r.src) == folder),
                   key=lambda r: r.team.name.lower())
    out = ['<div class="esca-filter" data-esca-filter>',
           '<form class="esca-filter__form" hidden>',
           '<div class="esca-filter__field"><label for="team-age">Works with</label>',
           '<select id="team-age" data-filter-key="age"><option value="">Everyone</option>']
    out += [f'<option value="{html.escape(k)}">{html.escape(v)}</option>' for k, v in vocab.age_groups.items()]
    out += ['</select></div>',
            '<div class="esca-filter__field"><label for="team-work">Kind of work</label>',
            '<select id="team-work" data-filter-key="work"><option value="">All kinds of work</option>']
    out += [f'<option value="{html.escape(k)}">{html.escape(v)}</option>' for k, v in vocab.kinds_of_work.items()]
    out += ['</select></div>', '<p class="esca-filter__status" role="status" aria-live="polite"></p>', '</form>',
            '<ul class="esca-filter__items">']
    for record in teams:
        team = record.team
        href = html.escape(page_href(page_src, record.src, directory_urls))
        work = ", ".join(vocab.kinds_of_work.get(w, w) for w in team.work)
        # A team whose age range is not known shows none rather than a note about it.
        ages = "" if team.ages.lower().startswith("not stated") else f"ages {team.ages}; "
        out.append(f'<li data-age="{html.escape(" ".join(team.age_groups))}" data-work="{html.escape(" ".join(team.work))}">'
                   f'<a href="{href}">{html.escape(team.name)}</a>: {html.escape(ages)}{html.escape(work)}</li>')
    out += ["</ul>", "</div>", ""]
    return "\n".join(out)


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell or link text."""
    escaped = html.escape(str(text), quote=False)
    return re.sub(r"([|\[\]\\*_`])", r"\\\1", escaped)
