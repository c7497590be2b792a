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


def test_the_19_teams_in_the_sources_are_the_team_pages(site):
    """The recruitment page (seed 000) names 19 teams: each has a team page,
    and there is no other."""
    from esca.site import page_kind

    pages = {p.stem for p in (DOCS / "roles").glob("*.md") if page_kind(f"roles/{p.name}") == "team"}
    assert pages == set(TEAMS)
    for team in TEAMS:
        assert "What the team does" in site.page(f"roles/{team}"), team


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
    # The law the brief names is summarised (more topic pages may be added).
    assert {"children-act-1989", "children-act-2004", "children-and-families-act-2014",
            "children-and-social-work-act-2017", "working-together-2023"} <= {p.stem for p in pages}
    for page in pages:
        assert f'href="../{page.stem}/"' in ledger, page.name
    official = sum(ledger.count(f"https://{host}/") for host in ("www.legislation.gov.uk", "www.gov.uk", "www.justice.gov.uk"))
    assert official >= len(pages)  # every entry links its official source


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


@pytest.mark.parametrize("path", PAGES, ids=[p.relative_to(DOCS).as_posix() for p in PAGES])
def test_each_page_keeps_the_writing_rules(path):
    """No email, phone number or person's name; "must" only with a cited
    section; one H1 and headings in order. The rules are the build's own
    (esca.checks.rules, table-tested in test_site_model.py)."""
    from esca.checks import rules

    rel = path.relative_to(ROOT).as_posix()
    assert [str(f) for f in rules.check_page(rel, path.read_text(encoding="utf-8"))] == []