"""The knowledge base: coverage and the writing rules the sources demand."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT

DOCS = ROOT / "docs"
TEAMS = [
    "children-and-families-hub", "assessment-and-intervention", "family-support-and-protection",
    "leaving-and-after-care", "children-in-care", "family-centres", "fostering-and-adoption",
    "disabilities-0-25", "safeguarding", "residential-services", "quality-assurance-and-safeguarding",
    "youth-offending-service", "d-bit", "family-solutions", "emergency-duty-service",
    "sgo-and-connected-persons", "access-to-resources", "essex-safeguarding-children-board", "schools-admissions",
]
PAGES = sorted(DOCS.rglob("*.md"))


def body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[1] if text.startswith("---") else text


def test_all_19_teams_have_pages(site):
    for team in TEAMS:
        html = site.page(f"roles/{team}")
        assert "What the team does" in html, team
    assert len(TEAMS) == 19


def test_the_seven_principles_are_present_in_order():
    text = body(DOCS / "corporate-parenting/principles.md")
    headings = re.findall(r"^## (\d)\. (.+)$", text, re.MULTILINE)
    assert [number for number, _ in headings] == ["1", "2", "3", "4", "5", "6", "7"]
    # Children and Social Work Act 2017, s1(1)(a) to (g), in the Act's order.
    keywords = ["best interests", "say what they think", "views into account", "use services",
                "aspirations", "safe", "adulthood"]
    assert all(word in title.lower() for word, (_, title) in zip(keywords, headings)), headings


def test_every_legislation_page_is_in_the_ledger(site):
    ledger = site.page("legislation/ledger")
    pages = [p for p in (DOCS / "legislation").glob("*.md") if p.name != "index.md"]
    assert len(pages) == 14
    for page in pages:
        assert f'href="../{page.stem}/"' in ledger, page.name
    assert ledger.count("https://www.legislation.gov.uk/") + ledger.count("https://www.gov.uk/") + ledger.count("https://www.justice.gov.uk/") >= 14


def test_every_page_with_review_data_shows_it_and_no_other_page_claims_one(site):
    """Pages written by hand, and course and programme pages (from their
    files' own dates), show their owner and review dates. Pages built from
    many items (catalogue, ledger, glossary…) carry no review date of their
    own: the build's clock never stands in for a review."""
    written = {re.sub(r"(^|/)index$", "", p.relative_to(DOCS).as_posix()[:-3]) for p in PAGES}
    with_data = written | {f"cpd/courses/{p.stem}" for p in (ROOT / "curricula/courses").glob("*.yml")} | {
        f"cpd/programmes/{p.stem}" for p in (ROOT / "curricula/programmes").glob("*.yml")}
    shown = {p.parent.relative_to(site.site).as_posix().replace(".", "") for p in site.site.rglob("index.html")
             if 'class="esca-review"' in p.read_text(encoding="utf-8")}
    assert len(with_data) > 100
    assert shown == with_data


EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE = re.compile(r"(?<!\d)(?:\+44\s?|0)(?:\d[\s-]?){9,10}(?!\d)")
# Personal names that appear in the seeds. None is published: roles, not people.
SEED_NAMES = ["Helen Lincoln", "Michelle Hayden-Pepper", "Bianka Lang", "Kiran Box", "Isabelle Trowler"]


@pytest.mark.parametrize("path", PAGES, ids=[p.relative_to(DOCS).as_posix() for p in PAGES])
def test_no_email_phone_or_personal_name(path):
    text = body(path)
    assert EMAIL.findall(text) == []
    assert PHONE.findall(text) == []
    assert [name for name in SEED_NAMES if name in text] == []


def test_the_personal_data_patterns_work():
    assert EMAIL.findall("write to jo.bloggs@example.org today") == ["jo.bloggs@example.org"]
    assert PHONE.findall("call 01245 123456 now") and PHONE.findall("or +44 1245 123456")
    assert PHONE.findall("In 2018 and 2023, 70,000 applications") == []


SECTION = re.compile(r"\b(?:s|ss|section|sections)\s?\.?\s?\d+[A-Z]*\b|\(\d\)|Part \d|Part [IVX]+", re.IGNORECASE)


def must_without_section(text: str) -> list[str]:
    """Sentences that say 'must' without naming the section the duty comes from."""
    prose = re.sub(r"```.*?```|`[^`]*`|<[^>]+>", " ", text, flags=re.DOTALL)
    sentences = re.split(r"(?<=[.!?])\s+|\n\s*\n|\n\s*[-*\d.]+\s", prose)
    return [" ".join(s.split()) for s in sentences if re.search(r"\bmust\b", s, re.IGNORECASE) and not SECTION.search(s)]


@pytest.mark.parametrize("path", PAGES, ids=[p.relative_to(DOCS).as_posix() for p in PAGES])
def test_must_only_with_a_cited_section(path):
    assert must_without_section(body(path)) == []


@pytest.mark.parametrize("text, flagged", [
    ("The council must make enquiries (Children Act 1989, s47).", False),
    ("The council must publish a local offer (Children and Social Work Act 2017, section 2).", False),
    ("You must book your course.", True),
    ("Staff must read this. It is section 1 of the guide.", True),
])
def test_the_must_rule_can_fail(text, flagged):
    assert bool(must_without_section(text)) is flagged
