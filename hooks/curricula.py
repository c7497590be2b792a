"""MkDocs hook: CPD courses from curricula/ become pages, lists and feeds.

Checks every course file (one line per problem), generates the course pages,
catalogue, programmes, trainer dashboard, what's new and field reference,
lists courses on team, career, legislation and induction pages, and writes
courses.json, courses.csv and sessions.ics. The rules live in esca.curricula.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File

from esca.curricula import builder, calendars, feeds, render
from esca.curricula.loader import CurriculaError, load_curricula
from esca.findings import Finding
from esca.governance import page_title, today
from esca.links import load_hosts

log = get_plugin_logger(__name__)
_state: dict = {}


def on_config(config):
    _state.clear()
    return config


def on_files(files, config):
    root = Path(config.config_file_path).parent
    docs = {f.src_uri: f for f in files.documentation_pages()}
    pages = {
        "role": {Path(s).stem for s in docs if re.fullmatch(r"roles/[^/]+\.md", s)} - {"index", "why-essex"},
        "career": {Path(s).stem for s in docs if re.fullmatch(r"roles/careers/[^/]+\.md", s)} - {"index"},
        "legislation": {Path(s).stem for s in docs if re.fullmatch(r"legislation/[^/]+\.md", s)} - {"index", "ledger"},
    }
    day = today()
    try:
        cur, findings = load_curricula(root, pages, today=day)
    except CurriculaError as error:
        raise PluginError(str(error)) from None
    cur.titles = {s[:-3]: page_title(f.content_string) or s for s, f in docs.items()
                  if s.startswith(("roles/", "legislation/"))}
    overdue = sorted(c.id for c in cur.courses.values() if c.review_due < day)
    if overdue and os.environ.get("ESCA_STRICT_REVIEWS") == "1":
        findings += [Finding(cur.courses[i].source, cur.courses[i].line("review_due"), "review_due",
                             "review is overdue", "review the course, then update last_reviewed and review_due",
                             cur.courses[i].review_due.isoformat()) for i in overdue]
    elif overdue:
        log.info(f"{len(overdue)} courses are past their review date: {', '.join(overdue)}")
    for finding in findings:
        log.warning(str(finding))
    cur = calendars.upcoming_only(cur, day)  # past sessions drop off every published list
    _state.update(cur=cur, today=day)
    generated = {f"cpd/courses/{c.id}.md": render.course_page(c, cur, day) for c in cur.courses.values()}
    generated.update({f"cpd/programmes/{p.id}.md": render.programme_page(p, cur) for p in cur.programmes.values()})
    generated.update({
        "cpd/catalogue.md": render.catalogue(cur, day, config.use_directory_urls),
        "cpd/programmes/index.md": render.programmes_index(cur, day),
        "cpd/dashboard.md": render.dashboard(cur, day),
        "cpd/whats-new.md": render.whats_new(cur, day),
        "cpd/field-reference.md": render.field_reference(day),
    })
    generated.update(calendars.course_calendars(cur, config.site_url or ""))
    model = builder.model_json(cur.vocab, pages, cur.courses, load_hosts(root / "data/allowed-hosts.yml", root)[0], day)
    generated["cpd/course-model.json"] = model
    _state["model"] = model
    for src, content in generated.items():
        files.append(File.generated(config, src, content=content))
    return files


def on_page_markdown(markdown, page, config, files):
    cur = _state.get("cur")
    if cur is None:
        return markdown
    src = page.file.src_uri
    if "esca:courses" in markdown:
        markdown = MARKER.sub(lambda m: _list_for(m.group(1), m.group(2), src), markdown)
    match = re.fullmatch(r"(roles|legislation)/([^/]+)\.md", src)
    if match and match.group(2) not in ("index", "why-essex", "ledger"):
        field = "roles" if match.group(1) == "roles" else "legislation"
        chosen = [c for c in cur.active() if match.group(2) in getattr(c, field)]
        markdown += "\n\n## Courses\n\n" + render.course_list(chosen, src, cur.vocab) + "\n"
    return markdown


def on_post_build(config):
    cur = _state.get("cur")
    if cur is None:
        return
    out = Path(config.site_dir) / "cpd"
    out.mkdir(parents=True, exist_ok=True)
    (out / "courses.json").write_text(feeds.courses_json(cur, config.site_url or ""), encoding="utf-8")
    (out / "courses.csv").write_text(feeds.courses_csv(cur, config.site_url or ""), encoding="utf-8")
    (out / "sessions.ics").write_bytes(feeds.sessions_ics(cur, config.site_url or ""))


def on_post_page(output, page, config):
    """The course builder page carries the course model as a data block, so
    it works offline and from file:// (where fetch() is not allowed)."""
    if page.file.src_uri == "cpd/course-builder.md" and "model" in _state:
        output = BUILDER_SLOT.sub(lambda m: m.group(0) + builder.embedded(_state["model"]), output, count=1)
    return output


def _list_for(key: str, value: str, src: str) -> str:
    cur = _state["cur"]
    field = {"mandatory-for": "mandatory_for", "audience": "audience", "career": "careers"}[key]
    chosen = [c for c in cur.active() if value in getattr(c, field)]
    return render.course_list(chosen, src, cur.vocab)


MARKER = re.compile(r"^<!--\s*esca:courses\s+(mandatory-for|audience|career)=([\w-]+)\s*-->[ \t]*$", re.MULTILINE)
BUILDER_SLOT = re.compile(r'<div class="esca-builder" data-esca-builder[^>]*>')
