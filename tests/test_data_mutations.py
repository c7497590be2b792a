"""Generated wrong values in every data file (issue 24, point 7).

Hypothesis takes a data file the build reads, a place in it (any key or item,
at any depth) and a value of the wrong kind (a list for text, a mapping for a
number, markup, control characters, a huge value…), writes the file, and has
the site model read the small site: every problem is a finding in the one
shape, never a traceback.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import shutil

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, small_site_ledger
from esca import site
from esca.core import fields
from esca.core.safeyaml import load_text
from esca.pages import charts
from esca.search import vocab as searchvocab

TODAY = dt.date(2026, 12, 7)
# Every data file the build reads, but the search evaluation sets (read by
# the benchmarks, never the build).
FILES = sorted(p.name for p in (ROOT / "data").glob("*.yml")
               if not p.name.startswith("search-eval") and p.name != "search-judgements.yml")
WRONG = [None, [], {}, "x", 5, True, [1], {"a": 1}, "<zq>", "a\x1bb", "x" * 5000, 1e308, "2026-02-30", "index",
         "../../etc/passwd", "javascript:alert(1)", "0909 879 0000", -1]
LINE = re.compile(r"^[\w./ -]+:\d+: .+$")
DELETE = object()  # the key or item taken out of the file (a chart without its title…)
GLOSSARY = ("- term: SGO\n  expansion: Special guardianship order\n  definition: An order.\n  page: index.md\n"
            "  aliases: {SG: Special guardianship}\n  synonyms: [guardianship]\n")


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    root = tmp_path_factory.mktemp("mutations") / "repo"
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "curricula/vocabularies", root / "curricula/vocabularies")
    (root / "data/glossary.yml").write_text(GLOSSARY, encoding="utf-8")
    small_site_ledger(root / "data")
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("---\nowner: esca\nlast_reviewed: 2026-11-01\nreview_due: 2027-05-01\n---\n\n"
                                        "# Home\n\n<!-- esca:chart district-rates measure=cic -->\n", encoding="utf-8")
    assert site.load(root, today=TODAY).findings == []
    return root


def places(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from places(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node[:3]):
            yield from places(value, prefix + (index,))


def put(node, place, value):
    if not place:
        return value
    if value is DELETE and len(place) == 1:
        del node[place[0]]
        return node
    node[place[0]] = put(node[place[0]], place[1:], value)
    return node


def as_in_base(name: str):
    """The file as the small site holds it (its own glossary, its ledger's pages)."""
    if name == "glossary.yml":
        return yaml.safe_load(GLOSSARY)
    text = (ROOT / "data" / name).read_text(encoding="utf-8")
    if name == "statistics.yml":
        text = re.sub(r"shown_on: \[[^\]]*\]", "shown_on: [index.md]", text)
    return yaml.safe_load(text)


@st.composite
def mutation(draw):
    name = draw(st.sampled_from(FILES))
    place = draw(st.sampled_from(list(places(as_in_base(name)))))
    return name, place, draw(st.sampled_from([*WRONG, DELETE] if place else WRONG))


def test_every_data_file_can_be_mutated():
    assert {"contacts.yml", "glossary.yml", "allowed-hosts.yml", "owners.yml", "readers.yml", "reviewed-assets.yml",
            "district-rates.yml", "budget-by-quadrant.yml", "acronyms-allowed.yml", "search-vocabulary.yml",
            "statistics.yml", "cpd-record.yml"} <= set(FILES)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutation())
def test_a_wrong_value_anywhere_in_a_data_file_is_a_finding_not_a_traceback(base, tmp_path_factory, change):
    name, place, value = change
    file = base / "data" / name
    original = file.read_text(encoding="utf-8")
    data = yaml.safe_load(original)
    try:
        file.write_text(yaml.safe_dump(put(copy.deepcopy(data), list(place), value), allow_unicode=True),
                        encoding="utf-8")
        try:
            lines = [str(f) for f in site.load(base, today=TODAY).findings]
        except site.SiteError as error:  # a broken controlled list stops the build: one line per problem
            lines = str(error).splitlines()
        assert all(LINE.fullmatch(line) for line in lines), lines
    finally:
        file.write_text(original, encoding="utf-8")


CHART_KEYS = [("district-rates.yml", key) for key in ("title", "figure", "measures", "areas")] + \
    [("budget-by-quadrant.yml", key) for key in ("title", "figure", "years", "rows")]


@pytest.mark.parametrize("name, key", [*CHART_KEYS, ("district-rates.yml", "extra"), ("budget-by-quadrant.yml", "extra")],
                         ids=lambda value: str(value))
def test_a_chart_file_without_one_of_its_keys_is_a_finding(base, name, key):
    file = base / "data" / name
    original = file.read_text(encoding="utf-8")
    data = yaml.safe_load(original)
    if key == "extra":  # an undeclared key is a finding too
        data[key] = "x"
    else:
        del data[key]
    try:
        file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        try:
            lines = [str(f) for f in site.load(base, today=TODAY).findings]
        except site.SiteError as error:
            lines = str(error).splitlines()
    finally:
        file.write_text(original, encoding="utf-8")
    assert lines and all(LINE.fullmatch(line) for line in lines), lines
    assert any(f": {key}: " in line or f": {key}." in line for line in lines), lines


def mappings(node, prefix=()):
    """The place of every mapping in a file, at any depth."""
    if isinstance(node, dict):
        yield prefix
        for key, value in node.items():
            yield from mappings(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from mappings(value, prefix + (index,))


DECLARED = {"district-rates.yml": lambda rel, data: charts.check(rel, "district-rates", data),
            "budget-by-quadrant.yml": lambda rel, data: charts.check(rel, "budget-by-quadrant", data),
            "search-vocabulary.yml": searchvocab.check}
UNDECLARED = [(name, place) for name in DECLARED
              for place in mappings(yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8")))]


@pytest.mark.parametrize("name, place", UNDECLARED, ids=lambda value: str(value))
def test_an_undeclared_key_anywhere_in_a_declared_file_is_a_finding_at_its_line(name, place):
    """The chart files and the search vocabulary are declared in the field
    library: a key no declaration names, in any mapping of the file, is a
    finding at that key's line (a misnamed field, or an id its table refuses)."""
    data = yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))
    target = data
    for step in place:
        target = target[step]
    target["zzextra"] = "x"
    rel = f"data/{name}"
    loaded = load_text(yaml.safe_dump(data, allow_unicode=True), rel)
    assert loaded.findings == []
    holder = loaded.data
    for step in place:
        holder = holder[step]
    lines = [str(f) for f in DECLARED[name](rel, loaded.data)]
    where = ".".join(str(step) for step in place if not isinstance(step, int))
    assert lines and all(LINE.fullmatch(line) for line in lines), lines
    assert any(line.startswith(f"{rel}:{holder.line_of('zzextra')}: ") and "zzextra" in line.split(": ")[1]
               and line.split(": ")[1].replace("[1]", "").startswith(where) for line in lines), lines



FILE = fields.Field("file", "map", fields=(
    fields.Field("header", "map", fields=(fields.Field("title", "text"), fields.Field("owner", "text"))),
    fields.Field("assets", "table", rule="path: sha256", keys="path", max_items=500, item=fields.Field("sha", "text")),
))


@pytest.mark.parametrize("body, line, key", [
    # 100,000 unknown keys in a mapping: one finding at its line, not one per key (fourth blind attack, B34)
    ("header:\n" + "".join(f"  k{i}: x\n" for i in range(100_000)), 2, "too-many-fields"),
    ("".join(f"k{i}: x\n" for i in range(100_000)), 1, "too-many-fields"),
    # a table past its max_items, every entry broken: one finding, the entries not checked one by one
    ("assets:\n" + "".join(f"  'Bad Path {i}': [nope]\n" for i in range(50_000)), 1, "too-many"),
])
def test_far_more_entries_than_declared_is_one_finding(body, line, key):
    found = list(fields.check("f.yml", load_text(body, "f.yml").data, FILE, fields.Context({}, dt.date(2026, 1, 1))))
    assert [(f.line, f.key) for f in found] == [(line, key)]
