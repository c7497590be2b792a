"""MkDocs hook: the glossary drives abbreviation tooltips, the glossary page
and the acronym lint. The rules live in esca.glossary."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File

from esca import glossary
from esca.governance import today

log = get_plugin_logger(__name__)
_state: dict = {}


def on_config(config):
    root = Path(config.config_file_path).parent
    terms, findings = glossary.load_glossary(root / GLOSSARY_FILE, root)
    allowed, problems = glossary.load_allowed(root / ALLOWED_FILE, root)
    _state.clear()
    _state.update(root=root, terms=terms, allowed=allowed, findings=findings + problems,
                  short_forms=glossary.ShortForms(glossary.abbreviations(terms)))
    return config


def on_files(files, config):
    docs = {f.src_uri for f in files.documentation_pages()}
    root = _state["root"]
    findings = list(_state["findings"])
    findings += glossary.check_pages(_state["terms"], docs | {glossary.GLOSSARY_PAGE}, GLOSSARY_FILE)
    known = {short for term in _state["terms"] for short, _ in term.abbreviations} | _state["allowed"]
    for file in sorted(files.documentation_pages(), key=lambda f: f.src_uri):
        if file.abs_src_path and not file.generated_by:
            rel = os.path.relpath(file.abs_src_path, root).replace(os.sep, "/")
            findings += glossary.lint_acronyms(rel, file.content_string, known)
    for finding in findings:
        log.warning(str(finding))
    day = today()
    pages = glossary.glossary_pages(_state["terms"], today=day.isoformat(),
                                    review_due=day.replace(year=day.year + 1).isoformat())
    for src, content in pages.items():
        files.append(File.generated(config, src, content=content))
    return files


@event_priority(-50)  # after Material's search has read the page
def on_page_context(context, page, config, nav):
    """The tooltips: each short form on the page gets <abbr title="…">.

    Added to the finished content after search has indexed it (the words are
    the same; the markup would only make every page slower to index), and
    from the glossary directly rather than through the abbr extension, whose
    tree walk costs more than one pass over the page's HTML."""
    short_forms = _state.get("short_forms")
    if short_forms is not None and page.content:
        page.content = short_forms.add_tooltips(page.content)
    return context


GLOSSARY_FILE = "data/glossary.yml"
ALLOWED_FILE = "data/acronyms-allowed.yml"
