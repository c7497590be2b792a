"""My CPD record: the data file's schema, the buttons and prompts the build
adds, and the record itself in Chromium (add, edit, export, import, delete,
blocked storage, keyboard only, axe)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import yaml

from conftest import ROOT, other_hosts
from esca.core.safeyaml import load_text
from esca.cpd import record as cpd_record

MY_CPD = "cpd/my-cpd/"


def real_config_text() -> str:
    return (ROOT / cpd_record.CONFIG_FILE).read_text(encoding="utf-8")


def findings_for(text: str) -> list[str]:
    loaded = load_text(text, "data/cpd-record.yml")
    assert loaded.ok, loaded.findings
    return [str(f) for f in cpd_record.check_config(loaded.data)]


# --- the data file -----------------------------------------------------------

def test_the_real_data_file_is_valid_and_cites_social_work_england():
    config, findings = cpd_record.load_config(ROOT)
    assert findings == []
    assert (config.start_month, config.start_day, config.pieces, config.with_peer) == (12, 1, 2, 1)
    assert config.earliest_year == 2000
    assert all(s.url.startswith("https://www.socialworkengland.org.uk/") for s in config.sources)
    assert [f.id for f in config.fields if f.required] == ["title", "type", "date"]
    assert [f.id for f in config.fields if f.peer] == ["peer"]


BROKEN = [
    # (change to the real file, expected finding)
    (("start_month: 12", "start_month: 13"),
     "data/cpd-record.yml:30: registration_year.start_month: is more than the limit of 12 — check the number"),
    (("start_day: 1", "start_day: 0"),
     "data/cpd-record.yml:31: registration_year.start_day: must be a whole number above 0: 0 — write a number, e.g. 1"),
    (("with_peer_reflection: 1", "with_peer_reflection: -1"),
     "data/cpd-record.yml:34: requirement.with_peer_reflection: must be a whole number, 0 or more: -1 — "
     "write a number, e.g. 1"),
    (("with_peer_reflection: 1", "with_peer_reflection: 3"),
     "data/cpd-record.yml:34: requirement.with_peer_reflection: is more than pieces: 3 — "
     "it counts pieces, so it cannot be more than pieces"),
    (("https://www.socialworkengland.org.uk/cpd/peer-reflection/", "http://example.org/peer"),
     "data/cpd-record.yml:13: sources[2].url: must be an https link to www.socialworkengland.org.uk: "
     "'http://example.org/peer' — link the official page, e.g. https://www.socialworkengland.org.uk/cpd/peer-reflection/"),
    (("    peer: true\n", ""), "data/cpd-record.yml:41: fields: has 0 peer reflection fields, not 1 — "
     "mark exactly one field with peer: true"),
    (("    kind: date\n", "    kind: calendar\n"),
     "data/cpd-record.yml:56: fields[3].kind: must be one of text, textarea, date, number or url: 'calendar' — "
     "use one of the kinds of field: date, number, text, textarea, url"),
    (("checked: 2026-12-01", "checked: soon"),
     "data/cpd-record.yml:7: checked: not a real date in the form YYYY-MM-DD: 'soon' — "
     "write the date as YYYY-MM-DD, e.g. 2026-11-24"),
    (("  - id: type\n", "  - id: title\n"),
     "data/cpd-record.yml:48: fields[2].id: is used by another field: 'title' — "
     "give each field its own id (the other is on line 41)"),
    (("requirement:", "requirment:"), "data/cpd-record.yml:32: requirment: unknown field — did you mean 'requirement'?"),
    # the rules across fields (esca.cpd.record.check_across), one row each
    (("  - id: type\n", "  - id: kind_of_cpd\n"),
     "data/cpd-record.yml:41: fields: has no 'type' field — add a field with id: type"),
    (("    required: true\n    max_length: 200\n    export: Title\n", "    required: false\n    max_length: 200\n"
      "    export: Title\n"), "data/cpd-record.yml:45: fields.title: must be required — add required: true"),
    (("    kind: date\n", "    kind: number\n    max_value: 1\n"),
     "data/cpd-record.yml:56: fields.date.kind: must be date: 'number' — write kind: date"),
    (("  - id: peer\n    kind: textarea\n", "  - id: peer\n    kind: text\n"),
     "data/cpd-record.yml:81: fields[7].kind: the peer reflection field must be a textarea: 'text' — "
     "write kind: textarea"),
    (("    answer: true\n    export: What you learnt\n", "    answer: true\n    peer: true\n    export: What you learnt\n"),
     "data/cpd-record.yml:41: fields: has 2 peer reflection fields, not 1 — mark exactly one field with peer: true"),
    (("    max_value: 1000\n", ""),
     "data/cpd-record.yml:95: fields[9].max_value: required field is missing — add max_value: (the largest number a "
     "reader may enter; a number field needs it)"),
    # values the declaration (CPD_RECORD) refuses, in the field library's words
    (("  - id: learning\n", "  - id: Learning\n"),
     "data/cpd-record.yml:67: fields[5].id: is not lower-case letters and '_': 'Learning' — write it like learning"),
    (("    required: true\n    max_length: 200\n    export: Title\n", "    required: 'yes'\n    max_length: 200\n"
      "    export: Title\n"), "data/cpd-record.yml:45: fields[1].required: must be true or false: 'yes' — "
     "write true or false"),
    (("    label: What you learnt\n", "    label: ''\n"),
     "data/cpd-record.yml:69: fields[5].label: is empty or only invisible characters: '' — write the text"),
    (("    title: Registration renewal (Social Work England)\n", ""),
     "data/cpd-record.yml:10: sources[1].title: required field is missing — add title: (the page's title, as the "
     "My CPD page cites it)"),
    (("https://researchinpractice.org.uk/", "http://researchinpractice.org.uk/"),
     "data/cpd-record.yml:27: also_checked[1].url: is not an https link: 'http://researchinpractice.org.uk/all/"
     "news-views/2023/november/record-your-cp…' — write it like https://researchinpractice.org.uk/"),
    (("    max_value: 1000\n", "    max_value: 0\n"),
     "data/cpd-record.yml:98: fields[9].max_value: must be a whole number above 0: 0 — write a number, e.g. 1000"),
    (("earliest_year: 2000", "earliest_year: 1850"),
     "data/cpd-record.yml:109: earliest_year: must be a whole number, 1900 or more: 1850 — write a number, e.g. 2000"),
    (("earliest_year: 2000", "earliest_year: 2200"),
     "data/cpd-record.yml:109: earliest_year: is more than the limit of 2199 — check the number"),
    (("    label: Title\n", "    label: " + "T" * 201 + "\n"),
     "data/cpd-record.yml:43: fields[1].label: is 201 characters, over the limit of 200 — shorten it"),
    (("earliest_year: 2000", "earliest_year: '2000'"),
     "data/cpd-record.yml:109: earliest_year: must be a whole number, 1900 or more: '2000' — write a number, e.g. 2000"),
]


@pytest.mark.parametrize("change,expected", BROKEN, ids=[b[0][1][:24] for b in BROKEN])
def test_a_broken_data_file_gets_one_clear_line(change, expected):
    text = real_config_text()
    assert change[0] in text
    found = findings_for(text.replace(change[0], change[1], 1))
    assert expected in found, "\n".join(found)


def test_an_empty_or_wrong_shaped_file_is_refused_without_a_traceback():
    assert findings_for("- a\n- b\n") == [
        "data/cpd-record.yml:1: cpd-record: a CPD record file must be a list of 'field: value' lines — write one "
        "'field: value' line per field, each starting at the left margin (no leading '- ')"]
    missing = findings_for("checked: 2026-12-01\n")
    assert len(missing) == 4 and all(": required field is missing — add " in line for line in missing)


REGISTRATION_YEARS = [
    ("2026-12-01", "2026-12-01", "2027-11-30"),
    ("2026-11-30", "2025-12-01", "2026-11-30"),
    ("2027-03-05", "2026-12-01", "2027-11-30"),
    ("2028-02-29", "2027-12-01", "2028-11-30"),
    ("2026-01-01", "2025-12-01", "2026-11-30"),
]


@pytest.mark.parametrize("day,start,end", REGISTRATION_YEARS)
def test_registration_year_runs_from_1_december_to_30_november(day, start, end):
    config, _ = cpd_record.load_config(ROOT)
    assert cpd_record.registration_year(dt.date.fromisoformat(day), config) == (
        dt.date.fromisoformat(start), dt.date.fromisoformat(end))


@pytest.mark.parametrize("src,directory_urls,href", [
    ("cpd/courses/x.md", True, "../../my-cpd/"),
    ("practice-model/child-first.md", True, "../../cpd/my-cpd/"),
    ("practice-model/index.md", True, "../cpd/my-cpd/"),
    ("cpd/courses/x.md", False, "../my-cpd.html"),  # the offline copy opened from disk
    ("practice-model/child-first.md", False, "../cpd/my-cpd.html"),
])
def test_the_add_button_links_to_the_my_cpd_page(src, directory_urls, href):
    button = cpd_record.add_button(title="T", kind="Course", hours=1, key="course/x", from_src=src,
                                   directory_urls=directory_urls)
    assert f'href="{href}#add-entry"' in button


def test_the_add_button_escapes_what_it_carries():
    button = cpd_record.add_button(title='A "quoted" <b>title</b> & more', kind="Course", hours=2.5,
                                   key="course/x", from_src="cpd/courses/x.md")
    assert 'data-cpd-title="A &#34;quoted&#34; &#60;b&#62;title&#60;/b&#62; &#38; more"' in button
    assert 'data-cpd-hours="2.5"' in button and "<b>" not in button
    markdown = cpd_record.add_button(title="[x](javascript:y) *b* `c`", kind="Course", hours=None, key="course/x",
                                     from_src="cpd/courses/x.md")
    assert "[x](" not in markdown and "*b*" not in markdown and "`" not in markdown
    assert 'data-cpd-title="&#91;x&#93;&#40;javascript:y&#41; &#42;b&#42; &#96;c&#96;"' in markdown


# --- the built site ---------------------------------------------------------

def test_every_course_and_practice_model_page_has_the_button(site):
    courses = sorted((ROOT / "curricula/courses").glob("*.yml"))
    assert courses
    for file in courses:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        page = site.page(f"cpd/courses/{data['id']}")
        button = re.search(r'<a class="md-button" href="../../my-cpd/#add-entry"([^>]*)>', page)
        assert button, file.name
        assert f'data-cpd-hours="{data["cpd_hours"]:g}"' in button.group(1)
        assert f'data-cpd-key="course/{data["id"]}"' in button.group(1)
    pages = sorted((ROOT / "docs/practice-model").glob("*.md"))
    for file in pages:
        url = "practice-model/" + ("" if file.stem == "index" else file.stem)
        assert "data-cpd-title=" in site.page(url), file.name


def test_reflection_prompts_json_comes_from_the_course_files(site):
    courses = [yaml.safe_load(f.read_text(encoding="utf-8")) for f in (ROOT / "curricula/courses").glob("*.yml")]
    data = json.loads((site.site / cpd_record.PROMPTS_FILE).read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert {k: v["prompts"] for k, v in data["prompts"].items()} == {
        f"course/{c['id']}": c["reflection_prompts"] for c in courses}


def test_the_my_cpd_page_cites_its_sources_and_hides_the_form_without_javascript(site):
    page = site.page(MY_CPD)
    for url in ("https://www.socialworkengland.org.uk/cpd/registration-renewal-and-cpd/",
                "https://www.socialworkengland.org.uk/cpd/peer-reflection/"):
        assert f'href="{url}"' in page
    assert re.search(r'<form class="esca-cpd__form" id="cpd-form"[^>]* hidden novalidate>', page)
    assert "This record needs JavaScript" in page
    assert "esca:cpd-" not in page


# --- in the browser ---------------------------------------------------------

def open_record(page):
    page.goto(page.base + MY_CPD)
    page.wait_for_selector("#cpd-form:not([hidden])")


def fill_entry(page, **values):
    for name, value in values.items():
        page.fill(f"#cpd-{name}", value)


def stored(page) -> list[dict]:
    raw = page.evaluate("() => localStorage.getItem('esca-cpd-record')")
    return json.loads(raw)["entries"] if raw else []


@pytest.mark.browser
def test_add_from_a_course_page_prefills_and_survives_a_reload(page):
    page.goto(page.base + "cpd/courses/public-law-outline/")
    page.click("a[data-cpd-title]")
    page.wait_for_selector("#cpd-form:not([hidden])")
    page.wait_for_function("() => document.querySelector('#cpd-title').value !== ''")
    assert page.input_value("#cpd-title") == "Pre-proceedings and the Public Law Outline"
    assert page.input_value("#cpd-hours") == "6"
    assert page.input_value("#cpd-link").endswith("/cpd/courses/public-law-outline/")
    page.wait_for_function("() => document.activeElement.id === 'cpd-date'")
    page.wait_for_selector(".esca-cpd__prompts:not([hidden]) li")
    assert "Could the parent explain" in page.inner_text(".esca-cpd__prompts")
    fill_entry(page, date="2026-12-01", description="A day course.", learning="Plain letters.",
               impact="Parents understand.", peer="Talked it over in supervision.")
    page.click("#cpd-form button[type=submit]")
    page.wait_for_function("() => document.querySelector('#cpd-status').textContent.startsWith('Saved')")
    assert [e["title"] for e in stored(page)] == ["Pre-proceedings and the Public Law Outline"]
    page.reload()
    page.wait_for_selector(".esca-cpd__entry")
    assert "Pre-proceedings and the Public Law Outline" in page.inner_text("#cpd-entries")
    assert "Registration year 1 December 2026 to 30 November 2027" in page.inner_text("#cpd-entries")
    assert "1 of 2 pieces written in full, 1 of 1 with a peer reflection" in page.inner_text("#cpd-entries")
    assert page.requests and other_hosts(page.requests, page.base) == []
    assert page.context.cookies() == []


@pytest.mark.browser
def test_an_entry_for_learning_elsewhere_is_checked_then_edited(page):
    """GOV.UK's error summary (focused, each problem a link) and a message
    by each field (usability report, row 5)."""
    open_record(page)
    page.click("#cpd-form button[type=submit]")
    summary = page.locator("#cpd-error-summary")
    assert summary.is_visible() and page.evaluate("() => document.activeElement.id") == "cpd-error-summary"
    assert summary.locator("a").all_inner_texts() == ["Enter the title", "Enter the type of CPD",
                                                      "Enter the date of the activity"]
    assert page.text_content("#cpd-title-error") == "Error: Enter the title"
    fill_entry(page, title="Podcast on fathers", type="Podcast")
    page.click("#cpd-form button[type=submit]")
    assert summary.locator("a").all_inner_texts() == ["Enter the date of the activity"]
    assert page.is_hidden("#cpd-title-error") and page.get_attribute("#cpd-title", "aria-invalid") is None
    summary.locator("a").click()
    assert page.evaluate("() => document.activeElement.id") == "cpd-date"
    fill_entry(page, date="2026-02-28", link="javascript:alert(1)")
    page.click("#cpd-form button[type=submit]")
    assert summary.locator("a").all_inner_texts() == ["Link must be a web address starting with https://"]
    fill_entry(page, link="https://www.gov.uk@evil.example/")
    page.click("#cpd-form button[type=submit]")
    assert summary.locator("a").all_inner_texts() == [
        "Link must not have a name and '@' before the site: give the site's own address"]
    fill_entry(page, link="")
    page.click("#cpd-form button[type=submit]")
    page.wait_for_selector(".esca-cpd__entry")
    assert "Still to write" in page.inner_text(".esca-cpd__entry")
    page.click(".esca-cpd__edit")
    assert page.input_value("#cpd-title") == "Podcast on fathers"
    assert page.inner_text("#cpd-form button[type=submit]") == "Save changes"
    fill_entry(page, title="Podcast on including fathers", learning="Ask about dads.", description="A podcast.",
               impact="I invite fathers.")
    page.click("#cpd-form button[type=submit]")
    page.wait_for_function("() => document.querySelector('#cpd-status').textContent.startsWith('Saved')")
    entries = stored(page)
    assert len(entries) == 1 and entries[0]["title"] == "Podcast on including fathers"
    assert entries[0]["created"] <= entries[0]["updated"]
    assert "Written in full, no peer reflection." in page.inner_text(".esca-cpd__entry")
    assert "Registration year 1 December 2025 to 30 November 2026" in page.inner_text("#cpd-entries")


@pytest.mark.browser
def test_what_a_reader_types_is_shown_as_text_never_as_markup(page):
    open_record(page)
    evil = '<img src=x onerror="window.hacked=1">'
    fill_entry(page, title=evil, type=evil, date="2026-12-02", description=evil, learning="x", impact="x")
    page.click("#cpd-form button[type=submit]")
    page.wait_for_selector(".esca-cpd__entry")
    assert page.locator(".md-content img[src=x]").count() == 0
    assert evil in page.inner_text(".esca-cpd__entry strong")
    assert evil in page.inner_text("#cpd-text")
    assert page.evaluate("() => window.hacked") is None


SEED = {"format": "esca-cpd-record", "version": 1, "entries": [
    {"id": "a1", "title": "Reading on special guardianship", "type": "Reading", "date": "2026-12-10",
     "description": "Read the guidance.", "learning": "Support plans matter.", "impact": "Better plans.",
     "peer": "Discussed with my manager.", "link": "", "hours": 2, "key": "", "created": "2026-12-10T10:00:00Z",
     "updated": "2026-12-10T10:00:00Z"},
    {"id": "b2", "title": "Webinar on neglect", "type": "Webinar", "date": "2027-01-15",
     "description": "A webinar.", "learning": "Cumulative harm.", "impact": "Chronologies.", "peer": "",
     "link": "https://www.gov.uk/", "hours": 1.5, "key": "", "created": "2027-01-15T10:00:00Z",
     "updated": "2027-01-15T10:00:00Z"},
]}


def seed(page, data=SEED):
    page.goto(page.base + MY_CPD)
    page.evaluate("data => localStorage.setItem('esca-cpd-record', JSON.stringify(data))", data)
    page.reload()
    page.wait_for_selector(".esca-cpd__entry")


# Where each entry's link goes, as the list shows it (third blind attack: every
# link read "Open the activity's page", so an imported link's host was hidden).
SHOWN_LINKS = [
    ("https://www.gov.uk/guidance", "a", "Open the activity's page on www.gov.uk"),
    ("HTTPS://WWW.GOV.UK./x", "a", "Open the activity's page on www.gov.uk."),
    ("https://xn--gv-vea.uk/", "a", "Open the activity's page on xn--gv-vea.uk"),
    ("https://www.gov.uk@evil.example/", "p", "Link (not shown as a link: it has a name and '@' before the site, which "
                                              "hides the site it goes to): https://www.gov.uk@evil.example/"),
    ("https://user:pw@www.gov.uk/", "p", "Link (not shown as a link: it has a name and '@' before the site, which "
                                         "hides the site it goes to): https://user:pw@www.gov.uk/"),
    ("https://[bad/", "p", "Link (not shown as a link: it cannot be read as a web address): https://[bad/"),
]


@pytest.mark.browser
def test_each_entry_shows_where_its_link_goes(page):
    """Entries kept from before the rule are shown, with their links as text when
    they hide where they go: nothing stored is lost, nothing deceptive is a link."""
    entries = [dict(SEED["entries"][1], id=f"l{n}", title=f"Entry {n}", link=link)
               for n, (link, _, _) in enumerate(SHOWN_LINKS)]
    page.goto(page.base + MY_CPD)
    own = page.evaluate("() => location.origin") + "/cpd/courses/public-law-outline/"
    entries.append(dict(SEED["entries"][1], id="own", title="Own", link=own))
    # fourth blind attack, A19: the same host on another port or scheme is another site
    host = page.evaluate("() => location.hostname")
    port = page.evaluate("() => location.port")
    others = [(f"http://{host}:9/x", "a", f"Open the activity's page on http://{host}:9"),
              (f"https://{host}/x", "a", f"Open the activity's page on https://{host}"),
              (f"https://{host}:{port}/x", "a", f"Open the activity's page on https://{host}:{port}")]
    entries += [dict(SEED["entries"][1], id=f"o{n}", title=f"Other {n}", link=link)
                for n, (link, _, _) in enumerate(others)]
    seed(page, dict(SEED, entries=entries))
    for n, (link, tag, text) in enumerate(others):
        item = page.locator(".esca-cpd__entry", has=page.locator("strong", has_text=f"Other {n}"))
        assert item.locator("a").inner_text() == text and item.locator("a").get_attribute("href") == link
    for n, (link, tag, text) in enumerate(SHOWN_LINKS + [(own, "a", "Open the activity's page on this site")]):
        item = page.locator(".esca-cpd__entry", has=page.locator("strong", has_text=f"Entry {n}" if n < len(SHOWN_LINKS)
                                                                 else "Own"))
        assert item.count() == 1
        if tag == "a":
            assert item.locator("a").inner_text() == text and item.locator("a").get_attribute("href") == link
        else:
            assert item.locator("a").count() == 0 and text in item.inner_text()
    assert len(stored(page)) == len(entries)


@pytest.mark.browser
def test_export_as_text_to_paste_copy_and_print(page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    seed(page)
    assert "2 of 2 pieces written in full, 1 of 1 with a peer reflection. You have enough" in page.inner_text("#cpd-entries")
    page.select_option("#cpd-export-year", "2026")
    text = page.inner_text("#cpd-text")
    assert text.index("Piece 1 of 2") < text.index("Reading on special guardianship") < text.index("Webinar on neglect")
    for line in ("Type of CPD: Reading", "Date: 10 December 2026", "What you learnt: Support plans matter.",
                 "Impact on your practice and the people you work with: Better plans.",
                 "What you learnt from discussing it with a peer: Discussed with my manager."):
        assert line in text
    page.click("#cpd-copy")
    page.wait_for_function("() => document.querySelector('#cpd-status').textContent === 'Copied the text.'")
    assert page.evaluate("() => navigator.clipboard.readText()") == text
    page.emulate_media(media="print")
    assert page.locator("#cpd-text").is_visible()
    assert not page.locator("#cpd-form").is_visible()
    assert not page.locator("#cpd-delete").is_visible()


@pytest.mark.browser
def test_download_then_import_on_another_device_merges(page, browser, tmp_path):
    seed(page)
    with page.expect_download() as info:
        page.click("#cpd-download")
    file = tmp_path / "record.json"
    info.value.save_as(file)
    exported = json.loads(file.read_text())
    assert exported["format"] == "esca-cpd-record" and exported["version"] == 1
    assert [e["id"] for e in exported["entries"]] == ["a1", "b2"]
    # The other device already has one entry of its own and an older copy of b2.
    other = browser.new_context().new_page()
    try:
        older_b2 = dict(SEED["entries"][1], title="Old title", updated="2027-01-01T00:00:00Z")
        mine = dict(SEED["entries"][0], id="c3", title="My own entry")
        other.goto(page.base + MY_CPD)
        other.evaluate("d => localStorage.setItem('esca-cpd-record', JSON.stringify(d))",
                       {"format": "esca-cpd-record", "version": 1, "entries": [mine, older_b2]})
        other.reload()
        other.wait_for_selector(".esca-cpd__entry")
        other.set_input_files("#cpd-import", str(file))
        other.wait_for_function("() => document.querySelector('#cpd-import-status').textContent.startsWith('Imported')")
        assert other.inner_text("#cpd-import-status").startswith(
            "Imported the file: 1 added, 0 already in your record. 1 entry has the id of one in your record but "
            "different words: yours is kept as it was, and the file's version is added beside it: see below.")
        assert other.locator("#cpd-import-status .esca-cpd__both li").all_inner_texts() == [
            "“Webinar on neglect” (15 January 2027)"]
        titles = {e["id"]: e["title"] for e in stored(other)}
        assert {titles[k] for k in ("c3", "b2", "a1")} == {"My own entry", "Old title", "Reading on special guardianship"}
        assert sorted(titles.values()) == ["My own entry", "Old title", "Reading on special guardianship",
                                           "Webinar on neglect"]
        # Importing the same file again changes nothing.
        other.set_input_files("#cpd-import", str(file))
        other.wait_for_function("() => document.querySelector('#cpd-import-status').textContent.includes('2 already')")
        assert len(stored(other)) == 4
    finally:
        other.context.close()


BAD_FILES = [  # refused whole: not a record, or no entry in it can be read
    (b"{not json", "it is not a JSON file"),
    (b"[]", "it is not a CPD record file"),
    (json.dumps({"format": "other", "version": 1, "entries": []}).encode(), "not a CPD record file from this portal"),
    (json.dumps({"format": "esca-cpd-record", "version": 2, "entries": []}).encode(), "made by a newer version"),
    (json.dumps({"format": "esca-cpd-record", "version": 1, "entries": {}}).encode(), "it has no list of entries"),
    (json.dumps({"format": "esca-cpd-record", "version": 1, "entries": [
        dict(SEED["entries"][0], date="2026-13-01")]}).encode(), "its entry cannot be read"),
    (json.dumps({"format": "esca-cpd-record", "version": 1, "entries": [
        dict(SEED["entries"][0], title=5), dict(SEED["entries"][1], evil="x")]}).encode(),
     "none of its 2 entries can be read"),
    (b" " * (2 * 1024 * 1024 + 1), "larger than 2 MB"),
]
# One entry each, every problem named in the form's words, by the entry's number, title and date.
BAD_ENTRIES = [
    (dict(SEED["entries"][0], date="2026-13-01"),
     "Entry 2 (“Reading on special guardianship”): Date of the activity is not a real date (write it like 2026-12-03)."),
    (dict(SEED["entries"][0], title=5), "Entry 2 (10 December 2026): Title is not text."),
    (dict(SEED["entries"][1], link="javascript:alert(1)"),
     "Entry 2 (“Webinar on neglect”, 15 January 2027): Link is not a web address starting with https:// or http://."),
    (dict(SEED["entries"][0], evil="x"), "Entry 2 (“Reading on special guardianship”, 10 December 2026): it has "
                                         "“evil”, which is not a question on this form."),
    (dict(SEED["entries"][0], learning="x" * 5001, impact="y" * 5002),
     "Entry 2 (“Reading on special guardianship”, 10 December 2026): What you learnt has 5,001 characters: the "
     "limit is 5,000; The impact on your practice and on the people you work with has 5,002 characters: the "
     "limit is 5,000."),
    ({k: v for k, v in SEED["entries"][0].items() if k != "date"},
     "Entry 2 (“Reading on special guardianship”): Date of the activity is missing."),
    (dict(SEED["entries"][0], id=5), "Entry 2 (“Reading on special guardianship”, 10 December 2026): its id is not "
                                     "one this page can use: take the id line out to import it as a new entry."),
]


@pytest.mark.browser
def test_a_malformed_file_is_refused_and_changes_nothing(page, tmp_path):
    seed(page)
    before = page.evaluate("() => localStorage.getItem('esca-cpd-record')")
    for number, (content, message) in enumerate(BAD_FILES):
        file = tmp_path / f"bad-{number}.json"
        file.write_bytes(content)
        page.set_input_files("#cpd-import", str(file))
        page.wait_for_function("n => document.querySelector('#cpd-import-status').textContent.includes(n)", arg=message)
        status = page.inner_text("#cpd-import-status")
        assert status.startswith("That file was not imported:")
        assert status.split("\n")[0].endswith("Your record has not changed.")
        assert page.evaluate("() => localStorage.getItem('esca-cpd-record')") == before
        page.evaluate("() => document.querySelector('#cpd-import-status').textContent = ''")
    assert page.locator(".esca-cpd__entry").count() == 2


@pytest.mark.browser
def test_one_bad_entry_no_longer_refuses_the_file(page, tmp_path):
    """Usability report, row 7: the good entries are imported; each refused
    entry is listed by its number with every problem in the form's words."""
    seed(page)
    for number, (bad, problem) in enumerate(BAD_ENTRIES):
        good = entry(100 + number, title=f"Good entry {number}")
        status = import_file(page, tmp_path, record([good, bad]))
        assert status.startswith("Imported the file: 1 added, 0 already in your record. 1 entry was not imported: "
                                 "see below."), status
        assert page.locator("#cpd-import-status [data-entry]").all_inner_texts() == [problem]
        assert f"Good entry {number}" in [e["title"] for e in stored(page)]
    assert len(stored(page)) == 2 + len(BAD_ENTRIES)


@pytest.mark.browser
def test_delete_everything_asks_once_by_keyboard_then_clears(page):
    seed(page)
    page.focus("#cpd-delete-start")
    page.keyboard.press("Enter")
    question = page.locator("#cpd-delete-question")
    assert question.inner_text() == "Delete all 2 entries from this browser? This cannot be undone."
    assert page.evaluate("() => document.activeElement.id") == "cpd-delete-question"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # to "No, keep my record"
    assert page.evaluate("() => document.activeElement.id") == "cpd-delete-no"
    page.keyboard.press("Enter")
    assert len(stored(page)) == 2 and page.evaluate("() => document.activeElement.id") == "cpd-delete-start"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "cpd-delete-yes"
    page.keyboard.press("Enter")
    assert page.evaluate("() => localStorage.getItem('esca-cpd-record')") is None
    assert page.inner_text("#cpd-status") == "Your CPD record has been deleted from this browser."
    page.reload()
    page.wait_for_selector("#cpd-entries:not([hidden])")
    assert "You have no entries yet." in page.inner_text("#cpd-entries")


BLOCK_STORAGE = """Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('blocked', 'SecurityError'); }});
Object.defineProperty(window, 'sessionStorage', {get() { throw new DOMException('blocked', 'SecurityError'); }});"""


@pytest.mark.browser
def test_a_browser_that_blocks_storage_gets_a_clear_message_and_keeps_the_entry(page):
    page.add_init_script(BLOCK_STORAGE)
    page.goto(page.base + "practice-model/child-first/")
    page.click("a[data-cpd-title]")  # a full page load: with no storage, nothing this origin alone writes survives it
    page.wait_for_selector("#cpd-storage:not([hidden])")
    assert "not letting this site keep anything" in page.inner_text("#cpd-storage")
    assert page.input_value("#cpd-title") == ""  # never from the tab's name, which any site can set
    fill_entry(page, title="Child first", type="Reading (ESCA practice model)", date="2026-12-01")
    page.click("#cpd-form button[type=submit]")
    page.wait_for_selector(".esca-cpd__entry")
    assert page.inner_text("#cpd-status") == ("Kept for this visit only, not saved: “Child first”. "
                                              "Download a file before you close this page.")
    assert "Child first" in page.inner_text("#cpd-text")


@pytest.mark.browser
def test_storage_that_fails_on_save_says_so(page):
    open_record(page)
    page.evaluate("() => { Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); }; }")
    fill_entry(page, title="Team reflection", type="Group supervision", date="2026-12-01")
    page.click("#cpd-form button[type=submit]")
    page.wait_for_selector("#cpd-storage:not([hidden])")
    assert "did not let the portal save your record" in page.inner_text("#cpd-storage")
    assert "Team reflection" in page.inner_text("#cpd-entries")


@pytest.mark.browser
def test_keyboard_only_add_an_entry(page):
    open_record(page)
    page.focus("#cpd-title")
    page.keyboard.type("Book on systemic practice")
    page.keyboard.press("Tab")
    page.keyboard.type("Reading")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "cpd-date"
    page.fill("#cpd-date", "2026-12-01")  # date pickers differ by locale; the value is what matters
    page.focus("#cpd-form button[type=submit]")
    visible = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || (s.boxShadow && s.boxShadow !== 'none'); }""")
    assert visible
    page.keyboard.press("Enter")
    page.wait_for_selector(".esca-cpd__entry")
    assert "Book on systemic practice" in page.inner_text(".esca-cpd__entry")


@pytest.mark.browser
def test_axe_passes_with_entries_prompts_and_the_delete_question(page):
    from test_accessibility import axe_violations

    seed(page)
    page.click(".esca-cpd__edit")
    page.click("#cpd-form button[type=submit]")  # re-save to show the status line
    page.click("#cpd-form button[type=submit]")  # empty form: the error message
    page.click("#cpd-delete-start")
    assert axe_violations(page) == []


# --- a change to the data file must not strand saved entries ----------------

def previous_findings(text: str) -> list[str]:
    """Findings for ``text`` as data/cpd-record.yml against the last release's copy."""
    current = load_text(text, "data/cpd-record.yml")
    assert current.ok, current.findings
    assert [str(f) for f in cpd_record.check_config(current.data)] == []
    previous = load_text((ROOT / cpd_record.PREVIOUS_FILE).read_text(encoding="utf-8"), cpd_record.PREVIOUS_FILE)
    return [str(f) for f in cpd_record.check_previous(current.data, previous.data)]


LEARNING = ("  - id: learning\n    kind: textarea\n    label: What you learnt\n    max_length: 5000\n"
            "    answer: true\n    export: What you learnt\n")

STRANDING = [
    # (change to the real file, the one finding it gives)
    ((LEARNING, ""), "data/cpd-record.yml:40: fields.learning: removed, but entries readers saved under the last "
     "release may hold it — put the field back, or move it as it was under retired: (the last release's file is "
     "releases/previous/cpd-record.yml)"),
    (("  - id: learning\n", "  - id: lessons\n"), "data/cpd-record.yml:40: fields.learning: removed, but entries "
     "readers saved under the last release may hold it — put the field back, or move it as it was under retired: "
     "(the last release's file is releases/previous/cpd-record.yml)"),
    (("  - id: description\n    kind: textarea\n", "  - id: description\n    kind: text\n"),
     "data/cpd-record.yml:62: fields.description.kind: changed from textarea, which entries saved under the last "
     "release may not pass: 'text' — keep kind: textarea, or retire this field and add one with a new id"),
    (("  - id: hours\n    kind: number\n", "  - id: hours\n    kind: text\n    max_length: 10\n"),
     "data/cpd-record.yml:96: fields.hours.kind: changed from number, which entries saved under the last release "
     "may not pass: 'text' — keep kind: number, or retire this field and add one with a new id"),
    (("    max_length: 500\n", "    max_length: 300\n"),
     "data/cpd-record.yml:94: fields.link.max_length: lowered from 500, so entries saved under the last release "
     "that go over it would be refused: 300 — keep max_length: 500 or more"),
    (("    max_value: 1000\n", "    max_value: 100\n"),
     "data/cpd-record.yml:98: fields.hours.max_value: lowered from 1000, so entries saved under the last release "
     "that go over it would be refused: 100 — keep max_value: 1000 or more"),
    (("    label: What you learnt\n", "    label: What you learnt\n    required: true\n"),
     "data/cpd-record.yml:70: fields.learning.required: new since the last release, so entries saved under it may "
     "lack this field and would not load — leave required: out for this field"),
]


@pytest.mark.parametrize("change,expected", STRANDING, ids=[s[1].split(": ")[1] for s in STRANDING])
def test_a_change_that_would_strand_saved_entries_is_one_clear_line(change, expected):
    text = real_config_text()
    assert change[0] in text
    assert previous_findings(text.replace(change[0], change[1], 1)) == [expected]


SAFE_CHANGES = [
    ("nothing", ("", "")),
    ("a field moved under retired", (LEARNING, "")),
    ("a limit raised", ("    max_length: 500\n", "    max_length: 2000\n")),
    ("text to textarea", ("  - id: type\n    kind: text\n", "  - id: type\n    kind: textarea\n")),
    ("url to text", ("  - id: link\n    kind: url\n", "  - id: link\n    kind: text\n")),
    ("a new optional field", ("", "")),
]


@pytest.mark.parametrize("name,change", SAFE_CHANGES, ids=[s[0] for s in SAFE_CHANGES])
def test_changes_that_keep_saved_entries_readable_pass(name, change):
    text = real_config_text().replace(change[0], change[1], 1) if change[0] else real_config_text()
    if name == "a field moved under retired":
        text = text.replace("retired: []\n", "retired:\n" + LEARNING)
    if name == "a new optional field":
        text = text.replace("  - id: hours\n", "  - id: minutes\n    kind: number\n    label: Minutes\n"
                            "    max_value: 600\n  - id: hours\n", 1)
    assert previous_findings(text) == []


def test_the_real_file_keeps_every_field_of_the_last_release():
    """The build compares the two (esca.site reads load_config): nothing is stranded now."""
    assert (ROOT / cpd_record.PREVIOUS_FILE).exists()
    config, findings = cpd_record.load_config(ROOT)
    assert findings == [] and config.retired == ()
    assert previous_findings(real_config_text()) == []


def test_a_broken_previous_file_is_one_finding_not_a_traceback(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data/cpd-record.yml").write_text(real_config_text(), encoding="utf-8")
    (tmp_path / "releases/previous").mkdir(parents=True)
    for text, expected in [
        ("fields: 3\n", "releases/previous/cpd-record.yml:1: fields: not a CPD record data file with a list of "
         "fields — run make release-snapshot again, or restore the file from the last release"),
        ("- a\n", "releases/previous/cpd-record.yml:1: fields: not a CPD record data file with a list of fields — "
         "run make release-snapshot again, or restore the file from the last release"),
        ("fields:\n  - id: [x]\n", "releases/previous/cpd-record.yml:1: fields: not a CPD record data file with a "
         "list of fields — run make release-snapshot again, or restore the file from the last release"),
    ]:
        (tmp_path / cpd_record.PREVIOUS_FILE).write_text(text, encoding="utf-8")
        config, findings = cpd_record.load_config(tmp_path)
        assert config is not None and [str(f) for f in findings] == [expected]
    (tmp_path / cpd_record.PREVIOUS_FILE).unlink()
    assert cpd_record.load_config(tmp_path)[1] == []  # no release kept yet: nothing to compare with


RETIRED_FAULTS = [
    ("retired:\n" + LEARNING.replace("id: learning", "id: title"),
     "data/cpd-record.yml:106: retired[1].id: is used by another field: 'title' — "
     "give each field its own id (the other is on line 41)"),
    ("retired:\n" + LEARNING + "    required: true\n",
     "data/cpd-record.yml:112: retired[1].required: a retired field cannot be required — "
     "remove required: from the retired field"),
    ("retired: old\n", "data/cpd-record.yml:105: retired: must be a list: 'old' — write one '- value' line per item, "
     "or [a, b]"),
    ("retired:\n" + LEARNING.replace("id: learning", "id: lessons") + "    peer: true\n",
     "data/cpd-record.yml:112: retired[1].peer: a retired field cannot be the peer reflection — "
     "remove peer: from the retired field"),
    ("retired:\n  - id: old\n    kind: textarea\n    label: Old\n",
     "data/cpd-record.yml:106: retired[1].max_length: required field is missing — add max_length: (the most "
     "characters a reader may type; a textarea field needs it)"),
]


@pytest.mark.parametrize("retired,expected", RETIRED_FAULTS, ids=range(len(RETIRED_FAULTS)))
def test_retired_fields_follow_the_field_rules(retired, expected):
    found = findings_for(real_config_text().replace("retired: []\n", retired))
    assert expected in found, "\n".join(found)


@pytest.mark.parametrize("fid", ["id", "key", "created", "updated", "__proto__", "constructor", "prototype"])
def test_a_field_cannot_take_a_name_the_record_or_scripts_use(fid):
    found = findings_for(real_config_text().replace("  - id: link\n", f"  - id: {fid}\n"))
    assert (f"data/cpd-record.yml:90: fields[8].id: is a name the record keeps for itself or scripts treat "
            f"specially: '{fid}' — choose another id, like learning") in found


# --- property tests -----------------------------------------------------------

from hypothesis import HealthCheck, assume, given, settings, strategies as st  # noqa: E402

PROPERTY = settings(max_examples=200, deadline=None, database=None)


@PROPERTY
@given(title=st.text(max_size=80), kind=st.text(max_size=40), hours=st.none() | st.floats(0, 100, allow_nan=False),
       key=st.from_regex(r"(course|page)/[a-z0-9/-]{1,40}", fullmatch=True))
def test_a_button_reads_back_exactly_what_it_was_given(title, kind, hours, key):
    """The activities the My CPD page may fill in are read back from the
    buttons, so whatever text a title holds, it must come back unchanged (and
    never break out of its attribute)."""
    button = cpd_record.add_button(title=title, kind=kind, hours=hours, key=key, from_src="cpd/courses/x.md")
    assert cpd_record.buttons_in(button) == [
        {"title": title, "type": kind, "key": key, "hours": "" if hours is None else f"{hours:g}"}]
    assert button.count("<") == 4 and button.count(">") == 4  # <p><a>…</a></p>: nothing from the text


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10**6) | st.text(max_size=20) | st.dates(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20)


@PROPERTY
@given(field=st.sampled_from(["fields", "retired", "requirement", "registration_year", "sources"]),
       value=yaml_values, index=st.integers(0, 8), key=st.sampled_from(
           ["id", "kind", "label", "max_length", "max_value", "required", "peer", "export", "__proto__"]))
def test_any_value_in_the_data_file_gives_findings_never_a_traceback(field, value, index, key):
    """Whatever a field of the data file holds (or a key of one of its
    fields), the checks give findings, and the comparison with the last
    release runs on anything that passed them."""
    data = yaml.safe_load(real_config_text())
    if field in ("fields", "retired") and isinstance(value, (str, int)) is False:
        target = data["fields"][index]
        target[key] = value
    else:
        data[field] = value
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    loaded = load_text(text, "data/cpd-record.yml")
    findings = [str(f) for f in loaded.findings] if not loaded.ok else \
        [str(f) for f in cpd_record.check_config(loaded.data)]
    assert all(line.startswith("data/cpd-record.yml:") for line in findings)
    if loaded.ok and not findings:
        previous = load_text((ROOT / cpd_record.PREVIOUS_FILE).read_text(encoding="utf-8"), cpd_record.PREVIOUS_FILE)
        assert all(str(f).startswith("data/cpd-record.yml:")
                   for f in cpd_record.check_previous(loaded.data, previous.data))
        cpd_record.form_html(cpd_record.build_config(loaded.data))


# Every mapping in the file, as (the line a key is put after, its indent, its
# path in findings, the declaration it must follow): a key written anywhere
# that its declaration does not name is the field library's "unknown field".
RETIRED_LESSONS = "retired:\n" + LEARNING.replace("id: learning", "id: lessons")
MAPPINGS = [
    ("earliest_year: 2000", "", "", cpd_record.CPD_RECORD),
    ("  - url: https://www.socialworkengland.org.uk/cpd/peer-reflection/", "    ", "sources[2]", cpd_record.SOURCE),
    ("  - url: https://researchinpractice.org.uk/", "    ", "also_checked[1]", cpd_record.CHECKED_SOURCE),
    ("  start_month: 12", "  ", "registration_year", cpd_record.CPD_RECORD.by_name()["registration_year"]),
    ("  pieces: 2", "  ", "requirement", cpd_record.CPD_RECORD.by_name()["requirement"]),
    ("  - id: learning", "    ", "fields[5]", cpd_record.FIELD),
    ("  - id: lessons", "    ", "retired[1]", cpd_record.FIELD),
]
KEY_TEXT = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.éß", min_size=1,
                   max_size=24)


@PROPERTY
@given(place=st.sampled_from(MAPPINGS), key=KEY_TEXT, value=st.sampled_from(["1", "x", "[]", "{a: 1}", "true", "''"]))
def test_a_key_the_declaration_does_not_name_is_an_unknown_field_anywhere(place, key, value):
    """Whatever the key and wherever it is written, it is one finding at its
    own line, and nothing else in the file changes its findings."""
    anchor, indent, path, declared = place
    assume(key not in {f.name for f in declared.fields})
    lines = real_config_text().replace("retired: []\n", RETIRED_LESSONS).splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith(anchor)) + 1
    lines.insert(at, f"{indent}'{key}': {value}\n")
    found = findings_for("".join(lines))
    where = f"{path}.{key}" if path else key
    assert len(found) == 1 and found[0].startswith(f"data/cpd-record.yml:{at + 1}: {where}: unknown field — "), found


# --- nothing typed is lost (in Chromium, on a desktop and a phone window) ----

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 667}}
COURSE = "cpd/courses/public-law-outline/"
COURSE_TITLE = "Pre-proceedings and the Public Law Outline"


def instant_navigation(context, base: str) -> None:
    """Material's instant navigation follows only links its sitemap lists,
    matching the port too; the test site is built for 127.0.0.1:8000 and
    served on another port. The sitemap the tab reads names the served
    address, so links are followed as on the published site: by fetching the
    next page and swapping it in (the way input used to be lost)."""
    def rewrite(route):
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace("http://127.0.0.1:8000/", base))
    context.route("**/sitemap.xml", rewrite)


def assert_instant(page):
    """The page was not loaded again (a marker set on it is still there)."""
    assert page.evaluate("() => window.__escaSameTab === 1")


@pytest.fixture(params=list(VIEWPORTS))
def sized_page(request, browser, served_site):
    """A tab the size of a desktop window or of a phone, recording its
    requests and any script error."""
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    tab = context.new_page()
    tab.requests, tab.errors, tab.base, tab.phone = [], [], served_site, request.param == "phone"
    tab.on("request", lambda r: tab.requests.append(r.url))
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    yield tab
    context.close()


def start_an_entry_from_a_course(page):
    """Follow "Add to my CPD record" on a course page, then type into two
    fields as a person would. The My CPD page loads in full (the course
    page's navigation has no sitemap), as when it is opened from a bookmark
    or another tab; from there on, instant navigation is on: a same-page
    link on a page loaded in full was what fetched the page again."""
    page.goto(page.base + COURSE)
    page.wait_for_load_state("networkidle")
    instant_navigation(page.context, page.base)
    page.click("a[data-cpd-key]")
    page.wait_for_function("t => document.querySelector('#cpd-title') && document.querySelector('#cpd-title').value === t",
                           arg=COURSE_TITLE)
    page.wait_for_function("() => document.activeElement.id === 'cpd-date'")
    page.wait_for_load_state("networkidle")  # the sitemap is in
    page.evaluate("() => { window.__escaSameTab = 1; }")
    page.fill("#cpd-date", "2026-12-03")
    page.click("#cpd-learning")
    page.keyboard.type("Plain letters help.")


def assert_the_entry_is_whole(page):
    page.wait_for_function("() => document.querySelector('#cpd-learning') && "
                           "document.querySelector('#cpd-learning').value === 'Plain letters help.'")
    assert page.input_value("#cpd-title") == COURSE_TITLE
    assert page.input_value("#cpd-hours") == "6"
    assert page.input_value("#cpd-link").endswith("/" + COURSE)
    assert page.input_value("#cpd-date") == "2026-12-03"
    assert page.locator(".esca-cpd__prompts li").count() > 0  # the course's key came back too
    page.click("#cpd-form button[type=submit]")
    page.wait_for_function("() => document.querySelector('#cpd-status').textContent.startsWith('Saved')")
    [entry] = stored(page)
    assert (entry["title"], entry["key"], entry["learning"]) == (COURSE_TITLE, "course/public-law-outline",
                                                                 "Plain letters help.")
    assert page.evaluate("() => localStorage.getItem('esca-cpd-draft')") is None
    assert page.errors == []


def page_fetches(page, since: int) -> list[str]:
    return [url for url in page.requests[since:] if MY_CPD in url]


def by_the_table_of_contents(page):
    if page.phone:  # "On this page" is in the menu on a phone
        page.click("label.md-header__button[for=__drawer]")
        page.click(".md-nav--primary label.md-nav__link--active[for=__toc]")
        link = page.locator(".md-nav--primary .md-nav--secondary a[href$='#copy-print-or-move-your-record']")
    else:
        link = page.locator(".md-sidebar--secondary a[href$='#copy-print-or-move-your-record']")
    before = len(page.requests)
    link.click()
    page.wait_for_function("() => document.activeElement.id === 'copy-print-or-move-your-record'")
    assert page.url.endswith("#copy-print-or-move-your-record") and page_fetches(page, before) == []
    assert_instant(page)
    assert page.evaluate("() => !document.querySelector('[data-md-toggle=drawer]').checked")
    heading = page.evaluate("() => document.getElementById('copy-print-or-move-your-record').getBoundingClientRect().top")
    header = page.evaluate("() => document.querySelector('.md-header').getBoundingClientRect().bottom")
    assert header <= heading < 200  # in view, below the header
    return page


def by_a_permalink(page):
    before = len(page.requests)
    page.hover("#your-entries")
    where = page.evaluate("() => window.scrollY")
    page.click("a.headerlink[href$='#your-entries']")
    page.wait_for_function("() => document.activeElement.id === 'your-entries'")
    assert page.url.endswith("#your-entries") and page_fetches(page, before) == []
    page.go_back()  # Back to where the page was: still no fetch
    page.wait_for_function("y => Math.abs(window.scrollY - y) < 2", arg=where)
    assert page_fetches(page, before) == []
    assert_instant(page)
    return page


def by_a_reload(page):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.reload()
    page.wait_for_selector("#cpd-form:not([hidden])")
    assert dialogs == ["beforeunload"]  # leaving with an unsaved entry asks, once
    return page


def by_back_after_another_page(page):
    page.locator(".md-content a[href$='about/privacy/']").first.click()
    page.wait_for_url("**/about/privacy/")
    page.wait_for_selector("h1:has-text('Privacy')")
    page.go_back()
    page.wait_for_url("**/" + MY_CPD + "**")
    page.wait_for_selector("#cpd-form:not([hidden])")
    assert "Your unsaved entry" in page.inner_text("#cpd-status")
    assert_instant(page)  # both ways by instant navigation: the page was fetched and swapped in, not loaded
    return page


def by_a_crash(page):
    """The tab closes with no chance to save (no unload handler runs); the
    draft kept while typing is what comes back."""
    page.wait_for_function("() => (localStorage.getItem('esca-cpd-draft') || '').includes('Plain letters help.')")
    context = page.context
    page.close(run_before_unload=False)
    again = context.new_page()
    again.requests, again.errors, again.base, again.phone = [], [], page.base, page.phone
    again.on("pageerror", lambda e: again.errors.append(str(e)))
    again.goto(page.base + MY_CPD)
    return again


ROUTES = [by_the_table_of_contents, by_a_permalink, by_a_reload, by_back_after_another_page, by_a_crash]


@pytest.mark.browser
@pytest.mark.parametrize("route", ROUTES, ids=[r.__name__ for r in ROUTES])
def test_a_half_written_entry_survives(sized_page, route):
    page = sized_page
    start_an_entry_from_a_course(page)
    page = route(page)
    assert_the_entry_is_whole(page)


@pytest.mark.browser
def test_add_by_instant_navigation_fills_the_form_from_the_sites_own_data(page):
    """Instant navigation swaps the My CPD page in and re-runs the scripts in
    it: the page's data (activities, prompts) must still be there."""
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    instant_navigation(page.context, page.base)
    page.goto(page.base + COURSE)
    page.wait_for_load_state("networkidle")
    page.evaluate("() => { window.__escaSameTab = 1; }")
    page.click("a[data-cpd-key]")
    page.wait_for_function("t => document.querySelector('#cpd-title') && document.querySelector('#cpd-title').value === t",
                           arg=COURSE_TITLE)
    assert_instant(page)
    assert page.input_value("#cpd-type") == "Course (face to face)"
    assert "Could the parent explain" in page.inner_text(".esca-cpd__prompts")
    assert page.errors == []


# --- hostile imports: nothing already in the record is ever lost -------------

CONFIG, _ = cpd_record.load_config(ROOT)
OWN_KEYS = {"id", "key", "created", "updated"}
SPECIAL_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "__defineGetter__"]
GOOD_IDS = st.sampled_from(["a1", "b2", "c3", "constructor", "toString", "hasOwnProperty", "valueOf", "prototype",
                            "new-1", "new-2"])
GOOD_STAMPS = st.sampled_from(["2026-12-10T10:00:00Z", "2026-12-10T10:00:00.000Z", "2026-12-10T11:30:00+01:00",
                               "2027-01-15T10:00:00Z", "2027-01-01T00:30:00+01:00", "2026-12-31T23:45:00Z",
                               "2025-06-01T00:00:00Z", "2199-12-31T23:59:59Z"]) | \
    st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2199, 12, 31, 23, 59, 59)).map(
        lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ"))
TEXT = st.text(max_size=30) | st.sampled_from(['<img src=x onerror="window.hacked=1">', "\u202e\u0000 \u2028",
                                               "x" * 200, "y" * 5000])
LINE = TEXT.filter(lambda s: s.strip() != "" and len(s) <= 200)
good_entry = st.fixed_dictionaries(
    {"id": GOOD_IDS, "title": LINE, "type": LINE,
     "date": st.dates(dt.date(1900, 1, 1), dt.date(2199, 12, 31)).map(str)},
    optional={"description": TEXT, "learning": TEXT, "impact": TEXT, "peer": TEXT,
              "link": st.sampled_from(["", "https://www.gov.uk/", "http://example.org/a?b=c"]),
              "hours": st.none() | st.sampled_from(["", 0, 1.5, 1000]) | st.floats(0, 1000, allow_nan=False),
              "key": st.sampled_from(["", "course/public-law-outline", "page/practice-model/child-first"]),
              "created": GOOD_STAMPS, "updated": GOOD_STAMPS})
BAD_VALUES = st.sampled_from(
    [None, 5, -1, 1e308, True, [], {}, "2026-02-30", "0000-01-01", "1899-12-31", "2200-01-01", "99999-01-01",
     "2026-1-1", "javascript:alert(1)", "z" * 5001, "z" * 201, "not a date", "", " "]) | st.text(max_size=8) | \
    st.dictionaries(st.sampled_from(SPECIAL_KEYS + ["title"]), TEXT, max_size=2)
bad_entry = st.tuples(good_entry, st.sampled_from(
    [f.id for f in CONFIG.fields] + SPECIAL_KEYS + sorted(OWN_KEYS)), BAD_VALUES).map(
    lambda t: {**t[0], t[1]: t[2]})
record_file = st.one_of(
    st.fixed_dictionaries({"format": st.just("esca-cpd-record"), "version": st.just(1),
                           "entries": st.lists(good_entry, max_size=8)}),
    st.fixed_dictionaries({"format": st.just("esca-cpd-record"), "version": st.just(1),
                           "entries": st.lists(good_entry | bad_entry, max_size=8)}),
    st.sampled_from([[], {}, "x", {"format": "esca-cpd-record"}, {"__proto__": {"format": "esca-cpd-record"}},
                     {"format": "esca-cpd-record", "version": "1", "entries": []},
                     {"format": "esca-cpd-record", "version": 1, "entries": {"__proto__": {}}}]))


def kept_entry_problems(entry: dict) -> list[str]:
    """Why an entry the page keeps breaks the form's own rules (none, always)."""
    fields = {f.id: f for f in CONFIG.fields}
    problems = [f"unknown key {k!r}" for k in entry if k not in fields and k not in OWN_KEYS]
    if not re.fullmatch(r"[A-Za-z0-9-]{1,64}", str(entry.get("id", ""))):
        problems.append("bad id")
    for fid, f in fields.items():
        value = entry.get(fid, "")
        if f.required and not str(value).strip():
            problems.append(f"no {fid}")
        if f.kind == "number":
            if value not in ("", None) and not (isinstance(value, (int, float)) and 0 <= value <= f.max_value):
                problems.append(f"{fid} out of range")
        elif not isinstance(value, str) or (f.max_length and len(value) > f.max_length):
            problems.append(f"{fid} not text within {f.max_length}")
        elif f.kind == "date":
            try:
                assert 1900 <= dt.date.fromisoformat(value).year <= 2199 and re.fullmatch(r"\d{4}-\d\d-\d\d", value)
            except (ValueError, AssertionError):
                problems.append(f"{fid} not a real date")
    return problems


@pytest.mark.browser
@pytest.mark.filterwarnings("ignore:Generating overly large repr")  # a failing file holds 5,000-character texts
@settings(max_examples=100, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=record_file)
def test_a_hostile_import_never_corrupts_or_loses_what_is_there(page, tmp_path, data):
    """Generated files (special keys, huge values, bad dates, repeated ids,
    times written in different zones, any claimed time) imported one after
    another into the same record: every entry already there stays exactly as
    it was (case 117: no "updated" replaces it); every entry the file gives
    is in the record afterwards; everything kept passes the form's own
    rules; a refused file changes nothing; no prototype is touched and no
    script fails."""
    if not getattr(page, "seeded", False):
        page.errors = []
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        seed(page)
        page.seeded = True
    before_raw = page.evaluate("() => localStorage.getItem('esca-cpd-record')")
    before = {e["id"]: e for e in json.loads(before_raw)["entries"]}
    file = tmp_path / "import.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    page.evaluate("() => { document.querySelector('#cpd-import-status').textContent = ''; }")
    page.set_input_files("#cpd-import", str(file))
    page.wait_for_function("() => document.querySelector('#cpd-import-status').textContent !== ''")
    status = page.inner_text("#cpd-import-status")
    after_raw = page.evaluate("() => localStorage.getItem('esca-cpd-record')")
    assert page.errors == []
    assert page.evaluate("() => Object.keys(Object.prototype).length === 0 && ({}).title === undefined "
                         "&& window.hacked === undefined")
    if status.startswith("That file was not imported"):
        assert after_raw == before_raw
        return
    assert status.startswith("Imported the file: "), status
    after_list = json.loads(after_raw)["entries"]
    after = {e["id"]: e for e in after_list}
    assert len(after) == len(after_list) <= 2000 and len(after_raw.encode()) <= 2 * 1024 * 1024
    assert [p for e in after_list for p in kept_entry_problems(e)] == []
    # The entries the page took: all but those it lists as not imported (by number).
    refused = {int(n) for n in page.eval_on_selector_all("#cpd-import-status [data-entry]",
                                                         "items => items.map(i => i.dataset.entry)")}
    incoming = [e for n, e in enumerate(data["entries"], 1) if n not in refused]
    for eid, old in before.items():  # every entry here stays, word for word, whatever the file's times
        assert after.get(eid) == old, f"lost or changed {eid}"
    assert [e["id"] for e in after_list[:len(before)]] == list(before)
    for entry in after_list[len(before):]:  # each added entry is one of the file's, perhaps under a new id
        assert entry["id"] not in before and any({**e, "id": entry["id"]} == entry for e in incoming), (entry, incoming)
    # No words in the file are lost either: each taken entry is now in the record, under its id or another.
    words = [{k: v for k, v in e.items() if k not in ("id", "created", "updated")} for e in after_list]

    def same_words(a: dict, b: dict) -> bool:  # "", missing and null are all an empty answer
        return all((a.get(k) if a.get(k) is not None else "") == (b.get(k) if b.get(k) is not None else "")
                   for k in set(a) | set(b))
    for e in incoming:
        mine = {k: v for k, v in e.items() if k not in ("id", "created", "updated")}
        assert any(same_words(mine, w) for w in words), e


STAMPS = [  # (a time in a file, whether it is a real date and time) -- case 116 of the blind attack
    ("2026-02-31T10:00:00Z", False), ("2026-02-29T10:00:00Z", False), ("2028-02-29T10:00:00Z", True),
    ("2026-04-31T10:00:00Z", False), ("2026-13-01T10:00:00Z", False), ("2026-00-10T10:00:00Z", False),
    ("2026-12-10T24:00:00Z", False), ("2026-12-10T10:60:00Z", False), ("2026-12-10T10:00:60Z", False),
    ("2026-12-10T10:00:00+24:00", False), ("2026-12-10T10:00:00+01:60", False), ("2026-12-10T10:00:00", False),
    ("2026-12-10 10:00:00Z", False), ("2026-12-10T10:00Z", True), ("2026-12-10T10:00:00.5Z", True),
    ("2026-12-10T23:59:59-12:00", True), ("1900-01-01T00:30:00+01:00", False), ("2199-12-31T23:59:59Z", True),
    ("2200-01-01T00:00:00Z", False), ("2026-12-10T10:00:00Zjunk", False),
]


def stamp_is_real(text: str) -> bool:
    """Python's calendar and clock: the rule the page must agree with."""
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d)(?:\.\d{1,9})?)?(Z|([+-])(\d\d):(\d\d))", text)
    if not m:
        return False
    try:
        zone = dt.timezone.utc if m[7] == "Z" else dt.timezone(
            (1 if m[8] == "+" else -1) * dt.timedelta(hours=int(m[9]), minutes=int(m[10])))
        if int(m[10] or 0) > 59:
            return False
        when = dt.datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), int(m[6] or 0), tzinfo=zone)
    except ValueError:
        return False
    return 1900 <= when.astimezone(dt.timezone.utc).year <= 2199


def stamp_text(parts) -> str:
    y, mo, d, h, mi, sec, zone = parts
    return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{sec:02d}{zone}"


GENERATED_STAMPS = st.lists(st.tuples(
    st.integers(1899, 2201), st.integers(0, 13), st.integers(0, 32), st.integers(0, 25), st.integers(0, 61),
    st.integers(0, 61), st.sampled_from(["Z", "+01:00", "-05:30", "+23:59", "+24:00", "-00:60", ""])).map(stamp_text),
    min_size=1, max_size=25)


def test_the_table_of_times_agrees_with_pythons_calendar():
    assert [stamp_is_real(text) for text, _ in STAMPS] == [real for _, real in STAMPS]


@pytest.mark.browser
@settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stamps=GENERATED_STAMPS)
def test_times_in_an_import_are_real_calendar_values(page, tmp_path, stamps):
    """Each time (as "updated", then as "created") is checked as a real day
    by the form's own date rule and a real time of day: an entry with a
    time that is not real is refused and listed, and the rest are imported."""
    if not getattr(page, "opened", False):
        open_record(page)
        page.opened = True
    cases = [text for text, _ in STAMPS] + stamps
    for field in ("updated", "created"):
        page.evaluate("() => localStorage.removeItem('esca-cpd-record')")
        page.reload()
        page.wait_for_selector("#cpd-form[data-ready]:not([hidden])")
        entries = [entry(n, id=f"t{n}", title=f"Entry {n}", **{field: text}) for n, text in enumerate(cases)]
        status = import_file(page, tmp_path, record(entries))
        listed = page.eval_on_selector_all("#cpd-import-status [data-entry]", "items => items.map(i => i.dataset.entry)")
        refused = {cases[int(n) - 1] for n in listed}
        assert {text for text in cases if not stamp_is_real(text)} == refused, status
        assert sorted(e["id"] for e in stored(page)) == sorted(
            {f"t{n}" for n, text in enumerate(cases) if stamp_is_real(text)})


def entry(number: int, **values) -> dict:
    return {"id": f"e{number}", "title": f"Entry {number}", "type": "Reading", "date": "2026-12-01",
            "created": "2026-12-01T10:00:00Z", "updated": "2026-12-01T10:00:00Z", **values}


def record(entries: list[dict]) -> dict:
    return {"format": "esca-cpd-record", "version": 1, "entries": entries}


def import_file(page, tmp_path, data, name="import.json") -> str:
    file = tmp_path / name
    file.write_text(json.dumps(data), encoding="utf-8")
    page.evaluate("() => { document.querySelector('#cpd-import-status').textContent = ''; }")
    page.set_input_files("#cpd-import", str(file))
    page.wait_for_function("() => document.querySelector('#cpd-import-status').textContent !== ''")
    return page.inner_text("#cpd-import-status")


BOTH = ("1 entry has the id of one in your record but different words: yours is kept as it was, and the file's "
        "version is added beside it: see below.")


@pytest.mark.browser
@pytest.mark.parametrize("updated", ["2199-12-31T23:59:59Z", "2027-01-01T00:30:00+01:00", "2026-12-01T10:00:00Z",
                                     "2025-01-01T00:00:00Z"])
def test_an_imported_entry_with_an_id_already_here_never_replaces_it(page, tmp_path, updated):
    """Case 117 of the blind attack: a file claiming a later "updated" (2199)
    replaced the reader's own entry. Whatever time a file claims, the
    entry here stays as it was, and the file's words are added beside it,
    named in the status; importing the file again adds nothing."""
    mine = entry(7, title="Mine", learning="What I wrote.")
    seed(page, record([mine]))
    theirs = entry(7, title="The file's", learning="Other text.", updated=updated)
    status = import_file(page, tmp_path, record([theirs]))
    assert status.split("\n")[0] == "Imported the file: 0 added, 0 already in your record. " + BOTH
    assert page.locator("#cpd-import-status .esca-cpd__both li").all_inner_texts() == ["“The file's” (1 December 2026)"]
    entries = stored(page)
    assert entries[0] == mine
    assert len(entries) == 2 and entries[1]["id"] != "e7" and {**entries[1], "id": "e7"} == theirs
    again = import_file(page, tmp_path, record([theirs]))
    assert again == "Imported the file: 0 added, 1 already in your record."
    assert stored(page) == entries


@pytest.mark.browser
def test_an_import_reports_repeats_and_keeps_both_of_two_different_entries(page, tmp_path):
    seed(page, record([entry(1, learning="Mine")]))
    status = import_file(page, tmp_path, record([entry(1, learning="Theirs"), entry(2), entry(2),
                                                 entry(2, title="Again"), entry(3, id="constructor"),
                                                 entry(4, id="toString")]))
    assert status.split("\n")[0] == (
        "Imported the file: 4 added, 0 already in your record. " + BOTH + " 1 entry was in the file more than once "
        "with the same words: each was added once. 1 entry shares an id with another in the file but has different "
        "words: each version is kept.")
    entries = stored(page)
    assert sorted(e["learning"] for e in entries if e["title"] == "Entry 1") == ["Mine", "Theirs"]
    assert sorted(e["title"] for e in entries if e["title"].startswith(("Entry 2", "Again"))) == ["Again", "Entry 2"]
    assert {"e1", "e2", "constructor", "toString"} <= {e["id"] for e in entries} and len(entries) == 6
    page.reload()
    page.wait_for_selector(".esca-cpd__entry")
    assert page.locator(".esca-cpd__entry").count() == 6


@pytest.mark.browser
def test_the_limits_hold_across_imports(page, tmp_path):
    seed(page, record([entry(n) for n in range(1500)]))
    before = page.evaluate("() => localStorage.getItem('esca-cpd-record')")
    status = import_file(page, tmp_path, record([entry(n) for n in range(1400, 2100)]))
    assert status == ("That file was not imported: your record would have more than 2,000 entries. "
                      "Your record has not changed.")
    assert page.evaluate("() => localStorage.getItem('esca-cpd-record')") == before
    # Size: 1.2 MB here and 1 MB in the file, each within the 2 MB a file may be.
    long = "x" * 5000
    seed(page, record([entry(n, learning=long) for n in range(240)]))
    before = page.evaluate("() => localStorage.getItem('esca-cpd-record')")
    status = import_file(page, tmp_path, record([entry(n, learning=long) for n in range(1000, 1200)]))
    assert status == "That file was not imported: your record would be larger than 2 MB. Your record has not changed."
    assert page.evaluate("() => localStorage.getItem('esca-cpd-record')") == before


@pytest.mark.browser
def test_a_full_record_says_so_when_saving_and_keeps_the_entry_in_the_form(page):
    long = "x" * 5000
    full = [entry(n, learning=long, description=long, impact=long, peer=long) for n in range(120)]
    while len(json.dumps(record(full), separators=(",", ":"))) > 2 * 1024 * 1024 - 15000:
        full.pop()  # room left for less than one more such entry
    seed(page, record(full))
    before = page.evaluate("() => localStorage.getItem('esca-cpd-record')")
    assert 2 * 1024 * 1024 - 25000 < len(before) < 2 * 1024 * 1024
    fill_entry(page, title="One more", type="Reading", date="2026-12-01", learning=long, description=long,
               impact=long, peer=long)
    page.click("#cpd-form button[type=submit]")
    error = page.locator("#cpd-form-error")
    assert error.inner_text().startswith("Your record is full: it can hold 2,000 entries and 2 MB of text.")
    assert page.evaluate("() => localStorage.getItem('esca-cpd-record')") == before
    assert page.input_value("#cpd-title") == "One more"


@pytest.mark.browser
def test_a_saved_entry_this_page_cannot_read_is_kept_not_dropped_and_the_record_still_works(page):
    odd = entry(2, old_question="Written under an earlier form")
    seed(page, record([entry(1), odd]))
    assert page.locator(".esca-cpd__entry").count() == 1
    warning = page.inner_text("#cpd-storage")
    assert warning.startswith("1 entry saved in this browser could not be read by this page (entry 2 (“Entry 2”, "
                              "1 December 2026): it has “old_question”, which is not a question on this form). "
                              "They are kept as they were")
    fill_entry(page, title="New", type="Reading", date="2026-12-02")
    page.click("#cpd-form button[type=submit]")
    page.wait_for_function("() => document.querySelector('#cpd-status').textContent.startsWith('Saved')")
    entries = stored(page)
    assert len(entries) == 3 and odd in entries


@pytest.mark.browser
def test_answers_to_a_retired_question_are_read_kept_and_exported(page):
    """A field moved under retired: in data/cpd-record.yml (here put in the
    served page as the build would) is still read from saved entries,
    exported, and kept when the entry is edited."""
    def with_retired(route):
        response = route.fetch()
        retired = '[{"id": "goals", "kind": "textarea", "export": "Goals you set", "max": 500}]'
        body = response.text().replace('data-retired="[]"', f"data-retired='{retired}'")
        assert body != response.text()
        route.fulfill(response=response, body=body)

    page.route("**/" + MY_CPD, with_retired)
    seed(page, record([entry(1, goals="Use plain letters.")]))
    page.select_option("#cpd-export-year", "2026")
    assert "Goals you set: Use plain letters." in page.inner_text("#cpd-text")
    page.click(".esca-cpd__edit")
    fill_entry(page, title="Edited")
    page.click("#cpd-form button[type=submit]")
    page.wait_for_function("() => document.querySelector('#cpd-status').textContent.startsWith('Saved')")
    [saved] = stored(page)
    assert (saved["title"], saved["goals"]) == ("Edited", "Use plain letters.")


HOSTILE_TAB = [
    # what another site can leave in the tab or the address, and what the form then holds
    ("name", 'esca-cpd-prefill:{"title":"Pay here","link":"https://evil.example/"}', ""),
    ("name", "esca-cpd-prefill:course/no-such-course", ""),
    ("name", "esca-cpd-prefill:course/public-law-outline", ""),  # a real course: still not from the tab's name
    ("address", "?title=Pay+here&link=https://evil.example/&key=course/public-law-outline", ""),
]


@pytest.mark.browser
@pytest.mark.parametrize("where,value,title", HOSTILE_TAB, ids=range(len(HOSTILE_TAB)))
def test_the_form_is_filled_only_from_the_sites_own_data(page, where, value, title):
    if where == "name":
        page.add_init_script(f"if (location.pathname.endsWith('/cpd/my-cpd/')) window.name = {json.dumps(value)};")
        page.goto(page.base + MY_CPD + "#add-entry")
    else:
        page.goto(page.base + MY_CPD + value + "#add-entry")
    page.wait_for_selector("#cpd-form:not([hidden])")
    assert page.input_value("#cpd-title") == title
    assert page.input_value("#cpd-link") == ("" if not title else page.base + COURSE)
    assert page.evaluate("() => localStorage.getItem('esca-cpd-draft')") is None


# Another site's page (cases 110 and 111 of the blind attack): it names the
# tab, or names it and then navigates here. The tab's name is the only thing
# it can leave; the page served from another origin through a route.
OTHER_SITE = "http://other-site.test/attack.html"
CROSS_SITE_PREFILL = {
    "window-open-with-a-name": "<script>window.open({target}, 'esca-cpd-prefill:course/public-law-outline');</script>",
    "window-name-then-navigate": "<script>window.name = 'esca-cpd-prefill:course/public-law-outline'; "
                                 "location.href = {target};</script>",
}


@pytest.mark.browser
@pytest.mark.parametrize("attack", list(CROSS_SITE_PREFILL))
def test_another_site_cannot_fill_in_or_save_an_entry(page, attack):
    target = json.dumps(page.base + MY_CPD)
    html = "<!doctype html><title>x</title>" + CROSS_SITE_PREFILL[attack].format(target=target)
    page.context.route(OTHER_SITE, lambda route: route.fulfill(status=200, content_type="text/html", body=html))
    if attack == "window-open-with-a-name":
        with page.context.expect_page() as popup:
            page.goto(OTHER_SITE)
        mine = popup.value
    else:
        page.goto(OTHER_SITE)
        mine = page
    mine.wait_for_url("**/" + MY_CPD)
    mine.wait_for_selector("#cpd-form[data-ready]:not([hidden])")
    assert mine.input_value("#cpd-title") == "" and mine.input_value("#cpd-link") == ""
    assert mine.inner_text("#cpd-status") == ""
    assert mine.evaluate("() => [localStorage.getItem('esca-cpd-draft'), localStorage.getItem('esca-cpd-record')]") \
        == [None, None]
    assert mine.evaluate("() => window.name").startswith("esca-cpd-prefill:")  # the attack did reach the tab


@pytest.mark.browser
def test_the_sites_own_add_button_fills_in_once_through_session_storage(page):
    """The button's click handler, on this origin, leaves the key in session
    storage; My CPD reads it once and removes it. A reload then brings back
    the draft, not a second fill."""
    page.goto(page.base + COURSE)
    page.click("a[data-cpd-key]")
    page.wait_for_function("t => document.querySelector('#cpd-title') && document.querySelector('#cpd-title').value === t",
                           arg=COURSE_TITLE)
    assert page.evaluate("() => [sessionStorage.getItem('esca-cpd-prefill'), window.name]") == [None, ""]
    page.wait_for_function("() => (localStorage.getItem('esca-cpd-draft') || '').includes('Public Law Outline')")
    page.fill("#cpd-title", "My own title")
    page.wait_for_function("() => (localStorage.getItem('esca-cpd-draft') || '').includes('My own title')")
    page.reload()
    page.wait_for_selector("#cpd-form[data-ready]:not([hidden])")
    page.wait_for_function("() => document.querySelector('#cpd-status').textContent !== ''")
    assert page.input_value("#cpd-title") == "My own title"


@pytest.mark.browser
def test_an_add_while_an_entry_is_unsaved_waits_for_it(page):
    open_record(page)
    fill_entry(page, title="Supervision notes", type="Supervision")
    page.wait_for_function("() => (localStorage.getItem('esca-cpd-draft') || '').includes('Supervision notes')")
    page.goto(page.base + COURSE)
    page.click("a[data-cpd-key]")
    page.wait_for_selector("#cpd-form:not([hidden])")
    page.wait_for_function("() => document.querySelector('#cpd-status').textContent !== ''")
    assert page.input_value("#cpd-title") == "Supervision notes"
    assert page.inner_text("#cpd-status") == (
        "Your unsaved entry (“Supervision notes”) is back in the form. Save it or clear the form, and the form will "
        f"then be filled in from “{COURSE_TITLE}”.")
    fill_entry(page, date="2026-12-02")
    page.click("#cpd-form button[type=submit]")
    page.wait_for_function("t => document.querySelector('#cpd-title').value === t", arg=COURSE_TITLE)
    assert [e["title"] for e in stored(page)] == ["Supervision notes"]


@pytest.mark.browser
def test_edit_asks_before_replacing_an_unsaved_entry(page):
    seed(page)
    fill_entry(page, title="Half written")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.click(".esca-cpd__edit >> nth=0")
    assert asked and asked[0].startswith("Your entry in the form is not saved.")
    assert page.input_value("#cpd-title") == "Half written"


# --- edge cases (journeys row 13) ---------------------------------------------

@pytest.mark.browser
def test_a_date_after_today_is_confirmed_before_it_is_saved(page):
    open_record(page)
    future = (dt.date.today() + dt.timedelta(days=40)).isoformat()
    fill_entry(page, title="Conference", type="Conference", date=future)
    page.click("#cpd-form button[type=submit]")
    message = page.locator("#cpd-date-error")  # by the field it is about (usability report, row 5)
    assert message.is_visible() and "is after today. If that is right, select Save entry again." in message.inner_text()
    assert "cpd-date-error" in page.get_attribute("#cpd-date", "aria-describedby")
    assert page.evaluate("() => document.activeElement.id") == "cpd-date" and stored(page) == []
    page.click("#cpd-form button[type=submit]")
    page.wait_for_function("() => document.querySelector('#cpd-status').textContent.startsWith('Saved')")
    assert [e["date"] for e in stored(page)] == [future]


@pytest.mark.browser
def test_a_failed_save_clears_the_last_status(page):
    open_record(page)
    fill_entry(page, title="First", type="Reading", date="2026-12-01")
    page.click("#cpd-form button[type=submit]")
    page.wait_for_function("() => document.querySelector('#cpd-status').textContent.startsWith('Saved')")
    page.click("#cpd-form button[type=submit]")  # an empty form
    assert page.locator("#cpd-error-summary").is_visible()
    assert page.inner_text("#cpd-status") == ""


@pytest.mark.browser
def test_blocked_storage_is_said_at_once_with_what_to_do(page):
    page.add_init_script(BLOCK_STORAGE)
    page.goto(page.base + MY_CPD)
    page.wait_for_selector("#cpd-storage:not([hidden])")
    assert page.inner_text("#cpd-storage").startswith("Your browser is not keeping this record")
    assert "download a file before you close this page" in page.inner_text("#cpd-storage")


@pytest.mark.browser
def test_print_shows_only_the_chosen_years_text_under_a_heading(page):
    seed(page)
    page.select_option("#cpd-export-year", "2026")
    page.emulate_media(media="print")
    heading = page.locator("#cpd-text-title")
    assert heading.is_visible()
    assert heading.inner_text() == ("Text for Social Work England's form: registration year "
                                    "1 December 2026 to 30 November 2027")
    assert page.locator("#cpd-text").is_visible()
    shown = page.evaluate("""() => [...document.querySelector('.md-content__inner').children]
        .filter(e => getComputedStyle(e).display !== 'none').map(e => e.id || e.className)""")
    assert shown == ["cpd-export", "esca-print-meta"], shown
    for hidden in ("h1", "#cpd-entries", "#cpd-form", "#cpd-download", "#cpd-export-year"):
        assert not page.locator(hidden).first.is_visible(), hidden


@pytest.mark.browser
@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_axe_passes_on_my_cpd_on_a_desktop_and_a_phone(browser, served_site, size):
    """With entries, a draft brought back, a course's prompts, the storage
    warning and the delete question all showing."""
    from test_accessibility import axe_violations

    context = browser.new_context(viewport=VIEWPORTS[size])
    page = context.new_page()
    page.base = served_site
    try:
        page.goto(page.base + COURSE)
        page.click("a[data-cpd-key]")
        page.wait_for_selector(".esca-cpd__prompts:not([hidden])")
        page.evaluate("d => localStorage.setItem('esca-cpd-record', JSON.stringify(d))",
                      dict(SEED, entries=SEED["entries"] + [entry(9, oddity="x")]))
        page.reload()
        page.wait_for_selector(".esca-cpd__entry")
        assert page.locator("#cpd-storage").is_visible()
        page.click("#cpd-delete-start")
        assert axe_violations(page) == []
    finally:
        context.close()


# --- the blind usability test (rows 5, 6, 7 and 12) ---------------------------

def clear_of_header(page, selector: str) -> bool:
    header, top = page.evaluate("""sel => [document.querySelector('.md-header').getBoundingClientRect().bottom,
        document.querySelector(sel).getBoundingClientRect().top]""", selector)
    return header <= top < page.viewport_size["height"]


@pytest.mark.browser
@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_a_long_paste_is_counted_never_cut_and_refused_by_its_field(browser, served_site, size):
    """Row 6 (input lost): a text box has GOV.UK's character count and no
    maxlength, so an 11,900-character paste is kept whole; Save refuses it
    with an error by the field (the limit and the count) and the summary at
    the top, on screen below the header on a phone too. The draft keeps it
    whole across a reload."""
    context = browser.new_context(viewport=VIEWPORTS[size])
    page = context.new_page()
    page.base = served_site
    try:
        open_record(page)
        assert page.get_attribute("#cpd-learning", "maxlength") is None
        assert page.inner_text("#cpd-learning-count") == "You can enter up to 5,000 characters"
        assert "cpd-learning-count" in page.get_attribute("#cpd-learning", "aria-describedby")
        long = "Reflective practice. " * 566 + "End"  # 11,889 characters
        fill_entry(page, title="Long reflection", type="Reading", date="2026-12-01", learning=long)
        page.wait_for_function("() => document.querySelector('#cpd-learning-count').textContent === "
                               "'You have 6,889 characters too many'")
        assert page.input_value("#cpd-learning") == long
        page.click("#cpd-form button[type=submit]")
        page.wait_for_function("() => document.activeElement.id === 'cpd-error-summary'")
        want = "What you learnt must be 5,000 characters or fewer (it has 11,889)"
        assert page.locator("#cpd-error-summary a").all_inner_texts() == [want]
        assert clear_of_header(page, "#cpd-error-summary")
        assert page.text_content("#cpd-learning-error") == "Error: " + want
        assert page.get_attribute("#cpd-learning", "aria-invalid") == "true"
        assert page.get_attribute("#cpd-learning", "aria-describedby").split() == ["cpd-learning-error", "cpd-learning-count"]
        assert stored(page) == []
        page.click("#cpd-error-summary a")
        assert page.evaluate("() => document.activeElement.id") == "cpd-learning"
        page.wait_for_function("() => localStorage.getItem('esca-cpd-draft') !== null")
        page.reload()
        page.wait_for_selector("#cpd-form:not([hidden])")
        assert page.input_value("#cpd-learning") == long
        page.fill("#cpd-learning", long[:5000])
        page.click("#cpd-form button[type=submit]")
        page.wait_for_function("() => document.querySelector('#cpd-status').textContent.startsWith('Saved')")
        assert page.is_hidden("#cpd-error-summary") and page.is_hidden("#cpd-learning-error")
        assert [len(e["learning"]) for e in stored(page)] == [5000]
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_an_error_summary_taller_than_the_screen_starts_below_the_sticky_header(browser, served_site, size):
    """Focus alone scrolls a summary taller than the screen to the top of
    the window, under Material's sticky header, hiding "There is a problem".
    With every field wrong, the summary lists each one, in the form's order,
    and its heading is on screen below the header."""
    context = browser.new_context(viewport=VIEWPORTS[size])
    page = context.new_page()
    page.base = served_site
    try:
        open_record(page)
        over = "x" * 5001
        fill_entry(page, title="t" * 201, type="y" * 201, date="1999-01-01", description=over, learning=over,
                   impact=over, peer=over, link="not a web address", hours="2000")
        page.click("#cpd-form button[type=submit]")
        page.wait_for_function("() => document.activeElement.id === 'cpd-error-summary'")
        links = page.eval_on_selector_all("#cpd-error-summary li a", "as => as.map(a => a.hash)")
        assert links == ["#cpd-title", "#cpd-type", "#cpd-date", "#cpd-description", "#cpd-learning", "#cpd-impact",
                         "#cpd-peer", "#cpd-link", "#cpd-hours"]
        if size == "phone":  # the case the fix is for: taller than the screen
            height = page.evaluate("document.querySelector('#cpd-error-summary').getBoundingClientRect().height")
            assert height > VIEWPORTS[size]["height"]
        assert clear_of_header(page, "#cpd-error-summary")
        assert clear_of_header(page, "#cpd-error-summary h3")
        assert stored(page) == []
    finally:
        context.close()


@pytest.mark.browser
def test_a_date_before_2000_is_an_error_and_the_entry_is_not_saved(page):
    """Row 12: the data file's earliest_year (2000) is the first year a
    reader could plausibly be recording CPD from; an earlier date is a slip
    of the keyboard, so it is an error, in the summary and by the field,
    however often Save is pressed. The first day of that year is taken."""
    open_record(page)
    assert page.get_attribute("#cpd-form", "data-earliest-year") == "2000"
    fill_entry(page, title="Old course", type="Course", date="1999-12-31")
    for _ in range(2):  # saving again does not confirm it, as it does a date after today
        page.click("#cpd-form button[type=submit]")
        page.wait_for_function("() => !document.querySelector('#cpd-error-summary').hidden")
        message = "Date of the activity must be the same as or after 1 January 2000"
        assert page.text_content("#cpd-date-error") == "Error: " + message
        assert page.eval_on_selector_all("#cpd-error-summary li a", "as => as.map(a => [a.textContent, a.hash])") == [
            [message, "#cpd-date"]]
        assert page.get_attribute("#cpd-date", "aria-invalid") == "true"
        assert "cpd-date-error" in page.get_attribute("#cpd-date", "aria-describedby").split()
        assert stored(page) == []
    fill_entry(page, date="2000-01-01")
    page.click("#cpd-form button[type=submit]")
    page.wait_for_function("() => document.querySelector('#cpd-status').textContent.startsWith('Saved')")
    assert [e["date"] for e in stored(page)] == ["2000-01-01"]
    assert page.is_hidden("#cpd-error-summary") and page.is_hidden("#cpd-date-error")


@pytest.mark.browser
def test_clear_the_form_asks_once_and_the_old_status_goes(page):
    """Row 12: "Clear the form" asks before it clears typed text; "No" keeps
    every word; afterwards the old "Saved …" line is gone."""
    open_record(page)
    fill_entry(page, title="First", type="Reading", date="2026-12-01")
    page.click("#cpd-form button[type=submit]")
    page.wait_for_function("() => document.querySelector('#cpd-status').textContent.startsWith('Saved')")
    page.click("#cpd-clear")  # nothing typed: nothing to ask
    assert page.is_hidden("#cpd-clear-confirm")
    fill_entry(page, title="Half written", learning="Some thoughts")
    page.click("#cpd-clear")
    assert page.is_visible("#cpd-clear-confirm") and page.evaluate("() => document.activeElement.id") == "cpd-clear-question"
    page.click("#cpd-clear-no")
    assert page.input_value("#cpd-title") == "Half written" and page.evaluate("() => document.activeElement.id") == "cpd-clear"
    page.click("#cpd-clear")
    page.click("#cpd-clear-yes")
    page.wait_for_function("() => document.querySelector('#cpd-title').value === ''")
    assert page.input_value("#cpd-learning") == "" and page.inner_text("#cpd-status") == "The form is clear."
    page.wait_for_function("() => localStorage.getItem('esca-cpd-draft') === null")


@pytest.mark.browser
def test_a_hand_edited_import_keeps_what_it_can_and_says_what_it_changed(page, tmp_path):
    """Row 7: entries typed by hand without an id get one; an entry with the
    same words as one already here (another id, other times) is already
    there; one bad entry no longer refuses the file; an entry with an id
    already here and other words is added beside it and named."""
    seed(page)
    first, second = SEED["entries"]
    words = {k: v for k, v in first.items() if k not in ("id", "created", "updated")}
    hand = {"title": "Kinship care podcast", "type": "Podcast", "date": "2026-12-05", "learning": "Networks matter."}
    status = import_file(page, tmp_path, record([
        hand,                                                  # typed by hand: no id
        dict(hand),                                            # the same again: already there once added
        dict(words, id="hand-2"),                              # the same words as a1, another id
        dict(second, impact="Newer words", updated="2027-02-01T09:00:00Z"),  # a b2 with other words
        dict(first, id="x9", title="", learning="x" * 5001),   # refused: two problems
    ]))
    assert status.split("\n")[0] == (
        "Imported the file: 1 added, 2 already in your record. " + BOTH + " 1 entry added had no id, so it was "
        "given one. 1 entry was not imported: see below.")
    assert page.locator("#cpd-import-status .esca-cpd__both li").all_inner_texts() == [
        "“Webinar on neglect” (15 January 2027)"]
    assert page.locator("#cpd-import-status [data-entry]").all_inner_texts() == [
        "Entry 5 (10 December 2026): What you learnt has 5,001 characters: the limit is 5,000; Title is empty."]
    entries = stored(page)
    assert len(entries) == 4
    added = [e for e in entries if e["title"] == "Kinship care podcast"]
    assert len(added) == 1 and re.fullmatch(r"[A-Za-z0-9-]{1,64}", added[0]["id"])
    assert [e["impact"] for e in entries if e["id"] == "b2"] == [second["impact"]]
    assert sorted(e["impact"] for e in entries if e["title"] == second["title"]) == sorted(
        [second["impact"], "Newer words"])
    # Importing the same file again adds nothing.
    again = import_file(page, tmp_path, record([hand, dict(words, id="hand-2")]))
    assert again.split("\n")[0].startswith("Imported the file: 0 added, 2 already")
    assert len(stored(page)) == 4
