"""Bounded work (issue 24, point 4): every algorithm over contributed input is
linear or capped, proven by growing inputs 10× and 100× and counting the work
(tests/workmeter.py: regular-expression steps and Python lines), never by
timing it.

- Every regular expression in the build's code (hooks/esca) and in the
  site's scripts (the course builder's, the search shim's) is run on inputs
  made of a repeated piece (its own literal runs, and the characters that
  open and close things), grown tenfold; one whose work grows faster than
  the input is a failure. Patterns that only ever read the project's own
  reviewed files are listed, with the reason, in TRUSTED.
- The checks that loop in Python over a page (acronyms, tooltips, headings,
  the link scan, titles) are run on pages grown 10× and 100×, counting lines.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from esca.checks import links, rules
from esca.core import fields, htmltags, markdown, plaintext, safeyaml
from esca.curricula import loader, validate
from esca.pages import glossary
from workmeter import Steps, TooMuchWork, grows_linearly, lines

CALLS = {"compile": "finditer", "search": "finditer", "match": "match", "fullmatch": "fullmatch", "sub": "finditer",
         "subn": "finditer", "split": "finditer", "findall": "finditer", "finditer": "finditer"}
# Patterns that read only files the project itself reviews (by hash), never a
# contribution: the vendored iframe-worker shim (esca.checks.csp reads its inline script).
TRUSTED = {
    r"document\.write\(`(.*?)`\)": "reads the vendored shim.js, reviewed by hash",
    r"<script>(.*?)<\\/script>": "reads the vendored shim.js, reviewed by hash",
    r"\.?0+$": "course-builder.js: a number's mantissa from toExponential(5), seven characters at most",
}
# Linear, with a constant as large as its bound: a number of 1,000 digits is
# looked for only after YAML has refused the file.
BOUNDED = {r"\d{1000}"}
LIMIT = 400_000  # steps: far past what a linear pattern takes on these inputs
SCRIPTS = ["docs/assets/js/course-rules.js", "docs/assets/js/course-builder.js", "docs/assets/js/esca.js",
           "overrides/assets/javascripts/workers/esca-search.js"]
ALPHABET = [" ", "a", "A", "0", "\n", "\t", "<", ">", "-", "#", "&", "/", "*", "[", "(", ")", "{", "}", ":", "@",
            "`", '"', "'", "!", ".", "_"]
PAIRS = ["a ", " a", "<a", "a-", "aa-", "0 ", "](", "a\n", " \n"]


def python_patterns() -> dict[tuple[str, int], tuple[str, str]]:
    """Every literal pattern in hooks/esca, with its flags, where it is and how it is used."""
    found: dict[tuple[str, int], tuple[str, str]] = {}
    for path in sorted((ROOT / "hooks/esca").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                    and node.func.attr in CALLS and node.args and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                continue
            position = {"compile": 1, "sub": 3, "subn": 3}.get(node.func.attr, 2)
            flag_nodes = [kw.value for kw in node.keywords if kw.arg == "flags"] + node.args[position:position + 1]
            flags = eval(compile(ast.Expression(flag_nodes[0]), "flags", "eval"), {"re": re}) if flag_nodes else 0
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            found.setdefault((node.args[0].value, flags), (where, CALLS[node.func.attr]))
    for name, pattern in fields.PATTERNS.items():
        found.setdefault((pattern, 0), (f"esca.core.fields.PATTERNS[{name!r}]", "fullmatch"))
    return found


_JS_LITERAL = re.compile(r"(?:[=(,:;!&|?{}]|\breturn)\s*/((?:[^/\\\n\[]|\\.|\[(?:[^\]\\\n]|\\.)*\])+)/([dgimsuyv]*)")


def script_patterns() -> dict[tuple[str, int], tuple[str, str]]:
    """Every regular-expression literal in the site's own scripts, read as
    Python reads the same pattern (their syntax is the same for these)."""
    found: dict[tuple[str, int], tuple[str, str]] = {}
    for rel in SCRIPTS:
        text = (ROOT / rel).read_text(encoding="utf-8")
        for match in _JS_LITERAL.finditer(text):
            body, js_flags = match.group(1), match.group(2)
            flags = (re.I if "i" in js_flags else 0) | (re.M if "m" in js_flags else 0) | (re.S if "s" in js_flags else 0)
            try:
                re.compile(body, flags)
            except re.error:
                continue
            line = text.count("\n", 0, match.start()) + 1
            found.setdefault((body, flags), (f"{rel}:{line}", "finditer" if "g" in js_flags else "search"))
    return found


def literal_runs(pattern: str, flags: int) -> list[str]:
    """The runs of literal characters in a pattern ('<p>', 'esca:')."""
    from re import _constants as C
    from re import _parser as P

    runs: list[str] = []

    def walk(data):
        current = ""
        for op, av in data:
            if op is C.LITERAL:
                current += chr(av)
                continue
            if len(current) > 1:
                runs.append(current)
            current = ""
            if op is C.SUBPATTERN:
                walk(av[3].data)
            elif op is C.BRANCH:
                for alternative in av[1]:
                    walk(alternative.data)
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
                walk(av[2].data)
        if len(current) > 1:
            runs.append(current)

    walk(P.parse(pattern, flags).data)
    return runs


def ratio(pattern: str, flags: int, how: str, pump: str, suffix: str, small: int) -> float:
    compiled = re.compile(pattern, flags)
    try:
        first = Steps(compiled, limit=LIMIT).count(pump * small + suffix, how)
        second = Steps(compiled, limit=LIMIT).count(pump * small * 10 + suffix, how)
    except TooMuchWork:
        return float("inf")
    return second / max(first, 1)


ALL = {**python_patterns(), **script_patterns()}


def test_the_patterns_are_all_found():
    python, scripts = python_patterns(), script_patterns()
    assert len(python) > 80 and len(scripts) > 40, (len(python), len(scripts))
    assert (r"<[^<>]+>", 0) not in scripts and any("course-rules.js" in w for w, _ in scripts.values())


@pytest.mark.parametrize("pattern, flags", sorted(ALL), ids=[ALL[key][0] for key in sorted(ALL)])
def test_no_pattern_does_more_than_linear_work(pattern, flags):
    where, how = ALL[(pattern, flags)]
    if pattern in TRUSTED or pattern in BOUNDED:
        return
    pumps = list(dict.fromkeys(ALPHABET + PAIRS + [c for c in pattern if not c.isalnum()] +
                               [run for run in literal_runs(pattern, flags)][:6]))
    worst = max(((ratio(pattern, flags, how, pump, suffix, 8), pump, suffix)
                 for pump in pumps for suffix in ("", "\x00")), key=lambda item: item[0])
    if worst[0] > 25:  # a hint at small sizes: confirm ten times larger, where only growth is left
        growth, pump, suffix = worst
        confirmed = ratio(pattern, flags, how, pump, suffix, 80)
        assert confirmed <= 25, f"{where}: {pattern!r} on {pump!r}×n{suffix!r}: work grew {confirmed:.0f}× for 10× input"


def test_the_bounded_patterns_are_linear_beyond_their_bound():
    for pattern in BOUNDED:
        counts = [Steps(pattern).count("0" * n, "finditer") for n in (2_000, 20_000)]
        assert grows_linearly(counts), counts


# The meter itself: the same matches as Python's engine.
METER_PATTERNS = [r"a(b|c)*d", r"(?<![\w&/.-])([A-Z][A-Z0-9]*(?:[&-][A-Z0-9]+)*[A-Z0-9])(?![\w&-])",
                  r"<(abbr|code)\b[^>]*>.*?</\1\s*>", r"(?i)x[a-c]+", r"(?m)^\s*$", r"[^ab]+?c", r"(?:ab){1,2}?b",
                  r"\Bb\w", r"(?s)<!--.*?(?:-->|\Z)", r"(?:[^<>\"']++|\"[^\"]*+\")*+>"]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="abcdx ABC&-<>/!\n\"", max_size=14), st.sampled_from(METER_PATTERNS))
def test_the_meter_finds_what_python_finds(text, pattern):
    meter = Steps(pattern)
    meter.count(text, "finditer")
    assert meter.found == [m.span() for m in re.finditer(pattern, text)]


def test_the_meter_sees_catastrophic_patterns():
    assert ratio(r"<[^>]*>", 0, "finditer", "<", "", 8) > 50  # quadratic
    assert ratio(r"(a+)+b", 0, "search", "a", "", 8) == float("inf")  # exponential
    assert ratio(r"<[^<>]*>", 0, "finditer", "<", "", 8) <= 15


# ----- Python loops over a page, counted in lines -----

def _page(n: int, piece: str) -> str:
    return "---\nowner: esca\n---\n\n# Title\n\n" + piece * n + "\n"


PAGE_WORK = [
    ("acronym lint, a run of capitals joined by '-'", lambda n: list(glossary.lint_acronyms(
        "p.md", _page(n, "SGO-" * 10 + "X "), {"SGO"})), 20),
    ("tooltips: short forms joined by '-'", lambda n: glossary.ShortForms({"SGO": "x", "SGO-A": "y"}).used_in(
        "SGO-" * 10 * n), 20),
    ("tooltips: many short forms in one paragraph", lambda n: glossary.add_tooltips(
        "<p>" + "SGO and " * 10 * n + "</p>", {"SGO": "Special guardianship order"}), 20),
    ("writing rules", lambda n: list(rules.check_page("p.md", _page(n, "## Heading " + " " * 20 + "x\n\n"))), 20),
    ("link scan: unclosed links", lambda n: links.scan_html('<a href="a/">x ' * 10 * n), 20),
    ("tag reader: unclosed quotes", lambda n: list(htmltags.tags('<p title="x">' + "<a title='" * 10 * n)), 20),
    ("page title", lambda n: markdown.page_title("# T" + " " * 10 * n + "x"), 20),
    ("plain titles", lambda n: plaintext.title("<b>x</b>" * 10 * n), 20),
]


@pytest.mark.parametrize("case, work, small", PAGE_WORK, ids=[row[0] for row in PAGE_WORK])
def test_page_checks_grow_no_faster_than_the_page(case, work, small):
    counts = [lines(lambda n=n: work(n)) for n in (small, small * 10, small * 100)]
    assert grows_linearly(counts), counts


# ----- graphs, the YAML reader and the course set, grown 10× and 100× -----

def _chain(n: int) -> dict[str, list[str]]:
    """Course i needs course i+1: the longest path a set of n courses can hold."""
    return {f"c{i}": [f"c{i + 1}"] if i + 1 < n else [] for i in range(n)}


def _ladder(n: int) -> dict[str, list[str]]:
    """Course i needs i+1 and i+2: 2^n paths, for a search that does not remember where it has been."""
    return {f"c{i}": [f"c{j}" for j in (i + 1, i + 2) if j < n] for i in range(n)}


def _circle(n: int) -> dict[str, list[str]]:
    return {f"c{i}": [f"c{(i + 1) % n}"] for i in range(n)}


GRAPH_WORK = [
    ("a circle search on a chain", lambda n: fields.find_cycle("c0", _chain(n))),
    ("a circle search on a ladder", lambda n: fields.find_cycle("c0", _ladder(n))),
    ("a circle search round one big circle", lambda n: fields.find_cycle("c0", _circle(n))),
    ("groups of a chain", lambda n: fields.components(_chain(n))),
    ("groups of a ladder closed into a circle", lambda n: fields.components({**_ladder(n), f"c{n - 1}": ["c0"]})),
    ("circles in a course set", lambda n: list(validate.cycles(_ladder(n) | {f"c{n - 1}": ["c0"]},
                                                               {f"c{i}": ("c.yml", 1) for i in range(n)}))),
]


@pytest.mark.parametrize("case, work", GRAPH_WORK, ids=[row[0] for row in GRAPH_WORK])
def test_graph_checks_grow_no_faster_than_the_graph(case, work):
    counts = [lines(lambda n=n: work(n)) for n in (30, 300, 3000)]
    assert grows_linearly(counts), counts


YAML_WORK = [
    ("many keys", lambda n: "".join(f"k{i}: value {i}\n" for i in range(n))),
    ("a long flow list", lambda n: "k: [" + ", ".join(f"v{i}" for i in range(n)) + "]\n"),
    ("a long block list of mappings", lambda n: "k:\n" + "".join(f"  - {{a: {i}, b: x}}\n" for i in range(n))),
    ("nesting, each level a list", lambda n: "k: " + "[" * min(n, 40) + "]" * min(n, 40) + "\n" + "x: 1\n" * n),
]


@pytest.mark.parametrize("case, text", YAML_WORK, ids=[row[0] for row in YAML_WORK])
def test_reading_yaml_grows_no_faster_than_the_file(case, text):
    """esca.core.safeyaml: every Python line run counted, PyYAML's constructors and
    the line maps included (libyaml's C scanner, linear by design, is not seen)."""
    counts = [lines(lambda n=n: safeyaml.load_text(text(n), "x.yml"), under="") for n in (4, 40, 400)]
    assert counts[-1] > 5 * counts[0] and grows_linearly(counts), counts  # work the meter sees, growing linearly


def test_checking_a_course_set_grows_no_faster_than_the_set(tmp_path):
    """The course builder's inputs in Python: n courses, each needing the next
    two (every prerequisite rule walks the graph), read and checked."""
    root = tmp_path / "root"
    shutil.copytree(ROOT / "curricula/vocabularies", root / "curricula/vocabularies")
    (root / "curricula/programmes").mkdir(parents=True)
    good = (ROOT / "tests/fixtures/curricula-broken/courses/good-course.yml").read_text(encoding="utf-8")
    owners = {"esca": "ESCA"}
    pages = {"role": {"children-in-care"}, "career": {"asye"}, "legislation": {"children-act-1989"}}

    def course_set(n: int) -> Path:
        folder = root / "curricula/courses"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        for i in range(n):
            needs = [f"course-{j}" for j in (i + 1, i + 2) if j < n]
            text = good.replace("id: good-course", f"id: course-{i}") + f"prerequisites: [{', '.join(needs)}]\n"
            (folder / f"course-{i}.yml").write_text(text, encoding="utf-8")
        return root

    def check() -> None:
        cur, findings = loader.load_curricula(root, pages, today=dt.date(2026, 11, 24), owners=owners)
        assert findings == [] and len(cur.courses) == n, findings[:3]  # every rule ran, none stopped early

    counts = []
    for n in (3, 30, 300):
        course_set(n)
        counts.append(lines(check))
    assert grows_linearly(counts), counts


# ----- the active-content pre-check (issue 24, cases 63, 64, 63d) -----
# Its patterns are built in a loop (python_patterns does not see them), so
# each is run here on the attacker's inputs and their class: a prefix that
# starts a match, then a run the pattern could read more than once.

from esca.checks import active_content  # noqa: E402

PRECHECK = [*active_content._SUSPECTS, active_content._ADDRESS]
PRECHECK_INPUTS = [
    ("=", " ", ""),  # case 63: '=' then spaces
    ("=", "\t", "x"),
    ("= '", " ", ""),
    ("=\"", "\x01", ""),
    ("", "on", ""),  # case 64: 'on' repeated
    ("", "on", '<span style="x">'),  # case 63d
    ("", "on ", ""),
    ("", "onx\t", ""),
    ("style", " ", ""),
    ("srcset", "\n", ""),
    ("&", "a", ""),
    ("&#", "0", ""),
    ("=", "a", ""),
    ("=", "a\t", "/"),
    ('<script type="application/ld+json">', "a", ""),
    ("", "<script", ""),
    ("", "=/", ""),
]


@pytest.mark.parametrize("pattern", PRECHECK, ids=[p.pattern[:40] for p in PRECHECK])
@pytest.mark.parametrize("prefix, pump, suffix", PRECHECK_INPUTS, ids=[repr(row) for row in PRECHECK_INPUTS])
def test_the_active_content_precheck_is_linear(pattern, prefix, pump, suffix):
    how = "finditer" if pattern is active_content._ADDRESS else "search"
    try:
        counts = [Steps(pattern, limit=3_000_000).count(prefix + pump * n + suffix, how) for n in (20, 200, 2000)]
    except TooMuchWork as work:
        pytest.fail(f"{pattern.pattern!r} on {prefix!r} + {pump!r}×2000: more than {work} steps")
    assert grows_linearly(counts), (pattern.pattern, counts)


def test_the_active_content_precheck_still_sees_what_it_must():
    for html in ('<img src=x onerror="a()">', "<a title='x'onclick=a()>", "<a/onmouseover = a()>",
                 '<a href = " javascript:a()">', "<a href='\t//evil.example/'>", '<span style="x">',
                 "<svg><a xlink:href=\"data:x\">", "&#106;avascript"):
        assert active_content.suspect(html), html
    for html in ("<p>Questions on consent</p>", '<a href="https://gov.uk/">x</a>', "<p>" + "on" * 500 + "</p>",
                 "<p>=" + " " * 500 + "</p>"):
        assert not active_content.suspect(html), html
