"""The statistics ledger: every figure from a statistical release, with the
release it comes from, the period it covers and when the next release is due.

One data file, ``data/statistics.yml``, read with the project's one YAML
reader and checked here against :data:`RELEASE_FIELDS` and
:data:`FIGURE_FIELDS` (the only declaration of its fields). Charts and tables
take their source and period from it (esca.pages.charts); the owners' review
page
lists every figure whose next release date has passed ("overdue", against the
build's day, esca.core.clock) or is not known, and a figure's own gaps go to
the owners' "Content gaps" page (:func:`gap_rows`). Pure functions, no MkDocs
imports.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from esca.core import fields
from esca.core.fields import Field
from esca.core.findings import Finding
from esca.core.safeyaml import LineMap, load_file

LEDGER_FILE = "data/statistics.yml"
UNKNOWN = "unknown"
# <!-- esca:figures --> on a page: the table of the ledger's figures shown on it.
MARKER = re.compile(r"^<!--\s*esca:figures\s*-->[ \t]*$", re.MULTILINE)
OFFICIAL_URL = re.compile(r"https://([a-z0-9-]+\.)*gov\.uk/\S*")

# The ledger, declared once in the field library (esca.core.fields): the checks,
# and the header comment of data/statistics.yml, follow this.
RELEASE = Field("release", "map", label="release", fields=(
    Field("title", "text", True, "the publication's name as its publisher gives it", "Children in need",
          max_length=200, one_line=True, plain=True),
    Field("publisher", "text", True, "who publishes it", "Department for Education", max_length=120, one_line=True,
          plain=True),
    Field("url", "url", False, "the release's page: an https link on a gov.uk host",
          "https://explore-education-statistics.service.gov.uk/find-statistics/children-in-need/2025", choices="gov-uk"),
    Field("published", "date", False, "YYYY-MM-DD, only when the publisher states it", "2025-10-30"),
    Field("next_release", "due", True,
          "when the next release is due, as the publisher states it: YYYY-MM-DD, YYYY-MM, or unknown when "
          "it cannot be verified (never a guess)", UNKNOWN),
    Field("checked", "date", True, "YYYY-MM-DD: the day the figures were checked against the release, "
          "not in the future", "2026-12-07", not_future=True),
))
FIGURE = Field("figure", "map", label="figure", fields=(
    Field("label", "text", True, "what the figure counts, in readers' words", "Child protection plans on 31 March",
          max_length=200, one_line=True, plain=True),
    Field("release", "choice", True, "the id of a release under releases:", "dfe-children-in-need-2025",
          choices="release"),
    Field("period", "text", True, "the period the figure covers, in readers' words, or 'not stated'",
          "31 March 2025", max_length=120, one_line=True, plain=True),
    Field("period_end", "date", False, "YYYY-MM-DD: the last day of the period; comparators must share it",
          "2025-03-31"),
    Field("url", "url", False, "the data set or table the figure is read from: an https link on a gov.uk host",
          "https://explore-education-statistics.service.gov.uk/data-catalogue/data-set/…", choices="gov-uk"),
    Field("shown_on", "list", True, "the docs/ pages that show the figure", ["corporate-parenting/local-data.md"],
          min_items=1, max_items=50, item=Field("shown_on", "choice", choices="page", label="shown on")),
    Field("gaps", "list", False, "what an owner still has to check or supply (listed on the owners' pages)",
          ["The England rate per 10,000 children"], max_items=20,
          item=Field("gaps", "text", max_length=200, one_line=True, plain=True)),
))
LEDGER = Field("statistics", "map", rule="the header comment of data/statistics.yml", label="statistics ledger",
               fields=(
    Field("releases", "table", True, "one 'id:' entry per release", label="releases", min_items=1, max_items=200,
          item=RELEASE),
    Field("figures", "table", True, "one 'id:' entry per figure", label="figures", min_items=1, max_items=500,
          item=FIGURE),
))
RELEASE_FIELDS, FIGURE_FIELDS = RELEASE.fields, FIGURE.fields
STATES = {"overdue": "Overdue", "unknown": "Next release not known", "current": "Up to date"}


@dataclass(frozen=True)
class Release:
    id: str
    title: str
    publisher: str
    next_release: dt.date | None  # the day it is due (the month's last day for YYYY-MM); None when unknown
    next_release_text: str  # as written: YYYY-MM-DD, YYYY-MM or unknown
    checked: dt.date
    url: str = ""
    published: dt.date | None = None


@dataclass(frozen=True)
class Figure:
    id: str
    label: str
    release: str
    period: str
    shown_on: tuple[str, ...]
    period_end: dt.date | None = None
    url: str = ""
    gaps: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class Ledger:
    releases: dict[str, Release]
    figures: dict[str, Figure]

    def state(self, figure_id: str, today: dt.date) -> str:
        """'overdue' (the next release was due before today), 'unknown' (its
        date could not be verified) or 'current'."""
        due = self.releases[self.figures[figure_id].release].next_release
        if due is None:
            return "unknown"
        return "overdue" if due < today else "current"

    def source(self, figure_id: str) -> tuple[Figure, Release]:
        figure = self.figures[figure_id]
        return figure, self.releases[figure.release]

    def on_page(self, src: str) -> list[Figure]:
        return [f for f in self.figures.values() if src in f.shown_on]


# --- loading ----------------------------------------------------------------

def load(root: Path, *, today: dt.date, pages: Iterable[str] | None = None) -> tuple[Ledger | None, list[Finding]]:
    """The checked ledger, or None and the findings that stop it. ``pages``
    (docs-relative paths) are the pages ``shown_on`` may name."""
    loaded = load_file(root / LEDGER_FILE, root)
    if loaded.findings:
        return None, loaded.findings
    findings = list(check(LEDGER_FILE, loaded.data, today=today, pages=None if pages is None else set(pages)))
    if findings:
        return None, findings
    return build(loaded.data), []


def check(rel: str, data, *, today: dt.date, pages: set[str] | None = None) -> Iterator[Finding]:
    """The ledger against its declaration (LEDGER): releases: and figures:
    are mappings of id: entry with the declared fields and no others; each
    figure names a release in the file and pages that exist (every page when
    ``pages`` is None)."""
    releases = data.get("releases") if isinstance(data, LineMap) else None
    ids = tuple(releases) if isinstance(releases, LineMap) else ()
    figures = data.get("figures") if isinstance(data, LineMap) else None
    named = {p for f in (figures.values() if isinstance(figures, LineMap) else ()) if isinstance(f, LineMap)
             for p in (f.get("shown_on") if isinstance(f.get("shown_on"), list) else ()) if isinstance(p, str)}
    ctx = fields.Context(choices={"release": ids, "page": tuple(named if pages is None else pages)}, today=today,
                         hosts={"gov-uk": (".gov.uk",)})
    yield from fields.check(rel, data, LEDGER, ctx, what="statistics ledger")


def _due(value) -> dt.date | None:
    return fields.due_date(value)


def build(data: LineMap) -> Ledger:
    """The ledger from data :func:`check` found nothing wrong with."""
    releases = {}
    for rid, r in data["releases"].items():
        raw = r["next_release"]
        releases[rid] = Release(rid, r["title"], r["publisher"], None if raw == UNKNOWN else _due(raw),
                                raw if isinstance(raw, str) else raw.isoformat(), r["checked"], r.get("url", ""),
                                r.get("published"))
    figures = {fid: Figure(fid, f["label"], f["release"], f["period"], tuple(f["shown_on"]), f.get("period_end"),
                           f.get("url", ""), tuple(" ".join(g.split()) for g in f.get("gaps") or ()),
                           data["figures"].line_of(fid))
               for fid, f in data["figures"].items()}
    return Ledger(releases, figures)


# --- what readers and owners see ----------------------------------------------

def source_line(ledger: Ledger, figure_id: str) -> str:
    """The line under a chart or table: its source (linked when the ledger has
    an address) and the period it covers."""
    figure, release = ledger.source(figure_id)
    url = figure.url or release.url
    name = html.escape(release.title)
    link = f'<a href="{html.escape(url)}">{name}</a>' if url else name
    return (f'<p class="esca-source">Source: {link} ({html.escape(release.publisher)}). '
            f"Period: {html.escape(figure.period)}.</p>")


def figures_table(ledger: Ledger, page_src: str) -> str:
    """<!-- esca:figures -->: where each figure on the page comes from
    (nothing when the ledger names no figure on the page)."""
    rows = ledger.on_page(page_src)
    if not rows:
        return ""
    out = ['<div class="esca-table"><table>', "<caption>Where the figures on this page come from</caption>",
           '<thead><tr><th scope="col">Figures</th><th scope="col">Source</th><th scope="col">Period</th>'
           "</tr></thead><tbody>"]
    for figure in rows:
        release = ledger.releases[figure.release]
        url = figure.url or release.url
        name = html.escape(f"{release.title} ({release.publisher})")
        source = f'<a href="{html.escape(url)}">{name}</a>' if url else name
        out.append(f'<tr><th scope="row">{html.escape(figure.label)}</th>\n<td>{source}</td>'
                   f"\n<td>{html.escape(figure.period)}</td></tr>")
    out.append("</tbody></table></div>")
    return "\n".join(out)


def review_section(ledger: Ledger | None, today: dt.date, page_src: str) -> str:
    """Markdown for the owners' review page: each figure of the ledger by
    state (overdue, next release not known, up to date), with its release,
    period, next release and the pages that show it."""
    lines = ["## Figures from statistical releases", "",
             f"From the statistics ledger ({LEDGER_FILE}). A figure is overdue when its release's next release "
             "date has passed: check the new release, update the figure and its ledger entry. A figure whose "
             "next release is not known needs checking by hand.", ""]
    if ledger is None:
        return "\n".join(lines + ["The statistics ledger has problems: see the build's findings.", ""])
    for state in ("overdue", "unknown", "current"):
        chosen = [f for f in ledger.figures.values() if ledger.state(f.id, today) == state]
        lines += [f"### {STATES[state]}", ""]
        if not chosen:
            lines += ["None.", ""]
            continue
        lines += ["| Figure | Release | Period | Next release | Shown on |", "| --- | --- | --- | --- | --- |"]
        for figure in chosen:
            release = ledger.releases[figure.release]
            shown = ", ".join(f"[{_cell(p)}]({posixpath.relpath(p, posixpath.dirname(page_src))})"
                              for p in figure.shown_on)
            lines.append(f"| {_cell(figure.label)} (`{figure.id}`) | {_cell(release.title)} | {_cell(figure.period)} "
                         f"| {_next(release)} | {shown} |")
        lines.append("")
    return "\n".join(lines)


def overdue(ledger: Ledger | None, today: dt.date) -> list[Figure]:
    return [] if ledger is None else [f for f in ledger.figures.values() if ledger.state(f.id, today) == "overdue"]


@dataclass(frozen=True)
class GapRow:
    """A ledger gap in the shape of esca.pages.gaps' records."""

    src: str
    title: str
    owner: str | None
    gaps: tuple[str, ...]


def gap_rows(ledger: Ledger | None, records: dict) -> list[GapRow]:
    """Each figure's gaps, listed against the first page that shows it and
    that page's owner, for the owners' "Content gaps" page."""
    if ledger is None:
        return []
    rows = []
    for figure in ledger.figures.values():
        if figure.gaps:
            page = records.get(figure.shown_on[0])
            rows.append(GapRow(figure.shown_on[0], getattr(page, "title", figure.shown_on[0]),
                               getattr(page, "owner", None), tuple(f"{figure.label}: {g}" for g in figure.gaps)))
    return rows


def _next(release: Release) -> str:
    if release.next_release is None:
        return "not known"
    if len(release.next_release_text) == 7:
        return f"{release.next_release:%B %Y}"
    return f"{release.next_release.day} {release.next_release:%B %Y}"


def _cell(text: str) -> str:
    escaped = html.escape(str(text), quote=False)
    return re.sub(r"([|\[\]\\*_`])", r"\\\1", escaped)

