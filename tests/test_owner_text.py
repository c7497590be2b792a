"""Reader text and owner notes apart: nothing addressed to a page's owner, and
no research-note wording, reaches a built page for readers; owners find what
is missing on the "Content gaps" page, built from each page's `gaps:` front
matter, in the owners' area (owners/), which is in no reader menu, not in
search and not in the sitemap, and which no reader page links to."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pytest

from conftest import ROOT

from esca.core.findings import Finding
from esca.core.safeyaml import load_text
from esca.pages import gaps, governance, governance_pages

OWNERS = governance_pages.OWNERS_DIR + "/"
OWNERS_PAGES = ["owners/", "owners/content-review/", "owners/content-gaps/"]


def visible_text(page_html: str) -> str:
    """The page's text as a reader (or a screen reader) gets it, attributes included."""
    without_code = re.sub(r"<(script|style)\b.*?</\1>", " ", page_html, flags=re.DOTALL | re.IGNORECASE)
    attributes = " ".join(re.findall(r'(?:title|alt|aria-label|content)="([^"]*)"', without_code))
    return html.unescape(re.sub(r"<[^>]+>", " ", without_code) + " " + attributes)


def test_no_owner_text_or_research_notes_on_any_built_page(site):
    pages = sorted(site.site.rglob("*.html"))
    found = {}
    for path in pages:
        rel = path.relative_to(site.site).as_posix()
        if rel.startswith(OWNERS):
            continue
        hits = gaps.owner_phrases_in(visible_text(path.read_text(encoding="utf-8")))
        if hits:
            found[rel] = hits
    assert len(pages) > 100
    assert found == {}


def test_the_gaps_page_lists_gaps_with_page_and_owning_team(site):
    text = visible_text(site.page("owners/content-gaps"))
    assert "Content gaps" in text
    # A gap from a team page, shown with its owning team's name from data/owners.yml.
    assert re.search(r"Youth Offending Service\s+Youth Offending Service\s+Where the YOS teams are based", " ".join(text.split()))
    built = re.search(r"(\d+) gaps on (\d+) pages", text)
    assert built and int(built.group(1)) >= 40, "the build should report its count of gaps"


def test_the_gaps_page_lists_what_the_statistics_ledger_still_needs(site):
    text = " ".join(visible_text(site.page("owners/content-gaps")).split())
    assert "Child protection plans in England on 31 March: The England rate per 10,000 children" in text


@pytest.mark.parametrize("location", OWNERS_PAGES)
def test_owners_pages_are_built_but_not_in_search_or_the_sitemap(site, location):
    assert (site.site / location / "index.html").is_file()
    index = (site.site / "search/search_index.json").read_text(encoding="utf-8").replace(" ", "")
    assert f'"location":"{location}' not in index
    sitemap = (site.site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"/{location}</loc>" not in sitemap
    assert "/about/</loc>" in sitemap and "/legislation/ledger/</loc>" in sitemap  # readers' pages still are


def test_no_reader_page_links_to_the_owners_area(site):
    """Not in any menu (the navigation is on every page) nor in any page's text."""
    linking = []
    for path in sorted(site.site.rglob("*.html")):
        rel = path.relative_to(site.site).as_posix()
        if rel.startswith(OWNERS):
            continue
        page = path.read_text(encoding="utf-8")
        if re.search(r'href="(?:\.\./)*owners/|href="[^"]*/owners/', page):
            linking.append(rel)
    assert linking == []
    assert "Content gaps" not in site.page("about") and "Content due for review" not in site.page("about")


def test_the_owners_area_links_its_pages(site):
    index = site.page("owners")
    assert 'href="content-review/"' in index and 'href="content-gaps/"' in index


# --- unit rows for esca.pages.gaps ---------------------------------------------

def _gap_findings(front: str) -> list[str]:
    """A page's front matter findings: gaps are declared with every other key (esca.pages.governance.PAGE)."""
    import datetime as dt

    vocab = governance.load_vocabularies(ROOT / "data", ROOT)[0]
    text = "---\nowner: esca\nlast_reviewed: 2026-11-24\nreview_due: 2027-05-24\n" + front + "---\n# Page\n"
    return governance.check_page("x.md", "docs/x.md", text, vocab, today=dt.date(2026, 12, 1))[1]


@pytest.mark.parametrize("front, expected", [
    ("", []),
    ('gaps:\n  - "Where the team is based"\n  - The roles in the team\n', []),
    ("gaps: Where the team is based\n",
     ["docs/x.md:5: gaps: must be a list: 'Where the team is based' — write one '- value' line per item, or [a, b]"]),
    ('gaps:\n  - ""\n', ["docs/x.md:6: gaps: is empty or only invisible characters: '' — write the text"]),
    ("gaps:\n  - 3\n", ["docs/x.md:6: gaps: must be text: 3 — write it as text on one line, or use >- for longer text"]),
    ('gaps:\n  - "one\\ntwo"\n', ["docs/x.md:6: gaps: must be one line: 'one\\ntwo' — write it on one line"]),
    ("gaps:\n  - " + "x" * 201 + "\n", ["docs/x.md:6: gaps: is 201 characters, over the limit of 200 — shorten it"]),
], ids=["absent", "good", "not-a-list", "empty", "number", "two-lines", "too-long"])
def test_gap_rules(front, expected):
    assert [str(f) for f in _gap_findings(front)] == expected


def test_gap_findings_are_in_the_one_shape():
    findings = _gap_findings("gaps: nope\n")
    assert findings and all(isinstance(f, Finding) and f.key == "list" for f in findings)


@dataclass
class Rec:
    src: str
    title: str
    owner: str | None
    gaps: tuple[str, ...] = ()


def test_gaps_page_groups_by_team_escapes_and_links():
    records = [
        Rec("roles/b.md", "Team B", "b", ("Where | it is", "Roles <b>")),
        Rec("roles/a.md", "Team A", "a", ("Where it is",)),
        Rec("about/x.md", "No gaps", "a"),
    ]
    page = gaps.gaps_page(records, {"a": "Alpha", "b": "Beta"})
    rows = [line for line in page.splitlines() if line.startswith("| [")]
    assert rows == [
        "| [Team A](../roles/a.md) | Alpha | Where it is |",
        "| [Team B](../roles/b.md) | Beta | Where \\| it is |",
        "| [Team B](../roles/b.md) | Beta | Roles &lt;b&gt; |",
    ]
    assert "3 gaps on 2 pages" in page
    assert page.startswith("---\nsearch:\n  exclude: true\n---\n")  # no review date from the clock
    assert gaps.count(records) == 3


def test_gaps_page_with_none_says_so():
    page = gaps.gaps_page([Rec("a.md", "A", "esca")], {"esca": "ESCA"})
    assert "0 gaps on 0 pages" in page and page.rstrip().endswith("None.")


@pytest.mark.parametrize("text, hits", [
    ("[Content owner to supply: where the team is based.]", ["content owner to supply"]),
    ("Our sources do not say where it is.", ["our sources", "sources do not"]),
    ("The briefing does not\n say which period.", ["the briefing does not say"]),
    ("Ask your team manager or ESCA where the team works from.", []),
])
def test_owner_phrases_can_be_found(text, hits):
    assert gaps.owner_phrases_in(text) == hits


def test_a_pages_own_gaps_and_its_figures_gaps_count_as_one_page():
    from esca.pages import statistics

    records = [Rec("c/local-data.md", "Local data", "esca", ("The owner's own gap",)),
               statistics.GapRow("c/local-data.md", "Local data", "esca", ("Rates: the period",)),
               statistics.GapRow("c/local-data.md", "Local data", "esca", ("England: the rate",))]
    assert "3 gaps on 1 page." in gaps.gaps_page(records, {"esca": "ESCA"})
