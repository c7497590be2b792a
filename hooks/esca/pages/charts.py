"""Local data as accessible charts: an SVG bar chart with a table beside it.

Reads data/district-rates.yml and data/budget-by-quadrant.yml with the
project's one YAML reader and checks them: each file is declared in the
field library (DISTRICT_RATES and BUDGET, esca.core.fields), so its shape,
types, limits and unknown keys are reported in the library's words; only the
rules across fields are written here (:func:`check_rates`,
:func:`check_budget`). It renders deterministic inline SVG
(role="img" with a title and description) plus an HTML table with a caption.
Each data file, and each comparator, names its figure in the statistics
ledger (esca.pages.statistics), which gives the source and period shown under
every chart and table. All text is escaped. No MkDocs imports.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Iterator

from esca.core import fields
from esca.core.fields import Field
from esca.core.findings import Finding, fix_or_choices
from esca.core.safeyaml import LineList, LineMap, load_file
from esca.pages.statistics import LEDGER_FILE, Ledger, source_line

DATASETS = {"district-rates": "data/district-rates.yml", "budget-by-quadrant": "data/budget-by-quadrant.yml"}
# Tables built from a dataset under another name.
DERIVED = {"district-comparators": "district-rates"}
MARKER = re.compile(r"^<!--\s*esca:(chart|table)\s+([\w-]+)(?:\s+measure=([\w-]+))?\s*-->[ \t]*$", re.MULTILINE)
MAX_ROWS = 60  # areas or rows in one chart or table (documented in CONTRIBUTING.md, "Limits")
BAR = "#3b1f5e"      # ESCA purple: 12.9:1 on white
INK = "#0b0c0c"
OTHER = "#505a5f"    # GOV.UK dark grey, 7:1 on white: areas outside Essex County Council
UNITARY_HEADING = "Separate unitary councils"
# Each file, declared in the field library (esca.core.fields): a value of the
# wrong type, a missing or undeclared key, or a table over its limit is a
# finding in the library's words. The rules across fields are check_rates's
# and check_budget's.
def _text(name: str, rule: str, example: str, *, required: bool = True, max_length: int = 200) -> Field:
    return Field(name, "text", required, rule, example, label=name, max_length=max_length, one_line=True, plain=True)


def _header(name: str) -> str:
    return f"the header comment of {DATASETS[name]}"


TITLE = _text("title", "the words shown above its table", "Rates per 10,000 by district")
FIGURE = Field("figure", "slug", True, f"the id of its entry in {LEDGER_FILE}", "district-rates", label="figure")
RATE = Field("rate", "number", True, "a rate per 10,000, a number of 0 or more", 40.7, label="rate", minimum=0)
COMPARATOR = Field("comparator", "map", rule=_header("district-rates"), label="comparator", item_shape=(
    "area:, label:, figure: and a number:, a rate: or both, indented under '- '"), fields=(
    _text("area", "the area the figure is for", "England", max_length=80),
    _text("label", "what the figure counts", "Children looked after on one day"),
    Field("figure", "slug", True, f"the id of its entry in {LEDGER_FILE}", "england-cla", label="figure"),
    Field("number", "number", False, "the number the release gives, 0 or more", 81770, label="number", minimum=0),
    Field("rate", "number", False, "the rate per 10,000 children the release gives, 0 or more", 67, label="rate",
          minimum=0),
))
DISTRICT_RATES = Field("district-rates", "map", rule=_header("district-rates"), label="district rates", fields=(
    TITLE,
    FIGURE,
    Field("measures", "table", True, "measure-id: {label: …, definition: …}, one per measure", label="measures",
          min_items=1, max_items=12, item_shape="label: and definition:, indented under the measure's id",
          item=Field("measure", "map", rule=_header("district-rates"), label="measure",
                     item_shape="label: and definition:, indented under the measure's id", fields=(
              _text("label", "the words shown in charts and tables", "Section 47 enquiries", max_length=80),
              _text("definition", "what the measure counts, in a sentence", "Enquiries the council makes.",
                    required=False, max_length=400),
          ))),
    Field("areas", "table", True, "Area name: {measure-id: rate, …}, one line per area", label="areas", keys="name",
          min_items=1, max_items=MAX_ROWS, item_shape="one 'Area name: {measure-id: rate, …}' line per area",
          item=Field("area", "table", True, "{measure-id: rate, …}", label="area",
                     item_shape="{measure-id: rate, …}, e.g. {s47: 46.6, cp: 20.9}", item=RATE)),
    Field("unitary", "list", False, "the areas that are separate unitary councils", ["Southend", "Thurrock"],
          label="unitary", max_items=MAX_ROWS,
          item=Field("unitary", "text", label="unitary", max_length=100, one_line=True, plain=True)),
    Field("comparators", "table", False, "measure-id: a list of official figures to compare with",
          label="comparators", max_items=12, item_shape="measure-id: then a '- area: …' item per figure",
          item=Field("comparators", "list", True, "one '- area: …' item per figure", label="comparators",
                     min_items=1, max_items=5, item=COMPARATOR)),
))
BUDGET_LINE = Field("line", "list", True, "one number per year, £ million", [54.6, 60.0], label="line",
                    item=Field("amount", "number", label="amount", example=54.6, signed=True))
BUDGET = Field("budget-by-quadrant", "map", rule=_header("budget-by-quadrant"), label="budget", fields=(
    TITLE,
    FIGURE,
    Field("years", "list", True, "the years, as text: [2025/26, 2026/27]", ["2025/26", "2026/27"], label="years",
          min_items=1, max_items=10,
          item=Field("year", "text", label="year", max_length=20, one_line=True, plain=True)),
    _text("notes", "a line on what the figures are", "2025/26 is the budget.", required=False, max_length=400),
    Field("rows", "table", True, "Name of the line: [a number per year], one per line", label="rows", keys="name",
          min_items=1, max_items=MAX_ROWS, item_shape="one 'Name: [numbers]' line per budget line",
          item=BUDGET_LINE),
    Field("totals", "table", False, "Name of the total: [a number per year], one per line", label="totals",
          keys="name", max_items=MAX_ROWS, item_shape="one 'Name: [numbers]' line per total", item=BUDGET_LINE),
))
DECLARATIONS = {"district-rates": DISTRICT_RATES, "budget-by-quadrant": BUDGET}


def load_datasets(root: Path, ledger: Ledger | None = None) -> tuple[dict[str, LineMap], list[Finding]]:
    """The checked data files by name. With the statistics ledger, each
    file's ``figure`` and each comparator's are checked against it (a broken
    ledger is reported by esca.pages.statistics; the data files are then checked
    without it)."""
    data, findings = {}, []
    for name, rel in DATASETS.items():
        loaded = load_file(root / rel, root)
        findings += loaded.findings
        if loaded.findings:
            continue
        problems = list(check(rel, name, loaded.data, ledger))
        findings += problems
        if not problems:
            data[name] = loaded.data
    return data, findings


def check(rel: str, name: str, data, ledger: Ledger | None = None) -> Iterator[Finding]:
    """Every rule for the data file ``name``: first its declaration
    (DECLARATIONS) through the field library, then the rules across fields
    (:func:`check_rates` or :func:`check_budget`)."""
    ctx = fields.Context(choices={}, today=dt.date.min)
    yield from fields.check(rel, data, DECLARATIONS[name], ctx, what=name)
    if isinstance(data, LineMap):
        yield from (check_rates if name == "district-rates" else check_budget)(rel, data, ledger)


def _good(key, pattern: str = "slug") -> bool:
    """The declaration has accepted ``key`` as an id (or name): the rules
    across fields look at it; any other key is already a finding."""
    return isinstance(key, str) and re.fullmatch(fields.PATTERNS[pattern], key) is not None


def check_figure(rel: str, data: LineMap, ledger: Ledger | None) -> Iterator[Finding]:
    """The file's ``figure`` is an entry of the statistics ledger, which gives
    its source and period."""
    figure = data.get("figure")
    if ledger is not None and _good(figure) and figure not in ledger.figures:
        yield Finding(rel, data.line_of("figure"), "figure", f"not a figure in {LEDGER_FILE}",
                      fix_or_choices(figure, ledger.figures, "figures"), figure)


def check_rates(rel: str, data: LineMap, ledger: Ledger | None = None) -> Iterator[Finding]:
    """The rules across fields of data/district-rates.yml, each skipped where
    the declaration has already said a value is wrong:

    - every area has a rate for every measure, and for nothing else;
    - each of ``unitary`` (the separate unitary councils) is one of the areas;
    - each of ``comparators`` is for a measure, and gives a number, a rate or
      both; its ``figure`` is in the statistics ledger with a ``period_end``,
      and all comparators are for the same period;
    - the file's ``figure`` is in the ledger."""
    measures = data.get("measures")
    measures = list(measures) if isinstance(measures, LineMap) else None
    areas = data.get("areas")
    areas = areas if isinstance(areas, LineMap) else None
    for area, row in areas.items() if areas is not None and measures is not None else ():
        if not _good(area, "name") or not isinstance(row, LineMap):
            continue
        line = areas.line_of(area)
        for key in row:
            if _good(key) and key not in measures:
                yield Finding(rel, row.line_of(key), f"areas.{area}.{key}", "unknown measure",
                              fix_or_choices(key, measures, "measures"))
        for key in measures:
            if key not in row:
                yield Finding(rel, line, f"areas.{area}.{key}", "missing", f"add {key}: with its rate")
    unitary = data.get("unitary")
    if isinstance(unitary, LineList) and areas is not None:
        for index, area in enumerate(unitary):
            if isinstance(area, str) and area not in areas:
                yield Finding(rel, unitary.line_of(index), "unitary", "not one of the areas",
                              fix_or_choices(area, areas, "areas"), area)
    comparators = data.get("comparators")
    periods: dict = {}
    for measure, rows in comparators.items() if isinstance(comparators, LineMap) else ():
        if not _good(measure):
            continue
        if measures is not None and measure not in measures:
            yield Finding(rel, comparators.line_of(measure), f"comparators.{measure}", "unknown measure",
                          fix_or_choices(measure, measures, "measures"))
            continue
        for index, row in enumerate(rows if isinstance(rows, LineList) else ()):
            if not isinstance(row, LineMap):
                continue
            where, line = f"comparators.{measure}[{index + 1}]", rows.line_of(index)
            if not any(key in row for key in ("number", "rate")):
                yield Finding(rel, line, where, "has neither a number nor a rate",
                              "add number: or rate: as the release gives it")
            figure = row.get("figure")
            if ledger is None or not _good(figure):
                continue
            if figure not in ledger.figures:
                yield Finding(rel, row.line_of("figure"), f"{where}.figure", f"not a figure in {LEDGER_FILE}",
                              fix_or_choices(figure, ledger.figures, "figures"), figure)
                continue
            end = ledger.figures[figure].period_end
            if end is None:
                yield Finding(rel, row.line_of("figure"), f"{where}.figure",
                              f"its entry in {LEDGER_FILE} has no period_end", "add period_end: YYYY-MM-DD to it",
                              figure)
            else:
                periods.setdefault(end, (measure, row.line_of("figure"), f"{where}.figure"))
    if len(periods) > 1:  # each period after the first comparator's is a finding
        (_, (first, _, _)), *others = periods.items()
        for end, (measure, line, where) in others:
            yield Finding(rel, line, where, f"for a different period from {first}'s",
                          "compare figures for the same year: use the same release year for every measure",
                          end.isoformat())
    yield from check_figure(rel, data, ledger)


def comparators_table(rates, ledger: Ledger | None = None) -> str:
    """Official figures to compare the district rates with: the number and
    the rate per 10,000 children where the release gives them, with what each
    counts, its period and its source from the statistics ledger."""
    measures = rates["measures"]
    out = ['<div class="esca-table"><table>',
           "<caption>Official figures for England to compare with</caption>",
           '<thead><tr><th scope="col">Measure</th><th scope="col">Area</th><th scope="col">Number</th>'
           '<th scope="col">Rate per 10,000 children</th>'
           '<th scope="col">What it counts, and when</th><th scope="col">Source</th></tr></thead><tbody>']
    for measure, rows in (rates.get("comparators") or {}).items():
        for row in rows:
            figure = ledger.figures.get(row["figure"]) if ledger else None
            release = ledger.releases[figure.release] if figure else None
            period = f", {html.escape(figure.period)}" if figure else ""
            url = (figure.url or release.url) if figure else ""
            name = html.escape(f"{release.publisher}, {release.title}") if release else ""
            source = f'<a href="{html.escape(url)}">{name}</a>' if url else name
            out.append(f'<tr><th scope="row">{html.escape(measures[measure]["label"])}</th>'
                       f'\n<td>{html.escape(str(row["area"]))}</td>'
                       f'\n<td class="esca-num">{_given(row.get("number"))}</td>'
                       f'\n<td class="esca-num">{_given(row.get("rate"))}</td>'
                       f'\n<td>{html.escape(str(row["label"]))}{period}</td>'
                       f"\n<td>{source}</td></tr>")
    out.append("</tbody></table></div>")
    return "\n".join(out)  # one cell per line: search reads the cells as separate words


def _given(value) -> str:
    """A comparator's number or rate, or words saying where to read it."""
    return "See the source" if value is None else html.escape(_number(value))


def check_budget(rel: str, data: LineMap, ledger: Ledger | None = None) -> Iterator[Finding]:
    """The rules across fields of data/budget-by-quadrant.yml: every line of
    ``rows`` and ``totals`` has one number per year of ``years``, and the
    file's ``figure`` is in the statistics ledger."""
    years = data.get("years")
    for section in ("rows", "totals"):
        block = data.get(section)
        if not isinstance(years, LineList) or not isinstance(block, LineMap):
            continue
        for name, values in block.items():
            if _good(name, "name") and isinstance(values, LineList) and len(values) != len(years):
                yield Finding(rel, block.line_of(name), f"{section}.{name}",
                              f"must list {len(years)} numbers, one per year",
                              "write [2025/26, 2026/27, …] values in order")
    yield from check_figure(rel, data, ledger)


def bar_chart(title: str, description: str, labels: list[str], values: list[float], unit: str = "",
              separate_from: int | None = None, separate_heading: str = "") -> str:
    """A horizontal bar chart as inline SVG; deterministic for the same input.

    The drawing is 360 units wide with 14-unit text, so on a 390 px phone
    (about 358 px of content width) labels render at about 14 px, never under
    12 px; CSS caps its width on larger screens. Bars from ``separate_from``
    on are set apart under ``separate_heading``, in a different shade.
    """
    width, label_w, bar_h, gap, font = 360, 112, 18, 8, 14
    top = 8
    extra = 2 * (bar_h + gap) if separate_from is not None else 0
    height = top + len(labels) * (bar_h + gap) + extra
    biggest = max((abs(v) for v in values), default=1) or 1
    scale = (width - label_w - 52) / biggest
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    out = [f'<svg class="esca-chart" viewBox="0 0 {width} {height}" role="img" '
           f'aria-labelledby="{slug}-title {slug}-desc" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="{slug}-title">{html.escape(title)}</title>',
           f'<desc id="{slug}-desc">{html.escape(description)}</desc>']
    y = top
    for index, (label, value) in enumerate(zip(labels, values)):
        apart = separate_from is not None and index >= separate_from
        if index == separate_from:
            y += bar_h // 2
            out.append(f'<line x1="0" y1="{y}" x2="{width}" y2="{y}" stroke="{INK}" stroke-dasharray="4 3"/>')
            y += bar_h // 2 + gap
            out.append(f'<text x="0" y="{y + 13}" fill="{INK}" font-size="{font}" font-weight="700">'
                       f'{html.escape(separate_heading)}</text>')
            y += bar_h + gap
        length = max(abs(value) * scale, 1)
        out.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" fill="{INK}" font-size="{font}">'
                   f'{html.escape(label)}</text>')
        out.append(f'<rect x="{label_w}" y="{y}" width="{length:.1f}" height="{bar_h}" fill="{OTHER if apart else BAR}"/>')
        out.append(f'<text x="{label_w + length + 4:.1f}" y="{y + 14}" fill="{INK}" font-size="{font}">'
                   f'{html.escape(_number(value))}{html.escape(unit)}</text>')
        y += bar_h + gap
    out.append("</svg>")
    return "\n".join(out)  # one element per line: search reads each label and figure as a word


def table(caption: str, header: list[str], rows: list[list], first_column_is_header: bool = True,
          separate_from: int | None = None, separate_heading: str = "") -> str:
    out = ['<div class="esca-table"><table>', f"<caption>{html.escape(caption)}</caption>", "<thead><tr>"]
    out += [f'<th scope="col">{html.escape(h)}</th>' for h in header]  # joined one per line below
    out.append("</tr></thead><tbody>")
    for number, row in enumerate(rows):
        if number == separate_from:
            out.append(f'</tbody><tbody class="esca-table__apart"><tr><th scope="colgroup" colspan="{len(header)}">'
                       f"{html.escape(separate_heading)}</th></tr>")
        cells = []
        for index, cell in enumerate(row):
            if index == 0 and first_column_is_header:
                cells.append(f'<th scope="row">{html.escape(str(cell))}</th>')
            else:
                cells.append(f'<td class="esca-num">{html.escape(_number(cell))}</td>')
        out.append("<tr>" + "\n".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return "\n".join(out)  # one cell per line: search reads the cells as separate words


def render(kind: str, name: str, measure: str | None, data: dict, ledger: Ledger | None = None) -> str | None:
    """The HTML for one marker, or None when the marker names nothing known.
    With the statistics ledger, each chart and table is followed by its
    source and period."""
    if name == "district-comparators" and "district-rates" in data:
        return comparators_table(data["district-rates"], ledger)
    html_out = _render(kind, name, measure, data, ledger)
    if html_out is None or ledger is None or data[name].get("figure") not in ledger.figures:
        return html_out
    return html_out + "\n" + source_line(ledger, data[name]["figure"])


def _render(kind: str, name: str, measure: str | None, data: dict, ledger: Ledger | None) -> str | None:
    if name == "district-rates" and name in data:
        rates = data[name]
        measures = rates["measures"]
        unitary = list(rates.get("unitary") or [])
        # Essex County Council's districts first, then the separate unitary councils.
        areas = [a for a in rates["areas"] if a not in unitary] + [a for a in rates["areas"] if a in unitary]
        apart = len(areas) - len(unitary) if unitary else None
        if kind == "table":
            header = ["Area", *[m["label"] for m in measures.values()]]
            rows = [[area, *[rates["areas"][area][key] for key in measures]] for area in areas]
            figure = ledger.figures.get(rates.get("figure")) if ledger else None
            caption = f"{rates['title']} (period: {figure.period})" if figure else rates["title"]
            return table(caption, header, rows, separate_from=apart, separate_heading=UNITARY_HEADING)
        if measure not in measures:
            return None
        label = measures[measure]["label"]
        values = [rates["areas"][area][measure] for area in areas]
        top = max(zip(values, areas))
        essex = len(areas) - len(unitary)
        aside = (f", then in {' and '.join(unitary)}, separate unitary councils shown apart" if unitary else "")
        return bar_chart(f"{label} per 10,000", f"Bar chart of {label.lower()} per 10,000 in "
                         f"the {essex} districts of Essex County Council{aside}. Highest: {top[1]}, "
                         f"{_number(top[0])}. The same figures are in the table on this page.", areas, values,
                         separate_from=apart, separate_heading=UNITARY_HEADING)
    if name == "budget-by-quadrant" and name in data:
        budget = data[name]
        years = [str(y) for y in budget["years"]]
        if kind == "table":
            rows = [[n, *v] for n, v in {**budget["rows"], **(budget.get("totals") or {})}.items()]
            return table(budget["title"], ["Area of spend", *years], rows)
        quadrants = {k: v for k, v in budget["rows"].items() if k in ("Mid", "North", "South", "West")}
        return bar_chart(f"Budget by quadrant, {years[0]}", f"Bar chart of the {years[0]} budget for each of the four "
                         "quadrants, in £ million. The same figures are in the table on this page.",
                         list(quadrants), [v[0] for v in quadrants.values()], unit="m")
    return None


def _number(value) -> str:
    if isinstance(value, float):
        text = f"{value:,.1f}"
    else:
        text = f"{value:,}" if isinstance(value, int) else str(value)
    return f"({text.lstrip('-')})" if text.startswith("-") else text
