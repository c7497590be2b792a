"""Every output channel escaped at its one writing point, for any value
(issue 24, point 3): Hypothesis generates the values, not a list of examples.

- Calendar (RFC 5545): any title and venue stay one event's SUMMARY and
  LOCATION, read back equal (less the control characters TEXT may not hold),
  on physical lines of at most 75 octets.
- CSV: any cell reads back as itself, or as itself after one ``'`` when it
  starts like a formula; every cell quoted.
- JSON: any data reads back equal, and its text holds no ``<``, ``>``, ``&``
  or line separator, so it can be inlined in HTML (the course pages' JSON-LD
  goes through the same function).
- Findings (the build log): any field name and value give one line, whose
  field and value show at most their first 120 and 80 characters.
- File names: whatever id passes the course id's pattern gives calendar
  names in the published alphabet (esca.core.sources.publishable), and any name
  with a character outside that alphabet is refused.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from esca.core import sources
from esca.core.findings import Finding, one_line
from esca.core.fields import PATTERNS
from esca.curricula import calendars, feeds, render
from esca.curricula.model import Course, Curricula, Session

# Any character, the awkward ones often: breaks, separators, RFC 5545 specials, markup.
AWKWARD = "\r\n\x0b\x0c\x85\u2028\u2029\x00\x1b\x7f\t;,:\\\"'<>&=+-@`/ é€😀"
text = st.text(alphabet=st.one_of(st.characters(codec="utf-8"), st.sampled_from(AWKWARD)), max_size=200)


def _course(title: str, venue: str, cid: str = "c") -> Curricula:
    course = Course(id=cid, title=title, summary=title, status="active", audience=("all",), practice_model=(),
                    pcf_domains=(), pcf_levels=(), learning_outcomes=(title,), reflection_prompts=(),
                    delivery_mode="online", duration_minutes=60, cpd_hours=1.0, provider="esca", owner="esca",
                    last_reviewed=dt.date(2026, 11, 1), review_due=dt.date(2027, 5, 1), changes=(),
                    sessions=(Session(dt.datetime(2027, 1, 5, 9, 30), dt.datetime(2027, 1, 5, 12, 30), 20, venue),))
    return Curricula(courses={cid: course})


def _as_ics_reads(value: str) -> str:
    """What a calendar reader gets back: line breaks as LF, other controls gone."""
    value = re.sub("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]", "\n", value)
    return "".join(c for c in value if c in "\t\n" or (ord(c) >= 32 and c != "\x7f"))


@settings(max_examples=150, deadline=None)
@given(title=text, venue=text)
def test_any_text_stays_one_calendar_event(title, venue):
    raw = feeds.sessions_ics(_course(title, venue))
    lines = raw.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert b"\r" not in raw.replace(b"\r\n", b"") and b"\n" not in raw.replace(b"\r\n", b"")
    unfolded = raw.decode("utf-8").replace("\r\n ", "").split("\r\n")
    assert all(re.match(r"[A-Z][A-Z-]*[;:]", line) for line in unfolded if line), unfolded
    (event,) = Calendar.from_ical(raw).walk("VEVENT")
    assert str(event["summary"]) == _as_ics_reads(title)
    assert str(event["location"]) == _as_ics_reads(venue)


long_text = st.text(alphabet=st.one_of(st.characters(codec="utf-8"), st.sampled_from(AWKWARD)), max_size=3000)


@settings(max_examples=150, deadline=None)
@given(field=long_text, value=long_text | st.lists(long_text, max_size=3))
def test_any_field_and_value_make_one_finding_line_of_bounded_length(field, value):
    """Fourth blind attack, A32: a finding echoed an 800 KB key as its field,
    in one 808,150-character line. A field shows at most 120 characters, a
    value 80, each escaped (an escape is at most 6 characters)."""
    line = str(Finding("c.yml", 3, field, "unknown field", "remove it", value))
    assert "\n" not in line and "\r" not in line
    assert len(line) <= len("c.yml:3: : unknown field:  — remove it") + 6 * 120 + 6 * 80
    shown = field if len(field) <= 120 else field[:119] + "…"
    assert line.startswith(one_line(f"c.yml:3: {shown}: unknown field: "))


@settings(max_examples=150, deadline=None)
@given(cells=st.lists(text, min_size=1, max_size=5))
def test_any_cell_reads_back_and_never_starts_a_formula(cells):
    written = feeds.csv_text([cells])
    assert written.startswith('"')
    (row,) = list(csv.reader(io.StringIO(written, newline="")))
    for cell, read in zip(cells, row, strict=True):
        assert read == ("'" + cell if cell.startswith(feeds.CSV_FORMULA_STARTS) else cell)
        assert not read.startswith(feeds.CSV_FORMULA_STARTS)


json_data = st.recursive(st.none() | st.booleans() | st.integers() | text,
                         lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
                         max_leaves=12)


@settings(max_examples=150, deadline=None)
@given(data=json_data, indent=st.sampled_from([None, 2]))
def test_any_json_reads_back_and_can_be_inlined_in_html(data, indent):
    written = feeds.json_text(data, indent=indent)
    assert json.loads(written) == data
    assert not any(char in written for char in "<>&\x7f\x85\x9f\u2028\u2029")


@settings(max_examples=60, deadline=None)
@given(title=text)
def test_a_course_pages_structured_data_is_data_whatever_the_title(title):
    cur = _course(title, "x")
    cur = dataclasses.replace(cur, vocab={"providers": {"esca": "ESCA"}, "audiences": {"all": "All staff"}})
    block = render.json_ld(cur.courses["c"], cur)
    body = block.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in body and json.loads(body)["name"] == title


@settings(max_examples=150, deadline=None)
@given(cid=st.from_regex(PATTERNS["slug"], fullmatch=True).filter(lambda s: len(s) <= 60))
def test_every_id_a_course_may_have_gives_publishable_file_names(cid):
    names = calendars.course_calendars(_course("T", "x", cid))
    assert names and all(sources.publishable(name) for name in names), names


@given(name=text.filter(lambda s: "/" not in s))  # one name; a path is names joined by "/"
def test_a_name_outside_the_alphabet_is_never_published(name):
    # A '/' makes a path: each of its names must be in the alphabet ('0/0' is two good names).
    allowed = all(re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9._-]{0,99}", part) for part in name.split("/"))
    assert sources.publishable(name) == allowed
    assert not sources.publishable(f"cpd/{name}/x") or allowed


def test_names_the_gate_refuses():
    for name in ("", "a b", "../x", ".hidden", "-opt", "cpd//x", "café", "раде", "a\nb", "a/", "x" * 101):
        assert not sources.publishable(name), name
    assert sources.publishable("cpd/calendar/new-course-20270105T0930.ics")
