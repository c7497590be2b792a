"""MkDocs hook: local data charts and tables, built from data/ at build time.

Replaces marker lines such as `<!-- esca:chart district-rates measure=s47 -->`
and `<!-- esca:table budget-by-quadrant -->`: tables in the page's content,
charts in the finished page (so search indexes each figure once, in its
table). The rules live in esca.charts.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import get_plugin_logger

from esca import charts
from esca.findings import Finding, line_of

log = get_plugin_logger(__name__)
_state: dict = {}


def on_pre_build(config):
    root = Path(config.config_file_path).parent
    data, findings = charts.load_datasets(root)
    for finding in findings:
        log.warning(str(finding))
    _state.clear()
    _state.update(data=data, root=root)


def on_page_markdown(markdown, page, config, files):
    """Check each marker where it is written; unknown ones are reported and dropped."""
    if "esca:chart" not in markdown and "esca:table" not in markdown:
        return markdown

    def check(match):
        kind, name, measure = match.groups()
        if _render(match) is None:
            # The Markdown hooks see has lost its front matter: look in the source file.
            line = line_of(page.file.content_string, [match.group(0)])
            log.warning(str(Finding(f"docs/{page.file.src_uri}", line, f"esca:{kind}", "unknown chart or measure",
                                    f"use one of {', '.join(charts.DATASETS)}", match.group(0))))
            return ""
        return match.group(0)

    return charts.MARKER.sub(check, markdown)


def on_page_content(html, page, config, files):
    """Put the tables in after the Markdown is converted: they are finished
    HTML, and Python-Markdown's raw-HTML parser is slow on it."""
    if "esca:table" not in html:
        return html
    return charts.MARKER.sub(lambda m: (_render(m) or "") if m.group(1) == "table" else m.group(0), html)


def on_post_page(output, page, config):
    """Put the charts in the finished page, after search has read it: a chart
    repeats its table's figures, and search should find the table once."""
    if "esca:chart" not in output:
        return output
    return charts.MARKER.sub(lambda m: _render(m) or "", output)


def _render(match) -> str | None:
    """The marker's HTML (None if unknown), rendered once per build: the
    Markdown check and the finished page ask for the same marker."""
    rendered = _state.setdefault("rendered", {})
    if match.groups() not in rendered:
        rendered[match.groups()] = charts.render(*match.groups(), _state["data"])
    return rendered[match.groups()]
