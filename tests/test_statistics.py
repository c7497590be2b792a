"""The statistics ledger (data/statistics.yml): its fields checked from their
one declaration, each figure's state against the build's day, the sources
under charts and tables, and the owners' review page that lists overdue and
unknown next releases without failing the build."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from conftest import GOOD_META, ROOT
from esca.core.safeyaml import load_text
from esca.pages import charts, statistics

D = dt.date
TODAY = D(2026, 12, 7)
LEDGER = """releases:
  r:
    title: Children in need
    publisher: Department for Education
    url: https://explore-education-statistics.service.gov.uk/find-statistics/children-in-need/2025
    next_release: 2026-10
    checked: 2026-12-01
figures:
  f:
    label: Child protection plans
    release: r
    period: 31 March 2025
    period_end: 2025-03-31
    shown_on: [a.md]
"""


def _check(text: str, pages=("a.md",)) -> list[str]:
    loaded = load_text(text, "s.yml")
    assert loaded.findings == []
    return [str(f) for f in statistics.check("s.yml", loaded.data, today=TODAY, pages=set(pages))]


CASES = [
    ("valid", LEDGER, []),
    ("unknown next release is allowed", LEDGER.replace("next_release: 2026-10", "next_release: unknown"), []),
    ("a day is allowed", LEDGER.replace("next_release: 2026-10", "next_release: 2026-10-29"), []),
    ("a guess in words is not", LEDGER.replace("next_release: 2026-10", "next_release: autumn 2026"),
     ["s.yml:6: releases.r.next_release: not YYYY-MM-DD, YYYY-MM or unknown: 'autumn 2026' — write the date the "
      "publisher gives, or unknown (never a guess)"]),
    ("missing next release", LEDGER.replace("    next_release: 2026-10\n", ""),
     ["s.yml:2: releases.r.next_release: required field is missing — add next_release: (when the next release is due, as the publisher "
      "states it: YYYY-MM-DD, YYYY-MM, or unknown when it cannot be verified (never a guess))"]),
    ("checked in the future", LEDGER.replace("checked: 2026-12-01", "checked: 2026-12-08"),
     ["s.yml:7: releases.r.checked: is in the future: '2026-12-08' — use the date it was actually reviewed"]),
    ("not an official address", LEDGER.replace("https://explore-education-statistics.service.gov.uk", "http://example.org"),
     ["s.yml:5: releases.r.url: must be an https link to gov.uk or a host under it: 'http://example.org/find-statistics/"
      "children-in-need/2025' — link the official page, e.g. https://explore-education-statistics.service.gov.uk/"
      "find-statistics/children-in-need/2025"]),
    ("figure names a missing release", LEDGER.replace("release: r", "release: rr"),
     ["s.yml:11: figures.f.release: no such release in this file: 'rr' — did you mean 'r'?"]),
    ("figure shown on a missing page", LEDGER, ["s.yml:14: figures.f.shown_on: no such page under docs/: 'a.md' — "
                                                "there are no pages under docs/ yet"]),
    ("misspelt field", LEDGER.replace("period_end:", "period_ends:"),
     ["s.yml:13: figures.f.period_ends: unknown field — did you mean 'period_end'?"]),
    ("no figures", LEDGER[:LEDGER.index("figures:")],
     ["s.yml:1: figures: required field is missing — add figures: (one 'id:' entry per figure)"]),
]


@pytest.mark.parametrize("case, text, expected", CASES, ids=[c[0] for c in CASES])
def test_ledger_checks(case, text, expected):
    pages = () if case == "figure shown on a missing page" else ("a.md",)
    assert _check(text, pages) == expected


def test_every_field_kind_declared_is_one_the_checks_know():
    """A field added to the declaration with a new kind must get a check."""
    from esca.core import fields

    kinds = {spec.kind for spec in fields.walk(statistics.LEDGER)}
    assert kinds <= set(fields.KINDS), kinds - set(fields.KINDS)


@pytest.mark.parametrize("next_release, today, state", [
    ("2026-10", D(2026, 10, 31), "current"),   # a month is due at its end
    ("2026-10", D(2026, 11, 1), "overdue"),
    ("2026-11-24", D(2026, 11, 24), "current"),
    ("2026-11-24", D(2026, 11, 25), "overdue"),
    ("unknown", D(2030, 1, 1), "unknown"),     # never overdue, always listed for owners
])
def test_a_figure_is_overdue_once_its_next_release_date_has_passed(next_release, today, state):
    data = load_text(LEDGER.replace("next_release: 2026-10", f"next_release: {next_release}"), "s.yml").data
    assert statistics.build(data).state("f", today) == state


def test_the_real_ledger_is_valid_and_every_comparator_shares_its_year():
    pages = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    ledger, findings = statistics.load(ROOT, today=TODAY, pages=pages)
    assert findings == []
    data, findings = charts.load_datasets(ROOT, ledger)
    assert findings == []
    rates = data["district-rates"]
    ends = {ledger.figures[row["figure"]].period_end for rows in rates["comparators"].values() for row in rows}
    assert ends == {D(2025, 3, 31)}  # CP13, CP14: the same year for every measure, the latest that could be checked
    cla = rates["comparators"]["cic"][0]
    assert (cla["number"], cla["rate"]) == (81770, 67)
    # Every release's next release date is a date or "unknown", never a guess in words.
    assert all(r.next_release_text == "unknown" or re.fullmatch(r"\d{4}-\d\d(-\d\d)?", r.next_release_text)
               for r in ledger.releases.values())


def test_comparators_for_different_years_are_a_finding():
    ledger = statistics.build(load_text(LEDGER + """  g:
    label: Children looked after
    release: r
    period: 31 March 2024
    period_end: 2024-03-31
    shown_on: [a.md]
""", "s.yml").data)
    rates = load_text("""measures:
  s47: {label: Section 47 enquiries}
  cp: {label: Child protection plans}
areas:
  Basildon: {s47: 46.6, cp: 20.9}
comparators:
  s47:
    - {area: England, number: 1, label: a, figure: f}
  cp:
    - {area: England, rate: 2, label: b, figure: g}
""", "r.yml").data
    assert [str(f) for f in charts.check_rates("r.yml", rates, ledger)] == [
        "r.yml:10: comparators.cp[1].figure: for a different period from s47's: '2024-03-31' — compare figures for the same "
        "year: use the same release year for every measure"]


def test_review_section_lists_overdue_unknown_and_current_figures():
    text = LEDGER.replace("figures:", """  u:
    title: A briefing
    publisher: A council
    next_release: unknown
    checked: 2026-12-01
figures:""") + """  g:
    label: Rates by district
    release: u
    period: not stated
    shown_on: [a.md]
"""
    ledger = statistics.build(load_text(text, "s.yml").data)
    section = statistics.review_section(ledger, TODAY, "owners/content-review.md")
    overdue = section[section.index("### Overdue"):section.index("### Next release not known")]
    unknown = section[section.index("### Next release not known"):section.index("### Up to date")]
    assert "| Child protection plans (`f`) | Children in need | 31 March 2025 | October 2026 | [a.md](../a.md) |" in overdue
    assert "| Rates by district (`g`) | A briefing | not stated | not known | [a.md](../a.md) |" in unknown
    assert section.rstrip().endswith("### Up to date\n\nNone.")


def test_source_line_and_figures_table_are_escaped():
    ledger = statistics.build(load_text(LEDGER.replace("label: Child protection plans", "label: Plans <b>"), "s.yml").data)
    line = statistics.source_line(ledger, "f")
    assert line == ('<p class="esca-source">Source: <a href="https://explore-education-statistics.service.gov.uk/'
                    'find-statistics/children-in-need/2025">Children in need</a> (Department for Education). '
                    "Period: 31 March 2025.</p>")
    table = statistics.figures_table(ledger, "a.md")
    assert "Plans &lt;b&gt;" in table and "<b>" not in table and "<caption>" in table
    assert statistics.figures_table(ledger, "other.md") == ""


def test_an_overdue_figure_is_a_notice_for_owners_not_a_failure(tiny_site):
    """In a real build the review page lists the overdue figure and the log
    says so at INFO; the strict build still passes."""
    ledger = (ROOT / "data/statistics.yml").read_text(encoding="utf-8")
    ledger = re.sub(r"shown_on: \[[^\]]*\]", "shown_on: [index.md]", ledger)
    ledger = re.sub(r"checked: \d{4}-\d\d-\d\d", "checked: 2026-01-01", ledger)
    ledger = re.sub(r"(dfe-children-in-need-2025:\n(?:    .*\n)*?)    next_release: unknown",
                    r"\1    next_release: 2026-10", ledger)
    assert ledger.count("next_release: 2026-10") == 1
    build = tiny_site({"index.md": GOOD_META + "# Home\n", "data/statistics.yml": ledger},
                      env={"ESCA_TODAY": "2026-12-07"})
    assert build.returncode == 0, build.output
    assert "2 figures with the next release date passed; see owners/content-review.md" in build.output
    review = build.page("owners/content-review")
    figures = review[review.index('id="figures-from-statistical-releases"'):]
    overdue = figures[:figures.index("Next release not known")]
    assert "Section 47 enquiries in England in the year" in overdue and "October 2026" in overdue
    assert "Child protection plans in England on 31 March" in overdue
    assert "Children looked after in England on 31 March" not in overdue


def test_the_local_data_page_takes_sources_from_the_ledger(site):
    html = site.page("corporate-parenting/local-data")
    assert html.count('<p class="esca-source">') == 7  # four charts and a table of rates, a chart and a table of budget
    assert "Period: not stated." in html
    table = html[html.index("<caption>Official figures for England to compare with"):]
    table = table[:table.index("</table>")]
    assert re.search(r'<th scope="row">Children in care plans</th>\s*<td>England</td>\s*<td class="esca-num">81,770</td>'
                     r'\s*<td class="esca-num">67</td>\s*<td>Children looked after on one day, 31 March 2025</td>', table)
    assert table.count("31 March 2025") == 3 and "2024" not in table and "2020" not in table
    figures = html[html.index("<caption>Where the figures on this page come from"):]
    assert "Rates per 10,000 by district" in figures[:figures.index("</table>")]
    # CP11: the page says, in plain words, that the rates' population is not stated.
    assert "does not name the\npopulation" in html or "does not name the population" in html


def test_in_numbers_says_where_its_figures_come_from(site):
    html = site.page("about/in-numbers")
    table = html[html.index("<caption>Where the figures on this page come from"):]
    table = table[:table.index("</table>")]
    rows = [re.sub(r"<[^>]+>", "", row) for row in re.findall(r'<th scope="row">(.*?)</th>', table)]
    assert rows == [
        "Forecast overspend, savings and budget growth",
        "Population, children and young people, pupils with an EHCP, ethnic diversity",
        "School admissions and education awards applications"]
    assert "esca:figures" not in html
