"""The JSON Schemas for course and programme files, generated from the model.

    PYTHONPATH=hooks python -m esca schema course > curricula/schema/course.schema.json
    PYTHONPATH=hooks python -m esca schema programme > curricula/schema/programme.schema.json

(or `make schema`). A test checks the committed files equal what that
prints. Pure functions: the allowed values come in as data, read by the site
model's own loaders (esca.site.schema_vocabularies). Editors such as VS Code
read a schema through each file's first line:
`# yaml-language-server: $schema=../schema/course.schema.json`.
"""

from __future__ import annotations

import json

from esca.core.fields import PATTERNS, Field
from esca.curricula.model import COURSE, PROGRAMME, STATUSES

DATE = r"^\d{4}-\d{2}-\d{2}$"

KINDS = {
    "course": (COURSE, "ESCA course", "One CPD course of the Essex Social Care Academy."),
    "programme": (PROGRAMME, "ESCA programme", "An ordered set of ESCA courses for a stage of a career or role."),
}


def build_schema(vocab: dict[str, list[str]], kind: str = "course") -> dict:
    declaration, title, description = KINDS[kind]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{kind}.schema.json",
        "title": title,
        "description": f"{description} Generated from hooks/esca/curricula/model.py.",
        **_schema(declaration, vocab),
    }


def _schema(f: Field, vocab: dict[str, list[str]]) -> dict:
    """One field's JSON Schema, from its declaration in the field library."""
    prop: dict = {"description": f.rule} if f.rule else {}
    if f.kind == "map":
        prop.update(type="object", additionalProperties=False,
                    required=[s.name for s in f.fields if s.required],
                    properties={s.name: _schema(s, vocab) for s in f.fields})
        if f.rule == "the field reference":
            del prop["description"]
    elif f.kind == "slug":
        prop.update(type="string", pattern=f"^{PATTERNS['slug']}$")
    elif f.kind in ("text", "route"):
        prop.update(type="string", minLength=1)
        if f.max_length:
            prop["maxLength"] = f.max_length
    elif f.kind == "choice":
        if f.choices == "statuses":
            prop["enum"] = list(STATUSES)
        elif f.choices in vocab:
            prop["enum"] = vocab[f.choices]
        else:  # page and course ids: they change with the site
            prop.update(type="string", pattern=f"^{PATTERNS['slug']}$")
    elif f.kind == "list":
        prop.update(type="array", items=_schema(f.item, vocab) if f.item else {})
        if f.min_items:
            prop["minItems"] = f.min_items
        if f.max_items is not None:
            prop["maxItems"] = f.max_items
        if f.item is not None and f.item.kind == "choice":
            prop["uniqueItems"] = True
    elif f.kind == "int":
        prop.update(type="integer", exclusiveMinimum=0)
    elif f.kind == "number":
        prop.update(type="number", exclusiveMinimum=0)
    elif f.kind == "bool":
        prop["type"] = "boolean"
    elif f.kind == "date":
        prop.update(type="string", format="date", pattern=DATE)
    elif f.kind == "datetime":
        prop.update(type="string", pattern=f"^{PATTERNS['datetime']}$")
    if f.maximum is not None:
        prop["maximum"] = f.maximum
    return prop


def render(vocab: dict[str, list[str]], kind: str = "course") -> str:
    """The JSON Schema of ``kind`` ("course" or "programme") as the committed
    file holds it; ``vocab`` is the allowed values (esca.site.schema_vocabularies)."""
    return json.dumps(build_schema(vocab, kind), indent=2, ensure_ascii=False) + "\n"
