"""CPD curricula: validators, the broken fixture's complete findings, the
JSON Schema in lock-step with the model, feeds, escaping and the scaffold."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from icalendar import Calendar

from conftest import ROOT
from esca import site as site_model
from esca.curricula import feeds, render, schema
from esca.curricula.loader import VOCABULARIES, CurriculaError, load_curricula
from esca.curricula.model import FIELDS, STATUSES, Curricula
from esca.pages import governance
from tools.new_course import scaffold
from esca.core.safeyaml import load_file, load_text
from esca.core.clock import LONDON
from esca.core.fields import clock_change
from hypothesis import given, settings, strategies as st
from esca.curricula.validate import Context, check_course, check_programme

TODAY = dt.date(2026, 11, 24)
FIXTURES = ROOT / "tests/fixtures/curricula-broken"
PAGES = {"role": {"children-in-care"}, "career": {"asye"}, "legislation": {"children-act-1989"}}
GOOD = (FIXTURES / "courses/good-course.yml").read_text()
OWNERS_VOCAB = governance.load_vocabularies(ROOT / "data", ROOT)[0]
OWNERS = OWNERS_VOCAB.owners


def project(tmp_path: Path, courses: Path | None = None) -> Path:
    root = tmp_path / "root"
    shutil.copytree(ROOT / "curricula/vocabularies", root / "curricula/vocabularies")
    shutil.copytree(ROOT / "data", root / "data")
    (root / "curricula/programmes").mkdir(parents=True)
    if courses:
        shutil.copytree(courses, root / "curricula/courses")
    else:
        (root / "curricula/courses").mkdir()
    return root


def context() -> Context:
    root_vocab = {}
    for name in VOCABULARIES:
        root_vocab[name] = {str(k): str(v) for k, v in load_file(ROOT / f"curricula/vocabularies/{name}.yml", ROOT).data.items()}
    root_vocab["owners"] = {str(k): "" for k in load_file(ROOT / "data/owners.yml", ROOT).data}
    return Context(vocab=root_vocab, pages=PAGES, today=TODAY)


# One row per rule: a change to the good course and the finding it must give.
RULES = [
    ("valid", lambda t: t, []),
    ("cpd hours as words", lambda t: t.replace("cpd_hours: 1", "cpd_hours: three"),
     ["c.yml:13: cpd_hours: must be a positive number: 'three' — write a number, e.g. 3"]),
    ("zero minutes", lambda t: t.replace("duration_minutes: 60", "duration_minutes: 0"),
     ["c.yml:12: duration_minutes: must be a whole number above 0: 0 — write a number, e.g. 180"]),
    ("unknown field", lambda t: t + "sumary: x\n",
     ["c.yml:20: sumary: unknown field — did you mean 'summary'?"]),
    ("missing field", lambda t: t.replace("provider: esca\n", ""),
     ["c.yml:1: provider: required field is missing — add provider: (who runs it)"]),
    ("bad slug", lambda t: t.replace("id: good-course", "id: Good Course"),
     ["c.yml:1: id: must be lower-case words joined by hyphens: 'Good Course' — write it like reflective-supervision"]),
    ("id is not the file name", lambda t: t.replace("id: good-course", "id: other-course"),
     ["c.yml:1: id: must be the same as the file name: 'other-course' — rename the file to other-course.yml or change the id to c"]),
    ("summary too long", lambda t: t.replace("summary: A course with nothing wrong, used by other fixtures.", "summary: " + "x" * 301),
     ["c.yml:3: summary: is 301 characters, over the limit of 300 — shorten it"]),
    ("unknown status", lambda t: t.replace("status: active", "status: live"),
     ["c.yml:4: status: must be one of draft, active, paused or retired: 'live' — did you mean 'active'?"]),
    ("outside a vocabulary", lambda t: t.replace("delivery_mode: face-to-face", "delivery_mode: face to face"),
     ["c.yml:11: delivery_mode: is not in curricula/vocabularies/delivery-modes.yml: 'face to face' — did you mean 'face-to-face'?"]),
    ("too many outcomes", lambda t: t.replace("[Explain one thing, Use another, Plan a third]", "[a, b, c, d, e, f, g]"),
     ["c.yml:9: learning_outcomes: has 7 items, more than 6 — keep the 6 most important"]),
    ("no reflection prompt", lambda t: t.replace("[What changed for you?]", "[]"),
     ["c.yml:10: reflection_prompts: needs at least 1 item — add more"]),
    ("a text where a list belongs", lambda t: t.replace("audience: [social-worker]", "audience: social-worker"),
     ["c.yml:5: audience: must be a list: 'social-worker' — write one '- value' line per item, or [a, b]"]),
    ("missing role page", lambda t: t + "roles: [children-in-car]\n",
     ["c.yml:20: roles: no such role page: 'children-in-car' — did you mean 'children-in-care'?"]),
    ("impossible date", lambda t: t.replace("last_reviewed: 2026-11-01", "last_reviewed: 2026-02-30"),
     ["c.yml:16: last_reviewed: not a real date in the form YYYY-MM-DD: '2026-02-30' — write the date as YYYY-MM-DD, e.g. 2026-11-24"]),
    ("reviewed in the future", lambda t: t.replace("last_reviewed: 2026-11-01", "last_reviewed: 2027-01-01"),
     ["c.yml:16: last_reviewed: is in the future: '2027-01-01' — use the date it was actually reviewed"]),
    ("mandatory for someone not in the audience", lambda t: t + "mandatory_for: [councillor]\n",
     ["c.yml:20: mandatory_for: is not in audience: 'councillor' — add councillor to audience, or remove it here"]),
    ("sessions without booking", lambda t: t + "sessions:\n  - {start: 2027-01-05T09:30, end: 2027-01-05T12:30, online: true, capacity: 12}\n",
     ["c.yml:20: booking: is needed when a course has sessions — add booking: with how to book"]),
    ("a change without its date and note", lambda t: t.replace("  - {date: 2026-11-01, note: First published.}", "  - First published."),
     ["c.yml:19: changes[1]: must be a mapping — write - {date: 2026-11-24, note: What changed}"]),
    ("session ends before it starts", lambda t: t + "booking: training@example.org\nsessions:\n  - {start: 2027-01-05T09:30, end: 2027-01-05T08:30, online: true, capacity: 12}\n",
     ["c.yml:22: sessions[1].end: ends before it starts: '2027-01-05T08:30' — check the start and end times"]),
]


@pytest.mark.parametrize("case, change, expected", RULES, ids=[r[0] for r in RULES])
def test_course_rules(case, change, expected):
    data = load_text(change(GOOD), "c.yml").data
    stem = "c" if "file name" in case else "good-course"
    assert [str(f) for f in check_course("c.yml", stem, data, context())] == expected


# How to book: an email address, or an https:// link to a reviewed host. A
# refused value is named (a link by its scheme and host) and the message
# lists the hosts that are allowed (usability report, row 9).
ROUTE_HOSTS = frozenset({"www.essex.gov.uk", "www.gov.uk"})
ROUTES = [
    ("an email address", "training@example.org", None),
    ("a reviewed host", "https://www.essex.gov.uk/book?x=1", None),
    ("a host not on the list", "https://forms.office.com/r/abc", "https://forms.office.com"),
    ("http on a reviewed host", "http://www.essex.gov.uk/book", "http://www.essex.gov.uk"),
    ("HTTPS in capitals", "HTTPS://www.gov.uk/", "HTTPS://www.gov.uk"),
    ("half an email address", "esca@essex", "esca@essex"),
    ("a mail link", "mailto:esca@example.org", "mailto:esca@example.org"),
    ("words", "ring the team", "ring the team"),
]


@pytest.mark.parametrize("case, route, given", ROUTES, ids=[r[0] for r in ROUTES])
def test_a_refused_booking_route_is_named_with_the_hosts_allowed(case, route, given):
    data = load_text(GOOD + f"booking: {json.dumps(route)}\n", "c.yml").data
    ctx = dataclasses.replace(context(), hosts=ROUTE_HOSTS)
    found = list(check_course("c.yml", "good-course", data, ctx))
    if given is None:
        assert found == []
        return
    assert [str(f) for f in found] == [
        f"c.yml:20: booking: must be an email address or an https:// link on a reviewed host: {route!r} — write an "
        "email address, or an https:// link to one of www.essex.gov.uk, www.gov.uk (another host can be added to "
        "data/allowed-hosts.yml once it has been reviewed)"]
    assert [f.form for f in found] == [
        f"How to book: '{given}' is not an email address or a booking site the portal allows. Enter an email "
        "address, or a link starting https:// to one of these sites: www.essex.gov.uk, www.gov.uk. To use another "
        "site, ask the portal team to review it first"]


# Readers' questions: the same rule as a page's front matter (esca.core.questions),
# one finding per bad line, the same for a course and a programme.
PROGRAMME_GOOD = ("id: good-programme\ntitle: A good programme\nsummary: Courses to take in order.\n"
                  "audience: [new-staff]\ncourses: [good-course]\nowner: esca\n"
                  "last_reviewed: 2026-11-01\nreview_due: 2027-11-01\n")
# (lines after "questions:", finding): the line is counted from where questions: starts.
QUESTION_RULES = [
    ("valid", "questions:\n  - how do i run supervision\n  - training for new managers\n", []),
    ("one text, not a list", "questions: how do i run supervision\n",
     [(0, "questions: must be a list: 'how do i run supervision' — write one '- value' line per item, or [a, b]")]),
    ("an empty list", "questions: []\n", [(0, "questions: needs at least 1 item — add more")]),
    ("eleven questions", "questions:\n" + "".join(f"  - question {i}\n" for i in range(11)),
     [(0, "questions: has 11 items, more than 10 — keep the 10 most important")]),
    ("ten questions", "questions:\n" + "".join(f"  - question {i}\n" for i in range(10)), []),
    ("markup", "questions:\n  - fine\n  - <b>bold</b>\n",
     [(2, "questions: has markup ('<'): '<b>bold</b>' — write plain text, without < or HTML tags")]),
    ("121 characters", "questions:\n  - " + "x" * 121 + "\n",
     [(1, "questions: is 121 characters, over the limit of 120 — shorten it")]),
    ("120 characters is fine", "questions:\n  - " + "x" * 120 + "\n", []),
    ("not text", "questions:\n  - [a, list]\n",
     [(1, "questions: must be text: ['a', 'list'] — write it as text on one line, or use >- for longer text")]),
    ("only invisible characters", "questions:\n  - \"\\u200b\"\n",
     [(1, "questions: is empty or only invisible characters: '\u200b' — write the text")]),
    ("two bad lines, two findings", "questions:\n  - <i>a</i>\n  - ok\n  - b<br>c\n",
     [(1, "questions: has markup ('<'): '<i>a</i>' — write plain text, without < or HTML tags"),
      (3, "questions: has markup ('<'): 'b<br>c' — write plain text, without < or HTML tags")]),
]


@pytest.mark.parametrize("kind", ["course", "programme"])
@pytest.mark.parametrize("case, block, expected", QUESTION_RULES, ids=[r[0] for r in QUESTION_RULES])
def test_question_rules(kind, case, block, expected):
    good = GOOD if kind == "course" else PROGRAMME_GOOD
    first = good.count("\n") + 1  # the line questions: starts on
    data = load_text(good + block, "c.yml").data
    if kind == "course":
        found = check_course("c.yml", "good-course", data, context())
    else:
        ctx = context()
        ctx.courses = {"good-course": "curricula/courses/good-course.yml"}
        found = check_programme("c.yml", "good-programme", data, ctx)
    assert [str(f) for f in found] == [f"c.yml:{first + offset}: {text}" for offset, text in expected]


def test_a_page_and_a_course_get_the_same_words_for_the_same_bad_question():
    """One declaration: the questions field is esca.curricula.model.questions_field, for pages and courses alike."""
    bad = "questions:\n  - " + "y" * 130 + "\n"
    course = [f for f in check_course("c.yml", "good-course", load_text(GOOD + bad, "c.yml").data, context())]
    text = "---\nowner: esca\nlast_reviewed: 2026-01-01\nreview_due: 2027-01-01\n" + bad + "---\n# P\n"
    _, page = governance.check_page("p.md", "p.md", text, OWNERS_VOCAB, today=TODAY)
    assert [(f.problem, f.fix) for f in course] == [(f.problem, f.fix) for f in page] != []


def test_courses_and_programmes_keep_their_questions(tmp_path):
    root = project(tmp_path)
    (root / "curricula/courses/good-course.yml").write_text(GOOD + "questions:\n  - how do i  run supervision\n")
    (root / "curricula/programmes/good-programme.yml").write_text(PROGRAMME_GOOD + "questions: [what comes first]\n")
    (root / "curricula/courses/other-course.yml").write_text(GOOD.replace("id: good-course", "id: other-course"))
    cur, findings = load_curricula(root, PAGES, today=TODAY, owners=OWNERS)
    assert findings == []
    assert cur.courses["good-course"].questions == ("how do i  run supervision",)
    assert cur.courses["other-course"].questions == ()
    assert cur.programmes["good-programme"].questions == ("what comes first",)


def test_broken_fixture_gives_exactly_these_findings(tmp_path):
    root = project(tmp_path, FIXTURES / "courses")
    cur, findings = load_curricula(root, PAGES, today=TODAY, owners=OWNERS)
    assert [str(f) for f in findings] == (FIXTURES / "expected-findings.txt").read_text().splitlines()
    assert sorted(cur.courses) == ["cycle-b", "cycle-c"]


def test_missing_vocabulary_stops_with_a_clear_error(tmp_path):
    root = project(tmp_path)
    (root / "curricula/vocabularies/audiences.yml").unlink()
    with pytest.raises(CurriculaError, match=r"^curricula/vocabularies/audiences.yml:1: vocabulary: file is missing"):
        load_curricula(root, PAGES, today=TODAY, owners=OWNERS)


def test_real_curricula_are_valid_and_cover_the_frameworks():
    pages = {"role": {p.stem for p in (ROOT / "docs/roles").glob("*.md")} - {"index", "why-essex"},
             "career": {p.stem for p in (ROOT / "docs/roles/careers").glob("*.md")} - {"index"},
             "legislation": {p.stem for p in (ROOT / "docs/legislation").glob("*.md")} - {"index"}}
    cur, findings = load_curricula(ROOT, pages, today=TODAY, owners=OWNERS)
    assert findings == []
    assert len(cur.courses) >= 30
    used = lambda attr: {v for c in cur.courses.values() for v in getattr(c, attr)}  # noqa: E731
    assert used("pcf_domains") == set(cur.vocab["pcf-domains"])
    assert used("practice_model") == set(cur.vocab["practice-model"])
    assert {"new-staff", "councillor", "practice-supervisor", "early-career-social-worker"} <= used("audience")
    assert used("mandatory_for") == set()  # no council policy makes a course mandatory (content review R8)
    assert all(not c.sessions for c in cur.courses.values())  # no invented dates


def test_schema_is_in_lock_step_with_the_model():
    committed = (ROOT / "curricula/schema/course.schema.json").read_text()
    assert committed == schema.render(site_model.schema_vocabularies(ROOT)), "run `make schema` and commit the result"


def test_schema_accepts_real_courses_and_rejects_broken_ones():
    validator = jsonschema.Draft202012Validator(json.loads((ROOT / "curricula/schema/course.schema.json").read_text()))
    for path in sorted((ROOT / "curricula/courses").glob("*.yml")):
        data = json.loads(json.dumps(load_file(path, ROOT).data, default=str))
        assert list(validator.iter_errors(data)) == [], path.name
        assert path.read_text().startswith("# yaml-language-server: $schema=../schema/course.schema.json")
    bad = json.loads(json.dumps(load_text(GOOD.replace("cpd_hours: 1", "cpd_hours: three"), "x").data, default=str))
    assert [e.path[0] for e in validator.iter_errors(bad)] == ["cpd_hours"]


def sessions_course(tmp_path):
    root = project(tmp_path)
    text = GOOD + ("booking: training@example.org\nsessions:\n"
                   "  - {start: 2027-01-05T09:30, end: 2027-01-05T12:30, venue: County Hall, capacity: 20}\n"
                   "  - {start: 2027-07-06T13:00, end: 2027-07-06T16:00, online: true, capacity: 30}\n")
    (root / "curricula/courses/good-course.yml").write_text(text)
    cur, findings = load_curricula(root, PAGES, today=TODAY, owners=OWNERS)
    assert findings == []
    return cur


def test_sessions_ics_parses_back_with_london_times(tmp_path):
    cur = sessions_course(tmp_path)
    first = feeds.sessions_ics(cur, "https://example.org/")
    assert first == feeds.sessions_ics(cur, "https://example.org/")  # deterministic
    events = Calendar.from_ical(first).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["A good course", "A good course"]
    winter, summer = (e.decoded("dtstart") for e in events)
    assert (winter.utcoffset(), summer.utcoffset()) == (dt.timedelta(0), dt.timedelta(hours=1))
    assert str(events[1]["location"]) == "Online"
    assert str(events[0]["uid"]) == "good-course-20270105T0930@esca-portal"


def test_sessions_ics_escapes_folds_and_names_its_time_zone(tmp_path):
    root = project(tmp_path)
    summary = ("Assessing risk, strengths and needs; working with fathers – a long summary that goes well past "
               "seventy-five octets, with £ signs and “quotes” to fold")
    text = GOOD.replace("title: A good course", "title: 'Risk, need; and more'").replace(
        "summary: A course with nothing wrong, used by other fixtures.", f"summary: {summary}")
    text += "booking: training@example.org\nsessions:\n  - {start: 2027-01-05T09:30, end: 2027-01-05T12:30, " \
            "venue: 'Room 1, County Hall', capacity: 20}\n"
    (root / "curricula/courses/good-course.yml").write_text(text)
    cur, findings = load_curricula(root, PAGES, today=TODAY, owners=OWNERS)
    assert findings == []
    raw = feeds.sessions_ics(cur, "https://example.org/")
    assert raw.endswith(b"\r\n") and all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert b"\r\n " in raw  # folded
    assert b"\r\nSUMMARY:Risk\\, need\\; and more\r\n" in raw  # RFC 5545 3.3.11 escapes
    calendar = Calendar.from_ical(raw)
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Europe/London"
    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Risk, need; and more"
    assert str(event["description"]) == f"{summary}\n\nHow to book: training@example.org"
    assert str(event["location"]) == "Room 1, County Hall"
    assert event.decoded("dtstart").isoformat() == "2027-01-05T09:30:00+00:00"


def test_an_empty_calendar_has_no_time_zone():
    raw = feeds.sessions_ics(Curricula())
    assert raw == (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Essex Social Care Academy//ESCA Learning Portal//EN"
                   b"\r\nX-WR-CALNAME:ESCA course sessions\r\nEND:VCALENDAR\r\n")


def test_json_and_csv_feeds(tmp_path):
    cur = sessions_course(tmp_path)
    data = json.loads(feeds.courses_json(cur))
    assert data["version"] == 1 and data["generated_from"] == "curricula/"
    assert data["courses"][0]["sessions"][0] == {"start": "2027-01-05T09:30", "end": "2027-01-05T12:30",
                                                   "venue": "County Hall", "online": False, "capacity": 20}
    rows = list(csv.DictReader(io.StringIO(feeds.courses_csv(cur))))
    assert rows[0]["id"] == "good-course" and rows[0]["cpd_hours"] == "1"


def test_course_page_escapes_hostile_text(tmp_path):
    """Markup in a course's text is refused by its type (plain text); text that
    passes still cannot become Markdown or HTML, and the page escapes even
    what the rules would have refused (defence in depth)."""
    root = project(tmp_path)
    refused = GOOD.replace("title: A good course", "title: \"<script>alert(1)</script>\"")
    (root / "curricula/courses/good-course.yml").write_text(refused)
    _, findings = load_curricula(root, PAGES, today=TODAY, owners=OWNERS)
    assert [f.key for f in findings] == ["markup"]
    hostile = GOOD.replace("title: A good course", "title: \"*bold* [x](javascript:y) &lt;b&gt; {: onclick=x }\"")
    (root / "curricula/courses/good-course.yml").write_text(hostile)
    cur, findings = load_curricula(root, PAGES, today=TODAY, owners=OWNERS)
    assert findings == []
    course = dataclasses.replace(cur.courses["good-course"], title="<script>alert(1)</script> " + cur.courses["good-course"].title)
    page = render.course_page(course, cur, TODAY)
    markdown = page.split("\n---\n", 1)[1].split('<script type="application/ld+json">')[0]
    assert "<script>alert" not in page and "&lt;script&gt;" in markdown
    assert "[x](javascript" not in markdown and "&lt;b&gt;" not in markdown.replace("&amp;lt;b&amp;gt;", "")
    ld = render.json_ld(course, cur)
    assert "</script>" not in ld[:-len("</script>")]


def test_scaffold_writes_a_valid_course_and_refuses_to_overwrite(tmp_path):
    root = project(tmp_path)
    path = scaffold("my-new-course", root, TODAY)
    cur, findings = load_curricula(root, PAGES, today=TODAY, owners=OWNERS)
    assert findings == [] and "my-new-course" in cur.courses
    with pytest.raises(FileExistsError):
        scaffold("my-new-course", root, TODAY)
    with pytest.raises(ValueError, match="must be lower-case"):
        scaffold("My Course", root, TODAY)
    assert path.name == "my-new-course.yml"


def test_built_site_has_course_pages_lists_and_feeds(site):
    assert "Reflective supervision" in site.page("cpd/courses/reflective-supervision")
    assert 'type="application/ld+json"' in site.page("cpd/courses/reflective-supervision")
    role = site.page("roles/sgo-and-connected-persons")
    assert "Special guardianship assessments" in role and 'id="courses"' in role
    assert "The Essex practice model: an introduction" in site.page("induction")
    catalogue = site.page("cpd/catalogue")
    assert catalogue.count('<li data-audience=') >= 25
    data = json.loads((site.site / "cpd/courses.json").read_text())
    assert data["version"] == 1 and len(data["courses"]) >= 30
    assert Calendar.from_ical((site.site / "cpd/sessions.ics").read_bytes())["version"] == "2.0"
    assert not list((ROOT / "docs").rglob("cpd/courses/*.md")) and not (ROOT / "docs/cpd/catalogue.md").exists()


def test_course_and_programme_questions_reach_their_own_search_entry(site):
    """Each course and programme file's questions fill the hidden, boosted
    questions field of its page's own search entry (not its sections')."""
    index = json.loads((site.site / "search/search_index.json").read_text(encoding="utf-8"))
    assert "questions" in index["config"]["fields"]
    entries = {e["location"]: e for e in index["docs"]}
    checked = 0
    for kind in ("courses", "programmes"):
        for path in sorted((ROOT / f"curricula/{kind}").glob("*.yml")):
            questions = load_file(path, ROOT).data.get("questions")
            if not questions:  # optional
                continue
            url = f"cpd/{kind}/{path.stem}/"
            assert entries[url]["questions"] == " ".join(" ".join(q.split()) for q in questions), url
            sections = [e for loc, e in entries.items() if loc.startswith(url + "#")]
            assert sections and all("questions" not in e for e in sections), url
            checked += 1
    assert checked > 30


def test_hostile_course_text_is_escaped_in_a_real_build(tiny_site):
    from conftest import GOOD_META

    files = {f"curricula/vocabularies/{p.name}": p.read_text() for p in (ROOT / "curricula/vocabularies").glob("*.yml")}
    files["curricula/courses/good-course.yml"] = GOOD.replace(
        "title: A good course", "title: \"&lt;img src=x onerror=alert(1)&gt; *x* [y](javascript:z) \\\" ' {: onclick=x }\"")
    files["index.md"] = GOOD_META + "# Home\n"
    files["practice-model/systemic-practice.md"] = GOOD_META + "# Systemic practice\n"
    build = tiny_site(files, hooks=[ROOT / "hooks/curricula.py"], env={"ESCA_TODAY": "2026-11-24"})
    assert build.returncode == 0, build.output
    page = build.page("cpd/courses/good-course")
    assert "<img src=x" not in page and "onclick=x" not in page.replace("{: onclick=x }", "")
    assert 'href="javascript' not in page
    assert "&amp;lt;img src=x" in page  # shown as the text that was written


def test_broken_course_fails_the_build_with_one_line_and_no_traceback(tiny_site, expected_warnings):
    from conftest import GOOD_META

    files = {f"curricula/vocabularies/{p.name}": p.read_text() for p in (ROOT / "curricula/vocabularies").glob("*.yml")}
    files["curricula/courses/good-course.yml"] = GOOD.replace("cpd_hours: 1", "cpd_hours: three")
    files["index.md"] = GOOD_META + "# Home\n"
    build = tiny_site(files, hooks=[ROOT / "hooks/curricula.py"], env={"ESCA_TODAY": "2026-11-24"})
    assert build.returncode == 1 and "Traceback" not in build.output
    assert ("WARNING -  hooks/site_model: curricula/courses/good-course.yml:13: cpd_hours: must be a positive number: "
            "'three' — write a number, e.g. 3") in build.warnings


@pytest.mark.parametrize("strict", [False, True])
def test_overdue_reviews_build_with_one_line_or_fail_when_strict(tiny_site, expected_warnings, strict):
    from conftest import GOOD_META

    files = {f"curricula/vocabularies/{p.name}": p.read_text() for p in (ROOT / "curricula/vocabularies").glob("*.yml")}
    files["curricula/courses/good-course.yml"] = GOOD.replace("review_due: 2027-11-01", "review_due: 2026-11-02")
    files["index.md"] = GOOD_META + "# Home\n"
    files["practice-model/systemic-practice.md"] = GOOD_META + "# Systemic practice\n"
    env = {"ESCA_TODAY": "2026-11-24", **({"ESCA_STRICT_REVIEWS": "1"} if strict else {})}
    build = tiny_site(files, hooks=[ROOT / "hooks/curricula.py"], env=env)
    if strict:
        assert build.returncode == 1
        assert ("WARNING -  hooks/site_model: curricula/courses/good-course.yml:17: review_due: review is overdue: "
                "'2026-11-02' — review the course, then update last_reviewed and review_due") in build.warnings
    else:
        assert build.returncode == 0, build.output
        assert build.output.count("1 course with the review date passed: good-course") == 1
        # One notice, from the course's own review record (not one from the
        # course page and another from its front matter).
        page = build.page("cpd/courses/good-course")
        assert page.count("Review overdue") == 1 and "1 November 2027" not in page
        assert "Owned by Essex Social Care Academy (ESCA) · Last reviewed" in page
        assert expected_warnings == []


@pytest.mark.parametrize("count, compact", [(render.CATALOGUE_IN_FULL, False), (render.CATALOGUE_IN_FULL + 1, True)])
def test_a_long_catalogue_lists_titles_with_short_filter_codes(tmp_path, count, compact):
    root = project(tmp_path)
    for n in range(count):
        text = GOOD.replace("id: good-course", f"id: course-{n}").replace("title: A good course", f"title: Course {n}")
        (root / f"curricula/courses/course-{n}.yml").write_text(text)
    cur, findings = load_curricula(root, PAGES, today=TODAY, owners=OWNERS)
    assert findings == []
    page = render.catalogue(cur, TODAY)
    items = [line for line in page.splitlines() if line.startswith("<li ")]
    assert len(items) == count
    assert ("A course with nothing wrong" in page) is not compact
    if compact:
        assert max(map(len, items)) < 200
        assert 'data-audience="' in items[0] and "social-worker" not in items[0]
    # Whatever the coding, each item's filter values are among its select's option values.
    for key in ("audience", "domain", "level", "mode", "hours"):
        select = page.split(f'id="course-{key}"', 1)[1].split("</select>", 1)[0]
        options = set(re.findall(r'<option value="([^"]*)"', select)) - {""}
        for item in items:
            assert set(re.search(rf'data-{key}="([^"]*)"', item).group(1).split()) <= options


def dated_curricula(tmp_path):
    """One course with a past, a winter and a summer session (fixture dates only)."""
    root = project(tmp_path)
    text = GOOD + ("booking: https://www.essex.gov.uk/\nsessions:\n"
                   "  - {start: 2027-07-06T13:00, end: 2027-07-06T16:00, online: true, capacity: 30}\n"
                   "  - {start: 2026-10-05T09:30, end: 2026-10-05T12:30, venue: Old Hall, capacity: 20}\n"
                   "  - {start: 2027-01-05T09:30, end: 2027-01-05T12:30, venue: 'Room 1, County Hall', capacity: 20}\n")
    (root / "curricula/courses/good-course.yml").write_text(text)
    cur, findings = load_curricula(root, PAGES, today=TODAY, owners=OWNERS, hosts=frozenset({"www.essex.gov.uk"}))
    # The past session is a notice for the trainer, never a fault.
    assert [(f.key, f.field, f.notice) for f in findings] == [("past", "sessions[2].start", True)]
    return cur


CLOCK_ROWS = [
    # start, end, what the build says (key, field, notice) — fourth blind attack, B24
    ("2027-03-28T01:30", "2027-03-28T04:00", [("no-such-time", "sessions[1].start", False)]),
    ("2027-03-28T00:59", "2027-03-28T03:00", []), ("2027-03-28T02:00", "2027-03-28T04:00", []),
    ("2027-03-27T23:00", "2027-03-28T01:00", [("no-such-time", "sessions[1].end", False)]),
    ("2027-03-21T01:30", "2027-03-21T04:00", []),  # a week before: an ordinary Sunday
    ("2027-10-31T01:30", "2027-10-31T04:00", [("time-twice", "sessions[1].start", True)]),
    ("2027-10-31T00:00", "2027-10-31T01:59", [("time-twice", "sessions[1].end", True)]),
    ("2027-10-31T02:00", "2027-10-31T04:00", []),
    ("2027-10-31 01:15:00", "2027-10-31T04:00", [("time-twice", "sessions[1].start", True)]),
    ("2027-03-28 01:15:00", "2027-03-28T04:00", [("no-such-time", "sessions[1].start", False)]),  # a YAML time
    ("2026-03-29T01:30", "2026-03-29T04:00", [("no-such-time", "sessions[1].start", False)]),  # past, and no time
    ("2026-10-25T01:30", "2026-10-25T04:00", [("past", "sessions[1].start", True)]),  # past: not shown at all
]


@pytest.mark.parametrize("start, end, expected", CLOCK_ROWS, ids=[f"{r[0]}-{r[1]}" for r in CLOCK_ROWS])
def test_a_time_london_skips_is_refused_and_one_it_repeats_is_a_notice(tmp_path, start, end, expected):
    root = project(tmp_path)
    text = GOOD + ("booking: https://www.essex.gov.uk/\nsessions:\n"
                   f"  - {{start: {start}, end: {end}, online: true, capacity: 30}}\n")
    (root / "curricula/courses/good-course.yml").write_text(text)
    _, findings = load_curricula(root, PAGES, today=TODAY, owners=OWNERS, hosts=frozenset({"www.essex.gov.uk"}))
    assert [(f.key, f.field, f.notice) for f in findings] == expected


_NEAR_A_CHANGE = st.builds(
    lambda year, month, days, hour, minute: dt.datetime.combine(
        dt.date(year, month, 31) - dt.timedelta(days=(dt.date(year, month, 31).weekday() + 1) % 7 - days),
        dt.time(hour, minute)),
    st.integers(1996, 2200), st.sampled_from([3, 10]), st.integers(-8, 1), st.integers(0, 3), st.integers(0, 59))


@settings(max_examples=500, deadline=None)
@given(st.one_of(_NEAR_A_CHANGE, st.datetimes(dt.datetime(1996, 1, 1), dt.datetime(2200, 12, 31))))
def test_clock_change_is_what_the_time_zone_database_says(when):
    """The date arithmetic of esca.core.fields.clock_change (which the course
    builder repeats) against Europe/London in the time-zone database, from
    1996, when the last Sunday of October became the day, on."""
    when = when.replace(second=0, microsecond=0)
    local = when.replace(tzinfo=LONDON)
    missing = local.astimezone(dt.timezone.utc).astimezone(LONDON).replace(tzinfo=None) != when
    twice = local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset() and not missing
    assert clock_change(when) == ("forward" if missing else "back" if twice else "")


def test_past_sessions_drop_off_and_each_session_has_a_calendar_file(tmp_path):
    from esca.curricula import calendars
    cur = calendars.upcoming_only(dated_curricula(tmp_path), TODAY)
    course = cur.courses["good-course"]
    assert [s.start.isoformat() for s in course.sessions] == ["2027-01-05T09:30:00", "2027-07-06T13:00:00"]
    files = calendars.course_calendars(cur, "https://example.org/")
    assert sorted(files) == ["cpd/calendar/good-course-20270105T0930.ics", "cpd/calendar/good-course-20270706T1300.ics",
                             "cpd/calendar/good-course.ics"]
    whole = Calendar.from_ical(files["cpd/calendar/good-course.ics"]).walk("VEVENT")
    one = Calendar.from_ical(files["cpd/calendar/good-course-20270105T0930.ics"]).walk("VEVENT")
    assert [str(e["uid"]) for e in one] == [str(whole[0]["uid"])]  # the same event in both files
    assert str(one[0]["location"]) == "Room 1, County Hall"
    assert b"LOCATION:Room 1\\, County Hall" in files["cpd/calendar/good-course-20270105T0930.ics"]  # feeds.py escaping
    assert feeds.sessions_ics(cur).count(b"BEGIN:VEVENT") == 2  # the site-wide feed drops the past one too
    page = render.course_page(course, cur, TODAY)
    assert ("| 5 January 2027<br>[Calendar file for 5 January 2027](../calendar/good-course-20270105T0930.ics) "
            "| 09:30 to 12:30 | Room 1, County Hall | 20 places in total |") in page
    assert "(../calendar/good-course-20270105T0930.ics)" in page and "(../calendar/good-course.ics)" in page
    assert "Old Hall" not in page
    assert '<a href="https://www.essex.gov.uk/">Book a place on www.essex.gov.uk</a>' in page
    # A year later every date has passed: no calendar files, and the page says so.
    later = calendars.upcoming_only(cur, dt.date(2027, 12, 1))
    assert calendars.course_calendars(later) == {}
    assert "No dates are published yet" in render.course_page(later.courses["good-course"], later, dt.date(2027, 12, 1))


def test_catalogue_shows_the_next_session_and_filters_courses_with_dates(tmp_path):
    cur = dated_curricula(tmp_path)
    page = render.catalogue(cur, TODAY)
    assert '<option value="upcoming">Has dates coming up</option>' in page
    (item,) = [line for line in page.splitlines() if line.startswith("<li ")]
    assert 'data-dates="upcoming"' in item
    assert "Next session: 5 January 2027, 09:30, Room 1, County Hall" in item
    later = render.catalogue(cur, dt.date(2027, 12, 1))
    (item,) = [line for line in later.splitlines() if line.startswith("<li ")]
    assert 'data-dates=""' in item and "Next session" not in item


def test_booking_by_email_is_a_mailto_link_and_escaped():
    """The subject is the portal's words, the course title and the date,
    percent-encoded; the address is encoded too, and the text escaped."""
    assert render.booking_link("a&b@example.org", "Risk & <b>") == (
        '<a href="mailto:a%26b@example.org?subject=Booking%3A%20Risk%20and%20%E2%80%B9b%E2%80%BA">'
        'Book by email: a&amp;b@example.org</a>')
    assert render.booking_link("x?cc=y@example.org", "T", "5 January 2027", text="Book 5 January 2027 by email") == (
        '<a href="mailto:x%3Fcc%3Dy@example.org?subject=Booking%3A%20T%2C%205%20January%202027">'
        'Book 5 January 2027 by email</a>')


def test_sessions_booked_by_email_each_have_a_link_with_their_date(tmp_path):
    root = project(tmp_path)
    (root / "curricula/courses/good-course.yml").write_text(GOOD + (
        "booking: training@example.org\nsessions:\n"
        "  - {start: 2027-01-05T09:30, end: 2027-01-05T12:30, venue: County Hall, capacity: 1}\n"))
    cur, findings = load_curricula(root, PAGES, today=TODAY, owners=OWNERS, hosts=frozenset())
    assert findings == []
    page = render.course_page(cur.courses["good-course"], cur, TODAY)
    assert ('<br><a href="mailto:training@example.org?subject=Booking%3A%20A%20good%20course%2C%205%20January%202027">'
            "Book 5 January 2027 by email</a> | 09:30 to 12:30 | County Hall | 1 place in total |") in page
    assert ('**How to book:** <a href="mailto:training@example.org?subject=Booking%3A%20A%20good%20course">'
            "Book by email: training@example.org</a>") in page


# --- The course file reference (cpd/field-reference) -----------------------

def test_field_reference_lists_every_allowed_value_of_every_controlled_field(site):
    """Every value of every vocabulary, status, page and course id appears, as
    read by the one loader."""
    page = site.page("cpd/field-reference/")
    cur, findings = load_curricula(ROOT, real_pages(), today=TODAY, owners=OWNERS)
    assert findings == []
    missing = []
    for field in FIELDS:
        name = render._choices(field)
        if name == "statuses":
            values = STATUSES
        elif name == "course":
            values = cur.courses
        elif name in ("role", "career", "legislation"):
            values = real_pages()[name]
        elif name:
            values = cur.vocab[name]
        else:
            continue
        assert f'id="{render._values_anchor(field)}"' in page, field.name
        missing += [f"{field.name}: {value}" for value in values if f"<code>{value}</code>" not in page]
    assert missing == []


def test_field_reference_has_no_raw_placeholders(site):
    article = site.page("cpd/field-reference/").split("<article", 1)[1].split("</article>", 1)[0]
    assert not re.findall(r"&lt;[a-z_]+&gt;|<(?:hint|name|value|stem|where|kind)>", article)
    assert "<em>field</em>" in article  # placeholders read as italic words instead


def test_every_message_placeholder_has_words():
    import string

    from esca.core.fields import MESSAGES

    names = {name for text in (t for m in MESSAGES.values() for t in (m.problem, m.fix))
             for _, name, _, _ in string.Formatter().parse(text) if name}
    assert names and names <= set(render.PLACEHOLDERS)


def test_field_reference_example_is_a_complete_valid_course():
    text = render.example_course_yaml()
    data = load_text(text, "reflective-supervision.yml").data
    assert list(data) == [f.name for f in FIELDS], "every field, in model order"
    assert all(data[f.name] not in ([], "", None) for f in FIELDS), "no empty example"
    from esca.checks.links import load_hosts

    ctx = context()
    ctx.pages = real_pages()
    ctx.hosts = frozenset(load_hosts(ROOT / "data/allowed-hosts.yml", ROOT)[0])
    ctx.courses = {"essex-practice-model": "curricula/courses/essex-practice-model.yml"}
    assert [str(f) for f in check_course("reflective-supervision.yml", "reflective-supervision", data, ctx)] == []


# Each career page and the audience a course for that step names.
CAREER_AUDIENCES = {
    "asye": "early-career-social-worker", "social-worker": "social-worker",
    "senior-practitioner": "senior-practitioner", "deputy-team-manager": "deputy-team-manager",
    "team-manager": "team-manager", "practice-supervisor": "practice-supervisor",
    "practice-leader": "practice-leader",
}


# Career pages that are not a step on the pathway, so no course audience:
# how people qualify comes before the first step.
NOT_STEPS = {"index", "routes-into-social-work"}


def test_audiences_cover_every_career_step():
    """Every step page in docs/roles/careers/ has an audience, so a course can
    say it is for that step."""
    audiences = load_file(ROOT / "curricula/vocabularies/audiences.yml", ROOT).data
    careers = {p.stem for p in (ROOT / "docs/roles/careers").glob("*.md")} - NOT_STEPS
    assert set(CAREER_AUDIENCES) == careers, "a new career page needs a row here and an audience"
    assert [a for a in CAREER_AUDIENCES.values() if a not in audiences] == []


def real_pages() -> dict[str, set[str]]:
    return {
        "role": {p.stem for p in (ROOT / "docs/roles").glob("*.md")} - {"index", "why-essex"},
        "career": {p.stem for p in (ROOT / "docs/roles/careers").glob("*.md")} - {"index"},
        "legislation": {p.stem for p in (ROOT / "docs/legislation").glob("*.md")} - {"index", "ledger"},
    }
