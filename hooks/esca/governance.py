"""Page governance: who owns each page, when it was reviewed, when it is due.

Pure rules, no MkDocs imports. ``hooks/governance.py`` feeds it the Markdown
sources and renders what it returns.

Every page carries front matter::

    owner: esca               # a team id from data/owners.yml
    last_reviewed: 2026-11-24
    review_due: 2027-05-24

Pages in ``docs/legislation/`` (but the index) also carry a ``legislation:``
ledger entry; team pages in ``docs/roles/`` carry a ``team:`` block.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from esca import clock
from esca import gaps as content_gaps
from esca.curricula import validate as course_rules
from esca.curricula.model import Change
from esca.findings import Finding, did_you_mean, fix_or_choices, only_known, text_problem
from esca.questions import FIX as QUESTION_FIX, MAX_QUESTIONS, question_problem
from esca.safeyaml import LineList, LineMap, load_labels, load_text
from esca.browser_url import browser_url, url_problems

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)

# Keys a page may carry: ours, and the ones MkDocs and Material read.
KNOWN_KEYS = {
    "owner", "last_reviewed", "review_due", "tags", "legislation", "team",
    "title", "description", "hide", "search", "status", "icon", "template",
    "subtitle", "gaps", "changes", "questions",
}
LEDGER_KEYS = {"citation", "source_url", "as_at", "status", "amended_by"}
LEDGER_REQUIRED = ("citation", "source_url", "as_at", "status")
# www.justice.gov.uk: the official text of the Family Procedure Rules and Practice Directions.
OFFICIAL_HOSTS = ("legislation.gov.uk", "www.legislation.gov.uk", "www.gov.uk", "www.justice.gov.uk")
TEAM_KEYS = {"name", "ages", "age_groups", "work"}
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
    gaps: tuple[str, ...] = ()  # what the owner still has to supply (esca.gaps)
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


today = clock.today  # the one clock (esca.clock)


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
    findings = list(_check_meta(kind, rel, meta, vocab, today=today))
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
            tags=tuple(str(t) for t in meta.get("tags") or () if isinstance(meta.get("tags"), list)),
            changes=tuple(Change(c["date"], " ".join(c["note"].split())) for c in meta.get("changes") or ()),
            questions=tuple(meta.get("questions") or ()),
        ),
        [],
    )


def _check_meta(kind: str, rel: str, meta: LineMap, vocab: Vocabularies, *, today: dt.date) -> Iterator[Finding]:
    yield from check_unknown_keys(rel, meta)
    yield from check_tags(rel, meta)
    yield from check_owner(rel, meta, vocab)
    yield from check_review_dates(rel, meta, today=today)
    yield from content_gaps.check_gaps(rel, meta)
    if "changes" in meta:
        yield from check_changes(rel, meta)
    if "questions" in meta:
        yield from check_questions(rel, meta)
    if kind == "legislation":
        yield from check_ledger(rel, meta, vocab)
    if kind == "team":
        yield from check_team(rel, meta, vocab)


def is_choice(value: Any, choices: dict[str, str]) -> bool:
    """``value`` is one of the ids in ``choices`` (a list or mapping never is)."""
    return isinstance(value, str) and value in choices


def check_tags(rel: str, meta: LineMap) -> Iterator[Finding]:
    """``tags`` is a list of words (from mkdocs.yml's tags_allowed, which the
    tags plugin checks); ``title``, ``subtitle`` and ``description`` are
    plain text that shows."""
    tags = meta.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) and t.strip() for t in tags):
        yield Finding(rel, meta.line_of("tags"), "tags", "must be a list of tags",
                      "write tags: [New staff, Practice model]")
    for key in ("title", "subtitle", "description"):
        problem = text_problem(meta[key]) if key in meta else None
        if problem:
            yield Finding(rel, meta.line_of(key), key, problem, "write it as plain text on one line", meta[key])


def check_unknown_keys(rel: str, meta: LineMap) -> Iterator[Finding]:
    """Only known front matter keys are allowed; a typo would be silently ignored."""
    for key in meta:
        if key not in KNOWN_KEYS:
            hint = did_you_mean(str(key), KNOWN_KEYS) or "remove it or fix its name (see CONTRIBUTING.md)"
            yield Finding(rel, meta.line_of(key), str(key), "unknown front matter field", hint)


def check_questions(rel: str, meta: LineMap) -> Iterator[Finding]:
    """``questions`` lists what readers ask that the page answers, in their
    words: up to MAX_QUESTIONS (10) lines of plain text, each at most 120
    characters (esca.questions). Search finds the page by them (a hidden
    field); they are never shown."""
    questions = meta["questions"]
    line = meta.line_of("questions")
    if not isinstance(questions, list) or not questions:
        yield Finding(rel, line, "questions", "must be a list of questions",
                      "write questions: then one '- what does the team do' line per question")
        return
    if len(questions) > MAX_QUESTIONS:
        yield Finding(rel, line, "questions", f"has {len(questions)} questions, over {MAX_QUESTIONS}",
                      "keep the questions the page answers best")
    for i, question in enumerate(questions):
        where = questions.line_of(i) if isinstance(questions, LineList) else line
        problem = question_problem(question)  # the one rule, shared with courses and programmes
        if problem:
            yield Finding(rel, where, "questions", problem, QUESTION_FIX, question)


def check_owner(rel: str, meta: LineMap, vocab: Vocabularies) -> Iterator[Finding]:
    """``owner`` is required and is a team id from data/owners.yml (never a person)."""
    if "owner" not in meta:
        yield Finding(rel, meta.line, "owner", "missing", "add owner: esca (or another team id from data/owners.yml)")
        return
    owner = meta["owner"]
    if not is_choice(owner, vocab.owners):
        yield Finding(rel, meta.line_of("owner"), "owner", "not a team in data/owners.yml", fix_or_choices(
            owner, vocab.owners, "team ids in data/owners.yml"), owner)


def check_review_dates(rel: str, meta: LineMap, *, today: dt.date) -> Iterator[Finding]:
    """``last_reviewed`` and ``review_due`` are real dates; reviewed is not in the
    future and the next review falls after it."""
    dates = {}
    for key in ("last_reviewed", "review_due"):
        if key not in meta:
            yield Finding(rel, meta.line, key, "missing", f"add {key}: YYYY-MM-DD")
            continue
        value = meta[key]
        if not _is_date(value):
            yield Finding(rel, meta.line_of(key), key, "not a real date in the form YYYY-MM-DD",
                          "write the date as YYYY-MM-DD, e.g. 2026-11-24", value)
            continue
        dates[key] = value
    reviewed, due = dates.get("last_reviewed"), dates.get("review_due")
    if reviewed and reviewed > today:
        yield Finding(rel, meta.line_of("last_reviewed"), "last_reviewed", "is in the future",
                      "use the date the page was actually reviewed", reviewed.isoformat())
    if reviewed and due and due <= reviewed:
        yield Finding(rel, meta.line_of("review_due"), "review_due", "is not after last_reviewed",
                      f"set a date after {reviewed.isoformat()}", due.isoformat())


def check_changes(rel: str, meta: LineMap) -> Iterator[Finding]:
    """``changes`` (optional) has the shape courses use: dated one-line notes,
    newest first (- {date: YYYY-MM-DD, note: What changed}). The courses'
    validator checks it, so pages and courses follow one rule."""
    yield from course_rules.check_changes(rel, meta.line_of("changes"), meta["changes"])
    for index, change in enumerate(meta["changes"] if isinstance(meta["changes"], list) else ()):
        if isinstance(change, dict) and isinstance(change.get("note"), str) and not change["note"].strip():
            yield Finding(rel, meta["changes"].line_of(index), f"changes[{index + 1}].note", "is empty",
                          "say in one line what changed")


def check_ledger(rel: str, meta: LineMap, vocab: Vocabularies) -> Iterator[Finding]:
    """Legislation pages carry a ledger entry: citation, an official source URL
    (legislation.gov.uk or gov.uk), the date the law is summarised as at, a
    status from data/legislation-status.yml and, optionally, what amended it."""
    entry = meta.get("legislation")
    if entry is None:
        yield Finding(rel, meta.line, "legislation", "missing ledger entry",
                      "add legislation: with citation, source_url, as_at and status (see CONTRIBUTING.md)")
        return
    if not isinstance(entry, LineMap):
        yield Finding(rel, meta.line_of("legislation"), "legislation", "must be a mapping of fields",
                      "indent citation, source_url, as_at and status under legislation:")
        return
    yield from only_known(rel, entry, LEDGER_KEYS, "legislation")
    for key in LEDGER_REQUIRED:
        if key not in entry:
            yield Finding(rel, entry.line, f"legislation.{key}", "missing", f"add {key}: under legislation:")
    citation = entry.get("citation")
    if "citation" in entry and not (isinstance(citation, str) and citation.strip()):
        yield Finding(rel, entry.line_of("citation"), "legislation.citation", "must be text",
                      "write the citation, e.g. Children Act 1989 (c. 41)", citation)
    url = entry.get("source_url")
    if "source_url" in entry:
        parts = browser_url(url) if isinstance(url, str) else None  # the host a browser goes to
        if not parts or parts.scheme != "https" or parts.host not in OFFICIAL_HOSTS or url_problems(url):
            yield Finding(rel, entry.line_of("source_url"), "legislation.source_url",
                          "must be an https link to legislation.gov.uk, www.gov.uk or www.justice.gov.uk",
                          "link the official text, e.g. https://www.legislation.gov.uk/ukpga/1989/41/contents", url)
    if "as_at" in entry and not _is_date(entry["as_at"]):
        yield Finding(rel, entry.line_of("as_at"), "legislation.as_at", "not a real date in the form YYYY-MM-DD",
                      "write the date the summary was checked, e.g. 2026-11-24", entry["as_at"])
    status = entry.get("status")
    if "status" in entry and not is_choice(status, vocab.statuses):
        yield Finding(rel, entry.line_of("status"), "legislation.status", "not a known status",
                      fix_or_choices(status, vocab.statuses, "statuses in data/legislation-status.yml"), status)
    amended = entry.get("amended_by", [])
    if not isinstance(amended, list) or not all(isinstance(a, str) and a.strip() for a in amended):
        yield Finding(rel, entry.line_of("amended_by"), "legislation.amended_by", "must be a list of instrument names",
                      "write one '- Name of Act' line per instrument")


def check_team(rel: str, meta: LineMap, vocab: Vocabularies) -> Iterator[Finding]:
    """Team pages carry ``team:`` with name, ages, and age groups and kinds of
    work from data/age-groups.yml and data/kinds-of-work.yml."""
    entry = meta.get("team")
    if not isinstance(entry, LineMap):
        line = meta.line_of("team") if "team" in meta else meta.line
        yield Finding(rel, line, "team", "missing or not a mapping",
                      "add team: with name, ages, age_groups and work (see CONTRIBUTING.md)")
        return
    yield from only_known(rel, entry, TEAM_KEYS, "team")
    for key in ("name", "ages"):
        if not isinstance(entry.get(key), str) or not entry.get(key).strip():
            yield Finding(rel, entry.line_of(key) if key in entry else entry.line, f"team.{key}",
                          "missing or not text", f"add {key}: as text")
    for key, choices, where in (("age_groups", vocab.age_groups, "data/age-groups.yml"),
                                ("work", vocab.kinds_of_work, "data/kinds-of-work.yml")):
        values = entry.get(key)
        if not isinstance(values, LineList) or not values:
            yield Finding(rel, entry.line_of(key) if key in entry else entry.line, f"team.{key}",
                          "missing or not a list", f"add {key}: [ids from {where}]")
            continue
        for index, value in enumerate(values):
            if not is_choice(value, choices):
                yield Finding(rel, values.line_of(index), f"team.{key}", f"not in {where}",
                              fix_or_choices(value, choices, f"ids in {where}"), value)


def page_title(text: str) -> str | None:
    """The page's H1 text (``# Title``), or None."""
    body = FRONT_MATTER.sub("", text, count=1)
    match = re.search(r"^# +(.+?)\s*#*\s*$", body, re.MULTILINE)
    return match.group(1).strip() if match else None


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
