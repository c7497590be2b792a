"""The JSON Schemas for course and programme files, generated from the model.

    PYTHONPATH=hooks python -m esca.curricula.schema course > curricula/schema/course.schema.json
    PYTHONPATH=hooks python -m esca.curricula.schema programme > curricula/schema/programme.schema.json

(or `make schema`). A test checks the committed files equal what this prints.
Editors such as VS Code read it through each file's first line:
`# yaml-language-server: $schema=../schema/course.schema.json`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from esca.curricula.model import FIELDS, PROGRAMME, SESSION_FIELDS, SLUG, STATUSES

DATE = r"^\d{4}-\d{2}-\d{2}$"
DATETIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$"


KINDS = {
    "course": (FIELDS, "ESCA course", "One CPD course of the Essex Social Care Academy."),
    "programme": (PROGRAMME, "ESCA programme", "An ordered set of ESCA courses for a stage of a career or role."),
}


def build_schema(vocab: dict[str, list[str]], kind: str = "course") -> dict:
    fields, title, description = KINDS[kind]
    props = {}
    for f in fields:
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
            if f.max_length:
                prop["items"]["maxLength"] = f.max_length
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
        if f.maximum is not None:
            prop["maximum"] = f.maximum
        if f.kind == "sessions" and f.max_items is not None:
            prop["maxItems"] = f.max_items
        props[f.name] = prop
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{kind}.schema.json",
        "title": title,
        "description": f"{description} Generated from hooks/esca/curricula/model.py.",
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in fields if f.required],
        "properties": props,
    }


def vocabularies(root: Path) -> dict[str, list[str]]:
    """The allowed values, read by the site model's own loaders."""
    from esca import governance
    from esca.curricula.loader import read_vocabularies

    vocab, _ = read_vocabularies(root / "curricula", root)
    out = {name: list(values) for name, values in vocab.items()}
    out["owners"] = list(governance.load_vocabularies(root / "data", root)[0].owners)
    return out


def render(root: Path, kind: str = "course") -> str:
    return json.dumps(build_schema(vocabularies(root), kind), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render(Path.cwd(), sys.argv[1] if len(sys.argv) > 1 else "course"))
