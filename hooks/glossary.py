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
    # The tooltips: the abbr extension's glossary, generated from the data
    # file. (A snippet of *[ABBR] lines appended to every page does the same,
    # but costs about 3 s per 1,000 pages: the Markdown parser handles each
    # definition line as a block.) on_page_markdown narrows it per page.
    config.mdx_configs.setdefault("abbr", {})["glossary"] = _state["short_forms"].abbreviations
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


@event_priority(-100)  # last: sees the Markdown every other hook wrote
def on_page_markdown(markdown, page, config, files):
    # MkDocs makes a new Markdown converter for each page from mdx_configs, so
    # the abbr extension can be given only the short forms this page contains.
    # Same tooltips, less work.
    config.mdx_configs["abbr"]["glossary"] = _state["short_forms"].used_in(markdown)
    return markdown


GLOSSARY_FILE = "data/glossary.yml"
ALLOWED_FILE = "data/acronyms-allowed.yml"
