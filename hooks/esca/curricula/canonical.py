"""The canonical text of a course file: the one way the course builder
(docs/assets/js/course-builder.js) writes a course, so loading a file and
saving it unchanged gives the same bytes.

Fields come in the model's order (``FIELDS``); a field with no value is left
out. Lists of vocabulary ids follow their vocabulary file's order, lists of
page and course ids are sorted by id, changes go newest first, and each
session's keys follow the session declaration. Sentences (learning outcomes,
reflection prompts, questions) and sessions keep the author's order. The
text is PyYAML's ``safe_dump`` at width 100, which is also how every course
file in curricula/courses/ was first written; tests/test_course_builder.py
checks that the builder writes exactly this.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import yaml

from esca.core.fields import CHOICES
from esca.curricula.model import COURSE, FIELDS

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/course.schema.json"
WIDTH = 100


def canonical_text(data: Mapping, vocab: Mapping[str, Mapping[str, str]]) -> str:
    """A course as the builder writes it (``vocab``: name -> {id: label}, in file order)."""
    out = {}
    for f in FIELDS:
        value = data.get(f.name)
        if value is None or value == "" or value == []:
            continue
        if isinstance(value, list):
            value = canonical_list(f, value, vocab)
        out[f.name] = value
    return SCHEMA_LINE + "\n" + yaml.safe_dump(out, sort_keys=False, allow_unicode=True,
                                               default_flow_style=False, width=WIDTH)


def canonical_list(f, items: list, vocab: Mapping[str, Mapping[str, str]]) -> list:
    """A list field's items in the one order the builder writes, read off the
    field's declaration (esca.curricula.model.COURSE)."""
    item = f.item
    if item is None:
        return items
    if item.kind == "choice" and CHOICES[item.choices].key == "vocab":
        order = {k: i for i, k in enumerate(vocab.get(item.choices, {}))}
        return sorted(items, key=lambda x: (0, order[x]) if isinstance(x, str) and x in order else (1, 0))
    if item.kind == "choice":
        return sorted(items, key=lambda x: (0, x) if isinstance(x, str) else (1, ""))
    newest = [c.other for c in COURSE.checks if c.kind == "newest-first" and c.field == f.name]
    if newest:
        return sorted(items, key=lambda entry: -_date(entry, newest[0]).toordinal() if _date(entry, newest[0]) else 1)
    if item.kind == "map":
        names = [sub.name for sub in item.fields]
        return [{k: s[k] for k in (*names, *(k for k in s if k not in names)) if k in s}
                if isinstance(s, Mapping) else s for s in items]
    return items


def _date(change, key: str = "date") -> dt.date | None:
    day = change.get(key) if isinstance(change, Mapping) else None
    return day if isinstance(day, dt.date) else None
