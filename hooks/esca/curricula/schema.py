"""The JSON Schema for course files, generated from the model.

    PYTHONPATH=hooks python -m esca.curricula.schema > curricula/schema/course.schema.json

A test checks the committed file equals what this prints (lock-step).
Editors such as VS Code read it through each file's first line:
`# yaml-language-server: $schema=../schema/course.schema.json`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from esca.curricula.model import FIELDS, SESSION_FIELDS, SLUG, STATUSES
from esca.safeyaml import load_file

DATE = r"^\d{4}-\d{2}-\d{2}$"
DATETIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$"


def build_schema(vocab: dict[str, list[str]]) -> dict:
    props = {}
    for f in FIELDS:
        prop: dict = {"description": f.rule}
        if f.kind == "slug":
            prop.update(type="string", pattern=SLUG)
        elif f.kind in ("text", "booking"):
            prop.update(type="string", minLength=1)
            if f.max_length:
                prop["maxLength"] = f.max_length
        elif f.kind == "status":
            prop.update(enum=list(STATUSES))
        elif f.kind == "vocab":
            prop.update(enum=vocab[f.vocab])
        elif f.kind == "vocab-list":
            prop.update(type="array", items={"enum": vocab[f.vocab]}, minItems=f.min_items, uniqueItems=True)
        elif f.kind == "ref-list":
            prop.update(type="array", items={"type": "string", "pattern": SLUG}, uniqueItems=True)
        elif f.kind == "text-list":
            prop.update(type="array", items={"type": "string", "minLength": 1}, minItems=f.min_items)
            if f.max_items:
                prop["maxItems"] = f.max_items
        elif f.kind == "int":
            prop.update(type="integer", exclusiveMinimum=0)
        elif f.kind == "number":
            prop.update(type="number", exclusiveMinimum=0)
        elif f.kind == "date":
            prop.update(type="string", format="date", pattern=DATE)
        elif f.kind == "sessions":
            prop.update(type="array", items={
                "type": "object", "additionalProperties": False, "required": ["start", "end", "capacity"],
                "properties": {"start": {"type": "string", "pattern": DATETIME},
                               "end": {"type": "string", "pattern": DATETIME},
                               "venue": {"type": "string"}, "online": {"type": "boolean"},
                               "capacity": {"type": "integer", "exclusiveMinimum": 0}}})
            assert set(prop["items"]["properties"]) == set(SESSION_FIELDS)
        elif f.kind == "changes":
            prop.update(type="array", minItems=1, items={
                "type": "object", "additionalProperties": False, "required": ["date", "note"],
                "properties": {"date": {"type": "string", "pattern": DATE}, "note": {"type": "string"}}})
        props[f.name] = prop
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "course.schema.json",
        "title": "ESCA course",
        "description": "One CPD course of the Essex Social Care Academy. Generated from hooks/esca/curricula/model.py.",
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in FIELDS if f.required],
        "properties": props,
    }


def vocabularies(root: Path) -> dict[str, list[str]]:
    out = {}
    for name in ("audiences", "delivery-modes", "pcf-domains", "pcf-levels", "kss", "practice-model", "providers"):
        out[name] = [str(k) for k in load_file(root / "curricula/vocabularies" / f"{name}.yml", root).data]
    out["owners"] = [str(k) for k in load_file(root / "data/owners.yml", root).data]
    return out


def render(root: Path) -> str:
    return json.dumps(build_schema(vocabularies(root)), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render(Path.cwd()))
