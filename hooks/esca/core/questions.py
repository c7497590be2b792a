"""Readers' questions: the limits of a ``questions:`` list, and how the
build writes one.

Pages (front matter), courses and programmes (curricula files) may list the
questions a reader would type that they answer. Search finds the page by
them (a hidden field, esca.search.entries.with_questions); they are never shown.
The field itself is declared once, in esca.curricula.model.questions_field.
"""

from __future__ import annotations

import json
from typing import Iterable

MAX_QUESTIONS = 10
MAX_CHARS = 120


def front_matter(questions: Iterable[str]) -> list[str]:
    """The ``questions:`` lines for the front matter of a page the build
    writes from many items (the catalogue, the ledger…): one ``  - "…"`` line
    each, quoted so any text stays valid YAML."""
    questions = list(questions)
    return ["questions:", *(f"  - {json.dumps(q, ensure_ascii=False)}" for q in questions)] if questions else []
