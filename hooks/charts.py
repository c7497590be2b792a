"""MkDocs hook: local data charts and tables, built from data/ at build time.

Replaces marker lines such as `<!-- esca:chart district-rates measure=s47 -->`
and `<!-- esca:table budget-by-quadrant -->` in the page's content, before
search reads the page: each chart's section is then found by what the chart
shows (the districts and their figures), so "tendring children in care"
finds the children in care chart. Each chart and table is followed by its
source and period from the statistics ledger, and `<!-- esca:figures -->`
becomes the table of where the page's figures come from. The site model
(esca.site) reads and checks the data and the markers; the rules live in
esca.pages.charts and esca.pages.statistics.
"""

from __future__ import annotations

from esca import site
from esca.pages import charts, statistics

_rendered: dict = {}


def on_pre_build(config):
    _rendered.clear()


def on_page_content(html, page, config, files):
    """Put the charts and tables in after the Markdown is converted: they are
    finished HTML, and Python-Markdown's raw-HTML parser is slow on it."""
    if "esca:" not in html:
        return html
    model = site.of(config)
    html = charts.MARKER.sub(lambda m: _render(m, model), html)
    if model.statistics is not None:
        html = statistics.MARKER.sub(lambda _: statistics.figures_table(model.statistics, page.file.src_uri), html)
    return html


def _render(match, model) -> str:
    """The marker's HTML, rendered once per build (unknown markers are
    reported by the site model and render as nothing)."""
    if match.groups() not in _rendered:
        _rendered[match.groups()] = charts.render(*match.groups(), model.datasets, model.statistics) or ""
    return _rendered[match.groups()]
