"""MkDocs hook: CPD courses listed on pages, and the course model on the course builder.

The site model (esca.site) reads and checks every course and programme file
and generates the course pages, catalogue, programmes, trainer dashboard,
what's new and field reference. This hook lists courses on team, career,
legislation and induction pages; the course feeds (courses.json, courses.csv,
sessions.ics) are generated with the pages (esca.site.generate). The rules
live in esca.curricula.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.plugins import get_plugin_logger

from esca import site
from esca.core.findings import count
from esca.curricula import builder, render

log = get_plugin_logger(__name__)

LISTED_ON = {"team": "roles", "legislation": "legislation"}  # page kind -> course field


def on_files(files, config):
    model = site.of(config)
    cur, day = model.curricula, model.today
    overdue = sorted(c.id for c in cur.courses.values() if c.review_due < day)
    if overdue:
        log.info(f"{count(len(overdue), 'course')} with the review date passed: {', '.join(overdue)}")
    return files


def on_page_markdown(markdown, page, config, files):
    model = site.of(config)
    cur = model.curricula
    src = page.file.src_uri
    if "esca:courses" in markdown:
        markdown = MARKER.sub(lambda m: _list_for(cur, m.group(1), m.group(2), src), markdown)
    field = LISTED_ON.get(model.kind(src))
    if field:
        page_id = Path(src).stem
        chosen = [c for c in cur.active() if page_id in getattr(c, field)]
        markdown += "\n\n## Courses\n\n" + render.course_list(chosen, src, cur.vocab) + "\n"
    return markdown


def on_post_page(output, page, config):
    """The course builder page carries the course model (the published
    courses' files among it) as a data block, so it works offline and from
    file:// (where fetch() is not allowed)."""
    if page.file.src_uri == BUILDER_PAGE:
        model = site.of(config).generated[site.COURSE_MODEL]
        output = BUILDER_SLOT.sub(lambda m: m.group(0) + builder.embedded(model), output, count=1)
    return output


def _list_for(cur, key: str, value: str, src: str) -> str:
    field = {"mandatory-for": "mandatory_for", "audience": "audience", "career": "careers"}[key]
    chosen = [c for c in cur.active() if value in getattr(c, field)]
    return render.course_list(chosen, src, cur.vocab)


BUILDER_PAGE = builder.PAGE
BUILDER_SLOT = re.compile(r'<div class="esca-builder" data-esca-builder[^>]*>')
MARKER = re.compile(r"^<!--\s*esca:courses\s+(mandatory-for|audience|career)=([\w-]+)\s*-->[ \t]*$", re.MULTILINE)
