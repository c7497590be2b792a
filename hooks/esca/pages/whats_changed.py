"""What's changed: one list of changes across the portal, as a page and an
Atom feed, newest first.

Pure functions, no MkDocs imports. Three kinds of change, each dated from
data, never from the clock:

- a page's ``changes:`` notes (front matter, the shape courses use; checked by
  esca.pages.governance);
- a legislation ledger entry whose status or "as at" date differs from the
  previous release's ``ledger.json``;
- a course added, changed or retired since the previous release, found by
  comparing this build's ``courses.json`` with the previous release's.

The previous release's files live in ``releases/previous/`` (``make
release-snapshot`` copies them from a build). Readers (new staff,
councillors, recruits, trainers) come from page tags and course audiences,
mapped in ``data/readers.yml``.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from esca.core import fields, questions
from esca.core.fields import Field
from esca.core.findings import Finding, line_of
from esca.core.safeyaml import LineList, LineMap, load_file
from esca.core.sources import MAX_DATA_BYTES, read_text
from esca.core.urls import page_href, page_url
from esca.curricula import feeds

PAGE = "whats-changed.md"
FEED = "whats-changed.xml"
LEDGER_JSON = "legislation/ledger.json"
SNAPSHOT_DIR = "releases/previous"
READERS_FILE = "data/readers.yml"
# What readers ask that the page answers (never shown; esca.core.questions).
QUESTIONS = (
    "what is new on the portal",
    "recent updates to pages and courses",
    "which legislation summaries have been updated",
    "rss or atom feed of portal updates",
    "which courses have been retired",
    "show only changes for councillors or trainers",
)
LEDGER_VERSION = 1
# Course fields left out of the comparison: the address says where the site
# is, not what the course is; sessions drop off the published list as their
# dates pass (new dates show on the course page and in its calendar file).
COMPARED_OUT = {"url", "sessions"}
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Reader:
    id: str
    label: str
    tags: tuple[str, ...]
    audiences: tuple[str, ...]
    kinds: tuple[str, ...] = ()  # kinds of change (KIND_LABELS) every one of which is for this reader


@dataclass(frozen=True)
class Item:
    """One change: when, what, where it is, and who it is for."""

    date: dt.date
    kind: str  # page, legislation, course-added, course-changed, course-retired
    title: str
    src: str  # the docs-relative page it links to, e.g. "legislation/children-act-1989.md"
    note: str
    readers: tuple[str, ...] = ()
    key: str = ""  # stable part of the Atom entry id


@dataclass(frozen=True)
class Snapshot:
    """The previous release: its date, courses and ledger (None when absent)."""

    released: dt.date | None
    courses: dict[str, dict] | None
    ledger: dict[str, dict] | None


KIND_LABELS = {"page": "Page updated", "legislation": "Legislation", "course-added": "New course",
               "course-changed": "Course changed", "course-retired": "Course retired"}
READER_FIELDS = ("label", "tags", "audiences", "kinds")
# Wording for the portal's maintainers, not its readers: a change note that
# uses it is reported (check_notes). Write what changed for the reader.
MAINTAINER_WORDING = ("we test", "the tests", "test suite", "the build", "build hook", "front matter", "refactor",
                      "commit", "merge request", "pull request", "fixture", "the repository", "journeys we test")


# --- loading ----------------------------------------------------------------

def _words(name: str, label: str, rule: str, example: list) -> Field:
    return Field(name, "list", False, rule, example, label=label, max_items=40,
                 item=Field(name, "text", rule=rule, label=label, max_length=80, one_line=True, plain=True))


READER = Field("reader", "map", rule="data/readers.yml's header", label="reader", item_shape="label:, tags:, "
               "audiences: and kinds:, indented under the reader's id", fields=(
    Field("label", "text", True, "what the filter button says", "New staff", label="label", max_length=60,
          one_line=True, plain=True),
    _words("tags", "tags", "page tags from mkdocs.yml", ["New staff"]),
    _words("audiences", "audiences", "audience ids from curricula/vocabularies/audiences.yml", ["new-staff"]),
    Field("kinds", "list", False, "kinds of change: " + ", ".join(KIND_LABELS), ["legislation"], label="kinds",
          item=Field("kinds", "choice", choices="change-kinds", label="kinds")),
))
READERS = Field("readers", "table", rule="data/readers.yml's header", label="readers", max_items=20,
                item_shape="one 'id:' entry per reader, with label: under it", item=READER)
RELEASE = Field("release", "map", rule="make release-snapshot", label="release", fields=(
    Field("released", "date", True, "the day of the release, YYYY-MM-DD", "2026-12-01", label="released"),))
# The previous release's files, as make release-snapshot copies them
# (esca.curricula.feeds.courses_json): every field declared, none other
# accepted (issue 24, case 59). What "What's changed" reads is checked
# closely; the rest of a course is compared for equality only.


def _snapshot(name: str, kind: str = "text") -> Field:
    return Field(name, kind, False, f"the course's {name}", label=name, empty=True)


def _snapshot_list(name: str) -> Field:
    return Field(name, "list", False, f"the course's {name}", [], label=name, item=_snapshot(name))


SNAPSHOT_SESSION = Field("session", "map", label="session", item_shape="a session as courses.json writes it",
                         fields=(_snapshot("start"), _snapshot("end"), _snapshot("venue"), _snapshot("online", "bool"),
                                 _snapshot("capacity", "int")))
SNAPSHOT_CHANGE = Field("change", "map", label="change", item_shape="a change as courses.json writes it",
                        fields=(_snapshot("date"), _snapshot("note")))
SNAPSHOT_COURSE = Field("course", "map", rule="make release-snapshot", label="course",
                        item_shape="a course as courses.json writes it", fields=(
    Field("id", "slug", True, "the course's id", "reflective-supervision", label="id"),
    Field("title", "text", True, "the course's title", "Reflective supervision", label="title", max_length=300),
    Field("status", "text", False, "the course's status", "active", label="status", max_length=40),
    _words("audience", "audience", "audience ids", ["new-staff"]),
    *(_snapshot(name) for name in ("summary", "delivery_mode", "provider", "owner", "last_reviewed", "review_due",
                                   "booking", "url")),
    _snapshot("duration_minutes", "int"), _snapshot("cpd_hours", "number"),
    *(_snapshot_list(name) for name in ("mandatory_for", "roles", "careers", "legislation", "practice_model",
                                        "pcf_domains", "pcf_levels", "kss", "learning_outcomes",
                                        "reflection_prompts", "prerequisites")),
    Field("sessions", "list", False, "the course's sessions", [], label="sessions", item=SNAPSHOT_SESSION),
    Field("changes", "list", False, "the course's changes", [], label="changes", item=SNAPSHOT_CHANGE),
))
SNAPSHOT_COURSES = Field("courses.json", "map", rule="make release-snapshot", label="courses.json", fields=(
    Field("version", "int", True, "1, the version this portal writes", 1, label="version", maximum=1),
    Field("generated_from", "text", False, "where it was made from", "curricula/", label="generated from",
          max_length=200),
    Field("courses", "list", True, "the courses", [], label="courses", max_items=2000, item=SNAPSHOT_COURSE),
))
SNAPSHOT_LEDGER = Field("ledger.json", "map", rule="make release-snapshot", label="ledger.json", fields=(
    Field("version", "int", True, "1, the version this portal writes", 1, label="version", maximum=1),
    Field("entries", "table", True, "page: {citation, status, as_at}", label="entries", keys="path",
          item=Field("entry", "map", label="entry", item_shape="citation:, status: and as_at:", fields=(
              Field("citation", "text", True, "the citation", "Children Act 1989 (c. 41)", label="citation",
                    max_length=300),
              Field("status", "text", True, "a status id", "in-force", label="status", max_length=40),
              Field("as_at", "text", True, "YYYY-MM-DD", "2026-11-24", label="as at", max_length=10),
          ))),
))


def load_readers(root: Path) -> tuple[list[Reader], list[Finding]]:
    """data/readers.yml: id -> {label, tags, audiences, kinds}, checked
    against its declaration (READERS). ``kinds`` are kinds of change
    (KIND_LABELS) every one of which is for the reader."""
    loaded = load_file(root / READERS_FILE, root)
    if loaded.findings:
        return [], loaded.findings
    holder = LineMap({"readers": loaded.data})
    holder.line, holder.lines = 1, {"readers": getattr(loaded.data, "line", 1) or 1}
    wrapper = Field("readers-file", "map", fields=(READERS,))
    findings = list(fields.check(READERS_FILE, holder, wrapper, _context(), what="readers"))
    if findings:
        return [], findings
    return [Reader(str(rid), value["label"], tuple(value.get("tags") or ()), tuple(value.get("audiences") or ()),
                   tuple(value.get("kinds") or ())) for rid, value in loaded.data.items()], []


def load_snapshot(root: Path, *, today: dt.date | None = None) -> tuple[Snapshot, list[Finding]]:
    """releases/previous/: release.yml (released: date), courses.json and
    ledger.json, each checked against its declaration (RELEASE,
    SNAPSHOT_COURSES, SNAPSHOT_LEDGER) and read through the one gate
    (esca.core.sources). A missing file means "nothing to compare with"; a broken
    one is a finding and is not compared with. With ``today`` (the site's
    day), a release dated after it is a finding too (fifth blind attack, B17):
    make release-snapshot dates it with the site's day, so a later date was
    written by hand, and would date every change note from the future."""
    folder = root / SNAPSHOT_DIR
    findings: list[Finding] = []
    released = None
    release_file = folder / "release.yml"
    if release_file.exists() or release_file.is_symlink():
        loaded = load_file(release_file, root)
        problems = loaded.findings or list(fields.check(f"{SNAPSHOT_DIR}/release.yml", loaded.data, RELEASE,
                                                        _context(), what="release"))
        if not problems and today is not None and loaded.data["released"] > today:
            problems = [Finding(f"{SNAPSHOT_DIR}/release.yml", loaded.data.line_of("released"), "released",
                                f"is after the site's day ({today.isoformat()})",
                                "write the day the release was made, or run make release-snapshot again after "
                                "the release (it writes the site's day)", loaded.data["released"].isoformat())]
        findings += problems
        released = None if problems else loaded.data["released"]
    courses = _read_json(folder / "courses.json", root, findings, SNAPSHOT_COURSES)
    ledger = _read_json(folder / "ledger.json", root, findings, SNAPSHOT_LEDGER)
    return Snapshot(released, {c["id"]: dict(c) for c in courses["courses"]} if courses is not None else None,
                    {k: dict(v) for k, v in ledger["entries"].items()} if ledger is not None else None), findings


def _context() -> fields.Context:
    return fields.Context(choices={"change-kinds": tuple(KIND_LABELS)}, today=dt.date.max)


def _read_json(file: Path, root: Path, findings: list, schema: Field):
    """A JSON file of the previous release, checked against ``schema``, or None."""
    if not (file.exists() or file.is_symlink()):
        return None
    rel = file.relative_to(root).as_posix()
    read = read_text(file, root, max_bytes=4 * MAX_DATA_BYTES)
    if read.finding:
        findings.append(read.finding)
        return None
    try:
        data = json.loads(read.text)
    except ValueError as error:
        findings.append(Finding(rel, getattr(error, "lineno", None), "json", "not valid JSON",
                                "run make release-snapshot again"))
        return None
    except RecursionError:
        findings.append(Finding(rel, 1, "json", "nested too deeply to read", "run make release-snapshot again"))
        return None
    problems = list(fields.check(rel, _lined(data), schema, _context(), what=schema.name))
    findings += problems
    return None if problems else data


def _lined(value: Any, depth: int = 0) -> Any:
    """JSON data as the field library reads it (every line 1: JSON files of
    the portal's own are one value per line, but a finding names the field)."""
    if depth > 50:
        return None
    if isinstance(value, dict):
        out = LineMap({k: _lined(v, depth + 1) for k, v in value.items()})
        out.line, out.lines = 1, {k: 1 for k in value}
        return out
    if isinstance(value, list):
        out = LineList([_lined(v, depth + 1) for v in value])
        out.line, out.lines = 1, [1] * len(value)
        return out
    return value


# --- the changes ------------------------------------------------------------

def readers_for(tags: Iterable[str] = (), audiences: Iterable[str] = (), readers: Iterable[Reader] = (),
                kind: str = "") -> tuple[str, ...]:
    """The readers a change is for: by its page's tags, its course's
    audiences, or its kind of change."""
    tags, audiences = set(tags), set(audiences)
    return tuple(r.id for r in readers if tags & set(r.tags) or audiences & set(r.audiences) or kind in r.kinds)


def page_items(pages: Iterable[Any], readers: list[Reader]) -> Iterator[Item]:
    """Each ``changes:`` note on a page (governance PageRecords)."""
    for record in pages:
        for change in record.changes:
            yield Item(change.date, "page", record.title, record.src, change.note,
                       readers_for(record.tags, (), readers, "page"), key=f"page:{record.src}")


def ledger_json(pages: Iterable[Any]) -> str:
    """legislation/ledger.json: each ledger entry's citation, status and "as
    at" date, for the next release to compare with."""
    entries = {r.src: {"citation": r.ledger.citation, "status": r.ledger.status, "as_at": r.ledger.as_at.isoformat()}
               for r in sorted(pages, key=lambda r: r.src) if r.ledger}
    return json.dumps({"version": LEDGER_VERSION, "entries": entries}, ensure_ascii=False, indent=1) + "\n"


def ledger_items(pages: Iterable[Any], previous: dict[str, dict] | None, statuses: dict[str, str],
                 readers: list[Reader]) -> Iterator[Item]:
    """Ledger entries whose status or "as at" date differ from the previous
    release's; dated by the entry's "as at" date."""
    if previous is None:
        return
    for record in pages:
        ledger = record.ledger
        if ledger is None:
            continue
        old = previous.get(record.src)
        notes = []
        if old is None:
            notes.append(f"Added to the legislation ledger, {statuses.get(ledger.status, ledger.status).lower()}.")
        else:
            if old.get("status") != ledger.status:
                notes.append(f"Status changed from {statuses.get(old.get('status'), str(old.get('status'))).lower()} "
                             f"to {statuses.get(ledger.status, ledger.status).lower()}.")
            if old.get("as_at") != ledger.as_at.isoformat():
                notes.append(f"Summary now checked against the law as at {long_date(ledger.as_at)}.")
        if notes:
            yield Item(ledger.as_at, "legislation", ledger.citation, record.src, " ".join(notes),
                       readers_for(record.tags, (), readers, "legislation"), key=f"ledger:{record.src}")


def course_items(current: list[dict], previous: dict[str, dict] | None, released: dt.date | None,
                 readers: list[Reader]) -> Iterator[Item]:
    """Courses added, changed or retired since the previous release, by
    comparing courses.json with the previous release's. A course is dated by
    its newest change note; one that is gone, by the previous release."""
    if previous is None:
        return
    now = {c["id"]: c for c in current}
    for cid, course in sorted(now.items()):
        old = previous.get(cid)
        date = _newest_change(course) or released
        if date is None:
            continue
        audience = course.get("audience", ())
        url = f"cpd/courses/{cid}.md"
        if old is None:
            yield Item(date, "course-added", course["title"], url, _note(course, released, "New course."),
                       readers_for((), audience, readers, "course-added"), key=f"course:{cid}")
        elif course.get("status") == "retired" and old.get("status") != "retired":
            yield Item(date, "course-retired", course["title"], url, _note(course, released, "Retired."),
                       readers_for((), audience, readers, "course-retired"), key=f"course:{cid}")
        else:
            fields = sorted(k for k in set(course) | set(old) if k not in COMPARED_OUT and course.get(k) != old.get(k))
            if fields:
                default = "Changed: " + ", ".join(f.replace("_", " ") for f in fields) + "."
                yield Item(date, "course-changed", course["title"], url, _note(course, released, default),
                           readers_for((), audience, readers, "course-changed"), key=f"course:{cid}")
    for cid, old in sorted(previous.items()):
        if cid not in now and released is not None:
            yield Item(released, "course-retired", old.get("title", cid), "cpd/catalogue.md",
                       "No longer offered: removed from the portal since this release.",
                       readers_for((), old.get("audience", ()), readers, "course-retired"), key=f"course:{cid}")


def check_review_dates(records: dict[str, Any], texts: dict[str, str], rel_of) -> list[Finding]:
    """A page's review date moves with its changes: a page whose newest
    ``changes:`` note is dated after its ``last_reviewed`` is a finding (a
    correction is a change, and a corrected page has been reviewed). Also
    reports change notes worded for maintainers rather than readers."""
    findings = []
    for src in sorted(records):
        record = records[src]
        if src not in texts or not record.changes or record.last_reviewed is None:
            continue
        text = texts[src]
        newest = max(change.date for change in record.changes)
        if newest > record.last_reviewed:
            line = line_of(text, ("\nlast_reviewed:",))  # the line before it, where its newline is
            findings.append(Finding(rel_of(src), line + 1 if line else None, "last_reviewed",
                                    f"older than the page's newest change ({newest.isoformat()})",
                                    "set last_reviewed to the date of the change", record.last_reviewed.isoformat()))
        findings += check_notes(rel_of(src), text, record.changes)
    return findings


def check_notes(rel: str, text: str, changes: Iterable[Any]) -> list[Finding]:
    """A change note is for readers: it says what changed for them, not what
    the portal's maintainers did (MAINTAINER_WORDING)."""
    findings = []
    for change in changes:
        flat = " ".join(change.note.split()).lower()
        hits = [w for w in MAINTAINER_WORDING if re.search(rf"\b{re.escape(w)}\b", flat)]
        if hits:
            findings.append(Finding(rel, line_of(text, (change.note[:40],)), "changes.note",
                                    f"written for maintainers ('{hits[0]}')",
                                    "say what changed for the reader, e.g. 'Now says how to …'", change.note))
    return findings


def collect(pages: dict[str, Any], courses: list[dict], snapshot: Snapshot, statuses: dict[str, str],
            readers: list[Reader]) -> list[Item]:
    """Every change, newest first (then by title)."""
    records = [pages[k] for k in sorted(pages)]
    items = [*page_items(records, readers), *ledger_items(records, snapshot.ledger, statuses, readers),
             *course_items(courses, snapshot.courses, snapshot.released, readers)]
    return sorted(items, key=lambda i: (-i.date.toordinal(), i.title.lower(), i.kind))


# --- output -----------------------------------------------------------------

def generate(records: dict[str, Any], cur: Any, statuses: dict[str, str], readers: list[Reader],
             snapshot: Snapshot | None, site_url: str = "", directory_urls: bool = True,
             courses_json: str | None = None) -> dict[str, str]:
    """The page, the feed and this build's ledger.json, from the site model's
    page records (source pages) and curricula. ``courses_json`` is this
    build's courses.json when it is already written (else it is made here)."""
    snapshot = snapshot or Snapshot(None, None, None)
    courses = json.loads(courses_json or feeds.courses_json(cur, site_url))["courses"]
    items = collect(records, courses, snapshot, statuses, readers)
    return {PAGE: page_markdown(items, readers, snapshot, directory_urls),
            FEED: atom(items, site_url, readers, snapshot, directory_urls),
            LEDGER_JSON: ledger_json(records.values())}


def page_markdown(items: list[Item], readers: list[Reader], snapshot: Snapshot, directory_urls: bool = True) -> str:
    """The What's changed page: a filterable list (complete without JavaScript)."""
    newest = items[0].date if items else (snapshot.released or dt.date(2026, 12, 1))
    lines = ["---", "owner: esca", f"last_reviewed: {newest.isoformat()}",
             f"review_due: {(newest + dt.timedelta(days=365)).isoformat()}",
             "tags: [New staff, Councillors, Recruits, Trainers]", *questions.front_matter(QUESTIONS),
             "---", "", "# What's changed", "",
             "Changes to the portal, newest first: pages with a note of what changed, legislation summaries "
             "checked against a newer version of the law, and courses added, changed or retired.", ""]
    if snapshot.released:
        lines += [f"Courses and the legislation ledger are compared with the release of "
                  f"{long_date(snapshot.released)}.", ""]
    feed = posixpath.relpath(FEED, posixpath.dirname(page_url(PAGE, directory_urls)) or ".")
    lines += [f'You can also follow these changes in a feed reader: <a href="{feed}">Atom feed of what\'s '
              "changed</a>.", "",
              '<div class="esca-filter" data-esca-filter data-noun="change">',
              '<form class="esca-filter__form" hidden>',
              '<div class="esca-filter__field"><label for="change-reader">Show changes for</label>'
              '<select id="change-reader" data-filter-key="reader"><option value="">Everyone</option>']
    lines += [f'<option value="{html.escape(r.id)}">{html.escape(r.label)}</option>' for r in readers]
    lines += ["</select></div>", '<p class="esca-filter__status" role="status" aria-live="polite"></p>',
              # Shown only with JavaScript, with the form: what an empty choice means.
              "<p>Choosing a group of readers shows only the changes marked for them. If no changes are shown, "
              "nothing marked for that group has changed in this list: choose Everyone to see every change.</p>",
              "</form>"]
    if not items:
        lines += ["<p>No changes are recorded yet.</p>", "</div>", ""]
        return "\n".join(lines)
    # The list is left out of search: it names every topic, so a question about
    # any topic found this page first ("domestic abuse training for social
    # workers"); the page is found by its title, opening and questions.
    lines.append('<ul class="esca-filter__items esca-changes" data-search-exclude>')
    for item in items:
        lines.append(
            f'<li data-reader="{html.escape(" ".join(item.readers))}">'
            f'<strong>{long_date(item.date)}</strong> · {html.escape(KIND_LABELS[item.kind])}: '
            f'<a href="{html.escape(page_href(PAGE, item.src, directory_urls))}">{html.escape(item.title)}</a>. {html.escape(item.note)}</li>')
    lines += ["</ul>", "</div>", ""]
    return "\n".join(lines)


def atom(items: list[Item], site_url: str, readers: list[Reader], snapshot: Snapshot,
         directory_urls: bool = True) -> str:
    """An Atom 1.0 feed (RFC 4287): feed id, title, updated, author and links;
    each entry's id, title, updated, link and summary. Every text is escaped
    for XML and stripped of characters XML cannot hold."""
    base = site_url or ""
    labels = {r.id: r.label for r in readers}
    newest = items[0].date if items else (snapshot.released or dt.date(2026, 12, 1))
    feed_id = f"{base}{page_url(PAGE, True)}" if base else "urn:esca-portal:whats-changed"
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">',
           f"  <id>{_x(feed_id)}</id>", "  <title>ESCA Learning Portal: what's changed</title>",
           f"  <updated>{newest.isoformat()}T00:00:00Z</updated>",
           "  <author><name>Essex Social Care Academy (ESCA)</name></author>"]
    if base:
        out += [f'  <link rel="self" type="application/atom+xml" href={quoteattr(base + FEED)}/>',
                f'  <link rel="alternate" type="text/html" href={quoteattr(base + page_url(PAGE, directory_urls))}/>']
    for item in items:
        entry_id = f"urn:esca-portal:change:{item.key or item.src}:{item.date.isoformat()}:{item.kind}"
        out += ["  <entry>", f"    <id>{_x(entry_id)}</id>",
                f"    <title>{_x(KIND_LABELS[item.kind] + ': ' + item.title)}</title>",
                f"    <updated>{item.date.isoformat()}T00:00:00Z</updated>",
                f'    <link rel="alternate" type="text/html" href={quoteattr(_clean(base + page_url(item.src, directory_urls)))}/>',
                f"    <summary>{_x(item.note)}</summary>"]
        out += [f"    <category term={quoteattr(r)} label={quoteattr(labels.get(r, r))}/>" for r in item.readers]
        out.append("  </entry>")
    out.append("</feed>")
    return "\n".join(out) + "\n"


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _newest_change(course: dict) -> dt.date | None:
    dates = []
    for change in course.get("changes", ()):
        try:
            dates.append(dt.date.fromisoformat(change["date"]))
        except (KeyError, TypeError, ValueError):
            continue
    return max(dates) if dates else None


def _note(course: dict, released: dt.date | None, default: str) -> str:
    """The course's newest change note when it is newer than the release."""
    newest = _newest_change(course)
    if newest and (released is None or newest > released):
        note = next(c["note"] for c in course["changes"] if c.get("date") == newest.isoformat())
        return " ".join(str(note).split())
    return default


def escape(text: str) -> str:
    """Text safe in XML content (&, < and >)."""
    return html.escape(text, quote=False)


def quoteattr(text: str) -> str:
    """An XML attribute value in double quotes (&, <, > and " escaped)."""
    return '"' + html.escape(text, quote=True).replace("&#x27;", "'") + '"'


def _clean(text: str) -> str:
    return _XML_BAD.sub("", text)


def _x(text: str) -> str:
    return escape(_clean(text))
