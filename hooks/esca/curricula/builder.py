"""What the course builder page (docs/cpd/course-builder.md) needs from the build.

``model_description`` turns the course model, its vocabularies, the page ids,
the reviewed hosts and the validator's own messages into one JSON document,
published as ``cpd/course-model.json`` and embedded in the builder page. The
builder's script (docs/assets/js/course-builder.js) builds its form and checks
from that document alone, so the rules and the wording have one source.

``check_file`` is what the builder checks for one file, in the build's terms:
the reading rules of ``esca.safeyaml``, every rule of ``check_course``, and
prerequisites naming published courses. Checks across many files (two courses
with one id, prerequisites in a circle) need the whole repository and run in CI.
"""

from __future__ import annotations

import dataclasses
import html
import datetime as dt
import json

from esca.curricula.model import BOOKING_EMAIL, BOOKING_URL, FIELDS, SESSION_FIELDS, SLUG, STATUSES
from esca.curricula.validate import MESSAGES, Context, check_course, check_prerequisites, vocab_file
from esca.findings import BIDI, INVISIBLE, Finding
from esca.safeyaml import MAX_BYTES, LineList, LineMap, load_bytes

MODEL_VERSION = 1
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/course.schema.json"

# The reading problems the builder reports in the words of esca.safeyaml
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
}


def model_description(vocab: dict[str, dict[str, str]], pages: dict[str, set[str]], course_ids,
                      hosts, today: dt.date, titles: dict[str, str] | None = None) -> dict:
    """The course model as plain data for the builder. ``titles`` maps
    "roles/<id>" (and the other page folders) to page titles; when
    ``course_ids`` maps ids to courses, their titles come too."""
    vocab_names = sorted({f.vocab for f in FIELDS if f.vocab})
    return {
        "version": MODEL_VERSION,
        "generated_from": "hooks/esca/curricula/model.py",
        "today": today.isoformat(),
        "schema_line": SCHEMA_LINE,
        "fields": [dataclasses.asdict(f) for f in FIELDS],
        "session_fields": list(SESSION_FIELDS),
        "statuses": list(STATUSES),
        "patterns": {"slug": SLUG, "booking_email": BOOKING_EMAIL, "booking_url": BOOKING_URL},
        "vocabularies": {name: [[k, v] for k, v in vocab.get(name, {}).items()] for name in vocab_names},
        "vocabulary_files": {name: vocab_file(name) for name in vocab_names},
        "pages": {kind: sorted(ids) for kind, ids in sorted(pages.items())},
        "courses": sorted(course_ids),
        "page_titles": page_titles(pages, titles or {}, course_ids),
        "hosts": sorted(hosts),
        "messages": {key: list(pair) for key, pair in MESSAGES.items()},
        "yaml_messages": {key: list(pair) for key, pair in YAML_MESSAGES.items()},
        "max_bytes": MAX_BYTES,
        "characters": {"invisible": INVISIBLE, "bidi": BIDI},
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
    return json.dumps(model_description(*args, **kwargs), ensure_ascii=False, indent=1) + "\n"


def embedded(text: str) -> str:
    """The model as data on the builder page: an attribute of a hidden
    element, HTML-escaped. Not a <script> block: Material's instant navigation
    re-creates every script in the new page without its attributes, so a
    JSON block would lose its id and type (and be run as code)."""
    return f'<div hidden id="esca-course-model" data-model="{html.escape(text, quote=True)}"></div>'


def check_file(raw: bytes, rel: str, stem: str, ctx: Context, course_ids) -> list[Finding]:
    """Every finding the builder gives for one course file's bytes."""
    loaded = load_bytes(raw, rel)
    if loaded.findings:
        return loaded.findings
    data = loaded.data
    findings = list(check_course(rel, stem, data, ctx))
    items = data.get("prerequisites") if isinstance(data, LineMap) else None
    if isinstance(items, list):
        own = data["id"] if isinstance(data.get("id"), str) else stem
        lines = items.lines if isinstance(items, LineList) else [data.line] * len(items)
        known = {cid: ("", []) for cid in course_ids}
        known[own] = (rel, list(zip(items, lines)))
        findings += [f for f in check_prerequisites(known, {}) if f.path == rel]
    return findings
