"""Readers' questions: the one rule for a ``questions:`` list.

Pages (front matter), courses and programmes (curricula files) may list the
questions a reader would type that they answer. Search finds the page by
them (a hidden field, esca.search.with_questions); they are never shown.
``esca.governance`` and ``esca.curricula.validate`` both check them here.
"""

from __future__ import annotations

import json
from typing import Iterable

from esca.findings import text_problem

MAX_QUESTIONS = 10
MAX_CHARS = 120
FIX = "write one plain question on one line"


def question_problem(question: object) -> str | None:
    """What is wrong with one question, or None: it is text that shows, has
    no markup, fits on one line and is at most 120 characters."""
    problem = text_problem(question)
    if problem is None and ("<" in question or "\n" in question.strip()):
        problem = "has markup or more than one line"
    if problem is None and len(question) > MAX_CHARS:
        problem = f"is {len(question)} characters, over {MAX_CHARS}"
    return problem


def front_matter(questions: Iterable[str]) -> list[str]:
    """The ``questions:`` lines for the front matter of a page the build
    writes from many items (the catalogue, the ledger…): one ``  - "…"`` line
    each, quoted so any text stays valid YAML."""
    questions = list(questions)
    return ["questions:", *(f"  - {json.dumps(q, ensure_ascii=False)}" for q in questions)] if questions else []
