"""MkDocs hook: local data charts and tables, built from data/ at build time.

Replaces marker lines such as `<!-- esca:chart district-rates measure=s47 -->`
and `<!-- esca:table budget-by-quadrant -->`. The rules live in esca.charts.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import get_plugin_logger

from esca import charts
from esca.findings import Finding

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
    if "esca:chart" not in markdown and "esca:table" not in markdown:
        return markdown

    def replace(match):
        kind, name, measure = match.groups()
        rendered = charts.render(kind, name, measure, _state["data"])
        if rendered is None:
            line = markdown.count("\n", 0, match.start()) + 1 + _front_matter_lines(page)
            log.warning(str(Finding(f"docs/{page.file.src_uri}", line, f"esca:{kind}", "unknown chart or measure",
                                    f"use one of {', '.join(charts.DATASETS)}", match.group(0))))
            return ""
        return rendered

    return charts.MARKER.sub(replace, markdown)


def _front_matter_lines(page) -> int:
    text = page.file.content_string
    if not text.startswith("---"):
        return 0
    end = text.find("\n---", 3)
    return text.count("\n", 0, end) + 2 if end > 0 else 0
