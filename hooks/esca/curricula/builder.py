"""What the course builder page (docs/cpd/course-builder.md) needs from the build.

``model_description`` publishes the course declaration (esca.curricula.model
COURSE, in the field library's terms), the library's message table, patterns
and choice lists, the published courses, the reviewed hosts and the build's
day as one JSON document, ``cpd/course-model.json``, embedded in the builder
page. The builder's script (docs/assets/js/course-rules.js) is a generic
interpreter of that document: the rules and the wording have one source.

``check_file`` is what the builder checks for one file, in the build's terms:
the reading rules of ``esca.core.safeyaml`` and the course declaration, with the
published courses as the other files (an id they use, prerequisites in a
circle through them).
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Mapping

from esca.core import fields
from esca.core.findings import Finding
from esca.core.safeyaml import EXPLICIT_KEY, LONG_KEY, MAX_BYTES, MAX_DEPTH, MAX_KEY, TOO_DEEP, load_bytes
from esca.curricula import feeds
from esca.curricula.model import COURSE, SESSION_FIELDS, STATUSES
from esca.curricula.validate import Context, check_course

MODEL_VERSION = 2
PAGE = "cpd/course-builder.md"  # the course builder page (docs/cpd/course-builder.md)
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/course.schema.json"

# The reading problems the builder reports in the words of esca.core.safeyaml
# (a test checks each against what safeyaml itself says).
YAML_MESSAGES = {
    "tab": ("tab used for indentation", "indent with spaces only (two per level)"),
    "empty": ("file is empty", "add the fields the file needs"),
    "duplicate": ("duplicate key {key} (first at line {first})", "keep one of them"),
    "encoding": ("not UTF-8 text", "save the file as UTF-8"),
    "too-large": ("file is {size} bytes, over the {limit} byte limit", "split it or remove what does not belong in it"),
    "aliases": ("anchors and aliases (&name, *name) are not allowed",
                "write the values out instead of using anchors and aliases"),
    "tags": ("tags ('!') are not allowed", "remove the '!' tag: only plain YAML values are allowed"),
    "colon": ("mapping values are not allowed in this context", "put text containing ': ' in quotes"),
    "syntax": ("not valid YAML: {detail}", "check indentation, quotes and colons on this line or the one before"),
    "too-deep": TOO_DEEP,
    "long-key": LONG_KEY,
    "explicit-key": EXPLICIT_KEY,
}


def model_description(vocab: dict[str, dict[str, str]], pages: dict[str, set[str]], courses, hosts,
                      today: dt.date, titles: Mapping[str, str] | None = None,
                      texts: Mapping[str, str] | None = None) -> dict:
    """The course declaration and everything its checks need, as plain data.
    ``courses`` maps published course ids to Course objects (or is a list of
    ids); ``titles`` maps "roles/<id>" and the like to page titles; ``texts``
    maps published course ids to their files' text, as the repository holds
    them: "Change this course in the course builder" on a course page opens
    its file from the model, with no request (offline too)."""
    titles = titles or {}
    folders = {"role": "roles", "career": "roles/careers", "legislation": "legislation"}
    published = courses if isinstance(courses, Mapping) else {cid: None for cid in courses}
    choices = {name: [[k, v] for k, v in values.items()] for name, values in sorted(vocab.items())}
    choices["statuses"] = [[s, s] for s in STATUSES]
    for kind, ids in sorted(pages.items()):
        choices[kind] = [[i, titles.get(f"{folders.get(kind, kind)}/{i}", i)] for i in sorted(ids)]
    choices["course"] = [[cid, getattr(course, "title", cid) or cid] for cid, course in sorted(published.items())]
    return {
        "version": MODEL_VERSION,
        "generated_from": "hooks/esca/curricula/model.py",
        "today": today.isoformat(),
        "schema_line": SCHEMA_LINE,
        "course": fields.describe(COURSE),
        **fields.vocabulary_description(),
        "choices": choices,
        "hosts": sorted(hosts),
        "courses": sorted(published),
        "graph": {cid: list(getattr(course, "prerequisites", ()) or ()) for cid, course in sorted(published.items())},
        "session_fields": list(SESSION_FIELDS),
        "yaml_messages": {key: list(pair) for key, pair in YAML_MESSAGES.items()},
        "max_bytes": MAX_BYTES,
        "max_depth": MAX_DEPTH,
        "max_key": MAX_KEY,
        "course_files": {cid: texts[cid] for cid in sorted(published) if cid in (texts or {})},
    }


# Where the pages a course field names live: ref kind -> folder under docs/.
PAGE_FOLDERS = {"role": "roles", "career": "roles/careers", "legislation": "legislation"}


def page_titles(pages: dict[str, set[str]], titles: dict[str, str], courses) -> dict[str, dict[str, str]]:
    """What the builder's checkboxes show: kind -> {id: title}, for pages and
    courses (an id stands in where no title is known)."""
    out = {kind: {i: titles.get(f"{PAGE_FOLDERS.get(kind, kind)}/{i}") or i for i in sorted(ids)}
           for kind, ids in sorted(pages.items())}
    out["course"] = {cid: getattr(courses[cid], "title", cid) if isinstance(courses, dict) else cid
                     for cid in sorted(courses)}
    return out


def model_json(*args, **kwargs) -> str:
    return feeds.json_text(model_description(*args, **kwargs), indent=1) + "\n"  # the one JSON writer


def embedded(text: str) -> str:
    """The model as data on the builder page: an attribute of a hidden
    element, HTML-escaped. Not a <script> block: Material's instant navigation
    re-creates every script in the new page without its attributes, so a
    JSON block would lose its id and type (and be run as code)."""
    return f'<div hidden id="esca-course-model" data-model="{html.escape(text, quote=True)}"></div>'



def context(vocab: dict[str, dict[str, str]], pages: dict[str, set[str]], courses, hosts,
            today: dt.date) -> Context:
    """The builder's context in the build's terms: the published courses are
    the other files."""
    published = courses if isinstance(courses, Mapping) else {cid: None for cid in courses}
    return Context(vocab=vocab, pages=pages, today=today, hosts=frozenset(hosts),
                   courses={cid: f"curricula/courses/{cid}.yml" for cid in published},
                   graph={cid: tuple(getattr(c, "prerequisites", ()) or ()) for cid, c in published.items()})


def check_file(raw: bytes, rel: str, stem: str, ctx: Context, *, loaded: str | None = None) -> list[Finding]:
    """Every finding the builder gives for one course file's bytes.
    ``loaded`` is the id of the published course the file was opened from,
    if any: a new course that takes a published course's id is a finding."""
    read = load_bytes(raw, rel)
    if read.findings:
        return read.findings
    others = {cid: path for cid, path in ctx.courses.items() if cid != loaded}
    return list(check_course(rel, stem, read.data, ctx, others=others))


def context_from_model(model: dict) -> Context:
    """The checks' context rebuilt from the published model JSON alone, so the
    build's checker can be run with exactly what the builder page has."""
    choices = {name: dict(pairs) for name, pairs in model["choices"].items()}
    vocab = {name: choices[name] for name, meta in model["choice_lists"].items()
             if meta["key"] == "vocab" and name in choices}
    pages = {kind: set(choices.get(kind, {})) for kind in ("role", "career", "legislation")}
    return Context(vocab=vocab, pages=pages, today=dt.date.fromisoformat(model["today"]),
                   hosts=frozenset(model["hosts"]),
                   courses={cid: f"curricula/courses/{cid}.yml" for cid in model["courses"]},
                   graph={cid: tuple(prereqs) for cid, prereqs in model["graph"].items()})
