"""MkDocs hook: local data charts and tables, built from data/ at build time.

Replaces marker lines such as `<!-- esca:chart district-rates measure=s47 -->`
and `<!-- esca:table budget-by-quadrant -->`: tables in the page's content,
charts in the finished page (so search indexes each figure once, in its
table). The site model (esca.site) reads and checks the data and the markers;
the rules live in esca.charts.
"""

from __future__ import annotations

from esca import charts

_rendered: dict = {}


def on_pre_build(config):
    _rendered.clear()


def on_page_content(html, page, config, files):
    """Put the tables in after the Markdown is converted: they are finished
    HTML, and Python-Markdown's raw-HTML parser is slow on it."""
    if "esca:table" not in html:
        return html
    return charts.MARKER.sub(lambda m: _render(m, config) if m.group(1) == "table" else m.group(0), html)


def on_post_page(output, page, config):
    """Put the charts in the finished page, after search has read it: a chart
    repeats its table's figures, and search should find the table once."""
    if "esca:chart" not in output:
        return output
    return charts.MARKER.sub(lambda m: _render(m, config), output)


def _render(match, config) -> str:
    """The marker's HTML, rendered once per build (unknown markers are
    reported by the site model and render as nothing)."""
    if match.groups() not in _rendered:
        _rendered[match.groups()] = charts.render(*match.groups(), config.esca_site.datasets) or ""
    return _rendered[match.groups()]
