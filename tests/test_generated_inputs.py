"""Generated hostile inputs in every declared field, built (issue 24).

Hypothesis puts markup, quotes, control and bidirectional characters,
template and CI-command text and huge values into every text field of a
page's front matter (walked from the declaration, esca.pages.governance.PAGE),
into the page's heading and body, and into every text field of a course
(esca.curricula.model.COURSE). Each example is one tiny-site build holding all
of them at once. On what it writes, read as a browser's parser reads it
(html.parser), nothing from the input is an element or an attribute, in any
page, feed, calendar, course list or search index; every problem is one
``path:line: field: what is wrong — how to fix it`` line, never a traceback.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import conftest
from esca.core import fields, sources
from esca.curricula.model import COURSE
from esca.pages import governance
from test_theme_text import MARK, hostile_parts

# Pieces an attacker would try; every element or attribute name among them
# starts with MARK, so one made from the input is found whatever it is.
PIECES = [
    f"<{MARK}x>", f"</title><{MARK}t>", f'"><{MARK}a {MARK}b=1>', f"'{MARK}c='", f"&lt;{MARK}e&gt;", "&amp;", "&",
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">', f"<img src=x {MARK}on=1>",
    f"<!--{MARK}-->", f"<![CDATA[<{MARK}d>]]>", "{{ config }}", "{% raw %}", "::error::x", "%0A::warning::y",
    "\x1b[31m", "\r\n", "\x00", "\u202e", "\u2028", "\x85", "`", "*", "_", "[x](javascript:alert(1))",
    "=cmd|' /C calc'!A0", "+1", "@SUM(1)", "-2", "\t", ";", ",", "\\", "BEGIN:VEVENT", "#", "---", "\n\n# H\n",
]
piece = st.sampled_from(PIECES)
hostile = st.one_of(
    st.lists(st.one_of(piece, st.text(alphabet="ab <>&\"'", max_size=6)), min_size=1, max_size=5).map("".join),
    st.builds(lambda p, n: "x" * n + p, piece, st.sampled_from([0, 80, 400, 5_000])),
)

FRONT_TEXT = [f.name for f in governance.PAGE.fields if f.kind == "text"]  # title, subtitle, description…
LIST_TEXT = [f.name for f in governance.PAGE.fields if f.kind == "list" and f.item and f.item.kind == "text"
             and f.name != "tags"]  # gaps, questions…
COURSE_TEXT = [f.name for f in COURSE.fields if f.kind == "text"]
COURSE_LIST_TEXT = [f.name for f in COURSE.fields if f.kind == "list" and f.item and f.item.kind == "text"]
LEDGER_TEXT = [f.name for f in fields.walk(governance.LEDGER) if f.kind == "text" and f.name != "amended_by"]
TEAM_TEXT = [f.name for f in governance.TEAM.fields if f.kind == "text"]

GOOD_COURSE = {
    "id": "new-course", "title": "A new course", "summary": "What it is.", "status": "active",
    "audience": ["social-worker"], "practice_model": ["systemic-practice"], "pcf_domains": ["knowledge"],
    "pcf_levels": ["social-worker"], "learning_outcomes": ["Explain one", "Use two", "Plan three"],
    "reflection_prompts": ["What changed?"], "delivery_mode": "face-to-face", "duration_minutes": 60,
    "cpd_hours": 1, "provider": "esca", "owner": "esca", "last_reviewed": dt.date(2026, 1, 5),
    "review_due": dt.date(2027, 1, 5), "changes": [{"date": dt.date(2026, 1, 5), "note": "First draft."}],
    "booking": "training@example.org",
    "sessions": [{"start": "2030-01-02T09:30", "end": "2030-01-02T12:00", "venue": "County Hall", "capacity": 20}],
}
FINDING = re.compile(r"^(?:hooks/[\w.-]+: )?[\w./ -]+:\d+: [^\n]+$")


def front(meta: dict) -> str:
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n\n"


def site_files(values: dict[str, str]) -> dict[str, str]:
    base = {"owner": "esca", "last_reviewed": dt.date(2026, 11, 1), "review_due": dt.date(2027, 5, 1)}
    page = {**base, **{name: values[name] for name in FRONT_TEXT},
            **{name: [values[name]] for name in LIST_TEXT},
            "changes": [{"date": dt.date(2026, 11, 1), "note": values["note"]}]}
    law = {**base, "legislation": {**{name: values[f"legislation.{name}"] for name in LEDGER_TEXT},
                                   "source_url": "https://www.legislation.gov.uk/ukpga/1989/41/contents",
                                   "as_at": dt.date(2026, 11, 1), "status": "in-force",
                                   "amended_by": [values["legislation.amended_by"]]}}
    team = {**base, "team": {**{name: values[f"team.{name}"] for name in TEAM_TEXT},
                             "age_groups": ["children"], "work": ["child-protection"]}}
    course = {**GOOD_COURSE, **{name: values[f"course.{name}"] for name in COURSE_TEXT if name != "booking"},
              **{name: [values[f"course.{name}"], "Use two", "Plan three"] for name in COURSE_LIST_TEXT}}
    return {
        "index.md": conftest.GOOD_META + "# Home\n\n[P](p.md) [L](legislation/l.md) [T](roles/t.md)\n",
        "p.md": front(page) + f"# {values['h1']}\n\n{values['body']}\n",
        "legislation/l.md": front(law) + "# Law\n\nText.\n",
        "roles/t.md": front(team) + "# Team\n\nText.\n",
        "curricula/courses/new-course.yml": yaml.safe_dump(course, sort_keys=False, allow_unicode=True),
    }


SLOTS = (["h1", "body", "note", *FRONT_TEXT, *LIST_TEXT, *(f"legislation.{n}" for n in LEDGER_TEXT),
          "legislation.amended_by", *(f"team.{n}" for n in TEAM_TEXT), *(f"course.{n}" for n in COURSE_TEXT),
          *(f"course.{n}" for n in COURSE_LIST_TEXT)])


def test_every_declared_text_field_gets_a_generated_value():
    assert {"title", "subtitle", "description"} <= set(FRONT_TEXT)
    assert {"gaps", "questions"} <= set(LIST_TEXT)
    assert {"title", "summary"} <= set(COURSE_TEXT) and "learning_outcomes" in COURSE_LIST_TEXT
    assert LEDGER_TEXT == ["citation"] and TEAM_TEXT == ["name", "ages"]


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.fixed_dictionaries({slot: hostile for slot in SLOTS}))
def test_nothing_from_a_field_becomes_markup_anywhere(tmp_path_factory, expected_warnings, values):
    build = conftest.tiny_site.__wrapped__(tmp_path_factory.mktemp("generated"))(site_files(values))
    conftest.COMMAND_BUILDS.clear()
    # Every problem is one finding line; never a traceback.
    assert build.returncode in (0, 1) and "Traceback" not in build.output, build.output[-3000:]
    for line in build.warnings:
        message = line.split("-  ", 1)[1]
        if message.startswith("hooks/"):
            assert FINDING.fullmatch(message) and " — " in message, message
    assert not any(line.lstrip().startswith("::") for line in build.output.splitlines())
    # Nothing from the input is an element or attribute, in any file a reader can open.
    # (The page's own article is its Markdown body and heading, where HTML is
    # allowed and the active-content rules apply: everything else is checked.)
    own = build.site / "p/index.html"
    published = [path.relative_to(build.site).as_posix() for path in build.site.rglob("*")]
    assert all(sources.publishable(name) for name in published), [n for n in published if not sources.publishable(n)]
    for path in build.site.rglob("*"):
        if path.suffix in (".html", ".xml"):
            text = path.read_text(encoding="utf-8")
            if path == own:
                text = re.sub(r"<article\b.*?</article>", "", text, flags=re.DOTALL)
            assert hostile_parts(text) == [], path
    index = json.loads((build.site / "search/search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        assert hostile_parts(f"<div>{doc['title']}</div><div>{doc['text']}</div>") == [], doc
    courses = build.site / "cpd/courses.json"
    if courses.exists():
        text = courses.read_text(encoding="utf-8")
        json.loads(text)
        assert "</" not in text and "\u2028" not in text
    table = build.site / "cpd/courses.csv"
    if table.exists():
        for row in csv.reader(io.StringIO(table.read_text(encoding="utf-8"))):
            assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row), row
    calendar = build.site / "cpd/sessions.ics"
    if calendar.exists():
        raw = calendar.read_bytes().decode("utf-8")
        assert all(len(line.encode("utf-8")) <= 75 for line in raw.split("\r\n")), "a line longer than 75 octets"
        unfolded = raw.replace("\r\n ", "").split("\r\n")
        assert all(re.match(r"^[A-Z][A-Z-]*[;:]", line) for line in unfolded if line), unfolded
        assert sum(line == "BEGIN:VEVENT" for line in unfolded) <= 1


@pytest.mark.parametrize("value", ["<zqx>", "a\x1bb", "a\u202eb", "x" * 5000, "a\u2028b"])
def test_a_hostile_front_matter_value_is_reported_at_its_line(value):
    text = front({"owner": "esca", "last_reviewed": dt.date(2026, 11, 1), "review_due": dt.date(2027, 5, 1),
                  "description": value}) + "# T\n"
    _, findings = governance.check_page("p.md", "docs/p.md", text, conftest_vocab(), today=dt.date(2026, 12, 1))
    assert [(f.line, f.field) for f in findings] == [(5, "description")], findings


def conftest_vocab():
    from esca.pages.governance import load_vocabularies

    return load_vocabularies(conftest.ROOT / "data", conftest.ROOT)[0]
