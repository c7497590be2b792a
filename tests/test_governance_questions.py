"""Front matter ``questions:``: what readers ask that a page answers, in a
hidden search field. One finding per bad line."""

from __future__ import annotations

import pytest

from esca import governance, search
from esca.safeyaml import load_text

HEAD = "owner: esca\nlast_reviewed: 2026-11-24\nreview_due: 2027-05-24\n"


def _findings(block: str) -> list[str]:
    meta = load_text(HEAD + block, "docs/p.md", line_offset=1).data
    return [str(f) for f in governance.check_questions("docs/p.md", meta)] if "questions" in meta else []


@pytest.mark.parametrize("block, expected", [
    ("questions:\n  - what does the team do\n  - who can refer\n", []),
    ("questions: what does the team do\n",
     ["docs/p.md:5: questions: must be a list of questions — write questions: then one "
      "'- what does the team do' line per question"]),
    ("questions: []\n",
     ["docs/p.md:5: questions: must be a list of questions — write questions: then one "
      "'- what does the team do' line per question"]),
    ("questions:\n  - fine\n  - <b>bold</b>\n",
     ["docs/p.md:7: questions: has markup or more than one line: '<b>bold</b>' — write one plain question on one line"]),
    ("questions:\n  - [a, list]\n",
     ["docs/p.md:6: questions: must be text: ['a', 'list'] — write one plain question on one line"]),
    ("questions:\n  - " + "x" * 121 + "\n",
     [f"docs/p.md:6: questions: is 121 characters, over 120: '{'x' * 76}…' — write one plain question on one line"]),
    ("questions:\n" + "".join(f"  - q{i}\n" for i in range(11)),
     ["docs/p.md:5: questions: has 11 questions, over 10 — keep the questions the page answers best"]),
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
    ("glossary/", "GLOSSARY_QUESTIONS", "esca.glossary"),
    ("legislation/ledger/", "LEDGER_QUESTIONS", "esca.governance_pages"),
    ("whats-changed/", "QUESTIONS", "esca.whats_changed"),
]


@pytest.fixture(scope="module")
def search_docs(site) -> dict[str, dict]:
    import json

    index = json.loads((site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return {doc["location"]: doc for doc in index["docs"]}


@pytest.mark.parametrize("location, name, module", GENERATED)
def test_generated_pages_entries_carry_their_questions(search_docs, location, name, module):
    import importlib

    from esca.questions import MAX_QUESTIONS, question_problem

    asked = getattr(importlib.import_module(module), name)
    assert 3 <= len(asked) <= MAX_QUESTIONS
    for question in asked:
        assert question_problem(question) is None and question == question.lower() and len(question) <= 100, question
    assert search_docs[location]["questions"] == " ".join(asked)
    for other, doc in search_docs.items():  # no other page answers the same question
        if other != location and "questions" in doc:
            assert not [q for q in asked if f" {q} " in f" {doc['questions']} "], other


def test_front_matter_quotes_each_question_and_writes_nothing_for_none():
    from esca.questions import front_matter
    from esca.safeyaml import load_text

    lines = front_matter(("what is a: colon", "children's # hash"))
    assert lines == ["questions:", '  - "what is a: colon"', '  - "children\'s # hash"']
    assert load_text("\n".join(lines) + "\n", "p.md").data["questions"] == ["what is a: colon", "children's # hash"]
    assert front_matter(()) == []
