"""Front matter ``questions:``: what readers ask that a page answers, in a
hidden search field. One finding per bad line."""

from __future__ import annotations

import pytest

from esca.core.safeyaml import load_text
from esca.pages import governance
from esca.search import entries as search

HEAD = "owner: esca\nlast_reviewed: 2026-11-24\nreview_due: 2027-05-24\n"


def _findings(block: str) -> list[str]:
    """The page's front matter findings, from the one declaration (esca.pages.governance.PAGE)."""
    text = "---\n" + HEAD + block + "---\n# Page\n"
    return [str(f) for f in governance.check_page("p.md", "docs/p.md", text, _vocab(), today=_today())[1]]


@pytest.mark.parametrize("block, expected", [
    ("questions:\n  - what does the team do\n  - who can refer\n", []),
    ("questions: what does the team do\n",
     ["docs/p.md:5: questions: must be a list: 'what does the team do' — write one '- value' line per item, or [a, b]"]),
    ("questions: []\n", ["docs/p.md:5: questions: needs at least 1 item — add more"]),
    ("questions:\n  - fine\n  - <b>bold</b>\n",
     ["docs/p.md:7: questions: has markup ('<'): '<b>bold</b>' — write plain text, without < or HTML tags"]),
    ("questions:\n  - [a, list]\n",
     ["docs/p.md:6: questions: must be text: ['a', 'list'] — write it as text on one line, or use >- for longer text"]),
    ("questions:\n  - " + "x" * 121 + "\n",
     ["docs/p.md:6: questions: is 121 characters, over the limit of 120 — shorten it"]),
    ("questions:\n" + "".join(f"  - q{i}\n" for i in range(11)),
     ["docs/p.md:5: questions: has 11 items, more than 10 — keep the 10 most important"]),
])
def test_each_bad_question_is_one_finding(block, expected):
    assert _findings(block) == expected


def test_the_record_keeps_the_questions():
    text = "---\n" + HEAD + "questions:\n  - who can refer\n---\n# Page\n"
    record, findings = governance.check_page("p.md", "docs/p.md", text, _vocab(), today=_today())
    assert findings == [] and record.questions == ("who can refer",)


def test_questions_go_on_the_pages_own_entry_only():
    entries = [{"location": "t/", "title": "Team", "text": ""}, {"location": "t/#a", "title": "A", "text": "x"}]
    out = search.with_questions(entries, "t/", ["who  can refer", "where is it"])
    assert out[0]["questions"] == "who can refer where is it" and "questions" not in out[1]
    assert "questions" not in entries[0]  # the input is not changed


def _vocab():
    from conftest import ROOT

    return governance.load_vocabularies(ROOT / "data", ROOT)[0]


def _today():
    import datetime as dt

    return dt.date(2026, 12, 1)


# Pages the build writes from many items: their questions come from the front
# matter their generator gives them (esca.checker.Work._questions).
GENERATED = [
    ("cpd/catalogue/", "CATALOGUE_QUESTIONS", "esca.curricula.render"),
    ("cpd/programmes/", "PROGRAMMES_QUESTIONS", "esca.curricula.render"),
    ("cpd/dashboard/", "DASHBOARD_QUESTIONS", "esca.curricula.render"),
    ("cpd/whats-new/", "WHATS_NEW_QUESTIONS", "esca.curricula.render"),
    ("cpd/field-reference/", "FIELD_REFERENCE_QUESTIONS", "esca.curricula.render"),
    ("glossary/", "GLOSSARY_QUESTIONS", "esca.pages.glossary"),
    ("legislation/ledger/", "LEDGER_QUESTIONS", "esca.pages.governance_pages"),
    ("whats-changed/", "QUESTIONS", "esca.pages.whats_changed"),
]


@pytest.fixture(scope="module")
def search_docs(site) -> dict[str, dict]:
    import json

    index = json.loads((site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return {doc["location"]: doc for doc in index["docs"]}


@pytest.mark.parametrize("location, name, module", GENERATED)
def test_generated_pages_entries_carry_their_questions(search_docs, location, name, module):
    import importlib

    from esca.core import fields
    from esca.core.questions import MAX_QUESTIONS
    from esca.core.safeyaml import LineMap
    from esca.curricula.model import questions_field

    asked = getattr(importlib.import_module(module), name)
    assert 3 <= len(asked) <= MAX_QUESTIONS
    declaration = fields.Field("page", "map", fields=(questions_field("page", []),))
    found = list(fields.check("p.md", LineMap(questions=list(asked)), declaration, fields.Context({}, _today())))
    assert found == []  # the rule every page's questions follow
    for question in asked:
        assert question == question.lower() and len(question) <= 100, question
    assert search_docs[location]["questions"] == " ".join(asked)
    for other, doc in search_docs.items():  # no other page answers the same question
        if other != location and "questions" in doc:
            assert not [q for q in asked if f" {q} " in f" {doc['questions']} "], other


def test_front_matter_quotes_each_question_and_writes_nothing_for_none():
    from esca.core.questions import front_matter
    from esca.core.safeyaml import load_text

    lines = front_matter(("what is a: colon", "children's # hash"))
    assert lines == ["questions:", '  - "what is a: colon"', '  - "children\'s # hash"']
    assert load_text("\n".join(lines) + "\n", "p.md").data["questions"] == ["what is a: colon", "children's # hash"]
    assert front_matter(()) == []
