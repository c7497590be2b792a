"""Course validators: one per rule, each yielding findings.

Every message a trainer can see is declared in ``MESSAGES`` (problem and
fix), so the trainer guide lists them all from here.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Iterator

from esca.curricula.model import BOOKING_EMAIL, BOOKING_URL, FIELDS, PROGRAMME, SESSION_FIELDS, SLUG, STATUSES, Field
from esca.findings import Finding, did_you_mean, fix_or_choices, text_problem
from esca.questions import FIX as QUESTION_FIX, question_problem
from esca.safeyaml import LineList, LineMap

# problem -> fix, for every kind of message; {placeholders} are filled in
# (str.format: a literal brace is written twice).
MESSAGES: dict[str, tuple[str, str]] = {
    "not-mapping": ("a {what} file must be a list of 'field: value' lines",
                    "remove the leading '- ' so each field starts at the left margin"),
    "unknown-field": ("unknown field", "{hint}"),
    "missing": ("required field is missing", "add {name}: (see the field reference)"),
    "slug": ("must be lower-case words joined by hyphens", "write it like reflective-supervision"),
    "id-file": ("must be the same as the file name", "rename the file to {value}.yml or change the id to {stem}"),
    "duplicate-id": ("is used by another course", "give each course its own id (the other is {other})"),
    "text": ("must be text", "write it as text on one line, or use >- for longer text"),
    "too-long": ("is {length} characters, over the limit of {limit}", "shorten it"),
    "invisible": ("is empty or only invisible characters", "write the text"),
    "bidi": ("contains bidirectional control characters, which can make text read differently from what it is",
             "type the text again without them"),
    "too-big": ("is more than the limit of {maximum}", "check the number"),
    "status": ("must be one of draft, active, paused or retired", "{hint}"),
    "list": ("must be a list", "write one '- value' line per item, or [a, b]"),
    "too-few": ("needs at least {minimum} items", "add more"),
    "too-many": ("has {count} items, more than {maximum}", "keep the {maximum} most important"),
    "vocab": ("is not in {where}", "{hint}"),
    "reference": ("no such {kind}", "{hint}"),
    "int": ("must be a whole number of minutes above 0", "write minutes as a number, e.g. 180"),
    "number": ("must be a positive number", "write hours as a number, e.g. 3"),
    "date": ("not a real date in the form YYYY-MM-DD", "write the date as YYYY-MM-DD, e.g. 2026-11-24"),
    "future": ("is in the future", "use the date the course was actually reviewed"),
    "review-order": ("is not after last_reviewed", "set a date after {after}"),
    "mandatory-audience": ("is not in audience", "add {value} to audience, or remove it here"),
    "self-prerequisite": ("a course cannot be its own prerequisite", "remove it"),
    "cycle": ("prerequisites go round in a circle: {path}", "remove one of these prerequisites"),
    "session": ("each session must be a mapping", "write start:, end:, venue: (or online: true) and capacity:"),
    "session-field": ("unknown session field", "{hint}"),
    "datetime": ("not a date and time in the form YYYY-MM-DDTHH:MM", "write it like 2027-02-03T09:30"),
    "session-order": ("ends before it starts", "check the start and end times"),
    "where": ("needs a venue or online: true", "add venue: Name of venue, or online: true"),
    "capacity": ("must be a whole number above 0", "write the number of places, e.g. 20"),
    "booking": ("is needed when a course has sessions", "add booking: with how to book"),
    "booking-route": ("must be an email address or an https:// link on a reviewed host",
                      "write an email address, or an https:// link to a host listed in data/allowed-hosts.yml"),
    "change": ("each change must have date: and note:", "write - {{date: 2026-11-24, note: What changed}}"),
    "change-order": ("changes must be newest first", "move the newest change to the top"),
    "question": ("{problem}", QUESTION_FIX),
}
# Rules for each item of a text list beyond "text that shows", by field:
# readers' questions follow the one rule pages follow too (esca.questions).
ITEM_RULES = {"questions": question_problem}


@dataclass
class Context:
    """What validators need to know beyond the file itself."""

    vocab: dict[str, dict[str, str]]
    pages: dict[str, set[str]]  # role, career, legislation -> page ids
    today: dt.date
    hosts: frozenset[str] = frozenset()  # data/allowed-hosts.yml, for booking links


def finding(rel: str, line: int, field: str, key: str, value: object = None, **slots) -> Finding:
    problem, fix = MESSAGES[key]
    slots.setdefault("value", value)
    kwargs = {"path": rel, "line": line, "field": field, "problem": problem.format(**slots), "fix": fix.format(**slots)}
    if value is not None:
        kwargs["value"] = value if not isinstance(value, (dt.date, dt.datetime)) else value.isoformat()
    return Finding(**kwargs)


def check_course(rel: str, stem: str, data: object, ctx: Context) -> Iterator[Finding]:
    """Every rule for one course file, in field order."""
    yield from check_fields(rel, stem, data, ctx, FIELDS, what="course")
    if isinstance(data, LineMap):
        yield from check_mandatory_in_audience(rel, data)
        yield from check_booking(rel, data)


def check_programme(rel: str, stem: str, data: object, ctx: Context, course_ids: set[str]) -> Iterator[Finding]:
    """Every rule for one programme file: the programme model, and every
    course it lists exists."""
    yield from check_fields(rel, stem, data, ctx, PROGRAMME, what="programme")
    courses = data.get("courses") if isinstance(data, LineMap) else None
    if isinstance(courses, list):
        lines = courses.lines if isinstance(courses, LineList) else [data.line_of("courses")] * len(courses)
        for item, line in zip(courses, lines):
            if isinstance(item, str) and item not in course_ids:
                yield finding(rel, line, "courses", "reference", item, kind="course",
                              hint=fix_or_choices(item, course_ids, "course ids"))


def check_fields(rel: str, stem: str, data: object, ctx: Context, fields: tuple[Field, ...],
                 *, what: str) -> Iterator[Finding]:
    """The rules every data file with a model shares: a mapping, only known
    fields, required fields present, each value valid, id = file name, and
    the review dates in order."""
    if not isinstance(data, LineMap):
        yield finding(rel, getattr(data, "line", 1) or 1, what, "not-mapping", what=what)
        return
    yield from check_unknown_fields(rel, data, fields)
    yield from check_required(rel, data, fields)
    for spec in fields:
        if spec.name in data:
            yield from check_field(rel, data, spec, ctx)
    yield from check_id_matches_file(rel, stem, data)
    yield from check_review_order(rel, data, ctx)


def check_unknown_fields(rel: str, data: LineMap, fields: tuple[Field, ...] = FIELDS) -> Iterator[Finding]:
    """Only the fields in the model are allowed; a typo would be silently lost."""
    names = [f.name for f in fields]
    for key in data:
        if key not in names:
            hint = did_you_mean(str(key), names) or "remove it, or see the field reference for the names"
            yield finding(rel, data.line_of(key), str(key), "unknown-field", hint=hint)


def check_required(rel: str, data: LineMap, fields: tuple[Field, ...] = FIELDS) -> Iterator[Finding]:
    """Every required field is present."""
    for spec in fields:
        if spec.required and spec.name not in data:
            yield finding(rel, data.line, spec.name, "missing", name=spec.name)


def check_field(rel: str, data: LineMap, spec: Field, ctx: Context) -> Iterator[Finding]:
    """The value of one field has the right type, length and vocabulary."""
    value, line = data[spec.name], data.line_of(spec.name)
    kind = spec.kind
    if kind == "slug":
        if not isinstance(value, str) or not re.match(SLUG, value):
            yield finding(rel, line, spec.name, "slug", value)
    elif kind == "text":
        yield from _text(rel, line, spec, value)
    elif kind == "status":
        if value not in STATUSES:
            yield finding(rel, line, spec.name, "status", value, hint=fix_or_choices(value, STATUSES, "statuses"))
    elif kind == "vocab":
        yield from _vocab(rel, line, spec, value, ctx)
    elif kind in ("vocab-list", "ref-list", "text-list"):
        yield from _list(rel, line, spec, value, ctx)
    elif kind == "int":
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            yield finding(rel, line, spec.name, "int", value)
        elif spec.maximum is not None and value > spec.maximum:
            yield finding(rel, line, spec.name, "too-big", maximum=_number(spec.maximum))
    elif kind == "number":
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value) or value <= 0:
            yield finding(rel, line, spec.name, "number", value)
        elif spec.maximum is not None and value > spec.maximum:
            yield finding(rel, line, spec.name, "too-big", maximum=_number(spec.maximum))
    elif kind == "date":
        if not _is_date(value):
            yield finding(rel, line, spec.name, "date", value)
        elif spec.name == "last_reviewed" and value > ctx.today:
            yield finding(rel, line, spec.name, "future", value)
    elif kind == "booking":
        yield from check_booking_route(rel, line, spec, value, ctx)
    elif kind == "sessions":
        yield from check_sessions(rel, line, value)
        if isinstance(value, list) and spec.max_items is not None and len(value) > spec.max_items:
            yield finding(rel, line, spec.name, "too-many", count=len(value), maximum=spec.max_items)
    elif kind == "changes":
        yield from check_changes(rel, line, value)


def _text(rel, line, spec, value) -> Iterator[Finding]:
    if not isinstance(value, str) or not value.strip():
        yield finding(rel, line, spec.name, "text", value)
    elif _shown(value) is not None:
        yield finding(rel, line, spec.name, _shown(value), value)
    elif spec.max_length and len(value) > spec.max_length:
        yield finding(rel, line, spec.name, "too-long", length=len(value), limit=spec.max_length)


def _shown(value: str) -> str | None:
    """The message key when text would not show as written, else None."""
    problem = text_problem(value)
    if problem is None:
        return None
    return "bidi" if problem.startswith("contains") else "invisible"


def _vocab(rel, line, spec, value, ctx) -> Iterator[Finding]:
    choices = ctx.vocab.get(spec.vocab, {})
    if not isinstance(value, str) or value not in choices:
        where = vocab_file(spec.vocab)
        yield finding(rel, line, spec.name, "vocab", value, where=where,
                      hint=fix_or_choices(value, choices, f"ids in {where}"))


def vocab_file(name: str) -> str:
    """Where a vocabulary's ids are kept, as findings name it."""
    return "data/owners.yml" if name == "owners" else f"curricula/vocabularies/{name}.yml"


def _list(rel, line, spec, value, ctx) -> Iterator[Finding]:
    if not isinstance(value, list):
        yield finding(rel, line, spec.name, "list", value)
        return
    if len(value) < spec.min_items:
        yield finding(rel, line, spec.name, "too-few", minimum=spec.min_items)
    if spec.max_items is not None and len(value) > spec.max_items:
        yield finding(rel, line, spec.name, "too-many", count=len(value), maximum=spec.max_items)
    lines = value.lines if isinstance(value, LineList) else [line] * len(value)
    for item, item_line in zip(value, lines):
        if spec.kind == "text-list":
            if not isinstance(item, str) or not item.strip():
                yield finding(rel, item_line, spec.name, "text", item)
            elif _shown(item) is not None:
                yield finding(rel, item_line, spec.name, _shown(item), item)
            elif spec.name in ITEM_RULES and ITEM_RULES[spec.name](item):
                yield finding(rel, item_line, spec.name, "question", item, problem=ITEM_RULES[spec.name](item))
        elif spec.kind == "vocab-list":
            yield from _vocab(rel, item_line, spec, item, ctx)
        elif spec.kind == "ref-list" and spec.ref != "course":
            ids = ctx.pages.get(spec.ref, set())
            if not isinstance(item, str) or item not in ids:
                yield finding(rel, item_line, spec.name, "reference", item, kind=f"{spec.ref} page",
                              hint=fix_or_choices(item, ids, f"{spec.ref} page ids"))


def check_id_matches_file(rel: str, stem: str, data: LineMap) -> Iterator[Finding]:
    """The id is the file name, so a course is easy to find."""
    value = data.get("id")
    if isinstance(value, str) and re.match(SLUG, value) and value != stem:
        yield finding(rel, data.line_of("id"), "id", "id-file", value, stem=stem)


def check_review_order(rel: str, data: LineMap, ctx: Context) -> Iterator[Finding]:
    """The next review falls after the last one."""
    reviewed, due = data.get("last_reviewed"), data.get("review_due")
    if _is_date(reviewed) and _is_date(due) and due <= reviewed:
        yield finding(rel, data.line_of("review_due"), "review_due", "review-order", due, after=reviewed.isoformat())


def check_mandatory_in_audience(rel: str, data: LineMap) -> Iterator[Finding]:
    """A course can only be mandatory for people it is for."""
    audience, mandatory = data.get("audience"), data.get("mandatory_for")
    if isinstance(audience, list) and isinstance(mandatory, list):
        lines = mandatory.lines if isinstance(mandatory, LineList) else [data.line_of("mandatory_for")] * len(mandatory)
        for item, line in zip(mandatory, lines):
            if isinstance(item, str) and item not in audience:
                yield finding(rel, line, "mandatory_for", "mandatory-audience", item)


def check_booking(rel: str, data: LineMap) -> Iterator[Finding]:
    """A course with sessions says how to book them."""
    sessions = data.get("sessions")
    if isinstance(sessions, list) and sessions and not (isinstance(data.get("booking"), str) and data["booking"].strip()):
        yield finding(rel, data.line_of("sessions"), "booking", "booking")


def check_booking_route(rel: str, line: int, spec: Field, value, ctx: Context) -> Iterator[Finding]:
    """Booking is one email address, or an https:// link to a reviewed host
    (data/allowed-hosts.yml), so the button on the page goes somewhere safe."""
    problems = list(_text(rel, line, spec, value))
    if problems:
        yield from problems
        return
    url = re.fullmatch(BOOKING_URL, value.strip())
    if not (re.fullmatch(BOOKING_EMAIL, value.strip()) or (url and url.group(1).lower() in ctx.hosts)):
        yield finding(rel, line, spec.name, "booking-route", value)


def check_sessions(rel: str, line: int, value) -> Iterator[Finding]:
    """Each session has a start and end time (end after start), a venue or
    online: true, and a capacity."""
    if not isinstance(value, list):
        yield finding(rel, line, "sessions", "list", value)
        return
    for index, session in enumerate(value):
        where = f"sessions[{index + 1}]"
        if not isinstance(session, LineMap):
            yield finding(rel, value.line_of(index) if isinstance(value, LineList) else line, where, "session")
            continue
        for key in session:
            if key not in SESSION_FIELDS:
                yield finding(rel, session.line_of(key), f"{where}.{key}", "session-field",
                              hint=did_you_mean(str(key), SESSION_FIELDS) or f"use {', '.join(SESSION_FIELDS)}")
        times = {}
        for key in ("start", "end"):
            if key not in session:
                yield finding(rel, session.line, f"{where}.{key}", "missing", name=key)
                continue
            parsed = _datetime(session[key])
            if parsed is None:
                yield finding(rel, session.line_of(key), f"{where}.{key}", "datetime", session[key])
            else:
                times[key] = parsed
        if len(times) == 2 and times["end"] <= times["start"]:
            yield finding(rel, session.line_of("end"), f"{where}.end", "session-order", session["end"])
        if not (isinstance(session.get("venue"), str) and session["venue"].strip()) and session.get("online") is not True:
            yield finding(rel, session.line, where, "where")
        capacity = session.get("capacity")
        if not isinstance(capacity, int) or isinstance(capacity, bool) or capacity <= 0:
            yield finding(rel, session.line_of("capacity"), f"{where}.capacity", "capacity", capacity)


def check_changes(rel: str, line: int, value) -> Iterator[Finding]:
    """Change notes have a real date and a note, newest first."""
    if not isinstance(value, list):
        yield finding(rel, line, "changes", "list", value)
        return
    if not value:
        yield finding(rel, line, "changes", "too-few", minimum=1)
    dates = []
    for index, change in enumerate(value):
        item_line = value.line_of(index) if isinstance(value, LineList) else line
        if not isinstance(change, dict) or not isinstance(change.get("note"), str) or "date" not in change:
            yield finding(rel, item_line, f"changes[{index + 1}]", "change")
        elif not _is_date(change["date"]):
            yield finding(rel, item_line, f"changes[{index + 1}].date", "date", change["date"])
        else:
            dates.append((change["date"], item_line))
    for (newer, _), (older, older_line) in zip(dates, dates[1:]):
        if older > newer:
            yield finding(rel, older_line, "changes", "change-order")
            break


def check_prerequisites(courses: dict, lines: dict) -> Iterator[Finding]:
    """Prerequisites name real courses, never the course itself, and never go round in a circle."""
    for course_id, (rel, prereqs) in sorted(courses.items()):
        for item, line in prereqs:
            if item == course_id:
                yield finding(rel, line, "prerequisites", "self-prerequisite", item)
            elif not isinstance(item, str) or item not in courses:
                yield finding(rel, line, "prerequisites", "reference", item, kind="course",
                              hint=fix_or_choices(item, courses, "course ids"))
    graph = {cid: [p for p, _ in prereqs if p in courses and p != cid] for cid, (_, prereqs) in courses.items()}
    reported: set[frozenset] = set()
    for start in sorted(graph):
        path = _cycle_from(start, graph)
        if path and frozenset(path) not in reported:
            reported.add(frozenset(path))
            rel = courses[start][0]
            yield finding(rel, lines.get(start, 1), "prerequisites", "cycle", path=" → ".join(path + [path[0]]))


def _cycle_from(start: str, graph: dict) -> list[str] | None:
    stack = [(start, [start])]
    while stack:
        node, path = stack.pop()
        for nxt in graph.get(node, []):
            if nxt == start:
                return path
            if nxt not in path and len(path) < 50:
                stack.append((nxt, path + [nxt]))
    return None


def _number(value: float) -> str:
    return f"{value:g}"


def _is_date(value) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _datetime(value) -> dt.datetime | None:
    """A session time: London clock time, without an offset (an offset such as
    +05:00 would be published as if it were London time)."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is None else None
    if isinstance(value, str):
        try:
            return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M")
        except ValueError:
            return None
    return None
