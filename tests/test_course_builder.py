"""The course builder (docs/cpd/course-builder.md): the build publishes the
course model, and the builder's script in Chromium gives every course file
the same verdict and the same messages as the Python validator."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from conftest import ROOT, other_hosts, still
from esca.checks.links import load_hosts
from esca.core.safeyaml import load_file, load_text
from esca.curricula.builder import YAML_MESSAGES, check_file, context_from_model, model_description
from esca.curricula.loader import VOCABULARIES
from esca.curricula.model import FIELDS
from esca.curricula.validate import MESSAGES, Context  # noqa: F401

FIXTURES = ROOT / "tests/fixtures/curricula-broken/courses"


def page_title(path) -> str:
    """A page's H1, as the build reads it."""
    return next(line[2:].strip() for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("# "))
GOOD = (FIXTURES / "good-course.yml").read_text()
# YAML the builder's reader refuses in its own words (both refuse: asserted).
BOTH_REFUSE = {"bad-yaml.yml": "an unclosed [ list", "laughs.yml": "anchors and aliases"}


def python_context(today: str) -> tuple[Context, list[str]]:
    vocab = {name: {str(k): str(v) for k, v in load_file(ROOT / f"curricula/vocabularies/{name}.yml", ROOT).data.items()}
             for name in VOCABULARIES}
    vocab["owners"] = {str(k): str(v) for k, v in load_file(ROOT / "data/owners.yml", ROOT).data.items()}
    docs = ROOT / "docs"
    pages = {"role": {p.stem for p in (docs / "roles").glob("*.md")} - {"index", "why-essex"},
             "career": {p.stem for p in (docs / "roles/careers").glob("*.md")} - {"index"},
             "legislation": {p.stem for p in (docs / "legislation").glob("*.md")} - {"index", "ledger"}}
    hosts = load_hosts(ROOT / "data/allowed-hosts.yml", ROOT)[0]
    return Context(vocab=vocab, pages=pages, today=dt.date.fromisoformat(today), hosts=hosts), pages


def variants() -> dict[str, bytes]:
    """Hand-made course files beyond the fixtures: every rule and the YAML shapes trainers write."""
    extra = {
        "booking-email": GOOD + "booking: training@example.org\nsessions:\n  - {start: 2027-01-05T09:30, end: 2027-01-05T12:30, online: true, capacity: 12}\n",
        "booking-host": GOOD + "booking: https://www.essex.gov.uk/\n",
        "booking-other-host": GOOD + "booking: https://bookings.example.com/esca\n",
        "booking-http": GOOD + "booking: http://www.essex.gov.uk/\n",
        "booking-text": GOOD + "booking: Ask ESCA.\nsessions:\n  - {start: 2027-01-05T09:30, end: 2027-01-05T08:30, online: true, capacity: 12}\n",
        "sessions-block": GOOD + "booking: training@example.org\nsessions:\n- start: 2027-01-05T09:30\n  end: 2027-01-05T12:30\n"
                          "  venu: County Hall\n  capacity: twelve\n- 2027-01-05\n- start: 2027-1-5t9:30\n  end: 2027-01-05T09:30:00\n  online: yes\n  capacity: -2\n",
        "sessions-not-list": GOOD + "booking: training@example.org\nsessions: soon\n",
        "numbers": GOOD.replace("duration_minutes: 60", "duration_minutes: 60.0").replace("cpd_hours: 1", "cpd_hours: .inf"),
        "numbers-2": GOOD.replace("duration_minutes: 60", "duration_minutes: 0x3C").replace("cpd_hours: 1", "cpd_hours: 1e3"),
        "bools-and-nulls": GOOD.replace("status: active", "status: yes").replace("title: A good course", "title:")
                                .replace("delivery_mode: face-to-face", "delivery_mode: [face-to-face]"),
        "quoted-and-folded": GOOD.replace("summary: A course with nothing wrong, used by other fixtures.",
                                          "summary: 'It''s a course: one\n  that folds\n\n  and keeps a break.'")
                                 .replace("title: A good course", 'title: "A \\"good\\" course \\u00e9"'),
        "block-text": GOOD.replace("summary: A course with nothing wrong, used by other fixtures.",
                                   "summary: >-\n  Folded text\n  over lines.\n\n  Second paragraph.\n# a comment\n"),
        "literal-too-long": GOOD.replace("summary: A course with nothing wrong, used by other fixtures.",
                                         "summary: |\n" + "  " + "x" * 150 + "\n  " + "y" * 150 + "\n"),
        "plain-multiline": GOOD.replace("summary: A course with nothing wrong, used by other fixtures.",
                                        "summary: A course with nothing wrong,\n  used by other fixtures. # note"),
        "changes": GOOD.replace("  - {date: 2026-11-01, note: First published.}",
                                "  - {date: 2026-10-01, note: Older.}\n  - {date: 2026-11-01, note: Newer.}\n  - {date: soon, note: x}\n  - plain\n  - {note: No date}"),
        "changes-empty": GOOD.replace("changes:\n  - {date: 2026-11-01, note: First published.}", "changes: []"),
        "lists": GOOD.replace("audience: [social-worker]", "audience: [social-worker, councillr, 3]")
                     .replace("learning_outcomes: [Explain one thing, Use another, Plan a third]", "learning_outcomes: [a, '', b, c, d, e, f]")
                     + "roles: [children-in-car, d-bit]\ncareers: asye\nlegislation: [children-act-1989]\nkss: []\n"
                       "prerequisites: [good-course, no-such-thing, safeguarding-essentials]\nmandatory_for: [councillor, social-worker]\n",
        "unknown-fields": GOOD + "sumary: x\n1: one\n",
        "one-is-true": GOOD + "1: one\ntrue: yes\n",
        "dates": GOOD.replace("last_reviewed: 2026-11-01", "last_reviewed: 2099-01-01").replace("review_due: 2027-11-01", "review_due: 2026-1-1"),
        "review-order": GOOD.replace("review_due: 2027-11-01", "review_due: 2026-10-31 10:00:00"),
        "slug": GOOD.replace("id: good-course", "id: Good_Course"),
        "scalar": "just some text\n",
        "comments-only": "# nothing here\n",
        "document-start": "---\n" + GOOD,
        "long-value": GOOD.replace("status: active", "status: " + "é" * 100),
        "duplicate-in-flow": GOOD.replace("  - {date: 2026-11-01, note: First published.}", "  - {date: 2026-11-01, date: 2026-11-02, note: x}"),
        "mapping-in-text": GOOD.replace("title: A good course", "title: Risk: a course"),
        "bom": "\ufeff" + GOOD,
        "crlf": GOOD.replace("\n", "\r\n"),
    }
    # Named good-course.yml, as the id inside says, so each shows only its own problems.
    return {f"{name}:good-course.yml": text.encode("utf-8") for name, text in extra.items()}


def file_name(key: str) -> str:
    return key.split(":")[-1].removeprefix("real-")


def all_files() -> dict[str, bytes]:
    files = {p.name: p.read_bytes() for p in sorted(FIXTURES.glob("*.yml"))}
    files.update({f"real-{p.name}": p.read_bytes() for p in sorted((ROOT / "curricula/courses").glob("*.yml"))})
    files.update(variants())
    return files


def loaded_from(name: str) -> str | None:
    """A real course file is opened from its published course (editing it)."""
    return file_name(name).removesuffix(".yml") if name.startswith("real-") else None


def python_findings(files, model) -> dict[str, list[str]]:
    ctx = context_from_model(model)
    out = {}
    for name, raw in files.items():
        stem = file_name(name).removesuffix(".yml")
        rel = f"curricula/courses/{file_name(name)}"
        out[name] = [str(f) for f in check_file(raw, rel, stem, ctx, loaded=loaded_from(name))]
    return out


def js_findings(page, files, model) -> dict[str, list[str]]:
    return page.evaluate("""([files, model]) => {
        const out = {};
        for (const [name, bytes, loaded] of files) {
          const file = name.split(":").pop().replace(/^real-/, "");
          out[name] = escaCourseRules.checkBytes(new Uint8Array(bytes), file, model, model.today, loaded)
            .findings.map(String);
        }
        return out; }""", [[[k, list(v), loaded_from(k)] for k, v in files.items()], model])


@pytest.fixture
def model(site):
    return json.loads((site.site / "cpd/course-model.json").read_text(encoding="utf-8"))


def test_the_published_model_is_the_python_model(model):
    """One source: the JSON the builder reads is the course declaration, its
    choice lists (each id with its page's or course's title) and the field
    library's message table."""
    from esca import site as site_model

    built = site_model.load(ROOT, today=dt.date.fromisoformat(model["today"]))
    cur = built.curricula
    pages = {"role": built.ids("team"), "career": built.ids("career"), "legislation": built.ids("legislation")}
    assert model == model_description(cur.vocab, pages, cur.courses, built.hosts, built.today, titles=cur.titles,
                                      texts=cur.texts)
    titles = {kind: dict(pairs) for kind, pairs in model["choices"].items()}
    # Checkbox labels: each page's and course's title, never its id.
    assert titles["role"]["d-bit"] == page_title(ROOT / "docs/roles/d-bit.md")
    assert titles["legislation"]["children-act-1989"] == "Children Act 1989"
    assert titles["course"]["reflective-supervision"] == "Reflective supervision"
    assert all(title != page_id for kind in ("role", "career", "legislation") for page_id, title in titles[kind].items())
    assert [f["name"] for f in model["course"]["fields"]] == [f.name for f in FIELDS]
    assert model["messages"] == {k: dataclasses.asdict(m) for k, m in MESSAGES.items()}
    assert "reflective-supervision" in model["courses"] and "www.essex.gov.uk" in model["hosts"]


@pytest.mark.parametrize("key, text, line", [
    ("tab", "id: x\n\t- y\n", 2), ("empty", "  \n", None), ("duplicate", "id: a\nid: b\n", 2),
    ("aliases", "a: &x 1\n" + "b: [" + ", ".join(["*x"] * 51) + "]\n", 1),
    ("tags", "a: !!python/name:os.system x\n", 1), ("colon", "title: Risk: a course\n", 1),
    ("too-deep", "id: a\nx:\n  y: " + "[" * 200_000 + "]" * 200_000 + "\n", 3),
    ("too-deep", "id: a\nx:\n  " + "- " * 100_000 + "z\n", 3),
    ("explicit-key", "id: a\n? |\n" + "  k\n" * 8_000 + ": 1\n", 2), ("explicit-key", "id: a\nx: [?b]\n", 2),
])
def test_yaml_messages_are_safeyamls_own_words(key, text, line):
    (found,) = load_text(text, "c.yml").findings
    problem, fix = YAML_MESSAGES[key]
    assert found.line == line
    assert found.fix == fix
    if key in ("tab", "empty", "colon", "explicit-key"):
        assert found.problem == problem
    if key == "too-deep":
        assert found.problem == problem.format(limit=64)
    if key == "duplicate":
        assert found.problem == problem.format(key="'id'", first=1)


@pytest.mark.browser
def test_builder_and_build_agree_on_every_course_file(page, model):
    """Every fixture, every real course and hand-made variants: the same
    verdict and the same lines, in Chromium and in Python."""
    page.goto(page.base + "cpd/course-builder/")
    page.wait_for_function("() => window.escaCourseBuilder && escaCourseBuilder.model")
    files = all_files()
    assert len(files) > 70
    expected, got = python_findings(files, model), js_findings(page, files, model)
    for name, why in BOTH_REFUSE.items():
        assert expected.pop(name)[0].split(": ")[1] == "yaml", name
        assert got.pop(name)[0].split(": ")[1] == "yaml", (name, why)
    assert got == expected
    # The comparison is not empty on either side.
    assert sum(1 for v in expected.values() if v) > 30
    assert expected["booking-host:good-course.yml"] == [] and expected["crlf:good-course.yml"] == []
    assert len(expected["sessions-block:good-course.yml"]) == 6
    assert all(expected[f"real-{p.name}"] == [] for p in (ROOT / "curricula/courses").glob("*.yml"))
    assert other_hosts(page.requests, page.base) == []


def test_the_builder_page_carries_every_published_courses_file_and_each_course_page_links_to_it(site):
    """Usability report, row 8: a trainer with no terminal changes a
    published course from the site. The builder page holds each published
    course's file exactly as the repository has it (HTML-escaped data in an
    attribute, never fetched), and each course page links to the builder
    with its id."""
    import html
    import re
    page = site.page("cpd/course-builder")
    found = re.findall(r'<div hidden id="esca-course-model" data-model="([^"]*)"></div>', page)
    assert len(found) == 1
    embedded = json.loads(html.unescape(found[0]))
    assert embedded == json.loads((site.site / "cpd/course-model.json").read_text(encoding="utf-8"))
    files, published = embedded["course_files"], embedded["courses"]
    assert sorted(files) == published and len(published) > 20
    for cid, text in files.items():
        assert text == (ROOT / f"curricula/courses/{cid}.yml").read_text(encoding="utf-8"), cid
        course_page = site.page(f"cpd/courses/{cid}")
        assert f'For trainers: <a href="../../course-builder/?course={cid}">Change this course in the course builder</a>' \
            in course_page, cid


def open_builder(page):
    page.goto(page.base + "cpd/course-builder/")
    page.wait_for_function("() => window.escaCourseBuilder && escaCourseBuilder.builder")


@pytest.mark.browser
def test_opening_a_file_shows_the_builds_findings_and_fills_the_form(page, model, tmp_path):
    """Through the real file input: the broken fixture's findings, in the build's words, with lines."""
    open_builder(page)
    page.set_input_files("#builder-load", str(FIXTURES / "bad-types.yml"))
    page.wait_for_function("() => document.querySelector('[data-esca-builder]').dataset.loaded")
    shown = page.eval_on_selector_all("[data-finding]", "items => items.map(i => i.dataset.finding)")
    expected = python_findings({"bad-types.yml": (FIXTURES / "bad-types.yml").read_bytes()}, model)["bad-types.yml"]
    assert shown == expected and len(shown) == 7
    assert page.input_value("#builder-title") == "Bad types"
    assert page.is_checked("#builder-pcf_domains input[value=knowledge]")
    assert page.evaluate("document.activeElement.classList.contains('esca-builder__summary')")


SPECIAL_KEYS = [  # (what is added to a published course's file, the field the builder names) -- case 127
    ("__proto__: {polluted: 1}\n", "__proto__"), ("constructor: x\n", "constructor"), ("toString: x\n", "toString"),
    ("hasOwnProperty: x\nvalueOf: y\n", "hasOwnProperty"),
    ("roles: [constructor, __proto__, toString]\n", "roles"),  # a value naming no team, not a special one
]


@pytest.mark.browser
@pytest.mark.parametrize("extra, field", SPECIAL_KEYS, ids=[f for _, f in SPECIAL_KEYS])
def test_a_key_named_like_an_objects_own_is_just_a_field(page, model, tmp_path, extra, field):
    """A key such as __proto__ emptied the builder's list of problems: its
    tables had prototypes. It is an unknown field (or an unknown value) with
    its normal message, the same as the build's, each one listed."""
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    source = (ROOT / "curricula/courses/reflective-supervision.yml").read_text(encoding="utf-8")
    assert f"\n{field}:" not in source
    copy = tmp_path / "new-course.yml"
    copy.write_text(source + extra, encoding="utf-8")
    open_builder(page)
    page.set_input_files("#builder-load", str(copy))
    page.wait_for_function("() => document.querySelector('[data-esca-builder]').dataset.loaded")
    shown = page.eval_on_selector_all("[data-finding]", "items => items.map(i => i.dataset.finding)")
    expected = python_findings({"new-course.yml": copy.read_bytes()}, model)["new-course.yml"]
    assert shown == expected and any(f.split(": ")[1].startswith(field) for f in shown), shown
    assert page.locator(".esca-builder__summary li").count() >= len(shown)
    assert errors == [] and page.evaluate("() => ({}).polluted === undefined && Object.keys(Object.prototype).length === 0")


# Another engineer's: the nested section navigation Material gives every page
# has no name of its own yet (audit row 15). Every other rule must pass.
NOT_OURS = ("landmark-unique", '.md-nav--primary > .md-nav__list > .md-nav__item--active > nav[data-md-level="1"]')


@pytest.mark.browser
@pytest.mark.parametrize("size", [(1280, 800), (375, 667)], ids=["desktop", "phone"])
def test_builder_passes_axe_with_problems_shown(page, size):
    """Row 15: every axe rule (best practices too), at desktop and phone size,
    with the error summary, messages by the fields, a session and the file
    shown. The file's <pre> is the element that scrolls, and it is focusable."""
    from test_accessibility import AXE
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_builder(page)
    page.set_input_files("#builder-load", str(FIXTURES / "bad-sessions.yml"))
    page.wait_for_function("() => document.querySelector('[data-esca-builder]').dataset.loaded")
    assert page.locator("[data-finding]").count() > 3 and page.locator(".esca-builder__error").count() > 3
    page.click("#builder-sessions-add")
    still(page)
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    found = [(v["id"], node["target"][0]) for v in result["violations"] for node in v["nodes"]]
    assert [f for f in found if f[0] != NOT_OURS[0]] == [], found
    assert all(target.endswith('nav[data-md-level="1"]') for _, target in found), found
    scroller = page.evaluate("""() => { const pre = document.querySelector('.esca-builder__yaml');
        return [getComputedStyle(pre).overflowY, getComputedStyle(pre.querySelector('code')).overflowY, pre.tabIndex]; }""")
    assert scroller == ["auto", "visible", 0]
