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
    ("questions:\n" + "".join(f"  - q{i}\n" for i in range(9)),
     ["docs/p.md:5: questions: has 9 questions, over 8 — keep the questions the page answers best"]),
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
