"""The course builder and the build run the same rules: a differential test.

The build checks a course file with the field library (esca.core.fields) in
Python; the builder page checks it with docs/assets/js/course-rules.js, a
generic interpreter of the declarations the build publishes. Neither states a
rule of its own. Here generated course files (Hypothesis: every field valid,
missing, of the wrong type, too long, outside its list, hidden or bidirectional
text, markup, line breaks; every cross-field check broken) go through both, in
Python and in Chromium, and every finding must be the same line, the same form
sentence and the same severity. A table gives every message key one case, so
no key can be produced on one side only.
"""

from __future__ import annotations

import datetime as dt
import json
import string
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from esca.core import fields
from esca.core.fields import MESSAGES
from esca.curricula import builder
from esca.curricula.model import COURSE, SESSION as SESSION_FIELD

pytestmark = pytest.mark.browser

LETTERS = string.ascii_letters + string.digits + " -',.()&éü"


@pytest.fixture(scope="module")
def model(site):
    return json.loads((site.site / "cpd/course-model.json").read_text(encoding="utf-8"))


@pytest.fixture
def builder_page(page):
    page.goto(page.base + "cpd/course-builder/")
    page.wait_for_function("() => window.escaCourseRules")
    return page


_CONTEXTS: dict[int, object] = {}


def python_side(files, model):
    ctx = _CONTEXTS.get(id(model))
    if ctx is None:  # one context per model: made once, not per generated example
        ctx = _CONTEXTS[id(model)] = builder.context_from_model(model)
    out = []
    for name, raw, loaded in files:
        found = builder.check_file(raw, f"curricula/courses/{name}", name.removesuffix(".yml"), ctx, loaded=loaded)
        out.append([[str(f), f.form, "notice" if f.notice else "error", f.key] for f in found])
    return out


def browser_side(page, files, model):
    # The model goes into the page once (it is large: the course files ride
    # in it); each file's bytes cross as one Latin-1 string, a byte a letter.
    if not page.evaluate("(id) => window.__escaModelId === id", id(model)):
        page.evaluate("([model, id]) => { window.__escaModel = model; window.__escaModelId = id; }", [model, id(model)])
    return page.evaluate("""(files) => files.map(([name, text, loaded]) => {
        const bytes = Uint8Array.from(text, c => c.charCodeAt(0));
        return escaCourseRules.checkBytes(bytes, name, window.__escaModel, window.__escaModel.today, loaded).findings
          .map(f => [String(f), f.form || "", f.severity || "error", f.key || ""]);
      })""", [[name, raw.decode("latin-1"), loaded] for name, raw, loaded in files])


def compare(page, files, model):
    expected, got = python_side(files, model), browser_side(page, files, model)
    for (name, raw, loaded), want, have in zip(files, expected, got):
        only_python = [f for f in want if f not in have]
        only_browser = [f for f in have if f not in want]
        assert have == want, f"{name} (loaded={loaded}): Python only {only_python}, browser only {only_browser}"
    return expected


# ----- generated course files, from the declaration itself -----

def text_value(spec: fields.Field):
    limit = spec.max_length or 60
    return st.text(LETTERS, min_size=1, max_size=min(limit, 40)).map(lambda s: "A" + s.strip()[: limit - 1])


def bad_text(spec: fields.Field):
    limit = spec.max_length or 60
    return st.sampled_from(["", "   ", "\u200b\u2060", "Ri\u202eght", "<b>bold</b>", "one\ntwo", "x" * (limit + 1),
                            "\ufeff\nstart", " padded ", "tab\there", "\u00a0"]) | st.integers(-3, 3) | \
        phone_text() | \
        st.booleans() | st.none() | st.just(["a", "list"]) | st.just({"a": "map"})


def phone_text():
    """Text holding a number written as people write them, in any digits and
    gaps (fourth blind attack, B83: a premium number in a course's summary)."""
    digit = st.sampled_from(["0", "1", "3", "4", "7", "8", "9"])
    zero = st.sampled_from(["0", "\uff10", "\u0660", "\U0001d7ce"])  # ASCII, fullwidth, Arabic-Indic, bold
    gap = st.sampled_from(["", " ", "  ", "-", "\u2013", ".", "\u00a0", "\u200b", ")", "(", "/"])
    start = st.sampled_from(["0", "+44 ", "+44 (0) ", "11", "(0"])
    return st.builds(lambda s, z, parts, end: "Call " + s + z + "".join(g + d for g, d in parts) + end,
                     start, zero, st.lists(st.tuples(gap, digit), min_size=2, max_size=12),
                     st.sampled_from(["", ".", " now", "5"]))


def scalar(spec: fields.Field, model: dict, good: bool):
    kind, today = spec.kind, dt.date.fromisoformat(model["today"])
    if kind in ("text", "route", "url"):
        if kind == "route":
            hosts = model["hosts"]
            valid = st.sampled_from(["training@essex.gov.uk", "a.b@example.org"]) | \
                st.sampled_from(hosts).map(lambda h: f"https://{h}/book?x=1")
            broken = st.sampled_from(["mailto:x@y.com", "x@y.com?cc=z@w.com", "https://evil.example/",
                                      "http://www.essex.gov.uk/", "call us", "https://www.essex.gov.uk/a b"])
            return valid if good else broken | bad_text(spec)
        return text_value(spec) if good else bad_text(spec)
    if kind == "slug":
        valid = st.from_regex(r"[a-z]{1,8}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
        return valid if good else st.sampled_from(["Bad Id", "bad_id", "-x", "x-", "ab\n", "é"]) | st.integers(0, 9)
    if kind == "choice":
        ids = [pair[0] for pair in model["choices"][spec.choices]] or ["none"]
        valid = st.sampled_from(ids)
        near = st.sampled_from(ids).map(lambda x: x[:-1] + ("x" if x[-1:] != "x" else "y"))
        return valid if good else near | st.sampled_from(["", "Nope", "zzz-qqq"]) | st.integers(0, 5) | st.none()
    if kind == "int":
        top = int(spec.maximum or 1000)
        return st.integers(1, top) if good else \
            st.sampled_from([0, -1, top + 1, 2.5, True, "12", None])
    if kind == "number":
        top = spec.maximum or 100
        return (st.integers(1, int(top)) | st.sampled_from([0.5, 1.5, 2.25])) if good else \
            st.sampled_from([0, -2, top + 1, float("inf"), float("nan"), "three", False, None])
    if kind == "bool":
        return st.booleans() if good else st.sampled_from(["yes please", 1, None, "true"])
    if kind == "date":
        valid = st.dates(dt.date(2020, 1, 1), today)
        return valid if good else st.sampled_from(["2026-02-30", "tomorrow", "2026-13-01", 2026, None]) | \
            st.dates(today + dt.timedelta(days=1), today + dt.timedelta(days=900))
    if kind == "datetime":
        when = st.datetimes(dt.datetime(2019, 1, 1), dt.datetime(2029, 12, 31)).map(lambda d: d.replace(second=0,
                                                                                                       microsecond=0))
        valid = when.map(lambda d: d.strftime("%Y-%m-%dT%H:%M"))
        return valid if good else st.sampled_from(["2027-2-3T9:30", "2027-02-03 09:30", "2027-02-30T09:30",
                                                   "2027-02-03T25:00", "soon", 5, None]) | \
            when.map(lambda d: d.replace(tzinfo=dt.timezone.utc))
    raise AssertionError(kind)


_BUILT: dict[int, object] = {}


def value(spec: fields.Field, model: dict):
    """A value for one declared field: valid most of the time, broken otherwise
    (each field's strategy is built once: building them is what costs)."""
    if id(spec) not in _BUILT:
        _BUILT[id(spec)] = _value(spec, model)
    return _BUILT[id(spec)]


def _value(spec: fields.Field, model: dict):
    if spec.kind == "list":
        item = spec.item
        if item.kind == "map":
            items = st.lists(mapping(item, model), min_size=0, max_size=4)
        else:
            items = st.lists(st.one_of(scalar(item, model, True), scalar(item, model, False)) if item.kind != "choice"
                             else st.one_of(scalar(item, model, True), scalar(item, model, True),
                                            scalar(item, model, False)), min_size=0, max_size=8)
        good = st.lists(scalar(item, model, True), min_size=spec.min_items,
                        max_size=max(spec.min_items, min(spec.max_items or 4, 4))) if item.kind != "map" else \
            st.lists(mapping(item, model), min_size=1, max_size=3)
        return st.one_of(good, good, items, st.sampled_from(["a text, not a list", 3, None, {"a": 1}]))
    if spec.kind == "map":
        return mapping(spec, model)
    return st.one_of(scalar(spec, model, True), scalar(spec, model, True), scalar(spec, model, False))


@st.composite
def mapping(draw, spec: fields.Field, model: dict):
    out = {}
    for sub in spec.fields:
        present = draw(st.integers(0, 9))
        if present == 0 or (not sub.required and present < 4):
            continue
        out[sub.name] = draw(value(sub, model))
    if draw(st.integers(0, 12)) == 0:
        out[draw(st.sampled_from(["sumary", "extra", "onlne", "__proto__", "constructor", "Venue"]))] = "x"
    return out


@st.composite
def course_file(draw, model: dict):
    data = draw(mapping(COURSE, model))
    published = model["courses"]
    # Cross-file cases: a published id taken by a new course, a prerequisite
    # that closes a circle through the published courses.
    if draw(st.integers(0, 5)) == 0 and published:
        data["id"] = draw(st.sampled_from(published))
    edges = [(cid, p) for cid, prereqs in model["graph"].items() for p in prereqs]
    if edges and draw(st.integers(0, 5)) == 0:
        cid, prereq = draw(st.sampled_from(edges))
        data["id"], data["prerequisites"] = prereq, [cid]
    if isinstance(data.get("id"), str) and draw(st.integers(0, 6)) == 0 and isinstance(data.get("prerequisites"), list):
        data["prerequisites"] = [*data["prerequisites"], data["id"]]
    if draw(st.integers(0, 40)) == 0:
        data = [data]  # not a mapping
    own = data.get("id") if isinstance(data, dict) else None
    stem = own if isinstance(own, str) and own and fields.re.fullmatch(fields.PATTERNS["slug"], own) \
        and draw(st.integers(0, 5)) else draw(st.sampled_from(["new-course", "other-name"]))
    loaded = stem if stem in published and draw(st.booleans()) else None
    flow = draw(st.sampled_from([False, None]))
    raw = yaml.safe_dump(data, sort_keys=False, allow_unicode=draw(st.booleans()), default_flow_style=flow,
                         width=draw(st.sampled_from([60, 1000])))
    return f"{stem}.yml", raw.encode("utf-8"), loaded


def test_generated_course_files_get_the_same_findings_in_python_and_in_chromium(builder_page, model):
    seen = {"files": 0, "findings": 0}

    @settings(max_examples=100, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.lists(course_file(model), min_size=20, max_size=20))
    def run(files):
        found = compare(builder_page, files, model)
        seen["files"] += len(files)
        seen["findings"] += sum(map(len, found))

    run()
    assert seen["files"] >= 2000 and seen["findings"] > seen["files"]  # thousands of files, most with findings


def both_sides_tried(page, model, files, said: str, *, examples: int) -> set[bool]:
    """Runs generated course files (five at a time) through both sides, which
    must agree (compare); returns whether each batch held the finding ``said``
    somewhere (so a test can show both sides of a limit were tried)."""
    seen: set[bool] = set()

    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.lists(files, min_size=5, max_size=5))
    def run(batch):
        for found in compare(page, batch, model):
            seen.add(any(said in f[0] for f in found))

    run()
    return seen


@st.composite
def deeply_nested_file(draw):
    """A course file with a value nested around the reader's limit
    (esca.core.safeyaml.MAX_DEPTH, published as the model's max_depth), in
    lists and mappings, written as blocks, as flow, or mixed."""
    depth = draw(st.integers(55, 75))
    value = draw(st.sampled_from([1, "x", None, [], {}]))
    for _ in range(depth):
        value = [value] if draw(st.booleans()) else {draw(st.sampled_from(["k", "__proto__", "toString"])): value}
    data = {"id": "new-course", "title": "Deep", "notes": value}
    raw = yaml.safe_dump(data, sort_keys=False, default_flow_style=draw(st.sampled_from([False, None, True])),
                         width=draw(st.sampled_from([60, 1000])))
    return "new-course.yml", raw.encode("utf-8"), None


def test_nesting_past_the_limit_is_one_finding_on_both_sides(builder_page, model):
    """Case 124 of the blind attack: 200,000 '[' overflowed the builder's
    stack (and crashed the build's C reader). Both refuse nesting past the
    model's max_depth with the same line, wherever it happens."""
    assert model["max_depth"] == 64
    assert model["yaml_messages"]["too-deep"][0] == "lists or mappings are nested more than {limit} levels deep"
    hostile = [("new-course.yml", (b"id: a\nx: " + b"[" * 200_000 + b"]" * 200_000 + b"\n"), None),
               ("new-course.yml", b"id: a\nx:\n  " + b"- " * 200_000 + b"z\n", None),
               ("new-course.yml", b"id: a\nx: " + b"{a: " * 100_000 + b"1" + b"}" * 100_000 + b"\n", None)]
    for found, line in zip(compare(builder_page, hostile, model), (2, 3, 2)):
        assert [f[0] for f in found] == [f"curricula/courses/new-course.yml:{line}: yaml: lists or mappings are nested "
                                         f"more than 64 levels deep — write the values out flat, as the other files do"]
    # both sides of the limit were tried
    assert both_sides_tried(builder_page, model, deeply_nested_file(), "nested more than", examples=40) == {True, False}


@st.composite
def long_key_file(draw):
    """A course file with one key around YAML's key limit (esca.core.safeyaml.
    MAX_KEY, published as the model's max_key), at the top, nested, or in a
    list item; plain or quoted; with spaces before the colon or not."""
    length = draw(st.sampled_from([1023, 1024, 1025, 1026]) | st.integers(1000, 5000))
    quote = draw(st.sampled_from(["", "'", '"']))
    key = quote + "k" * (length - 2 * len(quote)) + quote
    before = draw(st.sampled_from(["", "  "]))[: max(0, length - 1020)]
    key = key[: len(key) - len(before)] if not quote else key
    where = draw(st.sampled_from(["top", "nested", "item"]))
    line = key + before + ": 1\n"
    body = {"top": line, "nested": "notes:\n  " + line, "item": "notes:\n  - " + line}[where]
    return "new-course.yml", ("id: new-course\ntitle: Long\n" + body).encode(), None


def test_a_key_past_yamls_limit_is_said_so_on_both_sides(builder_page, model):
    """Third blind attack, N39: an 800 KB key read as libyaml's "could not find
    expected ':'". Both sides now say the key is too long, at its line; up to
    the limit it is read (and reported as an unknown field)."""
    assert model["max_key"] == 1024
    hostile = [("new-course.yml", b"id: new-course\n" + b"k" * 800_000 + b": 1\n", None)]
    assert [f[0] for f in compare(builder_page, hostile, model)[0]] == [
        "curricula/courses/new-course.yml:2: yaml: a key is longer than 1,024 characters, the most YAML reads — shorten "
        "it: a field's name is a word or two, like title, and long text goes after the colon"]
    # both sides of the limit were tried
    assert both_sides_tried(builder_page, model, long_key_file(), "longer than 1,024", examples=40) == {True, False}


@st.composite
def question_mark_file(draw):
    """A course file with a '?' where a key or value starts: YAML's explicit
    key ('? key' then ': value', in a block or a flow, a block of text as the
    key), or plain text that only starts with '?' (read as text)."""
    key = draw(st.sampled_from(["k", "", "|\n" + "    k\n" * draw(st.integers(1, 50)), "[a, b]", "title"]))
    explicit = ["? " + key + "\n  : 1\n", "- ? " + key.replace("\n    ", "\n      ") + "\n    : 1\n",
                "{? a: 1}\n", "[a, ?b]\n", "[?]\n", "? x\n", "?\n"]
    plain = ["?x\n", "a ? b\n", "'? x'\n", "What? yes\n", "|\n    ? x\n    : y\n"]
    where = draw(st.sampled_from(["block", "item", "value"]))
    body = draw(st.sampled_from(explicit + plain))
    if where == "block" or body.startswith("- "):  # "notes: - x" is refused in other words on each side
        text = "notes:\n  " + body
    elif where == "item":
        text = "notes:\n  - " + body.replace("\n  ", "\n    ")
    else:
        text = "notes: " + body
    return "new-course.yml", ("id: new-course\ntitle: Question\n" + text).encode(), None


def test_a_key_in_the_explicit_form_is_refused_on_both_sides(builder_page, model):
    """Fourth blind attack, A32: an 800 KB key written as '? |' (a block of
    text) went past the 1,024-character key limit; the build printed it whole
    in one line, the builder said something else. Both now refuse a key in
    the explicit form at its line, in the same words, before reading on."""
    assert model["yaml_messages"]["explicit-key"][0] == "a key is written in YAML's explicit form, starting with '?'"
    hostile = [("new-course.yml", b"id: new-course\n? |\n" + (b"  " + b"k" * 100 + b"\n") * 8_000 + b": 1\n", None)]
    assert [f[0] for f in compare(builder_page, hostile, model)[0]] == [
        "curricula/courses/new-course.yml:2: yaml: a key is written in YAML's explicit form, starting with '?' — write "
        "the key and its value on one line, as key: value (put text that starts with '?' in quotes)"]
    # explicit keys and text that only starts with '?' were both tried
    assert both_sides_tried(builder_page, model, question_mark_file(), "explicit form", examples=60) == {True, False}


def last_sunday(year: int, month: int) -> dt.date:
    day = dt.date(year, month, 31)
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


@st.composite
def clock_change_file(draw):
    """A course file with one session near a change of London's clocks: a
    day around the last Sunday of March or October, an hour around 01:00,
    written as text (2027-03-28T01:30) or as a YAML time with seconds."""
    year = draw(st.integers(1996, 2100))
    near = last_sunday(year, draw(st.sampled_from([3, 10]))) + dt.timedelta(days=draw(st.sampled_from([-7, -1, 0, 0,
                                                                                                       0, 1])))
    when = dt.datetime.combine(near, dt.time(draw(st.sampled_from([0, 1, 1, 1, 2])), draw(st.sampled_from([0, 30, 59]))))
    start = when.strftime("%Y-%m-%dT%H:%M") if draw(st.booleans()) else when.strftime("%Y-%m-%d %H:%M:%S")
    end = (when + dt.timedelta(hours=draw(st.sampled_from([0, 3])))).strftime("%Y-%m-%dT%H:%M")
    which = draw(st.sampled_from(["start", "end"]))
    session = {**SESSION, "start": start, "end": end} if which == "start" else {**SESSION, "end": start}
    return "new-course.yml", raw(changed(sessions=[session], booking="a@b.org")), None


def test_a_time_london_skips_or_repeats_is_said_so_on_both_sides(builder_page, model):
    """Fourth blind attack, B24: 2027-03-28T01:30 is no time in London (the
    clocks go from 01:00 to 02:00) and was published in the calendar file;
    01:00-01:59 on the last Sunday of October happens twice. Both sides work
    it out by date arithmetic and agree, on any year and either way of
    writing the time."""
    b24 = [("new-course.yml", raw(changed(sessions=[{**SESSION, "start": "2027-03-28T01:30",
                                                     "end": "2027-03-28T04:00"}], booking="a@b.org")), None)]
    assert [f[0] for f in compare(builder_page, b24, model)[0]] == [
        "curricula/courses/new-course.yml:30: sessions[1].start: is not a time in London: the clocks go forward from "
        "01:00 to 02:00 that day: '2027-03-28T01:30' — write a time before 01:00 or from 02:00"]
    seen = set()

    @settings(max_examples=60, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.lists(clock_change_file(), min_size=10, max_size=10))
    def run(files):
        for found in compare(builder_page, files, model):
            seen.update(f[3] for f in found if f[3] in ("no-such-time", "time-twice"))
            seen.add(bool(found) and found[0][3] == "past")

    run()
    assert {"no-such-time", "time-twice", True, False} <= seen  # both changes, and sessions in the past


# ----- every message key, on both sides -----

GOOD = {
    "id": "new-course", "title": "A new course", "summary": "What it is.", "status": "draft",
    "audience": ["social-worker"], "practice_model": ["systemic-practice"], "pcf_domains": ["knowledge"],
    "pcf_levels": ["social-worker"], "learning_outcomes": ["Explain one", "Use two", "Plan three"],
    "reflection_prompts": ["What changed?"], "delivery_mode": "face-to-face", "duration_minutes": 60,
    "cpd_hours": 1, "provider": "esca", "owner": "esca", "last_reviewed": dt.date(2026, 1, 5),
    "review_due": dt.date(2027, 1, 5), "changes": [{"date": dt.date(2026, 1, 5), "note": "First draft."}],
}
SESSION = {"start": "2030-01-02T09:30", "end": "2030-01-02T12:00", "venue": "County Hall", "capacity": 20}


def changed(**changes):
    data = {**GOOD, **changes}
    return {k: v for k, v in data.items() if v is not ...}


def raw(data) -> bytes:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode()


KEYS = [
    ("not-mapping", raw([GOOD]), None), ("unknown-field", raw(changed(sumary="x")), None),
    # A field's path is shortened past 120 characters, on both sides (a key can be 1,024; one with a letter
    # outside the BMP is counted in characters, not in UTF-16 units):
    ("unknown-field", raw(GOOD) + b"k" * 1000 + b": x\n", None),  # (PyYAML writes a key past 128 as '? key')
    ("unknown-field", raw(GOOD) + "\U0001d4b6".encode() * 200 + b": x\n", None),
    ("int", raw(changed(sessions=[{**SESSION, "capacity": 0, "k" * 118: 1}], booking="a@b.org")), None),
    ("missing", raw(changed(title=...)), None), ("slug", raw(changed(id="Bad Id")), None),
    ("reserved", raw(changed(id="index")), None),
    # A number written as a phone dials it, in any digits and gaps (fourth blind attack, B83):
    ("number-in-text", raw(changed(summary="Book on (0909) 879\u20130000.")), None),
    ("number-in-text", raw(changed(summary="Ring \uff10\uff19\uff10\uff19\u00a0603\u00a07627.")), None),
    ("number-in-text", raw(changed(summary="Ring \U0001d7ce\U0001d7d7\U0001d7ce\U0001d7d7 603 7627 or 0345 603 7627.")), None),
    ("number-in-text", raw(changed(learning_outcomes=["Ask on 118 118."])), None),
    ("number-in-text", raw(changed(title="Ring +4 4 909 879 0000")), None),  # sixth blind attack, K02
    ("number-in-text", raw(changed(title="Ask 1 18 118")), None),  # K03
    # Look-alikes are refused by the ASCII alphabet, in Python and in the browser alike:
    ("slug", raw(changed(id="n\u0435w-course")), None),  # Cyrillic ie
    ("slug", raw(changed(id="\uff4eew-course")), None),  # fullwidth n
    ("slug", raw(changed(id="new-cour\u017fe")), None),  # long s, which case folding makes an s
    ("id-file", raw(changed(id="elsewhere")), None), ("duplicate-id", None, "published"),
    ("text", raw(changed(title=3)), None), ("invisible", raw(changed(title="\u200b")), None),
    ("bidi", raw(changed(title="a\u202eb")), None), ("control", raw(changed(title="a\x1bb")), None), ("control", raw(changed(title="a\ufffeb")), None),  # a noncharacter (third blind attack, B17)
    ("one-line", raw(changed(title="a\nb")), None),
    ("markup", raw(changed(title="<i>x</i>")), None), ("too-long", raw(changed(title="x" * 91)), None),
    ("too-big", raw(changed(cpd_hours=101)), None), ("status", raw(changed(status="live")), None),
    ("vocab", raw(changed(owner="nobody")), None), ("reference", raw(changed(roles=["no-such-team"])), None),
    ("list", raw(changed(audience="social-worker")), None), ("too-few", raw(changed(learning_outcomes=["a"])), None),
    ("too-many", raw(changed(reflection_prompts=["q"] * 11)), None), ("int", raw(changed(duration_minutes=0)), None),
    ("number", raw(changed(cpd_hours="three")), None),
    ("bool", raw(changed(sessions=[{**SESSION, "online": "maybe"}], booking="a@b.org")), None),
    ("date", raw(changed(review_due="2027-02-30")), None),
    ("future", raw(changed(last_reviewed=dt.date(2099, 1, 1), review_due=dt.date(2100, 1, 1))), None),
    ("review-order", raw(changed(review_due=dt.date(2025, 1, 1))), None),
    ("session-order", raw(changed(sessions=[{**SESSION, "end": "2030-01-02T08:00"}], booking="a@b.org")), None),
    ("mandatory-audience", raw(changed(mandatory_for=["councillor"])), None),
    ("booking", raw(changed(sessions=[SESSION])), None),
    ("where", raw(changed(sessions=[{k: v for k, v in SESSION.items() if k != "venue"}], booking="a@b.org")), None),
    ("self-prerequisite", raw(changed(prerequisites=["new-course"])), None), ("cycle", None, "cycle"),
    ("change-order", raw(changed(changes=[{"date": dt.date(2025, 1, 1), "note": "Old."},
                                          {"date": dt.date(2026, 1, 1), "note": "New."}])), None),
    ("item", raw(changed(sessions=["a session"], booking="a@b.org")), None),
    ("datetime", raw(changed(sessions=[{**SESSION, "start": "soon"}], booking="a@b.org")), None),
    ("past", raw(changed(sessions=[{**SESSION, "start": "2020-01-02T09:30", "end": "2020-01-02T12:00"}],
                         booking="a@b.org")), None),
    ("route", raw(changed(booking="call us")), None),
    # Far more keys than a mapping declares: one finding, its keys not listed (fourth blind attack, B34/B35).
    ("too-many-fields", raw(GOOD) + b"".join(b"k%d: v\n" % i for i in range(40)), None),
    ("too-many-fields", raw(changed(sessions=[{**SESSION, **{f"k{i}": i for i in range(30)}}], booking="a@b.org")),
     None),
    # Fourth blind attack, B24: 01:30 on 31 March 2030 is not a London time; 01:30 on 27 October 2030 is two.
    ("no-such-time", raw(changed(sessions=[{**SESSION, "start": "2030-03-31T01:30", "end": "2030-03-31T04:00"}],
                                 booking="a@b.org")), None),
    ("no-such-time", raw(changed(sessions=[{**SESSION, "start": "2030-03-30T22:00", "end": "2030-03-31T01:00"}],
                                 booking="a@b.org")), None),
    ("time-twice", raw(changed(sessions=[{**SESSION, "start": "2030-10-27T01:59", "end": "2030-10-27T04:00"}],
                               booking="a@b.org")), None),
]
PAGE_ONLY = {"only-on", "url", "due", "id",  # pages and data files only: no course field can produce them
             "pattern", "phone", "phone-class", "key", "used-twice", "int-min", "key-number",
             "number-min", "number-any"}


def test_every_course_message_key_has_a_case_and_both_sides_give_it(builder_page, model):
    published = model["courses"][0]
    cid, prereq = next((c, p) for c, prereqs in model["graph"].items() for p in prereqs)
    files = []
    for key, data, special in KEYS:
        if special == "published":
            files.append((f"{published}.yml", raw(changed(id=published)), None))
        elif special == "cycle":
            files.append((f"{prereq}.yml", raw(changed(id=prereq, prerequisites=[cid])), None))
        else:
            files.append(("new-course.yml", data, None))
    found = compare(builder_page, files, model)
    for (key, _, _), findings in zip(KEYS, found):
        assert key in [f[3] for f in findings], (key, findings)
    # No line echoes a key whole: a field's path shows 120 characters at most (the 1,000-character key's row).
    assert max(len(f[0]) for findings in found for f in findings) < 600
    assert any(": " + "k" * 119 + "…: unknown field" in f[0] for findings in found for f in findings)
    assert {k for k, _, _ in KEYS} | PAGE_ONLY == set(MESSAGES)


def many_keys(n: int) -> bytes:
    return b"".join(b"k%d: v\n" % i for i in range(n))


def test_far_more_keys_than_declared_is_one_finding_on_both_sides(builder_page, model):
    """Fourth blind attack, B34/B35: a course file with 100,000 unknown keys
    (0.9 MB, under the size limit) was 100,000 findings, 25 s in the build and
    in the builder. A mapping with more keys than its declared fields plus
    fields.SPARE_FIELDS is one finding at its line, on both sides, and its keys
    are not checked one by one; a list past its max_items is one finding too."""
    spare, declared = fields.SPARE_FIELDS, len(COURSE.fields)
    assert model["spare_fields"] == spare
    published = (Path(__file__).resolve().parent.parent / "curricula/courses/anti-racist-practice.yml").read_bytes()
    hostile = [
        ("anti-racist-practice.yml", published + many_keys(100_000), "anti-racist-practice"),  # B34 as sent
        ("new-course.yml", raw(GOOD) + many_keys(100_000), None),
        ("new-course.yml", raw(changed(audience=["zz"] * 100_000)), None),  # a choice list
        ("new-course.yml", raw(changed(learning_outcomes=["<b"] * 100_000)), None),  # a text list
        ("new-course.yml", raw(changed(sessions=[{**SESSION, **{f"k{i}": i for i in range(100)}} for _ in range(60)],
                                       booking="a@b.org")), None),  # more sessions than max_items, each crowded
    ]
    found = compare(builder_page, hostile, model)
    assert [len(f) for f in found] == [1, 1, 1, 1, 1]  # the mapping's line: the first key, after the comment
    assert found[0][0][:2] == [
        f"curricula/courses/anti-racist-practice.yml:2: course: has {100_000 + len(yaml.safe_load(published)):,} "
        f"fields, far more than the {declared} the portal knows for it — remove the ones that do not belong (see the "
        "field reference for the names)",
        f"Course has {100_000 + len(yaml.safe_load(published)):,} fields, far more than the {declared} the portal "
        "knows: remove the ones that do not belong"]
    assert [f[0][3] for f in found] == ["too-many-fields", "too-many-fields", "too-many", "too-many", "too-many"]
    # A session's own mapping: one finding at the session's line, named as the form names the session.
    one = compare(builder_page, [("new-course.yml", raw(changed(
        sessions=[SESSION, {**SESSION, **{f"k{i}": i for i in range(5_000)}}], booking="a@b.org")), None)], model)[0]
    assert [(f[0].split(": ")[1], f[1], f[3]) for f in one] == [
        ("sessions[2]", f"Session 2 has 5,004 fields, far more than the {len(SESSION_FIELD.fields)} the portal knows: "
         "remove the ones that do not belong", "too-many-fields")]
    # Up to the declared fields plus the spare, each unknown key is still named (with a "did you mean").
    edge = raw(GOOD) + many_keys(declared + spare - len(GOOD))
    below, above = compare(builder_page, [("new-course.yml", edge, None),
                                          ("new-course.yml", edge + b"onlne: x\n", None)], model)
    assert [f[3] for f in below] == ["unknown-field"] * (declared + spare - len(GOOD))
    assert [f[3] for f in above] == ["too-many-fields"]
