"""A trainer using the course builder in Chromium, on a desktop (1280×800)
and a phone (375×667): a course from an empty form to a file the strict
build accepts, an existing course edited, every error link followed, and
nothing typed lost to a reload, a link, Back or a new page."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import shutil
import threading
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

from conftest import ROOT, other_hosts, run_build, still
from esca.curricula.builder import check_file, context_from_model
from test_accessibility import AXE
from test_course_builder import NOT_OURS

DESKTOP, PHONE = (1280, 800), (375, 667)
SIZES = pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
COURSES = ROOT / "curricula/courses"

# The text of a course page, block by block (headings, paragraphs, list
# items, table cells), up to its schema.org data: the same reader for the
# published page and the builder's preview.
BLOCKS = """root => {
  const stop = root.querySelector('script[type="application/ld+json"]');
  const out = [];
  for (const e of root.querySelectorAll("h1, h2, h3, h4, p, li, th, td")) {
    if (stop && !(e.compareDocumentPosition(stop) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
    if (e.closest(".md-tags, .esca-worried, .esca-print-meta, aside, .esca-builder__preview-note")) continue;
    const copy = e.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach(x => x.remove());
    const text = copy.textContent.replace(/\\s+/g, " ").trim();
    if (text) out.push(text);
  }
  return out;
}"""


@pytest.fixture
def model(site):
    return json.loads((site.site / "cpd/course-model.json").read_text(encoding="utf-8"))


def open_builder(page, size=DESKTOP, path="cpd/course-builder/"):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(page.base + path)
    page.wait_for_function("() => window.escaCourseBuilder && escaCourseBuilder.builder")


def instant_navigation(page):
    """Material's instant navigation, as on the real site: its sitemap names
    the site's own address (site_url), so the test server's is put in."""
    def rewrite(route):
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace("http://127.0.0.1:8000/", page.base))
    page.route("**/sitemap.xml", rewrite)


def settled(page):
    """The form has been checked since the last keystroke (the debounce ran)."""
    page.wait_for_function("() => escaCourseBuilder.builder && !escaCourseBuilder.builder.timer")


def state(page) -> dict:
    settled(page)
    return page.evaluate("escaCourseBuilder.builder.state()")


def file_text(page) -> str:
    settled(page)
    return page.evaluate("escaCourseBuilder.builder.text")


def type_into(page, selector, text):
    page.focus(selector)
    page.keyboard.type(text)


def tick(page, selector):
    page.focus(selector)
    page.keyboard.press("Space")


def check(page):
    page.click("form.esca-builder__form button[type=submit]")
    page.wait_for_selector(".esca-builder__summary:not([hidden])")
    assert page.evaluate("document.activeElement.classList.contains('esca-builder__summary')")


def page_blocks(page, selector) -> list[str]:
    return page.eval_on_selector(selector, BLOCKS)


def published_blocks(page) -> list[str]:
    """A built course page's text, less what the preview cannot know: which
    other courses list this one as a prerequisite."""
    return [b for b in page_blocks(page, "article.md-content__inner") if not b.startswith("It leads on to:")]


def fill_new_course(page, course_id: str, today: str):
    """An empty form to a complete course, by keyboard, with one mistake on the way."""
    type_into(page, "#builder-id", course_id)
    type_into(page, "#builder-title", "Planning with families")
    type_into(page, "#builder-summary", "How to plan with families: goals, safety and review, in their words.")
    tick(page, "#builder-status input[value=active]")
    for selector in ("#builder-audience input[value=social-worker]", "#builder-practice_model input[value=systemic-practice]",
                     "#builder-pcf_domains input[value=knowledge]", "#builder-pcf_levels input[value=social-worker]",
                     "#builder-roles input[value=d-bit]"):
        tick(page, selector)
    type_into(page, "#builder-learning_outcomes", "Explain what a good plan holds")
    for line in ("Use the family's own words", "Review a plan with the family"):
        page.keyboard.press("Enter")
        page.keyboard.type(line)
    type_into(page, "#builder-reflection_prompts", "Whose words are in your last plan?")
    tick(page, "#builder-delivery_mode input[value=face-to-face]")
    type_into(page, "#builder-duration_minutes", "90")
    type_into(page, "#builder-cpd_hours", "three")
    page.keyboard.press("Tab")  # leaving the field shows its error, by the field
    page.wait_for_selector("#builder-cpd_hours[aria-invalid=true]")
    assert "Error:" in page.inner_text("[data-field=cpd_hours] .esca-builder__errors")
    page.fill("#builder-cpd_hours", "1.5")
    tick(page, "#builder-provider input[value=esca]")
    page.select_option("#builder-owner", "esca")
    page.fill("#builder-last_reviewed", today)
    page.fill("#builder-review_due", str(dt.date.fromisoformat(today) + dt.timedelta(days=365)))
    page.focus("#builder-changes-add")
    page.keyboard.press("Enter")  # the new change gets today's date and the focus
    assert page.evaluate("document.activeElement.dataset.part") == "note"
    page.keyboard.type("First published.")
    page.focus("#builder-sessions-add")
    page.keyboard.press("Enter")
    session = "[data-session]:last-child"
    assert page.evaluate("document.activeElement.dataset.part") == "date"
    page.fill(f"{session} [data-part=date]", "2027-03-04")
    page.fill(f"{session} [data-part=start]", "09:30")
    page.fill(f"{session} [data-part=end]", "12:30")
    page.fill(f"{session} [data-part=venue]", "County Hall, Chelmsford")
    page.fill(f"{session} [data-part=capacity]", "20")
    type_into(page, "#builder-booking", "training@example.org")


def site_copy(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(
        ".git", ".venv", "node_modules", "site", "site-offline", ".site-*", "__pycache__", ".pytest_cache", "tests", "bench"))
    return root


def serve(directory):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


# --- Creating a course --------------------------------------------------------

@pytest.mark.browser
def test_a_trainer_creates_a_course_from_empty_and_the_strict_build_publishes_it(browser, served_site, model, tmp_path):
    """On a desktop and on a phone, by keyboard: the downloaded files pass the
    Python checks, a strict build of a copy of the site with them passes, and
    each built course page reads exactly as the builder's preview did. On a
    phone, each session's calendar link is on screen."""
    made = {}
    for size, course_id in ((DESKTOP, "planning-with-families"), (PHONE, "planning-with-families-phone")):
        context = browser.new_context()
        page = context.new_page()
        page.base = served_site
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        open_builder(page, size)
        assert page.locator(".esca-builder__error").count() == 0 and page.is_hidden(".esca-builder__summary")
        fill_new_course(page, course_id, model["today"])
        check(page)
        assert page.inner_text(".esca-builder__summary h2") == "No problems found"
        assert page.locator(".esca-builder__error").count() == 0
        assert page.inner_text("form .esca-builder__count") == "No problems: the build will accept this course."
        with page.expect_download() as download:
            page.focus("button:has-text('Download the course file')")
            page.keyboard.press("Enter")
        assert download.value.suggested_filename == f"{course_id}.yml"
        path = tmp_path / f"{course_id}.yml"
        download.value.save_as(path)
        made[course_id] = (path.read_bytes(), page_blocks(page, "#builder-preview-page"))
        assert other_hosts(requests, served_site) == []  # nothing sent anywhere
        context.close()

    ctx = context_from_model(model)
    for course_id, (raw, _) in made.items():
        assert check_file(raw, f"curricula/courses/{course_id}.yml", course_id, ctx) == []
        data = yaml.safe_load(raw)
        assert data["sessions"] == [{"start": "2027-03-04T09:30", "end": "2027-03-04T12:30",
                                     "venue": "County Hall, Chelmsford", "capacity": 20}]
        assert data["cpd_hours"] == 1.5 and data["changes"] == [{"date": dt.date.fromisoformat(model["today"]),
                                                                 "note": "First published."}]

    root = site_copy(tmp_path)
    for course_id, (raw, _) in made.items():
        (root / f"curricula/courses/{course_id}.yml").write_bytes(raw)
    build = run_build(root / "mkdocs.yml", tmp_path / "built")
    assert build.returncode == 0, build.output
    assert build.warnings == []

    server, base = serve(tmp_path / "built")
    try:
        for size in (DESKTOP, PHONE):
            context = browser.new_context(viewport={"width": size[0], "height": size[1]})
            page = context.new_page()
            for course_id, (_, preview) in made.items():
                page.goto(f"{base}cpd/courses/{course_id}/")
                assert published_blocks(page) == preview
                link = page.locator("a", has_text="Calendar file for 4 March 2027")
                link.scroll_into_view_if_needed()
                box = link.bounding_box()
                assert 0 <= box["x"] and box["x"] + box["width"] <= size[0], (size, box)
                assert "4 March 2027Calendar file for 4 March 2027Book 4 March 2027 by email" in preview  # one cell, lines apart
                assert "20 places in total" in preview
                mail = page.get_attribute("a:has-text('Book 4 March 2027 by email')", "href")
                assert mail == "mailto:training@example.org?subject=Booking%3A%20Planning%20with%20families%2C%204%20March%202027"
                still(page)
                page.evaluate(AXE.read_text(encoding="utf-8"))
                found = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")["violations"]
                assert [(v["id"], n["target"]) for v in found for n in v["nodes"] if v["id"] != NOT_OURS[0]] == []
            context.close()
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.browser
@SIZES
def test_the_first_keystroke_shows_no_error_and_moves_nothing(page, size):
    """Errors wait until a field is left; the summary until Check. The field
    being typed in stays where it is, on a phone too."""
    open_builder(page, size)
    page.focus("#builder-id")
    top = page.eval_on_selector("#builder-id", "e => e.getBoundingClientRect().top")
    page.keyboard.type("M")
    page.wait_for_function("() => document.querySelector('form .esca-builder__count').textContent.includes('problems to fix')")
    assert page.locator(".esca-builder__error").count() == 0
    assert page.is_hidden(".esca-builder__summary")
    assert page.eval_on_selector("#builder-id", "e => e.getBoundingClientRect().top") == top
    assert page.eval_on_selector("form .esca-builder__count", "e => e.getBoundingClientRect().height") < 60  # one line
    # Leaving the field shows its own error, and only its own; the field
    # moved to stays where it was on the screen.
    page.keyboard.type(" X")
    settled(page)
    page.eval_on_selector("#builder-id", "e => e.scrollIntoView({block: 'center'})")  # the next field in view too
    title = page.eval_on_selector("#builder-title", "e => e.getBoundingClientRect().top")
    page.keyboard.press("Tab")
    page.wait_for_selector("[data-field=id] .esca-builder__error")
    assert page.locator(".esca-builder__error").count() == 1
    assert page.evaluate("document.activeElement.id") == "builder-title"
    assert abs(page.eval_on_selector("#builder-title", "e => e.getBoundingClientRect().top") - title) < 2
    assert page.is_hidden(".esca-builder__summary")


# --- Editing a course -------------------------------------------------------

@pytest.mark.browser
@SIZES
def test_a_trainer_edits_a_published_course(page, size, tmp_path, model):
    """Open a published course, add a change (it goes first), add, remove and
    reorder sessions, make mistakes, follow every error link (mouse and
    keyboard): focus lands on the field, the page never reloads, nothing
    typed is lost; a reload and Back in the middle lose nothing either."""
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.type), d.accept()))
    instant_navigation(page)
    open_builder(page, size)
    original = COURSES / "reflective-supervision.yml"
    copy = tmp_path / original.name
    copy.write_bytes(original.read_bytes())
    page.set_input_files("#builder-load", str(copy))
    page.wait_for_function("() => document.querySelector('[data-esca-builder]').dataset.loaded")
    assert page.inner_text(".esca-builder__summary h2") == "No problems found"
    assert page.input_value("#builder-title") == "Reflective supervision"

    page.click("#builder-changes-add")
    assert page.evaluate("document.activeElement.closest('[data-change]') === document.querySelector('[data-change]')")
    page.keyboard.type("Dates added for 2027.")
    for venue, day in (("Room A", "2027-02-01"), ("Room B", "2027-02-02"), ("Room C", "2027-02-03")):
        page.click("#builder-sessions-add")
        session = "[data-session]:last-child"
        page.fill(f"{session} [data-part=date]", day)
        page.fill(f"{session} [data-part=start]", "09:30")
        page.fill(f"{session} [data-part=end]", "12:30")
        page.fill(f"{session} [data-part=venue]", venue)
        page.fill(f"{session} [data-part=capacity]", "12")
    page.click("[data-session]:nth-child(2) [data-remove]")  # Room B goes
    assert page.evaluate("document.activeElement.value") == "2027-02-03"  # focus moves to the next session
    page.focus("[data-session]:nth-child(2) [data-move=up]")
    page.keyboard.press("Enter")  # Room C moves above Room A, focus stays on its button
    assert page.evaluate("document.activeElement.textContent") == "Move up session 1"
    assert page.locator("[data-session] legend").all_inner_texts() == ["Session 1", "Session 2"]
    data = yaml.safe_load(file_text(page))
    assert [s["venue"] for s in data["sessions"]] == ["Room C", "Room A"]
    assert [c["note"] for c in data["changes"]] == ["Dates added for 2027.", *[c["note"] for c in yaml.safe_load((COURSES / "reflective-supervision.yml").read_text())["changes"]]]

    # Mistakes: a missing title, a session ending before it starts, places in words, no booking.
    page.fill("#builder-title", "")
    page.fill("[data-session]:nth-child(1) [data-part=end]", "08:00")
    page.fill("[data-session]:nth-child(2) [data-part=capacity]", "lots")
    check(page)
    links = page.eval_on_selector_all(".esca-builder__summary a[data-control]", "as => as.map(a => a.dataset.control)")
    texts = page.locator(".esca-builder__summary a").all_inner_texts()
    assert len(links) == 4
    # The form's words (GOV.UK error messages), not the file's fields.
    assert texts == ["Enter a title", "Session 1 ends before it starts",
                     "Session 2 number of places must be a whole number above 0, like 20",
                     "Enter how to book: the course has sessions"]
    assert page.locator(".esca-builder__summary li:not(:has(a))").count() == 0  # every problem is a link
    before, url = state(page), page.url

    # A reload in the middle: the browser asks once, and everything comes back.
    page.reload()
    page.wait_for_function("() => window.escaCourseBuilder && escaCourseBuilder.builder")
    assert dialogs == ["beforeunload"]
    assert page.is_visible(".esca-builder__restored") and "Draft restored" in page.inner_text(".esca-builder__restored")
    assert state(page) == before

    # Back in the middle: another page through the site's own navigation, then Back.
    page.evaluate("window.sameWindow = true")
    page.evaluate("document.querySelector('a.md-header__button.md-logo').click()")
    page.wait_for_function("() => !document.querySelector('[data-esca-builder]')")
    assert page.evaluate("window.sameWindow")  # instant navigation: a new page in the same window
    page.go_back()
    page.wait_for_function("() => document.querySelector('[data-esca-builder][data-ready]') && escaCourseBuilder.builder"
                           " && escaCourseBuilder.builder.root.isConnected")
    assert state(page) == before
    assert page.evaluate("window.sameWindow")

    check(page)
    fetches = len([u for u in page.requests if "course-builder" in u])
    links = page.eval_on_selector_all(".esca-builder__summary a[data-control]", "as => as.map(a => a.dataset.control)")
    assert len(links) == 4
    page.evaluate("window.builderRoot = document.querySelector('[data-esca-builder]')")
    url = page.url
    for i, control in enumerate(links):
        link = page.locator(".esca-builder__summary a[data-control]").nth(i)
        if i % 2:
            link.focus()
            page.keyboard.press("Enter")
        else:
            link.click()
        page.wait_for_function("id => document.activeElement && document.activeElement.id === id", arg=control)
        assert page.url == url
        assert page.evaluate("window.builderRoot === document.querySelector('[data-esca-builder]')")
        assert page.is_visible(".esca-builder__summary")
        assert state(page) == before
    assert len([u for u in page.requests if "course-builder" in u]) == fetches  # the page was never fetched again

    # Fixed, checked, written: the new change first, the sessions in the order given.
    page.fill("#builder-title", "Reflective supervision")
    page.fill("[data-session]:nth-child(1) [data-part=end]", "12:30")
    page.fill("[data-session]:nth-child(2) [data-part=capacity]", "12")
    type_into(page, "#builder-booking", "training@example.org")
    check(page)
    assert page.inner_text(".esca-builder__summary h2") == "No problems found"
    text = file_text(page)
    ctx = context_from_model(model)
    assert check_file(text.encode(), "curricula/courses/reflective-supervision.yml", "reflective-supervision",
                      ctx, loaded="reflective-supervision") == []
    lines = text.splitlines()
    start = lines.index("changes:") + 1
    assert lines[start:start + 2] == [f"- date: {model['today']}", "  note: Dates added for 2027."]  # newest first
    assert lines[-2:] == ["- date: 2026-11-24", "  note: First published on the portal."]
    assert dialogs == ["beforeunload"]


@pytest.mark.browser
def test_start_again_clears_the_draft_and_leaving_asks_only_once(page):
    open_builder(page)
    type_into(page, "#builder-title", "Half a course")
    settled(page)
    assert json.loads(page.evaluate("localStorage.getItem('esca-course-builder-draft')"))["fields"]["title"] == "Half a course"
    asked = "() => { const e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e); return e.defaultPrevented; }"
    assert page.evaluate(asked) is True
    assert page.evaluate(asked) is False  # once
    page.goto(page.base + "cpd/course-builder/")
    page.wait_for_selector(".esca-builder__restored:not([hidden])")
    assert page.input_value("#builder-title") == "Half a course"
    page.click(".esca-builder__restored button")  # asks first (usability report, row 2)
    page.click(".esca-builder__question [data-answer=yes]")
    assert page.input_value("#builder-title") == ""
    assert page.evaluate("localStorage.getItem('esca-course-builder-draft')") is None
    assert page.evaluate("document.activeElement.id") == "builder-id"
    assert page.is_hidden(".esca-builder__restored")
    # A downloaded file has nothing left to save: leaving does not ask. (A
    # file with problems downloads as a draft, once the summary has said so.)
    type_into(page, "#builder-title", "Another")
    settled(page)
    page.click("button:has-text('Download the course file')")
    with page.expect_download():
        page.click(".esca-builder__summary [data-draft=download]")
    assert page.evaluate(asked) is False


# --- What the form says -----------------------------------------------------

@pytest.mark.browser
def test_form_words_titles_hosts_and_counts(page, model):
    """Labels in sentence case, page titles and vocabulary labels on the
    boxes (never ids), the reviewed booking hosts beside the booking field,
    GOV.UK character counts."""
    open_builder(page)
    labels = page.eval_on_selector_all(".esca-builder legend, .esca-builder label", "ls => ls.map(l => l.textContent)")
    assert labels and all(text[0].isupper() for text in labels), [t for t in labels if not t[0].isupper()]
    assert not any("_" in text for text in labels)
    assert page.inner_text("label[for=builder-roles-%d]" % [pair[0] for pair in model["choices"]["role"]].index("d-bit")) == \
        dict(model["choices"]["role"])["d-bit"]
    assert page.inner_text("#builder-prerequisites label >> nth=0") == dict(model["choices"]["course"])[model["courses"][0]]
    hint = page.inner_text("#builder-booking-hint")
    assert all(host in hint for host in model["hosts"]) and "allowed-hosts" not in hint
    assert "docs/roles" not in page.inner_text("form")
    assert page.inner_text("#builder-title-count") == "You can enter up to 90 characters."
    type_into(page, "#builder-title", "x" * 95)
    assert page.inner_text("#builder-title-count") == "You have 5 characters too many."
    page.fill("#builder-title", "x" * 88)
    page.wait_for_function("() => document.querySelector('#builder-title-count').textContent === 'You have 2 characters remaining.'")
    type_into(page, "#builder-questions", "q" * 124)
    page.wait_for_function("() => document.querySelector('#builder-questions-count').textContent.includes('4 characters too many')")


@pytest.mark.browser
def test_an_id_already_published_and_a_past_session_are_flagged(page):
    open_builder(page)
    type_into(page, "#builder-id", "reflective-supervision")
    page.keyboard.press("Tab")
    page.wait_for_function("() => document.querySelector('[data-field=id]').innerText.includes('Another course already uses this id')")
    assert "curricula/courses/reflective-supervision.yml" in page.inner_text("[data-field=id]")
    page.click("#builder-sessions-add")
    page.fill("[data-session] [data-part=date]", "2020-01-02")
    page.fill("[data-session] [data-part=start]", "09:30")
    page.fill("[data-session] [data-part=end]", "10:30")
    settled(page)
    assert "Not shown on the page, because the date has passed: 2 January 2020." in page.inner_text("#builder-preview-page")
    assert "Times are UK time" not in page.inner_text("#builder-preview-page")
    page.keyboard.press("Tab")
    page.wait_for_function("() => document.querySelector('[data-field=sessions]').innerText.includes('is in the past')")
    assert "1 thing to check" in page.inner_text("form .esca-builder__count")
    # Opened from that course's own file, the id is no clash.
    page.evaluate("""bytes => escaCourseBuilder.builder.openBytes(new Uint8Array(bytes), 'reflective-supervision.yml')""",
                  list((COURSES / "reflective-supervision.yml").read_bytes()))
    settled(page)
    assert "Another course already uses this id" not in page.inner_text("[data-field=id]")


@pytest.mark.browser
def test_findings_in_the_leads_shape_are_shown_as_they_arrive(page):
    """The engine's coming fields: `at` (a path), `form` (the sentence for the
    form), `severity`. The builder shows `form`, links to the field `at`
    names, and lists notices apart; the file field stays a detail."""
    open_builder(page)
    page.click("#builder-sessions-add")
    page.click("#builder-sessions-add")
    page.evaluate("""() => {
      const rules = window.escaCourseRules, real = rules.checkBytes;
      rules.checkBytes = (...args) => {
        const result = real(...args);
        result.findings = [
          {path: "curricula/courses/x.yml", line: 9, field: "sessions[2].end", at: ["sessions", 1, "end"], key: "session-order",
           form: "Session 2 ends before it starts", problem: "ends before it starts", fix: "", severity: "error",
           toString() { return "x.yml:9: sessions[2].end: ends before it starts"; }},
          {path: "curricula/courses/x.yml", line: 7, field: "sessions[1].start", at: ["sessions", 0, "start"], key: "session-past",
           form: "Session 1 has already passed, so the course page will not show it", problem: "", fix: "", severity: "notice",
           toString() { return "x.yml:7: sessions[1].start: past"; }}];
        return result;
      };
    }""")
    check(page)
    assert page.inner_text(".esca-builder__summary h2") == "There is a problem"
    assert page.inner_text(".esca-builder__summary a >> nth=0") == "Session 2 ends before it starts"
    assert page.locator(".esca-builder__summary small").count() == 0  # the file's words only for an opened file
    assert "Check before you publish" in page.inner_text(".esca-builder__summary")
    assert "1 problem to fix, and 1 thing to check." == page.inner_text("form .esca-builder__count")
    page.click(".esca-builder__summary a >> nth=0")
    assert page.evaluate("document.activeElement.id") == page.evaluate(
        "document.querySelectorAll('[data-session]')[1].querySelector('[data-part=end]').id")
    assert "Session 2 ends before it starts" in page.inner_text("[data-session]:nth-child(2) .esca-builder__error")
    assert "already passed" in page.inner_text("[data-session]:nth-child(1) .esca-builder__notice")


# --- The preview is the published page --------------------------------------

@pytest.mark.browser
def test_the_preview_reads_as_the_published_course_page(page, site):
    """Every published course opened in the builder: the preview's text,
    block by block, is the built course page's. Files not yet in canonical
    order (their id lists reorder) are compared within each block."""
    from test_course_builder_file import NOT_YET_CANONICAL
    open_builder(page)
    previews = page.evaluate("""([files, blocks]) => files.map(([name, bytes]) => {
        escaCourseBuilder.builder.openBytes(new Uint8Array(bytes), name);
        return (new Function("return " + blocks))()(document.querySelector("#builder-preview-page"));
      })""", [[[p.name, list(p.read_bytes())] for p in sorted(COURSES.glob("*.yml"))], BLOCKS])
    tab = page.context.new_page()
    compared = 0
    for path, preview in zip(sorted(COURSES.glob("*.yml")), previews):
        tab.goto(page.base + f"cpd/courses/{path.stem}/")
        built = published_blocks(tab)
        if path.name in NOT_YET_CANONICAL:
            def loose(blocks):  # "Label: a, b" with its items in any order
                out = []
                for block in blocks:
                    head, sep, tail = block.partition(": ")
                    out.append(head + sep + ", ".join(sorted(tail.split(", "))) if sep else ", ".join(sorted(block.split(", "))))
                return out
            assert loose(preview) == loose(built), path.name
        else:
            assert preview == built, path.name
            compared += 1
        assert len(built) > 20
    assert compared >= 5


# --- The blind usability test (docs: /work/notes/usability-report.md) -------

def clear_of_header(page, selector) -> bool:
    """The element's top is on screen, below Material's sticky header."""
    header, top = page.evaluate("""sel => [document.querySelector('.md-header').getBoundingClientRect().bottom,
        document.querySelector(sel).getBoundingClientRect().top]""", selector)
    return header <= top < page.viewport_size["height"]


def answer(page, which: str) -> None:
    page.click(f".esca-builder__question [data-answer={which}]")


@pytest.mark.browser
@SIZES
def test_an_empty_form_gets_every_required_field_and_a_file_with_problems_is_only_a_draft(page, size, model):
    """Rows 1 and 4, and the sticky header: "Check the course" on an empty
    form lists every required field, never "No problems found", with the
    summary's heading on screen below the header; Download on an empty form
    saves nothing; a file with problems is downloaded only after the summary
    has said that the build will not accept it, and then as a draft."""
    downloads = []
    page.on("download", lambda d: downloads.append(d.suggested_filename))
    open_builder(page, size)
    required = {f["name"] for f in model["course"]["fields"] if f["required"]}
    page.focus("form.esca-builder__form button[type=submit]")  # at the foot of a long form
    page.keyboard.press("Enter")
    page.wait_for_selector(".esca-builder__summary:not([hidden])")
    assert page.inner_text(".esca-builder__summary h2") == "There is a problem"
    assert clear_of_header(page, ".esca-builder__summary h2")
    assert page.evaluate("document.activeElement.classList.contains('esca-builder__summary')")
    findings = page.eval_on_selector_all("[data-finding]", "items => items.map(i => i.dataset.finding)")
    assert {f.split(": ")[1] for f in findings} == required
    assert all("required field is missing" in f for f in findings)
    assert page.locator(".esca-builder__summary a[data-control]").count() == len(required)
    assert "The build will not accept this course file until these problems are fixed." in page.inner_text(".esca-builder__summary")
    assert page.locator(".esca-builder__error").count() == len(required)  # and a message by each field

    page.click("button:has-text('Download the course file')")  # nothing to save yet
    page.wait_for_function("() => document.activeElement.classList.contains('esca-builder__summary')")
    assert page.locator("[data-draft]").count() == 0

    type_into(page, "#builder-title", "Half a course")
    page.click("button:has-text('Download the course file')")
    page.wait_for_selector(".esca-builder__summary [data-draft=download]")
    assert clear_of_header(page, ".esca-builder__summary h2")
    assert "Enter a course id" in page.inner_text(".esca-builder__summary")
    with page.expect_download() as download:
        page.click(".esca-builder__summary [data-draft=download]")
    assert Path(download.value.path()).read_text(encoding="utf-8") == file_text(page)
    assert downloads == ["your-course-id.yml"]  # the draft, and nothing before it
    assert "Downloaded your-course-id.yml, as a draft: the build will not accept it yet." in page.inner_text("[data-esca-builder]")
    page.click("button:has-text('Copy the course file')")  # copying, too, shows the summary first
    page.wait_for_selector(".esca-builder__summary [data-draft=copy]")
    assert page.evaluate("document.activeElement.classList.contains('esca-builder__summary')")


@pytest.mark.browser
@SIZES
def test_start_again_is_always_there_and_asks_once(page, size):
    """Row 2: the intro promises Start again; it is always beside Check the
    course (a restored draft too), asks once before clearing anything, and
    on an empty form says there is nothing to clear."""
    page.on("dialog", lambda d: d.accept())
    open_builder(page, size)
    assert page.is_visible("#builder-start-again")
    page.click("#builder-start-again")
    assert page.inner_text(".esca-builder__form .esca-builder__count") == \
        "The form is already empty: there is nothing to clear."
    assert page.is_hidden(".esca-builder__question")
    type_into(page, "#builder-summary", "Half a summary")
    settled(page)
    assert page.is_visible("#builder-start-again")
    page.click("#builder-start-again")
    page.wait_for_function("() => document.activeElement.id === 'builder-question'")
    assert page.inner_text("#builder-question") == "Clear the form and start again?"
    assert clear_of_header(page, "#builder-question")
    answer(page, "no")
    assert page.evaluate("document.activeElement.id") == "builder-start-again"
    assert page.input_value("#builder-summary") == "Half a summary" and page.is_hidden(".esca-builder__question")
    page.click("#builder-start-again")
    answer(page, "yes")
    assert page.input_value("#builder-summary") == ""
    assert page.evaluate("localStorage.getItem('esca-course-builder-draft')") is None
    assert page.is_visible("#builder-start-again") and page.evaluate("document.activeElement.id") == "builder-id"
    type_into(page, "#builder-title", "Kept")
    settled(page)
    page.reload()
    page.wait_for_selector(".esca-builder__restored:not([hidden])")
    assert page.is_visible("#builder-start-again") and page.input_value("#builder-title") == "Kept"


@pytest.mark.browser
def test_opening_a_file_over_unsaved_work_asks_first(page):
    """Row 3 (input lost): a file opened over what the trainer has typed
    replaces it only after asking; "No" keeps every word."""
    open_builder(page)
    type_into(page, "#builder-title", "My own course")
    settled(page)
    page.set_input_files("#builder-load", str(COURSES / "reflective-supervision.yml"))
    page.wait_for_function("() => document.activeElement.id === 'builder-question'")
    assert page.inner_text("#builder-question") == "Replace what is in the form with reflective-supervision.yml?"
    answer(page, "no")
    assert page.input_value("#builder-title") == "My own course"
    assert page.inner_text(".esca-builder__opened") == "reflective-supervision.yml was not opened: the form is as it was."
    assert page.evaluate("document.activeElement.id") == "builder-load"
    page.set_input_files("#builder-load", str(COURSES / "reflective-supervision.yml"))
    answer(page, "yes")
    page.wait_for_function("() => document.querySelector('[data-esca-builder]').dataset.loaded")
    assert page.input_value("#builder-title") == "Reflective supervision"
    # Nothing typed since: the next file opens without a question.
    page.set_input_files("#builder-load", str(COURSES / "anti-racist-practice.yml"))
    page.wait_for_function("() => document.querySelector('[data-esca-builder]').dataset.loaded === 'anti-racist-practice.yml'")
    assert page.is_hidden(".esca-builder__question") and page.input_value("#builder-title") == "Anti-racist practice"


@pytest.mark.browser
@SIZES
def test_the_summary_follows_every_change_after_a_check(page, size, model):
    """Row 4, and row 9's "http:// is accepted": after a clean check, a new
    problem replaces "No problems found" in the summary (the field being
    typed in stays where it is on the screen); a booking link on http:, or
    on a site not on the list, is named there with the sites allowed."""
    open_builder(page, size)
    page.evaluate("bytes => escaCourseBuilder.builder.openBytes(new Uint8Array(bytes), 'reflective-supervision.yml')",
                  list((COURSES / "reflective-supervision.yml").read_bytes()))
    check(page)
    assert page.inner_text(".esca-builder__summary h2") == "No problems found"
    page.focus("#builder-summary")
    page.eval_on_selector("#builder-summary", "e => e.scrollIntoView({block: 'center'})")
    top = page.eval_on_selector("#builder-summary", "e => e.getBoundingClientRect().top")
    page.evaluate("""() => { const t = document.querySelector('#builder-title'); t.value = '<i>x</i>';
        t.dispatchEvent(new Event('input', {bubbles: true})); }""")
    page.wait_for_function("() => document.querySelector('.esca-builder__summary h2').textContent === 'There is a problem'")
    assert page.locator(".esca-builder__summary a").all_inner_texts() == ["Title must be plain text, without < or HTML tags"]
    assert "The build will not accept this course file until this problem is fixed." in page.inner_text(".esca-builder__summary")
    assert page.evaluate("document.activeElement.id") == "builder-summary"
    assert abs(page.eval_on_selector("#builder-summary", "e => e.getBoundingClientRect().top") - top) < 2
    booking = page.input_value("#builder-booking")
    page.fill("#builder-title", "Reflective supervision")
    for value, named in (("http://www.essex.gov.uk/book", "http://www.essex.gov.uk"),
                         ("https://forms.office.com/r/abc", "https://forms.office.com")):
        page.fill("#builder-booking", value)
        page.focus("#builder-title")
        want = (f"How to book: '{named}' is not an email address or a booking site the portal allows. Enter an "
                f"email address, or a link starting https:// to one of these sites: {', '.join(model['hosts'])}. "
                "To use another site, ask the portal team to review it first")
        page.wait_for_function("want => [...document.querySelectorAll('.esca-builder__summary a')].map(a => a.textContent)"
                               ".join('|') === want", arg=want)
        assert want in page.inner_text("[data-field=booking] .esca-builder__errors")
    page.fill("#builder-booking", booking)
    page.focus("#builder-title")
    page.wait_for_function("() => document.querySelector('.esca-builder__summary h2').textContent === 'No problems found'")


@pytest.mark.browser
@SIZES
def test_a_published_course_is_changed_from_its_own_page(page, size):
    """Row 8: "Change this course in the course builder" on a course page
    opens its published file in the builder, with no request for it; the
    address forgets the id; over unsaved work the builder asks first; an id
    the site does not publish opens nothing; the list on the builder opens
    any published course."""
    page.on("dialog", lambda d: d.accept())
    instant_navigation(page)
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(page.base + "cpd/courses/reflective-supervision/")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.sameWindow = true")
    page.get_by_role("link", name="Change this course in the course builder").click()
    page.wait_for_function("() => window.escaCourseBuilder && escaCourseBuilder.builder && escaCourseBuilder.builder.root.isConnected"
                           " && document.querySelector('[data-esca-builder]').dataset.loaded")
    assert page.evaluate("window.sameWindow")  # instant navigation: the page was swapped in
    assert page.url == page.base + "cpd/course-builder/"
    assert page.inner_text(".esca-builder__opened") == "Opened “Reflective supervision” from the portal."
    assert page.inner_text(".esca-builder__summary h2") == "No problems found"
    assert file_text(page) == (COURSES / "reflective-supervision.yml").read_text(encoding="utf-8")
    assert not [u for u in page.requests if u.endswith(".yml") or "course-files" in u]
    assert other_hosts(page.requests, page.base) == []

    page.fill("#builder-title", "Reflective supervision, changed")
    settled(page)
    page.goto(page.base + "cpd/course-builder/?course=anti-racist-practice")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'builder-question'")
    assert page.inner_text("#builder-question") == \
        "Replace what is in the form with “Anti-racist practice” from the portal?"
    assert page.url == page.base + "cpd/course-builder/"
    answer(page, "no")
    assert page.input_value("#builder-title") == "Reflective supervision, changed"

    for refused in ("no-such-course", "constructor", "__proto__", "toString", "../anti-racist-practice"):
        page.goto(page.base + "cpd/course-builder/?course=" + quote(refused))
        page.wait_for_function("() => window.escaCourseBuilder && escaCourseBuilder.builder"
                               " && escaCourseBuilder.builder.root.isConnected")
        assert page.inner_text(".esca-builder__opened") == \
            "The address names a course the portal does not publish, so nothing was opened.", refused
        assert page.is_hidden(".esca-builder__question"), refused
        assert page.input_value("#builder-title") == "Reflective supervision, changed", refused

    page.select_option("#builder-published", "anti-racist-practice")
    page.click("#builder-published-open")
    answer(page, "yes")
    page.wait_for_function("() => document.querySelector('[data-esca-builder]').dataset.loaded === 'anti-racist-practice.yml'")
    assert page.input_value("#builder-title") == "Anti-racist practice"


@pytest.mark.browser
@SIZES
def test_a_summary_taller_than_the_screen_starts_below_the_sticky_header(page, size, model, tmp_path):
    """Focus alone scrolled a tall summary's heading under Material's sticky
    header: a file with a problem in every field, opened from the foot of
    the page, shows the summary from its heading, below the header."""
    bad = tmp_path / "every-field-wrong.yml"
    bad.write_text(yaml.safe_dump({f["name"]: ["<b>x</b>"] if f["kind"] != "list" else "x"
                                   for f in model["course"]["fields"]}), encoding="utf-8")
    open_builder(page, size)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.set_input_files("#builder-load", str(bad))
    page.wait_for_function("() => document.querySelector('[data-esca-builder]').dataset.loaded")
    assert page.eval_on_selector(".esca-builder__summary", "e => e.getBoundingClientRect().height") > size[1]
    assert page.evaluate("document.activeElement.classList.contains('esca-builder__summary')")
    assert clear_of_header(page, ".esca-builder__summary h2")
