"""Page governance: who owns each page, when it was reviewed, when it is due.

Pure rules, no MkDocs imports. The site model (esca.site) reads the
controlled lists with :func:`load_vocabularies` and checks each page's front
matter with :func:`check_page`, which gives the page's :class:`PageRecord`;
``hooks/governance.py`` hands the theme only checked front matter
(:func:`theme_meta`), and esca.pages.governance_pages writes what the records
add to pages.

Every page carries front matter::

    owner: esca               # a team id from data/owners.yml
    last_reviewed: 2026-11-24
    review_due: 2027-05-24

Pages in ``docs/legislation/`` (but the index) also carry a ``legislation:``
ledger entry; team pages in ``docs/roles/`` carry a ``team:`` block.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from esca.core import clock, fields, plaintext
from esca.core.browser_url import browser_url, url_problems
from esca.core.fields import Check, Field, load_labels
from esca.core.findings import Finding
from esca.core.markdown import FRONT_MATTER, h1, page_title
from esca.core.safeyaml import LineMap, load_text
from esca.curricula.model import REVIEW_ORDER, Change, changes_field, owner_field, questions_field, review_fields, text
from esca.pages import gaps as content_gaps


# www.justice.gov.uk: the official text of the Family Procedure Rules and Practice Directions.
OFFICIAL_HOSTS = ("legislation.gov.uk", "www.legislation.gov.uk", "www.gov.uk", "www.justice.gov.uk")
# The parts of a page the theme can hide (Material's `hide:`).
HIDE_OPTIONS = ("navigation", "toc", "footer", "path", "tags")

# Every key a page's front matter may carry, with its type: ours, and the
# few that MkDocs and Material read. Anything else is a finding (a typo would
# otherwise be silently ignored, and a theme key such as `template:` would
# let a page choose how it is rendered). Titles and descriptions are plain
# text: the theme prints them outside the page's article.
LEDGER = Field("legislation", "map", False, "the ledger entry: citation, source_url, as_at and status, as CONTRIBUTING.md shows",
               label="Ledger entry", only_on=("legislation",), required_on=("legislation",),
               item_shape="citation:, source_url:, as_at: and status:, indented under legislation:", fields=(
    text("citation", "citation", "the instrument's name and number, e.g. Children Act 1989 (c. 41)",
         "Children Act 1989 (c. 41)", max_length=300),
    Field("source_url", "url", True, "an https link to the official text on legislation.gov.uk, www.gov.uk or "
          "www.justice.gov.uk", "https://www.legislation.gov.uk/ukpga/1989/41/contents", label="source link",
          choices="official"),
    Field("as_at", "date", True, "the date the summary was checked, YYYY-MM-DD", "2026-11-24", label="as at date"),
    Field("status", "choice", True, "a status from data/legislation-status.yml", "in-force", label="status",
          choices="legislation-status"),
    Field("amended_by", "list", False, "the instruments that amended it, one per line", ["Children Act 2004"],
          label="amended by", max_items=30, item=text("amended_by", "amended by", "an instrument's name",
                                                     "Children Act 2004", max_length=200)),
))
TEAM = Field("team", "map", False, "the team block: name, ages, age_groups and work, as CONTRIBUTING.md shows",
             label="Team", only_on=("team",), required_on=("team",),
             item_shape="name:, ages:, age_groups: and work:, indented under team:", fields=(
    text("name", "name", "the team's name", "Children in Care", max_length=90),
    text("ages", "ages", "the ages the team works with, in words", "0 to 18", max_length=90),
    Field("age_groups", "list", True, "ids from data/age-groups.yml", ["0-5"], label="age groups", min_items=1,
          item=Field("age_groups", "choice", choices="age-groups", label="age groups")),
    Field("work", "list", True, "ids from data/kinds-of-work.yml", ["assessment"], label="kinds of work",
          min_items=1, item=Field("work", "choice", choices="kinds-of-work", label="kinds of work")),
))
PAGE = Field("page", "map", rule="CONTRIBUTING.md", label="front matter", fields=(
    owner_field(),
    *review_fields("page"),
    Field("tags", "list", False, "tags from mkdocs.yml's tags_allowed", ["New staff"], label="Tags", max_items=10,
          item=text("tags", "tag", "a tag from mkdocs.yml's tags_allowed", "New staff", max_length=40)),
    text("title", "Title", "the page title when it differs from the H1, plain text", "Your first day",
         max_length=90, required=False),
    text("subtitle", "Subtitle", "a short subtitle, plain text", "For new staff", max_length=120, required=False),
    text("description", "Description", "one or two sentences for search engines, plain text",
         "What to do on your first day.", max_length=300, required=False),
    Field("hide", "list", False, "parts of the page to hide: " + ", ".join(HIDE_OPTIONS), ["toc"], label="Hide",
          max_items=len(HIDE_OPTIONS), item=Field("hide", "choice", choices="hide", label="Hide")),
    Field("search", "map", False, "search settings: exclude: true leaves the page out of search",
          {"exclude": True}, label="Search", item_shape="exclude: true", fields=(
              Field("exclude", "bool", False, "true leaves the page out of search", True, label="exclude"),)),
    Field("gaps", "list", False, "what the page owner still has to supply, one short line each",
          ["Where the team is based"], label="Gaps", max_items=60,
          item=text("gaps", "gap", "what is needed, in one line", "Where the team is based",
                    max_length=content_gaps.MAX_LENGTH)),
    changes_field("optional: dated notes, newest first: - {date: YYYY-MM-DD, note: text}",
                  [{"date": "2026-12-01", "note": "Added the section on family group conferences."}], required=False),
    questions_field("page", ["what is a family group conference"]),
    LEDGER,
    TEAM,
), checks=(REVIEW_ORDER, Check("newest-first", "changes", "date", key="change-order")))
KNOWN_KEYS = frozenset(f.name for f in PAGE.fields)
# The front-matter text Material prints outside the article, unescaped: in
# the navigation of every page, <title>, <meta name="description"> and the
# search index. esca.core.plaintext escapes it at the one place it is handed over.
THEME_TEXT = ("title", "subtitle", "description")
# The longest H1, in characters: the title is shown in the menu of every page.
MAX_H1 = 150
DUE_SOON_DAYS = 60


@dataclass(frozen=True)
class Vocabularies:
    """Controlled lists the front matter is checked against (from data/)."""

    owners: dict[str, str]
    statuses: dict[str, str]
    age_groups: dict[str, str]
    kinds_of_work: dict[str, str]


@dataclass(frozen=True)
class Ledger:
    citation: str
    source_url: str
    as_at: dt.date
    status: str
    amended_by: tuple[str, ...] = ()
    source_line: int = 0  # line of source_url in the page, for link findings


@dataclass(frozen=True)
class Team:
    name: str
    ages: str
    age_groups: tuple[str, ...]
    work: tuple[str, ...]


@dataclass(frozen=True)
class PageRecord:
    """What governance knows about one page once its front matter checks out."""

    src: str  # path relative to docs/, e.g. "legislation/children-act-1989.md"
    title: str
    owner: str | None = None
    last_reviewed: dt.date | None = None
    review_due: dt.date | None = None
    ledger: Ledger | None = None
    team: Team | None = None
    gaps: tuple[str, ...] = ()  # what the owner still has to supply (esca.pages.gaps)
    tags: tuple[str, ...] = ()
    changes: tuple[Change, ...] = ()  # dated notes from ``changes:``, newest first
    questions: tuple[str, ...] = ()  # what readers ask that the page answers: a hidden search field

    def review_state(self, today: dt.date) -> str:
        """'overdue', 'due-soon' (within 60 days) or 'ok'."""
        if self.review_due is None:
            return "ok"
        if self.review_due < today:
            return "overdue"
        if (self.review_due - today).days <= DUE_SOON_DAYS:
            return "due-soon"
        return "ok"


today = clock.today  # the one clock (esca.core.clock)


def load_vocabularies(data_dir: Path, root: Path) -> tuple[Vocabularies, list[Finding]]:
    """Read the data/ lists governance checks against."""
    findings: list[Finding] = []
    lists = {}
    for name in ("owners", "legislation-status", "age-groups", "kinds-of-work"):
        loaded = load_labels(data_dir / f"{name}.yml", root)
        findings += loaded.findings
        lists[name] = loaded.data or {}
    vocab = Vocabularies(
        owners=lists["owners"],
        statuses=lists["legislation-status"],
        age_groups=lists["age-groups"],
        kinds_of_work=lists["kinds-of-work"],
    )
    return vocab, findings


def check_page(
    src: str, rel: str, text: str, vocab: Vocabularies, *, today: dt.date, kind: str = "page"
) -> tuple[PageRecord, list[Finding]]:
    """Check one page's front matter; ``src`` is docs-relative, ``rel``
    repo-relative, ``kind`` the page's kind from the site model."""
    title = page_title(text) or src
    match = FRONT_MATTER.match(text)
    if not match:
        return PageRecord(src, title), [
            Finding(rel, 1, "front matter", "missing",
                    "start the page with --- then owner, last_reviewed and review_due, then --- (see CONTRIBUTING.md)")
        ]
    loaded = load_text(match.group(1) or "", rel, line_offset=1)
    if loaded.findings:
        return PageRecord(src, title), loaded.findings
    meta = loaded.data
    if not isinstance(meta, LineMap):
        return PageRecord(src, title), [
            Finding(rel, 2, "front matter", "must be a list of 'key: value' lines", "write each field as key: value")
        ]
    findings = list(fields.check(rel, meta, PAGE, page_context(vocab, today=today, kind=kind), what="page"))
    findings += title_problems(rel, text)
    if findings:
        return PageRecord(src, title), findings
    return (
        PageRecord(
            src,
            title,
            owner=meta["owner"],
            last_reviewed=meta["last_reviewed"],
            review_due=meta["review_due"],
            ledger=_ledger(meta.get("legislation"), rel),
            team=_team(meta.get("team")),
            gaps=content_gaps.gaps_of(meta),
            tags=tuple(meta.get("tags") or ()),
            changes=tuple(Change(c["date"], " ".join(c["note"].split())) for c in meta.get("changes") or ()),
            questions=tuple(meta.get("questions") or ()),
        ),
        [],
    )


def page_context(vocab: Vocabularies, *, today: dt.date, kind: str) -> fields.Context:
    """The field library's context for one page's front matter."""
    return fields.Context(
        choices={"owners": tuple(vocab.owners), "legislation-status": tuple(vocab.statuses),
                 "age-groups": tuple(vocab.age_groups), "kinds-of-work": tuple(vocab.kinds_of_work),
                 "hide": HIDE_OPTIONS},
        today=today, page_kind=kind, hosts={"official": OFFICIAL_HOSTS},
        url_check=lambda url: browser_url(url).host in OFFICIAL_HOSTS and not url_problems(url))


def is_choice(value: Any, choices: dict[str, str]) -> bool:
    """``value`` is one of the ids in ``choices`` (a list or mapping never is)."""
    return isinstance(value, str) and value in choices


def title_problems(rel: str, text: str) -> list[Finding]:
    """The H1 is plain text of a sane length: the theme prints it, as the
    page's title, in the menu of every page, in <title> and in search results."""
    heading, line = h1(text)
    if heading is None:
        return []
    # '<' written as a character reference (&#60;, &lt;) is still markup in a
    # title (fourth blind attack, B05).
    if "<" in heading or "<" in plaintext.references_read(heading):
        return [Finding(rel, line, "title", "the page's heading has markup ('<')",
                        "write the heading as plain text, without < or HTML tags", heading)]
    if len(heading) > MAX_H1:
        return [Finding(rel, line, "title", f"the page's heading is {len(heading)} characters, over the limit of "
                        f"{MAX_H1}", "shorten it: it is shown in the menu of every page")]
    return []


def theme_meta(meta: dict, *, passed: bool) -> dict:
    """The front matter Material is given: nothing when the page's front
    matter did not pass its declaration (PAGE); otherwise only declared keys
    (a theme key such as ``template:``, ``icon:`` or ``status:`` never
    reaches it), with the text it prints (THEME_TEXT) escaped."""
    if not passed:
        return {}
    out = {key: value for key, value in meta.items() if key in KNOWN_KEYS}
    for key in THEME_TEXT:
        if key in out:
            out[key] = plaintext.escaped(str(out[key]), limit=plaintext.MAX_TITLE if key == "title" else None)
    if isinstance(out.get("search"), dict):
        out["search"] = {key: value for key, value in out["search"].items() if key == "exclude"}
    return out


def overdue(records: Iterable[PageRecord], today: dt.date) -> list[PageRecord]:
    return sorted((r for r in records if r.review_state(today) == "overdue"), key=lambda r: (r.review_due, r.src))


def due_soon(records: Iterable[PageRecord], today: dt.date) -> list[PageRecord]:
    return sorted((r for r in records if r.review_state(today) == "due-soon"), key=lambda r: (r.review_due, r.src))


def _is_date(value: Any) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _ledger(entry: Any, rel: str) -> Ledger | None:
    if not isinstance(entry, LineMap):
        return None
    return Ledger(
        citation=entry["citation"],
        source_url=entry["source_url"],
        as_at=entry["as_at"],
        status=entry["status"],
        amended_by=tuple(entry.get("amended_by", [])),
        source_line=entry.line_of("source_url"),
    )


def _team(entry: Any) -> Team | None:
    if not isinstance(entry, dict):
        return None
    return Team(entry["name"], entry["ages"], tuple(entry["age_groups"]), tuple(entry["work"]))
