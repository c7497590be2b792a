"""What's changed: page change notes, ledger and course comparisons with the
previous release, the page with its reader filter, and the Atom feed checked
against RFC 4287's required elements."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

import pytest

from conftest import ROOT
from esca.core.safeyaml import load_text
from esca.curricula.validate import Context
from esca.pages import governance
from esca.pages import whats_changed as wc

COURSE_CONTEXT = Context(vocab={}, pages={}, today=dt.date(2026, 12, 1))

ATOM = "{http://www.w3.org/2005/Atom}"
D = dt.date
READERS = [wc.Reader("new-staff", "New staff", ("New staff",), ("new-staff",)),
           wc.Reader("councillors", "Councillors", ("Councillors",), ("councillor",)),
           wc.Reader("recruits", "Recruits", ("Recruits",), ()),
           wc.Reader("trainers", "Trainers", ("Trainers",), ("trainer",))]
VOCAB = governance.Vocabularies(owners={"esca": "ESCA"}, statuses={"in-force": "In force", "bill": "Bill before Parliament"},
                                age_groups={}, kinds_of_work={})


def course(cid="c", title="Course", status="active", audience=("new-staff",), changes=(("2026-11-24", "First published."),),
           **extra) -> dict:
    return {"id": cid, "title": title, "status": status, "audience": list(audience), "summary": "S",
            "changes": [{"date": d, "note": n} for d, n in changes], "url": f"http://x/cpd/courses/{cid}/", **extra}


# --- courses compared with the previous release -----------------------------

COURSES = [
    # (previous, current, expected [(date, kind, note, readers)])
    ({}, [course(changes=(("2026-12-03", "First run."),))],
     [("2026-12-03", "course-added", "First run.", ("new-staff",))]),
    ({"c": course()}, [course(url="http://elsewhere/cpd/courses/c/")], []),  # only the address moved
    ({"c": course()}, [course(summary="New summary")],
     [("2026-11-24", "course-changed", "Changed: summary.", ("new-staff",))]),
    ({"c": course()}, [course(summary="New", changes=(("2026-12-05", "Shorter day."), ("2026-11-24", "First published.")))],
     [("2026-12-05", "course-changed", "Shorter day.", ("new-staff",))]),
    ({"c": course(audience=("councillor",))},
     [course(status="retired", audience=("councillor",), changes=(("2026-12-09", "Replaced by a new course."),))],
     [("2026-12-09", "course-retired", "Replaced by a new course.", ("councillors",))]),
    ({"c": course(audience=("trainer",))}, [],
     [("2026-12-01", "course-retired", "No longer offered: removed from the portal since this release.", ("trainers",))]),
]


@pytest.mark.parametrize("previous,current,expected", COURSES)
def test_courses_are_compared_with_the_previous_release(previous, current, expected):
    items = list(wc.course_items(current, previous, D(2026, 12, 1), READERS))
    assert [(i.date.isoformat(), i.kind, i.note, i.readers) for i in items] == expected


def test_without_a_previous_release_no_course_is_called_new():
    assert list(wc.course_items([course()], None, None, READERS)) == []


# --- the ledger compared with the previous release --------------------------

def record(src="legislation/x.md", title="X Act", status="in-force", as_at=D(2026, 11, 24), tags=("Legislation",),
           changes=()):
    ledger = governance.Ledger("X Act 2026 (c. 1)", "https://www.legislation.gov.uk/x", as_at, status)
    return governance.PageRecord(src, title, "esca", D(2026, 11, 24), D(2027, 5, 24), ledger=ledger, tags=tags,
                                 changes=changes)


LEDGER = [
    ({"legislation/x.md": {"status": "in-force", "as_at": "2026-11-24"}}, record(), []),
    ({"legislation/x.md": {"status": "bill", "as_at": "2026-11-24"}}, record(as_at=D(2026, 12, 2)),
     [("2026-12-02", "Status changed from bill before parliament to in force. "
                     "Summary now checked against the law as at 2 December 2026.")]),
    ({"legislation/x.md": {"status": "in-force", "as_at": "2026-11-24"}}, record(as_at=D(2026, 12, 2)),
     [("2026-12-02", "Summary now checked against the law as at 2 December 2026.")]),
    ({}, record(tags=("Legislation", "Councillors")), [("2026-11-24", "Added to the legislation ledger, in force.")]),
]


@pytest.mark.parametrize("previous,page,expected", LEDGER)
def test_ledger_entries_whose_status_or_as_at_date_changed(previous, page, expected):
    items = list(wc.ledger_items([page], previous, VOCAB.statuses, READERS))
    assert [(i.date.isoformat(), i.note) for i in items] == expected
    assert all(i.src == "legislation/x.md" and i.title == "X Act 2026 (c. 1)" for i in items)


def test_ledger_json_round_trips_into_the_comparison():
    data = json.loads(wc.ledger_json([record()]))
    assert data == {"version": 1, "entries": {"legislation/x.md": {
        "citation": "X Act 2026 (c. 1)", "status": "in-force", "as_at": "2026-11-24"}}}
    assert list(wc.ledger_items([record()], data["entries"], VOCAB.statuses, READERS)) == []


# --- page change notes: the courses' rule, through the governance survey -----

PAGE = "---\nowner: esca\nlast_reviewed: 2026-11-24\nreview_due: 2027-05-24\ntags: [Councillors]\n{changes}---\n\n# Page\n"
CHANGES = [
    ("changes:\n  - {date: 2026-11-24, note: Rewritten for councillors.}\n", []),
    ("changes:\n  - {date: 2026-11-20, note: Older.}\n  - {date: 2026-11-24, note: Newer.}\n",
     ["docs/p.md:8: changes: changes must be newest first — move the newest change to the top"]),
    ("changes:\n  - {date: 2026-13-01, note: Bad date.}\n",
     ["docs/p.md:7: changes[1].date: not a real date in the form YYYY-MM-DD: '2026-13-01' — "
      "write the date as YYYY-MM-DD, e.g. 2026-11-24"]),
    ("changes:\n  - {note: No date.}\n",
     ["docs/p.md:7: changes[1].date: required field is missing — add date: (YYYY-MM-DD)"]),
    ("changes:\n  - {date: 2026-11-24, note: ''}\n",
     ["docs/p.md:7: changes[1].note: is empty or only invisible characters: '' — write the text"]),
    ("changes: yesterday\n", ["docs/p.md:6: changes: must be a list: 'yesterday' — write one '- value' line per item, or [a, b]"]),
    ("chnages: []\n", ["docs/p.md:6: chnages: unknown field — did you mean 'changes'?"]),
]


@pytest.mark.parametrize("changes,expected", CHANGES)
def test_page_changes_are_checked_by_the_courses_rule(changes, expected):
    page, findings = governance.check_page("p.md", "docs/p.md", PAGE.format(changes=changes), VOCAB, today=D(2026, 12, 1))
    assert [str(f) for f in findings] == expected
    if not expected:
        assert page.changes == (governance.Change(D(2026, 11, 24), "Rewritten for councillors."),)
        items = list(wc.page_items([page], READERS))
        assert [(i.title, i.src, i.readers) for i in items] == [("Page", "p.md", ("councillors",))]


def test_collect_lists_newest_first():
    older = record(src="a.md", title="Alpha", changes=(governance.Change(D(2026, 10, 1), "Old."),))
    newer = record(src="b/index.md", title="Beta", changes=(governance.Change(D(2026, 12, 1), "New."),))
    items = wc.collect({"a.md": older, "b/index.md": newer}, [], wc.Snapshot(None, None, None), {}, READERS)
    assert [(i.title, i.src) for i in items] == [("Beta", "b/index.md"), ("Alpha", "a.md")]
    page = wc.page_markdown(items, READERS, wc.Snapshot(None, None, None))
    assert page.index('href="../b/"') < page.index('href="../a/"')
    offline = wc.page_markdown(items, READERS, wc.Snapshot(None, None, None), directory_urls=False)
    assert 'href="b/index.html"' in offline and 'href="whats-changed.xml"' in offline


# --- the Atom feed ------------------------------------------------------------

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def atom_problems(text: str) -> list[str]:
    """RFC 4287's required elements: atom:feed has exactly one id, title and
    updated, and an author unless every entry has one; each atom:entry has
    exactly one id, title and updated, an alternate link or content, and a
    summary (we always give one). Dates are RFC 3339; ids are absolute IRIs."""
    root = ET.fromstring(text.encode("utf-8"))
    problems = []
    if root.tag != f"{ATOM}feed":
        return [f"root is {root.tag}"]
    for name in ("id", "title", "updated"):
        if len(root.findall(f"{ATOM}{name}")) != 1:
            problems.append(f"feed needs exactly one {name}")
    entries = root.findall(f"{ATOM}entry")
    if not root.findall(f"{ATOM}author/{ATOM}name") and not all(e.findall(f"{ATOM}author") for e in entries):
        problems.append("feed has no author")
    for node in root.iter():
        if node.tag == f"{ATOM}updated" and not RFC3339.match(node.text or ""):
            problems.append(f"updated is not RFC 3339: {node.text}")
        if node.tag == f"{ATOM}id" and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$", node.text or ""):
            problems.append(f"id is not an IRI: {node.text}")
    for index, entry in enumerate(entries):
        for name in ("id", "title", "updated", "summary"):
            if len(entry.findall(f"{ATOM}{name}")) != 1:
                problems.append(f"entry {index + 1} needs exactly one {name}")
        if not [link for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"
                and link.get("href")]:
            problems.append(f"entry {index + 1} has no alternate link")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    if len(ids) != len(set(ids)):
        problems.append("entry ids repeat")
    return problems


def test_the_atom_check_really_finds_problems():
    assert atom_problems('<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>x</id></entry></feed>') != []


def test_every_text_in_the_feed_is_escaped_for_xml():
    nasty = 'A <b>bold</b> & "quoted" \x01 title ]]>'
    item = wc.Item(D(2026, 12, 1), "page", nasty, "a&b.md", nasty + " note", ("new-staff",), key="page:a.md")
    text = wc.atom([item], "http://h/", READERS, wc.Snapshot(None, None, None))
    assert atom_problems(text) == []
    entry = ET.fromstring(text.encode()).find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Page updated: " + nasty.replace("\x01", "")
    assert entry.find(f"{ATOM}link").get("href") == "http://h/a&b/"
    assert "<b>" not in text


def test_an_empty_feed_is_still_valid_atom():
    assert atom_problems(wc.atom([], "", READERS, wc.Snapshot(D(2026, 12, 1), {}, {}))) == []


# --- the real site ------------------------------------------------------------

def test_the_built_feed_is_valid_atom_and_matches_the_page(site):
    text = (site.site / wc.FEED).read_text(encoding="utf-8")
    assert atom_problems(text) == []
    entries = ET.fromstring(text.encode()).findall(f"{ATOM}entry")
    page = site.page("whats-changed")
    items = re.findall(r'<li data-reader="([^"]*)"><strong>([^<]+)</strong>', page)
    assert len(items) == len(entries) > 0
    dates = [e.findtext(f"{ATOM}updated") for e in entries]
    assert dates == sorted(dates, reverse=True)
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert "Page updated: My CPD record" in titles


def test_the_page_links_the_feed_and_works_without_javascript(site):
    page = site.page("whats-changed")
    assert 'href="../whats-changed.xml"' in page
    assert re.search(r'<form class="esca-filter__form" hidden>', page)
    assert '<option value="councillors">Councillors</option>' in page
    assert "What's changed" in site.page("")  # in the navigation


def test_the_previous_release_is_kept_in_the_repo_in_the_build_formats(site):
    snapshot, findings = wc.load_snapshot(ROOT)
    assert findings == [] and snapshot.released is not None
    built = json.loads((site.site / "cpd/courses.json").read_text(encoding="utf-8"))
    assert set(snapshot.courses) <= {c["id"] for c in built["courses"]} | set(snapshot.courses)
    assert json.loads((site.site / wc.LEDGER_JSON).read_text(encoding="utf-8"))["version"] == 1
    assert snapshot.ledger and all(src.startswith("legislation/") for src in snapshot.ledger)


def test_a_broken_snapshot_is_reported_not_crashed(tmp_path):
    folder = tmp_path / wc.SNAPSHOT_DIR
    folder.mkdir(parents=True)
    (folder / "courses.json").write_text("{not json", encoding="utf-8")
    (folder / "ledger.json").write_text('{"version": 2, "entries": {}}', encoding="utf-8")
    (folder / "release.yml").write_text("released: soon\n", encoding="utf-8")
    snapshot, findings = wc.load_snapshot(tmp_path)
    assert snapshot == wc.Snapshot(None, None, None)
    lines = [str(f) for f in findings]
    assert lines == [
        "releases/previous/release.yml:1: released: not a real date in the form YYYY-MM-DD: 'soon' — write the date as "
        "YYYY-MM-DD, e.g. 2026-11-24",
        "releases/previous/courses.json:1: json: not valid JSON — run make release-snapshot again",
        "releases/previous/ledger.json:1: version: is more than the limit of 1 — check the number"]


@pytest.mark.parametrize("courses, ledger, expected", [
    ('{"version": 1, "courses": [{"id": "a", "title": ["x"]}, 5]}', '{"version": 1, "entries": {"a.md": {"citation": 1}}}',
     ["releases/previous/courses.json:1: courses[1].title: must be text: ['x'] — write it as text on one line, or use "
      ">- for longer text",
      "releases/previous/courses.json:1: courses[2]: must be a mapping — write a course as courses.json "
      "writes it",
      "releases/previous/ledger.json:1: entries.a.md.status: required field is missing — add status: (a status id)",
      "releases/previous/ledger.json:1: entries.a.md.as_at: required field is missing — add as_at: (YYYY-MM-DD)",
      "releases/previous/ledger.json:1: entries.a.md.citation: must be text: 1 — write it as text on one line, or use "
      ">- for longer text"]),
    ('[1, 2]', '{"version": 1, "entries": []}',
     ["releases/previous/courses.json:1: courses.json: a courses.json file must be a list of 'field: value' lines — "
      "write one 'field: value' line per field, each starting at the left margin (no leading '- ')",
      "releases/previous/ledger.json:1: entries: must be a mapping — write one 'id:' entry per item, "
      "indented"]),
    ('[' * 100_000 + ']' * 100_000, '{"version": 1, "entries": {"../x": {}}}',
     ["releases/previous/courses.json:1: json: nested too deeply to read — run make release-snapshot again",
      "releases/previous/ledger.json:1: entries.../x: not a path: '../x' — write each path as page: {citation, "
      "status, as_at}"]),
], ids=["wrong types", "wrong containers", "too deep"])
def test_snapshot_files_of_the_wrong_shape_are_findings_not_tracebacks(tmp_path, courses, ledger, expected):
    folder = tmp_path / wc.SNAPSHOT_DIR
    folder.mkdir(parents=True)
    (folder / "courses.json").write_text(courses, encoding="utf-8")
    (folder / "ledger.json").write_text(ledger, encoding="utf-8")
    snapshot, findings = wc.load_snapshot(tmp_path)
    assert snapshot == wc.Snapshot(None, None, None)
    assert [str(f) for f in findings] == expected


def test_a_snapshot_file_that_is_a_link_is_not_read(tmp_path):
    folder = tmp_path / wc.SNAPSHOT_DIR
    folder.mkdir(parents=True)
    (folder / "courses.json").symlink_to("/etc/passwd")
    snapshot, findings = wc.load_snapshot(tmp_path)
    assert snapshot.courses is None
    assert [str(f) for f in findings] == ["releases/previous/courses.json:1: file: is a symbolic link — commit the "
                                          "file itself: links can point outside the repository"]


def test_the_readers_file_is_valid():
    readers, findings = wc.load_readers(ROOT)
    assert findings == []
    assert [r.id for r in readers] == ["new-staff", "social-workers", "councillors", "recruits", "trainers"]


# --- who each change is for (journeys row 12) --------------------------------

REAL_READERS = wc.load_readers(ROOT)[0]


@pytest.mark.parametrize("previous, current, readers", [
    ({}, [course(audience=("social-worker",), changes=(("2026-12-03", "First run."),))], ("social-workers", "trainers")),
    ({"c": course(audience=("councillor",))}, [course(audience=("councillor",), summary="New")], ("councillors", "trainers")),
    ({"c": course(audience=("partner-agency",))}, [], ("trainers",)),
], ids=["added", "changed", "retired"])
def test_every_course_change_is_for_its_audiences_and_for_trainers(previous, current, readers):
    [item] = wc.course_items(current, previous, D(2026, 12, 1), REAL_READERS)
    assert item.readers == readers


def test_every_legislation_change_is_for_councillors_and_social_workers():
    [entry] = wc.ledger_items([record()], {}, VOCAB.statuses, REAL_READERS)
    corrected = record(changes=(governance.Change(D(2026, 12, 5), "Corrected who must notify a private fostering."),))
    [page] = wc.page_items([corrected], REAL_READERS)
    assert entry.readers == page.readers == ("social-workers", "councillors")


def test_a_correction_is_listed_with_its_note_under_its_readers():
    corrected = record(src="corporate-parenting/duties.md", title="The council's duties", tags=("Councillors",),
                       changes=(governance.Change(D(2026, 12, 5), "Corrected the duty to previously looked-after children."),))
    items = wc.collect({corrected.src: corrected}, [], wc.Snapshot(None, None, None), {}, REAL_READERS)
    page = wc.page_markdown(items, REAL_READERS, wc.Snapshot(None, None, None))
    assert ('<li data-reader="councillors"><strong>5 December 2026</strong> · Page updated: '
            '<a href="../corporate-parenting/duties/">The council&#x27;s duties</a>. '
            "Corrected the duty to previously looked-after children.</li>") in page


@pytest.mark.parametrize("text, expected", [
    ("councillors:\n  label: Councillors\n  kinds: [legislation]\n", []),
    ("councillors:\n  label: Councillors\n  kinds: [laws]\n",
     ["data/readers.yml:3: readers.councillors.kinds: must be one of page, legislation, course-added, course-changed "
      "or course-retired: 'laws' — use one of the kinds of change: course-added, course-changed, course-retired, "
      "legislation, page"]),
    ("councillors:\n  label: Councillors\n  kind: [legislation]\n",
     ["data/readers.yml:3: readers.councillors.kind: unknown field — did you mean 'kinds'?"]),
    ("councillors: 5\n", ["data/readers.yml:1: readers.councillors: must be a mapping — write label:, "
                          "tags:, audiences: and kinds:, indented under the reader's id"]),
    ("councillors:\n  tags: x\n", ["data/readers.yml:1: readers.councillors.label: required field is missing — add "
                                   "label: (what the filter button says)",
                                   "data/readers.yml:2: readers.councillors.tags: must be a list: 'x' — write one "
                                   "'- value' line per item, or [a, b]"]),
], ids=["good", "unknown kind", "misspelt field", "not a mapping", "wrong types"])
def test_readers_kinds_are_checked(tmp_path, text, expected):
    (tmp_path / "data").mkdir()
    (tmp_path / "data/readers.yml").write_text(text, encoding="utf-8")
    readers, findings = wc.load_readers(tmp_path)
    assert [str(f) for f in findings] == expected
    assert [r.kinds for r in readers] == ([("legislation",)] if not expected else [])


PAGE_TEXT = "---\nowner: esca\nlast_reviewed: {reviewed}\nreview_due: 2027-06-01\nchanges:\n  - {{date: 2026-12-05, note: {note}}}\n---\n\n# P\n"


@pytest.mark.parametrize("reviewed, note, expected", [
    ("2026-12-05", "Corrected the age range.", []),
    ("2026-12-06", "Corrected the age range.", []),
    ("2026-12-01", "Corrected the age range.",
     ["docs/p.md:3: last_reviewed: older than the page's newest change (2026-12-05): '2026-12-01' — "
      "set last_reviewed to the date of the change"]),
    ("2026-12-05", "Adds My CPD record to the keyboard journeys we test.",
     ["docs/p.md:6: changes.note: written for maintainers ('we test'): 'Adds My CPD record to the keyboard journeys "
      "we test.' — say what changed for the reader, e.g. 'Now says how to …'"]),
    ("2026-12-05", "Moved the text into the front matter.",
     ["docs/p.md:6: changes.note: written for maintainers ('front matter'): 'Moved the text into the front matter.' — "
      "say what changed for the reader, e.g. 'Now says how to …'"]),
    ("2026-12-05", "Now says how to take the knowledge test.", []),  # "test" alone is a reader's word
], ids=["same day", "later", "older", "maintainers' words", "front matter", "a reader's test"])
def test_a_corrected_pages_review_date_moves_and_its_note_is_for_readers(reviewed, note, expected):
    text = PAGE_TEXT.format(reviewed=reviewed, note=note)
    page, findings = governance.check_page("p.md", "docs/p.md", text, VOCAB, today=D(2026, 12, 7))
    assert findings == []
    found = wc.check_review_dates({"p.md": page}, {"p.md": text}, lambda src: f"docs/{src}")
    assert [str(f) for f in found] == expected


def test_no_page_on_the_site_is_behind_its_newest_change():
    from esca import site as site_model

    model = site_model.load(ROOT)
    assert [f for f in model.findings if f.field in ("last_reviewed", "changes.note")] == []
    assert any(r.changes for r in model.records.values())


def test_the_page_explains_an_empty_choice_and_offers_every_reader(site):
    page = site.page("whats-changed")
    assert '<option value="social-workers">Social workers</option>' in page
    form = page[page.index('<form class="esca-filter__form" hidden>'):]
    form = form[:form.index("</form>")]
    assert "If no changes are shown, nothing marked for that group has changed in this list" in form


def test_every_page_advertises_the_feed_in_its_head(site):
    for url, href in (("", "whats-changed.xml"), ("legislation/ledger/", "../../whats-changed.xml")):
        head = site.page(url).split("</head>")[0]
        assert (f'<link rel="alternate" type="application/atom+xml" title="ESCA Learning Portal: what&#39;s changed" '
                f'href="{href}">') in head
    assert (site.site / "whats-changed.xml").is_file()


@pytest.mark.browser
def test_the_reader_filter_narrows_the_list(page):
    page.goto(page.base + "whats-changed/")
    page.wait_for_selector(".esca-filter__form:not([hidden])")
    total = page.locator(".esca-changes > li").count()
    page.select_option("#change-reader", "new-staff")
    shown = page.locator(".esca-changes > li:not([hidden])")
    assert 0 < shown.count() < total
    assert all("new-staff" in (shown.nth(i).get_attribute("data-reader") or "").split() for i in range(shown.count()))
    assert page.inner_text(".esca-filter__status") == f"{shown.count()} change{'s' if shown.count() != 1 else ''} shown"


def test_a_change_without_a_date_is_one_line_for_courses_too():
    """Pages and courses declare changes once (esca.curricula.model.changes_field): the same line for both."""
    from esca.curricula.validate import check_course

    data = load_text("changes:\n  - {note: No date.}\n", "curricula/courses/x.yml").data
    found = [str(f) for f in check_course("curricula/courses/x.yml", "x", data, COURSE_CONTEXT) if f.field.startswith("changes")]
    assert found == ["curricula/courses/x.yml:2: changes[1].date: required field is missing — add date: (YYYY-MM-DD)"]




def test_a_snapshot_course_is_written_by_the_portal_exactly(tmp_path, site):
    """Issue 24, case 59: an undeclared key at the top or in a course (a
    'venue' smuggled into a course) is a finding; every field the portal's
    own courses.json writes is declared, so the real one passes."""
    built = json.loads((site.site / "cpd/courses.json").read_text(encoding="utf-8"))
    folder = tmp_path / wc.SNAPSHOT_DIR
    folder.mkdir(parents=True)
    (folder / "courses.json").write_text(json.dumps(built), encoding="utf-8")
    snapshot, findings = wc.load_snapshot(tmp_path)
    assert findings == [] and len(snapshot.courses) == len(built["courses"])
    rows = [({"extra": "x"}, {}, "extra: unknown field"), ({}, {"venue": "y"}, "courses[1].venue: unknown field"),
            ({}, {"sessions": [{**(built["courses"][0].get("sessions") or [{}])[0], "href": "x"}]},
             "courses[1].sessions[1].href: unknown field")]
    for top, course, expected in rows:
        data = {**built, **top, "courses": [{**built["courses"][0], **course}, *built["courses"][1:]]}
        (folder / "courses.json").write_text(json.dumps(data), encoding="utf-8")
        snapshot, findings = wc.load_snapshot(tmp_path)
        assert snapshot.courses is None and any(expected in str(f) for f in findings), (expected, findings)


@pytest.mark.parametrize("released, today, expected", [
    ("2026-12-01", dt.date(2026, 12, 7), []),
    ("2026-12-07", dt.date(2026, 12, 7), []),
    ("2026-12-08", dt.date(2026, 12, 7),
     ["releases/previous/release.yml:2: released: is after the site's day (2026-12-07): '2026-12-08' — write the day "
      "the release was made, or run make release-snapshot again after the release (it writes the site's day)"]),
    ("2099-01-01", dt.date(2026, 12, 7),
     ["releases/previous/release.yml:2: released: is after the site's day (2026-12-07): '2099-01-01' — write the day "
      "the release was made, or run make release-snapshot again after the release (it writes the site's day)"]),
])
def test_a_release_is_not_dated_after_the_sites_day(tmp_path, released, today, expected):
    """make release-snapshot dates the release with the site's day: a later
    one was written by hand, and is not compared with (fifth blind attack, B17)."""
    folder = tmp_path / "releases/previous"
    folder.mkdir(parents=True)
    (folder / "release.yml").write_text(f"# written by make release-snapshot\nreleased: {released}\n", encoding="utf-8")
    snapshot, findings = wc.load_snapshot(tmp_path, today=today)
    assert [str(f) for f in findings] == expected
    assert snapshot.released == (None if expected else dt.date.fromisoformat(released))
