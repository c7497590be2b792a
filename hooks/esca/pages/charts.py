"""Local data as accessible charts: an SVG bar chart with a table beside it.

Reads data/district-rates.yml and data/budget-by-quadrant.yml with the
project's one YAML reader, checks them, and renders deterministic inline SVG
(role="img" with a title and description) plus an HTML table with a caption.
Each data file, and each comparator, names its figure in the statistics
ledger (esca.pages.statistics), which gives the source and period shown under
every chart and table. All text is escaped. No MkDocs imports.
"""

from __future__ import annotations

import html
import math
import re
from pathlib import Path
from typing import Iterator

from esca.core.findings import Finding, fix_or_choices, text_problem
from esca.core.safeyaml import LineMap, load_file
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
KEYS = {"district-rates": ("title", "figure", "measures", "areas", "unitary", "comparators"),
        "budget-by-quadrant": ("title", "figure", "years", "notes", "rows", "totals")}
COMPARATOR_KEYS = ("area", "label", "figure")  # and a number, a rate or both
COMPARATOR_NUMBERS = ("number", "rate")


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
        problems = list(check_keys(rel, loaded.data, KEYS[name]))
        problems += check_rates(rel, loaded.data) if name == "district-rates" else check_budget(rel, loaded.data)
        if name == "district-rates" and not problems:
            problems = list(check_unitary_and_comparators(rel, loaded.data, ledger))
        if not problems:
            problems = list(check_figure(rel, loaded.data, ledger))
        findings += problems
        if not problems:
            data[name] = loaded.data
    return data, findings


def check_keys(rel: str, data, allowed: tuple[str, ...]) -> Iterator[Finding]:
    """A chart file's keys are the declared ones, and its title (the table's
    caption) is text."""
    if not isinstance(data, LineMap):
        return  # said by the file's own check
    for key in data:
        if key not in allowed:
            yield Finding(rel, data.line_of(key), str(key), "unknown field", fix_or_choices(key, allowed, "fields"))
    if "title" not in data:
        yield Finding(rel, 1, "title", "missing", "add title: the words shown above its table")
    elif text_problem(data["title"]):
        yield Finding(rel, data.line_of("title"), "title", text_problem(data["title"]),
                      "write the title as text on one line")
    if "notes" in data and text_problem(data["notes"]):
        yield Finding(rel, data.line_of("notes"), "notes", text_problem(data["notes"]), "write the notes as text")


def check_figure(rel: str, data, ledger: Ledger | None) -> Iterator[Finding]:
    """A data file names its figure in the statistics ledger (``figure:``),
    which gives its source and period."""
    figure = data.get("figure")
    if not isinstance(figure, str) or not figure:
        yield Finding(rel, 1, "figure", "missing", f"add figure: with the id of its entry in {LEDGER_FILE}")
    elif ledger is not None and figure not in ledger.figures:
        yield Finding(rel, data.line_of("figure"), "figure", f"not a figure in {LEDGER_FILE}",
                      fix_or_choices(figure, ledger.figures, "figures"), figure)


def check_rates(rel: str, data) -> Iterator[Finding]:
    """Every area has a number for every measure, and nothing else."""
    if not isinstance(data, LineMap) or not isinstance(data.get("measures"), dict) or not isinstance(data.get("areas"), dict):
        for key in ("measures", "areas"):
            if not isinstance(data, LineMap) or not isinstance(data.get(key), dict):
                yield Finding(rel, data.line_of(key) if isinstance(data, LineMap) and key in data else 1, key,
                              "missing, or not a mapping", "see the header comment for the layout")
        return
    measures = set(data["measures"])
    for measure, spec in data["measures"].items():
        line = data["measures"].line_of(measure)
        if not isinstance(measure, str):
            yield Finding(rel, line, f"measures.{measure}", "a measure id must be text", "write an id such as s47")
        elif not isinstance(spec, dict) or text_problem(spec.get("label")):
            yield Finding(rel, line, f"measures.{measure}.label", "missing or not text",
                          "give the measure a label: the words shown in charts and tables")
        elif "definition" in spec and text_problem(spec["definition"]):
            yield Finding(rel, line, f"measures.{measure}.definition", "not text", "write the definition as text")
    if len(data["areas"]) > MAX_ROWS:
        yield Finding(rel, data.line_of("areas"), "areas", f"has {len(data['areas'])} areas, over the limit of {MAX_ROWS}",
                      "chart the districts only; a chart of more would not be readable")
    for area, row in data["areas"].items():
        line = data["areas"].line_of(area)
        if text_problem(area):
            yield Finding(rel, line, f"areas.{area}", "an area name must be text", "write the name, e.g. Basildon", area)
            continue
        if not isinstance(row, dict):
            yield Finding(rel, line, f"areas.{area}", "must be a mapping of measure: number", "write {referrals: 1.0, …}")
            continue
        for key, value in row.items():
            if key not in measures:
                yield Finding(rel, line, f"areas.{area}.{key}", "unknown measure", fix_or_choices(key, measures, "measures"))
            elif not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value) or value < 0:
                yield Finding(rel, line, f"areas.{area}.{key}", "must be a number of 0 or more",
                              "write the rate as a number, e.g. 40.7", value)
        for key in sorted(measures - set(row)):
            yield Finding(rel, line, f"areas.{area}.{key}", "missing", f"add {key}: with its rate")


def check_unitary_and_comparators(rel: str, data, ledger: Ledger | None = None) -> Iterator[Finding]:
    """``unitary`` lists areas that are separate unitary councils (each an
    area); ``comparators`` gives, per measure, official figures: an area, a
    label, a number or a rate (or both), and the ``figure`` in the statistics
    ledger that gives their source and period. All comparators are for the
    same period (their ledger figures share one ``period_end``)."""
    areas = data.get("areas") or {}
    unitary = data.get("unitary", [])
    if not isinstance(unitary, list):
        yield Finding(rel, data.line_of("unitary"), "unitary", "must be a list of areas", "write [Southend, Thurrock]")
    else:
        for index, area in enumerate(unitary):
            if not isinstance(area, str) or area not in areas:
                yield Finding(rel, data.line_of("unitary"), "unitary", "not one of the areas",
                              fix_or_choices(area, areas, "areas"), area)
    comparators = data.get("comparators", {})
    if not isinstance(comparators, dict):
        yield Finding(rel, data.line_of("comparators"), "comparators", "must be a mapping of measure: list",
                      "see the header comment for the layout")
        return
    periods: dict = {}
    for measure, rows in comparators.items():
        line = comparators.line_of(measure) if isinstance(comparators, LineMap) else data.line_of("comparators")
        if measure not in (data.get("measures") or {}):
            yield Finding(rel, line, f"comparators.{measure}", "unknown measure",
                          fix_or_choices(measure, data.get("measures") or {}, "measures"))
            continue
        for row in rows if isinstance(rows, list) else [None]:
            if not isinstance(row, dict):
                yield Finding(rel, line, f"comparators.{measure}", "each comparator must be a mapping",
                              "write {area: England, label: …, figure: ID, number: 81770, rate: 67}")
                continue
            for key in row:
                if key not in (*COMPARATOR_KEYS, *COMPARATOR_NUMBERS):
                    yield Finding(rel, line, f"comparators.{measure}.{key}", "unknown field",
                                  fix_or_choices(key, (*COMPARATOR_KEYS, *COMPARATOR_NUMBERS), "fields"))
            for key in COMPARATOR_KEYS:
                if not row.get(key):
                    yield Finding(rel, line, f"comparators.{measure}.{key}", "missing", f"add {key}:")
            if not any(key in row for key in COMPARATOR_NUMBERS):
                yield Finding(rel, line, f"comparators.{measure}", "has neither a number nor a rate",
                              "add number: or rate: as the release gives it")
            for key in COMPARATOR_NUMBERS:
                value = row.get(key)
                if key in row and (not isinstance(value, (int, float)) or isinstance(value, bool)
                                   or not math.isfinite(value) or value < 0):
                    yield Finding(rel, line, f"comparators.{measure}.{key}", "must be a number of 0 or more",
                                  f"write the {key} as a number, e.g. {'81770' if key == 'number' else '67'}", value)
            figure = row.get("figure")
            if ledger is None or not figure:
                continue
            if not isinstance(figure, str) or figure not in ledger.figures:
                yield Finding(rel, line, f"comparators.{measure}.figure", f"not a figure in {LEDGER_FILE}",
                              fix_or_choices(figure, ledger.figures, "figures"), figure)
                continue
            end = ledger.figures[figure].period_end
            if end is None:
                yield Finding(rel, line, f"comparators.{measure}.figure",
                              f"its entry in {LEDGER_FILE} has no period_end", "add period_end: YYYY-MM-DD to it",
                              figure)
            else:
                periods.setdefault(end, (measure, line))
    if len(periods) > 1:  # each period after the first comparator's is a finding
        (_, (first, _)), *others = periods.items()
        for end, (measure, line) in others:
            yield Finding(rel, line, f"comparators.{measure}", f"for a different period from {first}'s",
                          "compare figures for the same year: use the same release year for every measure",
                          end.isoformat())


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


def check_budget(rel: str, data) -> Iterator[Finding]:
    """Every row has one number per year."""
    if not isinstance(data, LineMap) or not isinstance(data.get("years"), list) or not isinstance(data.get("rows"), dict):
        for key, kind in (("years", list), ("rows", dict)):
            if not isinstance(data, LineMap) or not isinstance(data.get(key), kind):
                yield Finding(rel, data.line_of(key) if isinstance(data, LineMap) and key in data else 1, key,
                              f"missing, or not a {'list' if kind is list else 'mapping'}",
                              "see the header comment for the layout")
        return
    years = len(data["years"])
    if not all(isinstance(y, str) and not text_problem(y) for y in data["years"]):
        yield Finding(rel, data.line_of("years"), "years", "must be a list of years as text", "write ['2025/26', '2026/27']")
    for section in ("rows", "totals"):
        block = data.get(section) or {}
        if not isinstance(block, dict):
            yield Finding(rel, data.line_of(section), section, "must be a mapping of name: [numbers]",
                          "see the header comment for the layout")
            continue
        if len(block) > MAX_ROWS:
            yield Finding(rel, data.line_of(section), section, f"has {len(block)} rows, over the limit of {MAX_ROWS}",
                          "keep the table to the main budget lines")
        for name, values in block.items():
            line = block.line_of(name) if isinstance(block, LineMap) else data.line_of(section)
            if text_problem(name):
                yield Finding(rel, line, f"{section}.{name}", "a row name must be text", "write the name of the line")
            elif not isinstance(values, list) or len(values) != years:
                yield Finding(rel, line, f"{section}.{name}", f"must list {years} numbers, one per year",
                              "write [2025/26, 2026/27, …] values in order")
            elif not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in values):
                yield Finding(rel, line, f"{section}.{name}", "must be numbers", "write £ million as numbers, e.g. 54.6")


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
