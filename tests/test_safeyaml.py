"""The one YAML reader: every hostile or broken input becomes one finding."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from esca.core.safeyaml import load_file, load_text

LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)

CASES = [
    ("plain mapping", "a: 1\nb: [x, y]\n", None),
    ("date", "d: 2026-11-24\n", None),
    ("empty", "  \n", "t.yml:1: yaml: file is empty — add the fields the file needs"),
    ("tab indent", "a:\n\t- b\n", "t.yml:2: yaml: tab used for indentation — indent with spaces only (two per level)"),
    ("duplicate key", "a: 1\na: 2\n", "t.yml:2: yaml: duplicate key 'a' (first at line 1) — keep one of them"),
    ("python tag", "a: !!python/object/apply:os.system [ls]\n",
     "t.yml:1: yaml: tags ('!') are not allowed — remove the '!' tag: only plain YAML values are allowed"),
    ("a standard tag", "a: !!timestamp 2026-01-01 10:00:00+00:00\n",
     "t.yml:1: yaml: tags ('!') are not allowed — remove the '!' tag: only plain YAML values are allowed"),
    ("one anchor", "a: &x 1\n",
     "t.yml:1: yaml: anchors and aliases (&name, *name) are not allowed — write the values out instead of using anchors and aliases"),
    ("billion laughs", LAUGHS,
     "t.yml:1: yaml: anchors and aliases (&name, *name) are not allowed — write the values out instead of using anchors and aliases"),
    ("syntax error", "a: [1\nb: 2\n",
     "t.yml:2: yaml: while parsing a flow sequence did not find expected ',' or ']' — check indentation, "
     "quotes and colons on this line or the one before"),
]


@pytest.mark.parametrize("case, text, expected", CASES, ids=[c[0] for c in CASES])
def test_load_text(case, text, expected):
    loaded = load_text(text, "t.yml")
    assert [str(f) for f in loaded.findings] == ([expected] if expected else [])


def test_lines_and_impossible_dates():
    loaded = load_text("a: 1\nitems:\n  - x\n  - y\nwhen: 2026-02-30\nok: 2026-02-03\n", "t.yml")
    assert loaded.data.line_of("items") == 2
    assert loaded.data["items"].lines == [3, 4]
    assert loaded.data["when"] == "2026-02-30"  # left as text for the field's validator
    assert loaded.data["ok"] == dt.date(2026, 2, 3)


def test_files_too_large_or_not_utf8(tmp_path):
    big = tmp_path / "big.yml"
    big.write_text("a: " + "x" * 1_100_000 + "\n")
    assert str(load_file(big, tmp_path).findings[0]) == (
        "big.yml:1: file: is 1,100,004 bytes, over the 1,048,576 byte limit — split it, or remove what does not "
        "belong in it")
    latin = tmp_path / "latin.yml"
    latin.write_bytes("a: 1\nb: caf\xe9\n".encode("latin-1"))
    assert str(load_file(latin, tmp_path).findings[0]) == "latin.yml:2: encoding: not UTF-8 text — save the file as UTF-8"


# Issue 24, case 138: YAML 1.1's base-60 numbers are text here (1:30 is not 90).
SEXAGESIMAL_ROWS = [("1:30", "1:30"), ("-1:30", "-1:30"), ("+1:30:00", "+1:30:00"), ("190:20:30", "190:20:30"),
                    ("1:30.5", "1:30.5"), ("0:30", "0:30"), ("10:30", "10:30"), ("1_0:30", "1_0:30"),
                    ("130", 130), ("1.5", 1.5), ("-2", -2), ("1_000", 1000), ("0x1f", 31),
                    ("2026-01-01T10:30", "2026-01-01T10:30")]


@pytest.mark.parametrize("text, value", SEXAGESIMAL_ROWS, ids=[row[0] for row in SEXAGESIMAL_ROWS])
def test_base_60_numbers_are_text(text, value):
    loaded = load_text(f"cpd_hours: {text}\n", "c.yml")
    assert loaded.findings == [] and loaded.data["cpd_hours"] == value
    assert type(loaded.data["cpd_hours"]) is type(value)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**6), st.lists(st.integers(0, 59), min_size=1, max_size=3), st.sampled_from(["", "-", "+"]),
       st.booleans())
def test_no_base_60_form_is_read_as_a_number(first, parts, sign, fraction):
    text = sign + str(first) + "".join(f":{p:02d}" if p % 2 else f":{p}" for p in parts) + (".5" if fraction else "")
    assert load_text(f"x: {text}\n", "c.yml").data["x"] == text


def test_a_base_60_value_is_reported_by_its_field():
    from esca.core import fields

    spec = fields.Field("course", "map", fields=(fields.Field("cpd_hours", "number", label="CPD hours"),))
    loaded = load_text("cpd_hours: 1:30\n", "c.yml")
    found = list(fields.check("c.yml", loaded.data, spec, fields.Context(choices={}, today=dt.date.max)))
    assert [f.field for f in found] == ["cpd_hours"] and "'1:30'" in str(found[0])


# Issue 24, cases 62 and 67b: nesting libyaml cannot build is refused before it tries.
DEEP_ROWS = [
    ("flow lists (case 62)", "id: x\ncpd_hours: 1\nlist: " + "[" * 200_000 + "\n", 3),
    ("flow lists, closed", "a: 1\nb: " + "[" * 30_000 + "]" * 30_000 + "\n", 2),
    ("flow mappings", "a: " + "{a: " * 5_000 + "1" + "}" * 5_000 + "\n", 1),
    ("compact block lists", "a: 1\nb:\n  - " + "- " * 50_000 + "x\n", 3),
    ("just past the limit", "a: " + "[" * 64 + "]" * 64 + "\n", 1),
]


@pytest.mark.parametrize("case, text, line", DEEP_ROWS, ids=[row[0] for row in DEEP_ROWS])
def test_nesting_too_deep_is_one_finding_at_its_line(case, text, line):
    loaded = load_text(text, "c.yml")
    assert [str(f) for f in loaded.findings] == [
        f"c.yml:{line}: yaml: lists or mappings are nested more than 64 levels deep — write the values out flat, as the "
        "other files do"]
    assert load_text(text, "p.md", line_offset=1).findings[0].line == line + 1  # front matter starts at line 2


@pytest.mark.parametrize("text", ["a: " + "[" * 63 + "]" * 63 + "\n", "a: '" + "[" * 500 + "'\n",
                                  "a: 1 # " + "[" * 500 + "\n", "- " * 19 + "x\n"])
def test_nesting_within_the_limit_is_read(text):
    assert load_text(text, "c.yml").findings == []


# Issue 24, cases 08 and 20: a YAML error is reported where its cause is, with a fix that fits it.
CAUSE_ROWS = [
    ("unclosed single quote (case 08)", "id: x\nsummary: '[Read](x) Recognising\nstatus: active\nnote: don't\n"
     "title: T\nb: [\n", 2, "a quoted value opened on this line is not closed on it, so YAML read on to line",
     "close the quote on the same line"),
    ("unclosed double quote in a list", "items:\n  - \"one\n  - two\nc: d: e\n", 2,
     "a quoted value opened on this line is not closed on it", "close the quote on the same line"),
    ("an escaped quote is not a close", 'a: "x \\" y\nb: 1\nc: d: e\n', 1, "a quoted value opened on this line",
     "close the quote"),
    ("a closed quote is not the cause", "a: 'x'\nb: 'it''s'\nc: d: e\n", 3, "mapping values are not allowed",
     "put text containing ': ' in quotes"),
    ("a value starting with & (case 20)", "term: x\ndefinition: &lt;img src=x&gt; text\n", 2,
     "while scanning an anchor", "put a value that starts with &, * or ! in quotes"),
]


@pytest.mark.parametrize("case, text, line, problem, fix", CAUSE_ROWS, ids=[r[0] for r in CAUSE_ROWS])
def test_a_yaml_error_is_reported_at_its_cause(case, text, line, problem, fix):
    (finding,) = load_text(text, "c.yml").findings
    assert finding.line == line and problem in finding.problem and fix in finding.fix, str(finding)


LONG_KEYS = [
    # text, the line said to hold a key past YAML's limit (None: read, or another fault)
    ("k" * 1024 + ": 1\n", None),
    ("k" * 1025 + ": 1\n", 1),
    ("a: 1\n" + "k" * 800_000 + ": 1\n", 2),
    ("a:\n  b:\n    " + "k" * 2000 + ": 1\n", 3),
    ("a:\n  - " + "k" * 2000 + ": 1\n", 2),
    ("a: 1\n'" + "k" * 1023 + "': 1\n", 2),
    ("a: 1\n" + "k" * 1020 + "     : 1\n", 2),
    ("a: 1\n" + "k" * 1020 + "  : 1\n", None),
    ("a: 1\nb: " + "x" * 5000 + "\n", None),  # a long value is fine
    ("a: 1\n" + "k" * 2000 + "\n", None),  # a line with no colon at all: another fault
]


@pytest.mark.parametrize("text, line", LONG_KEYS, ids=[f"row {n}" for n in range(len(LONG_KEYS))])
def test_a_key_past_yamls_limit_is_said_so(text, line):
    """Third blind attack, N39: an 800 KB key read as "could not find expected ':'"."""
    loaded = load_text(text, "data/x.yml")
    said = [f for f in loaded.findings if "longer than 1,024 characters" in f.problem]
    if line is None:
        assert said == [], loaded.findings
    else:
        assert [str(f) for f in said] == [
            f"data/x.yml:{line}: yaml: a key is longer than 1,024 characters, the most YAML reads — shorten it: a "
            f"field's name is a word or two, like title, and long text goes after the colon"]


EXPLICIT = ("yaml: a key is written in YAML's explicit form, starting with '?' — write the key and its value on one "
            "line, as key: value (put text that starts with '?' in quotes)")
EXPLICIT_KEYS = [
    # text, the line said to hold an explicit key (None: read as plain YAML)
    ("? a\n: b\n", 1),
    ("a: 1\n? |\n" + "  k\n" * 8_000 + ": v\n", 2),  # fourth blind attack, A32: a block of text as a key
    ("a: 1\n? " + "k" * 5000 + "\n: v\n", 2),  # past MAX_KEY, on one line
    ("a:\n  - ? b\n    : c\n", 2),  # in a list item
    ("a:\n  b: 1\n  ?\n  : c\n", 3),  # an empty key
    ("a: {? b : c}\n", 1), ("a: [x, ?y]\n", 1), ("a: [?]\n", 1),  # in a flow: any '?' is one
    ("? [a, b]\n: c\n", 1),  # a list as a key
    ("? " * 50_000 + "x\n", 1),  # nested 50,000 deep: refused before the nesting is read
    ("a: ? b\n", 1),  # where no key may start
    ("t: é\n--- ? x\n", 2),
    ("a: ?b\n", None), ("?b: 1\n", None), ("a: What? yes\n", None), ("a: b ? c\n", None),
    ("a: |\n  ? b\n  : c\n", None), ("a: b\n  ? c\n", None), ("# ? a\na: 1\n", None), ("a: '? b'\n", None),
]


@pytest.mark.parametrize("text, line", EXPLICIT_KEYS, ids=[f"row {n}" for n in range(len(EXPLICIT_KEYS))])
def test_a_key_in_the_explicit_form_is_refused_before_it_is_read(text, line):
    """Fourth blind attack, A32: an 800 KB key written as '? |' (a block of
    text) got past the 1,024-character key limit, and its finding printed
    the whole key in one log line. Explicit keys are refused, at the '?'."""
    loaded = load_text(text, "data/x.yml")
    said = [str(f) for f in loaded.findings if "explicit form" in f.problem]
    assert said == ([f"data/x.yml:{line}: {EXPLICIT}"] if line else []), loaded.findings
    if line:
        assert loaded.data is None and len(loaded.findings) == 1


def test_an_explicit_key_in_front_matter_is_at_its_page_line():
    loaded = load_text("title: x\n? y\n", "docs/p.md", line_offset=1)
    assert [f.line for f in loaded.findings] == [3]


@pytest.mark.parametrize("text, offset, line", [
    ("a: 1\nb: 2\nc: x\x07y\n", 0, 3),
    ("a: 1\nb: '\x1b]0;title\x07'\n", 0, 2),
    ("owner: x\n'::error::pwned': 1\nz: \x00\n", 1, 4),  # front matter: its first line is the page's second
])
def test_a_control_character_is_reported_at_its_line(text, offset, line):
    """Fifth blind attack, B63, B64: libyaml's reader refused it, reported at line 1."""
    loaded = load_text(text, "data/x.yml", line_offset=offset)
    assert [str(f) for f in loaded.findings] == [
        f"data/x.yml:{line}: yaml: holds a control character (#x{ord(next(c for c in text if c in chr(0) + chr(7) + chr(27))):04x}), "
        "which YAML does not allow — type the line again without it"]
