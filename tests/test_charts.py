"""Local data charts (data checks, accessible and escaped rendering, markers in a
build) and the roles index, the other block put in after conversion."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from conftest import GOOD_META, ROOT
from esca.core.safeyaml import load_text
from esca.pages import charts

RATES = """title: Rates
figure: district-rates
measures:
  s47: {label: Section 47 enquiries, definition: x}
  cp: {label: Child protection plans, definition: y}
areas:
  Basildon: {s47: 46.6, cp: 20.9}
"""
BUDGET = "title: Budget\nfigure: budget-by-quadrant\nyears: [a, b]\nrows:\n  Mid: [1.0, -2]\n"
RATES_HEADER = "remove it, or see the header comment of data/district-rates.yml for the names"

CASES = [
    ("valid", RATES, []),
    ("text instead of a number", RATES.replace("46.6", "lots"),
     ["r.yml:7: areas.Basildon.s47: must be a number, 0 or more: 'lots' — write a number, e.g. 40.7"]),
    ("a rate below 0", RATES.replace("46.6", "-1"),
     ["r.yml:7: areas.Basildon.s47: must be a number, 0 or more: -1 — write a number, e.g. 40.7"]),
    ("missing measure", RATES.replace(", cp: 20.9", ""), ["r.yml:7: areas.Basildon.cp: missing — add cp: with its rate"]),
    ("unknown measure", RATES.replace("cp: 20.9", "cp: 20.9, cpp: 1"),
     ["r.yml:7: areas.Basildon.cpp: unknown measure — did you mean 'cp'?"]),
    ("a measure id that is not an id", RATES.replace("cp: 20.9", "cp: 20.9, CP: 1"),
     ["r.yml:7: areas.Basildon.CP: not an id: 'CP' — write ids as lower-case words joined by hyphens"]),
    ("an area's rates not a mapping", RATES.replace("{s47: 46.6, cp: 20.9}", "[46.6, 20.9]"),
     ["r.yml:7: areas.Basildon: must be a mapping — write {measure-id: rate, …}, e.g. {s47: 46.6, cp: 20.9}"]),
    ("an area name with markup", RATES.replace("  Basildon:", "  Basildon <b>:"),
     ["r.yml:7: areas.Basildon <b>: not a name: 'Basildon <b>' — write each name as Area name: {measure-id: rate, …}, "
      "one line per area"]),
    ("a measure without its label", RATES.replace("  s47: {label: Section 47 enquiries, definition: x}",
                                                  "  s47:\n    definition: x"),
     ["r.yml:4: measures.s47.label: required field is missing — add label: (the words shown in charts and tables)"]),
    ("no title", RATES.replace("title: Rates\n", ""),
     ["r.yml:1: title: required field is missing — add title: (the words shown above its table)"]),
    ("an undeclared key", RATES + "source: a briefing\n", [f"r.yml:8: source: unknown field — {RATES_HEADER}"]),
    ("an undeclared key in a measure", RATES.replace("definition: x}", "definition: x, unit: per 10000}"),
     [f"r.yml:4: measures.s47.unit: unknown field — {RATES_HEADER}"]),
]


@pytest.mark.parametrize("case, text, expected", CASES, ids=[c[0] for c in CASES])
def test_rate_checks(case, text, expected):
    assert [str(f) for f in charts.check("r.yml", "district-rates", load_text(text, "r.yml").data)] == expected


@pytest.mark.parametrize("text, expected", [
    (BUDGET, []),
    (BUDGET + "  North: [1.0]\n",
     ["b.yml:6: rows.North: must list 2 numbers, one per year — write [2025/26, 2026/27, …] values in order"]),
    (BUDGET + "  North: [1.0, x]\n", ["b.yml:6: rows.North: must be a number: 'x' — write a number, e.g. 54.6"]),
    (BUDGET + "totals:\n  Total: 1\n",
     ["b.yml:7: totals.Total: must be a list: 1 — write one '- value' line per item, or [a, b]"]),
    (BUDGET.replace("years: [a, b]", "years: [2025, b]"),
     ["b.yml:3: years: must be text: 2025 — write it as text on one line, or use >- for longer text"]),
    (BUDGET + "notes: [a]\n",
     ["b.yml:6: notes: must be text: ['a'] — write it as text on one line, or use >- for longer text"]),
    (BUDGET + "author: x\n",
     ["b.yml:6: author: unknown field — remove it, or see the header comment of data/budget-by-quadrant.yml for the "
      "names"]),
], ids=["valid", "a row short of a year", "text for a number", "a total not a list", "a year as a number",
        "notes not text", "an undeclared key"])
def test_budget_rows_need_one_number_per_year(text, expected):
    data = load_text(text, "b.yml").data
    assert [str(f) for f in charts.check("b.yml", "budget-by-quadrant", data)] == expected


def test_real_data_files_are_valid():
    data, findings = charts.load_datasets(ROOT)  # without the statistics ledger (tests/test_statistics.py has it)
    assert findings == []
    assert set(data) == {"district-rates", "budget-by-quadrant"}
    assert data["district-rates"]["areas"]["Tendring"]["cp"] == 43.9  # as in the member briefing


def test_svg_is_accessible_escaped_and_deterministic():
    svg = charts.bar_chart("Rates <b>", "Desc & more", ["A<script>", "B"], [10.0, -5.0])
    assert svg.startswith('<svg class="esca-chart"') and 'role="img"' in svg
    assert "<title id=\"rates-b-title\">Rates &lt;b&gt;</title>" in svg
    assert "A&lt;script&gt;" in svg and "<script>" not in svg
    assert "(5.0)" in svg  # negative figures in brackets, as in the briefing
    assert svg == charts.bar_chart("Rates <b>", "Desc & more", ["A<script>", "B"], [10.0, -5.0])


def test_table_has_caption_and_header_scopes():
    out = charts.table("Cap", ["Area", "Rate"], [["Harlow", 49.1]])
    assert "<caption>Cap</caption>" in out
    assert '<th scope="col">Area</th>' in out and '<th scope="row">Harlow</th>' in out
    assert '<td class="esca-num">49.1</td>' in out


def test_unknown_marker_renders_nothing():
    data, _ = charts.load_datasets(ROOT)
    assert charts.render("chart", "district-rates", "nope", data) is None
    assert charts.render("chart", "other", None, data) is None


def test_markers_in_a_real_build(tiny_site, expected_warnings):
    """Known markers become a chart and a table (put in after the Markdown is
    converted); an unknown one is reported at its line and leaves nothing.
    Search indexes the chart too, each label and figure a word of its own, so
    a district's name finds the chart of a measure."""
    page = (GOOD_META + "# Local data\n\nRates by area.\n\n<!-- esca:chart district-rates measure=s47 -->\n\n"
            "<!-- esca:table budget-by-quadrant -->\n\n<!-- esca:chart district-rates measure=nope -->\n")
    build = tiny_site({"index.md": page}, hooks=[ROOT / "hooks/charts.py"])
    ours = [line.split("hooks/site_model: ", 1)[1] for line in build.warnings if "hooks/site_model: " in line]
    assert ours == ["docs/index.md:15: esca:chart: unknown chart or measure: '<!-- esca:chart district-rates "
                    "measure=nope -->' — use one of " + ", ".join([*charts.DATASETS, *charts.DERIVED]) + " (and a measure it has)"]
    html = build.page("")
    assert html.count('<svg class="esca-chart"') == 1 and html.count("<caption>") == 1
    assert "esca:chart" not in html and "esca:table" not in html
    index = json.loads((build.site / "search/search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["text"] for doc in index["docs"])
    assert "Children and Families budget by quadrant" in text
    assert re.search(r"Section 47 enquiries per 10,000.* Harlow \d+(\.\d)? ", text)


def test_roles_index_in_the_real_site(site):
    html = site.page("roles")
    teams = sorted(p.stem for p in (ROOT / "docs/roles").glob("*.md") if p.stem not in ("index", "why-essex"))
    assert len(teams) == 19
    assert sorted(re.findall(r'<li data-age="[^"]*" data-work="[^"]*"><a href="([^"/]+)/">', html)) == teams
    assert "data-esca-filter" in html and "esca:roles-index" not in html


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_chart_labels_render_at_12px_or_more(browser, served_site, width):
    """Every text in every chart on the local data page, measured as rendered
    (font size times the SVG's on-screen scale) at a phone and a desktop width."""
    context = browser.new_context(viewport={"width": width, "height": 844})
    tab = context.new_page()
    try:
        tab.goto(served_site + "corporate-parenting/local-data/")
        tab.wait_for_selector("svg.esca-chart text")
        sizes = tab.eval_on_selector_all(
            "svg.esca-chart text",
            "els => els.map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)")
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    finally:
        context.close()
    assert len(sizes) >= 5 * 16  # five charts, each with labels and values
    assert min(sizes) >= 12, f"smallest chart text at {width} px: {min(sizes):.1f} px"
    assert max(sizes) <= 24, f"largest chart text at {width} px: {max(sizes):.1f} px"
    assert overflow <= 0, "the page scrolls sideways"


def test_unitary_councils_are_set_apart_in_chart_and_table(site):
    html = site.page("corporate-parenting/local-data")
    svg = html[html.index('<svg class="esca-chart"'):]
    svg = svg[:svg.index("</svg>")]
    labels = re.findall(r'text-anchor="end"[^>]*>([^<]+)<', svg)
    assert labels[-2:] == ["Southend", "Thurrock"] and len(labels) == 14
    assert svg.index("Separate unitary councils") < svg.index(">Southend<")
    assert svg.count(f'fill="{charts.OTHER}"') == 2
    table = html[html.index("<caption>Rates per 10,000 by district (period: not stated)"):]
    group = table.index('<tbody class="esca-table__apart"><tr><th scope="colgroup" colspan="6">Separate unitary councils')
    assert table.index(">Uttlesford<") < group < table.index(">Southend<") < table.index(">Thurrock<")


def test_comparators_carry_area_period_and_official_source(site):
    html = site.page("corporate-parenting/local-data")
    row = re.search(r"<tr><th scope=\"row\">Children in care plans</th>\s*<td>England</td>"
                    r"\s*<td class=\"esca-num\">81,770</td>\s*<td class=\"esca-num\">67</td>"
                    r"\s*<td>Children looked after on one day, 31 March 2025</td>"
                    r"\s*<td><a href=\"https://explore-education-statistics\.service\.gov\.uk/[^\"]+\">", html)
    assert row
    table = html[html.index("<caption>Official figures for England to compare with"):]
    table = table[:table.index("</table>")]
    measures = re.findall(r'<tr><th scope="row">([^<]+)</th>\s*<td>England</td>', table)
    assert measures == ["Section 47 enquiries", "Child protection plans", "Children in care plans"]
    assert table.count("explore-education-statistics.service.gov.uk/") == 3
    assert table.count("See the source") == 2  # rates not read from the release are not shown, nor worked out


COMPARATOR_CASES = [
    ("valid", "", []),
    ("unitary not an area", "unitary: [Southend]\n",
     ["r.yml:8: unitary: not one of the areas: 'Southend' — use one of the areas: Basildon"]),
    ("comparator for unknown measure", "comparators:\n  cic: []\n",
     ["r.yml:9: comparators.cic: needs at least 1 item — add more",
      "r.yml:9: comparators.cic: unknown measure — use one of the measures: cp, s47"]),
    ("comparator with a bad rate", "comparators:\n  cp:\n    - {area: England, rate: x, label: a, figure: f}\n",
     ["r.yml:10: comparators.cp[1].rate: must be a number, 0 or more: 'x' — write a number, e.g. 67"]),
    ("comparator missing its figure", "comparators:\n  cp:\n    - {area: England, rate: 1, label: a}\n",
     ["r.yml:10: comparators.cp[1].figure: required field is missing — add figure: (the id of its entry in "
      "data/statistics.yml)"]),
    ("comparator with neither number nor rate", "comparators:\n  cp:\n    - {area: England, label: a, figure: f}\n",
     ["r.yml:10: comparators.cp[1]: has neither a number nor a rate — add number: or rate: as the release gives it"]),
    ("comparator with a field the ledger now holds",
     "comparators:\n  cp:\n    - {area: England, rate: 1, label: a, figure: f, period: 2025}\n",
     [f"r.yml:10: comparators.cp[1].period: unknown field — {RATES_HEADER}"]),
]


@pytest.mark.parametrize("case, extra, expected", COMPARATOR_CASES, ids=[c[0] for c in COMPARATOR_CASES])
def test_unitary_and_comparator_checks(case, extra, expected):
    data = load_text(RATES + extra, "r.yml").data
    assert [str(f) for f in charts.check("r.yml", "district-rates", data)] == expected


def test_a_comparator_names_a_figure_of_the_ledger():
    from esca.pages import statistics

    ledger = statistics.build(load_text("""releases:
  r: {title: T, publisher: P, next_release: unknown, checked: 2026-12-01}
figures:
  england-cp: {label: L, release: r, period: 31 March 2025, shown_on: [a.md]}
  district-rates: {label: L, release: r, period: not stated, shown_on: [a.md]}
""", "s.yml").data)
    data = load_text(RATES + "comparators:\n  cp:\n    - {area: England, rate: 1, label: a, figure: england-pc}\n", "r.yml").data
    assert [str(f) for f in charts.check("r.yml", "district-rates", data, ledger)] == [
        "r.yml:10: comparators.cp[1].figure: not a figure in data/statistics.yml: 'england-pc' — did you mean "
        "'england-cp'?"]
    data = load_text(RATES + "comparators:\n  cp:\n    - {area: England, rate: 1, label: a, figure: england-cp}\n", "r.yml").data
    assert [str(f) for f in charts.check("r.yml", "district-rates", data, ledger)] == [
        "r.yml:10: comparators.cp[1].figure: its entry in data/statistics.yml has no period_end: 'england-cp' — "
        "add period_end: YYYY-MM-DD to it"]


@pytest.mark.parametrize("text, expected", [
    (BUDGET, []),
    (BUDGET.replace("figure: budget-by-quadrant\n", ""),
     ["r.yml:1: figure: required field is missing — add figure: (the id of its entry in data/statistics.yml)"]),
    (BUDGET.replace("budget-by-quadrant", "budget-by-quadrnt"),
     ["r.yml:2: figure: not a figure in data/statistics.yml: 'budget-by-quadrnt' — did you mean 'budget-by-quadrant'?"]),
    (BUDGET.replace("budget-by-quadrant", "Budget"),
     ["r.yml:2: figure: must be lower-case words joined by hyphens: 'Budget' — write it like district-rates"]),
], ids=["known", "missing", "misspelt", "not an id"])
def test_a_data_file_names_its_figure_in_the_ledger(text, expected):
    from esca.pages import statistics

    ledger, findings = statistics.load(ROOT, today=dt.date(2026, 12, 7))
    assert findings == []
    assert [str(f) for f in charts.check("r.yml", "budget-by-quadrant", load_text(text, "r.yml").data, ledger)] == expected
