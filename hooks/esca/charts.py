"""Local data as accessible charts: an SVG bar chart with a table beside it.

Reads data/district-rates.yml and data/budget-by-quadrant.yml with the
project's one YAML reader, checks them, and renders deterministic inline SVG
(role="img" with a title and description) plus an HTML table with a caption.
All text is escaped. No MkDocs imports.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Iterator

from esca.findings import Finding, fix_or_choices
from esca.safeyaml import LineMap, load_file

DATASETS = {"district-rates": "data/district-rates.yml", "budget-by-quadrant": "data/budget-by-quadrant.yml"}
MARKER = re.compile(r"^<!--\s*esca:(chart|table)\s+([\w-]+)(?:\s+measure=([\w-]+))?\s*-->[ \t]*$", re.MULTILINE)
BAR = "#3b1f5e"      # ESCA purple: 12.9:1 on white
INK = "#0b0c0c"


def load_datasets(root: Path) -> tuple[dict[str, LineMap], list[Finding]]:
    data, findings = {}, []
    for name, rel in DATASETS.items():
        loaded = load_file(root / rel, root)
        findings += loaded.findings
        if loaded.findings:
            continue
        problems = list(check_rates(rel, loaded.data) if name == "district-rates" else check_budget(rel, loaded.data))
        findings += problems
        if not problems:
            data[name] = loaded.data
    return data, findings


def check_rates(rel: str, data) -> Iterator[Finding]:
    """Every area has a number for every measure, and nothing else."""
    if not isinstance(data, LineMap) or not isinstance(data.get("measures"), dict) or not isinstance(data.get("areas"), dict):
        yield Finding(rel, 1, "areas", "missing measures: or areas:", "see the header comment for the layout")
        return
    measures = set(data["measures"])
    for area, row in data["areas"].items():
        line = data["areas"].line_of(area)
        if not isinstance(row, dict):
            yield Finding(rel, line, f"areas.{area}", "must be a mapping of measure: number", "write {referrals: 1.0, …}")
            continue
        for key, value in row.items():
            if key not in measures:
                yield Finding(rel, line, f"areas.{area}.{key}", "unknown measure", fix_or_choices(key, measures, "measures"))
            elif not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
                yield Finding(rel, line, f"areas.{area}.{key}", "must be a number of 0 or more",
                              "write the rate as a number, e.g. 40.7", value)
        for key in sorted(measures - set(row)):
            yield Finding(rel, line, f"areas.{area}.{key}", "missing", f"add {key}: with its rate")


def check_budget(rel: str, data) -> Iterator[Finding]:
    """Every row has one number per year."""
    if not isinstance(data, LineMap) or not isinstance(data.get("years"), list) or not isinstance(data.get("rows"), dict):
        yield Finding(rel, 1, "rows", "missing years: or rows:", "see the header comment for the layout")
        return
    years = len(data["years"])
    for section in ("rows", "totals"):
        for name, values in (data.get(section) or {}).items():
            line = data[section].line_of(name)
            if not isinstance(values, list) or len(values) != years:
                yield Finding(rel, line, f"{section}.{name}", f"must list {years} numbers, one per year",
                              "write [2025/26, 2026/27, …] values in order")
            elif not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
                yield Finding(rel, line, f"{section}.{name}", "must be numbers", "write £ million as numbers, e.g. 54.6")


def bar_chart(title: str, description: str, labels: list[str], values: list[float], unit: str = "") -> str:
    """A horizontal bar chart as inline SVG; deterministic for the same input."""
    width, label_w, bar_h, gap = 640, 170, 18, 8
    top = 8
    height = top + len(labels) * (bar_h + gap)
    biggest = max((abs(v) for v in values), default=1) or 1
    scale = (width - label_w - 70) / biggest
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    out = [f'<svg class="esca-chart" viewBox="0 0 {width} {height}" role="img" '
           f'aria-labelledby="{slug}-title {slug}-desc" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="{slug}-title">{html.escape(title)}</title>',
           f'<desc id="{slug}-desc">{html.escape(description)}</desc>']
    for index, (label, value) in enumerate(zip(labels, values)):
        y = top + index * (bar_h + gap)
        length = max(abs(value) * scale, 1)
        out.append(f'<text x="{label_w - 8}" y="{y + 13}" text-anchor="end" fill="{INK}" font-size="13">'
                   f'{html.escape(label)}</text>')
        out.append(f'<rect x="{label_w}" y="{y}" width="{length:.1f}" height="{bar_h}" fill="{BAR}"/>')
        out.append(f'<text x="{label_w + length + 6:.1f}" y="{y + 13}" fill="{INK}" font-size="13">'
                   f'{html.escape(_number(value))}{html.escape(unit)}</text>')
    out.append("</svg>")
    return "".join(out)


def table(caption: str, header: list[str], rows: list[list], first_column_is_header: bool = True) -> str:
    out = ['<div class="esca-table"><table>', f"<caption>{html.escape(caption)}</caption>", "<thead><tr>"]
    out += [f'<th scope="col">{html.escape(h)}</th>' for h in header]
    out.append("</tr></thead><tbody>")
    for row in rows:
        cells = []
        for index, cell in enumerate(row):
            if index == 0 and first_column_is_header:
                cells.append(f'<th scope="row">{html.escape(str(cell))}</th>')
            else:
                cells.append(f'<td class="esca-num">{html.escape(_number(cell))}</td>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def render(kind: str, name: str, measure: str | None, data: dict) -> str | None:
    """The HTML for one marker, or None when the marker names nothing known."""
    if name == "district-rates" and name in data:
        rates = data[name]
        measures = rates["measures"]
        areas = list(rates["areas"])
        if kind == "table":
            header = ["Area", *[m["label"] for m in measures.values()]]
            rows = [[area, *[rates["areas"][area][key] for key in measures]] for area in areas]
            return table(f"{rates['title']} (period {rates['period']})", header, rows)
        if measure not in measures:
            return None
        label = measures[measure]["label"]
        values = [rates["areas"][area][measure] for area in areas]
        top = max(zip(values, areas))
        return bar_chart(f"{label} per 10,000 children", f"Bar chart of {label.lower()} per 10,000 children in "
                         f"{len(areas)} areas. Highest: {top[1]}, {_number(top[0])}. The same figures are in the "
                         "table on this page.", areas, values)
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
