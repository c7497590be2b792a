"""Page governance: front matter rules, review states and generated pages."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from conftest import GOOD_META, ROOT
from esca.pages import governance, governance_pages
from esca.site import page_kind

TODAY = dt.date(2026, 11, 24)
VOCAB, _ = governance.load_vocabularies(ROOT / "data", ROOT)
LEDGER = """legislation:
  citation: Children Act 1989 (c. 41)
  source_url: https://www.legislation.gov.uk/ukpga/1989/41/contents
  as_at: 2026-11-24
  status: in-force
"""
TEAM = """team:
  name: Children in Care
  ages: up to 18
  age_groups: [children, teenagers]
  work: [children-in-care]
"""


def meta(body: str) -> str:
    return f"---\n{body}---\n\n# Title\n"


BASE = "owner: esca\nlast_reviewed: 2026-11-01\nreview_due: 2027-05-01\n"

# (case, docs-relative path, page text, expected findings as text)
CASES = [
    ("valid page", "a.md", meta(BASE), []),
    ("no front matter", "a.md", "# Title\n", [
        "docs/a.md:1: front matter: missing — start the page with --- then owner, last_reviewed and review_due, "
        "then --- (see CONTRIBUTING.md)"]),
    ("missing owner", "a.md", meta("last_reviewed: 2026-11-01\nreview_due: 2027-05-01\n"), [
        "docs/a.md:2: owner: required field is missing — add owner: (the team that owns it (data/owners.yml), never a person)"]),
    ("owner is a person", "a.md", meta(BASE.replace("esca", "Jane Smith")), [
        "docs/a.md:2: owner: is not in data/owners.yml: 'Jane Smith' — use one of the ids in "
        "data/owners.yml: access-to-resources, assessment-and-intervention, children-and-families-hub, "
        "children-in-care, d-bit, disabilities-0-25, emergency-duty-service, esca, essex-safeguarding-children-board, "
        "family-centres, family-solutions, family-support-and-protection, …"]),
    ("owner typo", "a.md", meta(BASE.replace("esca", "eska")), [
        "docs/a.md:2: owner: is not in data/owners.yml: 'eska' — did you mean 'esca'?"]),
    ("impossible date", "a.md", meta(BASE.replace("2026-11-01", "2026-02-30")), [
        "docs/a.md:3: last_reviewed: not a real date in the form YYYY-MM-DD: '2026-02-30' — write the date as "
        "YYYY-MM-DD, e.g. 2026-11-24"]),
    ("due before reviewed", "a.md", meta(BASE.replace("2027-05-01", "2026-10-01")), [
        "docs/a.md:4: review_due: is not after last_reviewed: '2026-10-01' — set a date after 2026-11-01"]),
    ("reviewed in the future", "a.md", meta(BASE.replace("2026-11-01", "2026-12-01")), [
        "docs/a.md:3: last_reviewed: is in the future: '2026-12-01' — use the date it was actually reviewed"]),
    ("unknown key", "a.md", meta(BASE + "review_date: 2027-01-01\n"), [
        "docs/a.md:5: review_date: unknown field — did you mean 'review_due'?"]),
    ("duplicate key", "a.md", meta(BASE + "owner: esca\n"), [
        "docs/a.md:5: yaml: duplicate key 'owner' (first at line 2) — keep one of them"]),
    ("legislation page without ledger", "legislation/x.md", meta(BASE), [
        "docs/legislation/x.md:2: legislation: required field is missing — add legislation: (the ledger entry: "
        "citation, source_url, as_at and status, as CONTRIBUTING.md shows)"]),
    ("legislation page with ledger", "legislation/x.md", meta(BASE + LEDGER), []),
    ("ledger with unofficial source", "legislation/x.md",
     meta(BASE + LEDGER.replace("https://www.legislation.gov.uk", "https://lawblog.example")), [
         "docs/legislation/x.md:7: legislation.source_url: must be an https link to legislation.gov.uk, www.gov.uk, "
         "www.justice.gov.uk, www.legislation.gov.uk: "
         "'https://lawblog.example/ukpga/1989/41/contents' — link the official page, e.g. "
         "https://www.legislation.gov.uk/ukpga/1989/41/contents"]),
    ("ledger with unknown status", "legislation/x.md", meta(BASE + LEDGER.replace("in-force", "in-forc")), [
        "docs/legislation/x.md:9: legislation.status: is not in data/legislation-status.yml: 'in-forc' — did you mean 'in-force'?"]),
    ("legislation index needs no ledger", "legislation/index.md", meta(BASE), []),
    ("team page with team block", "roles/children-in-care.md", meta(BASE + TEAM), []),
    ("team page with unknown age group", "roles/children-in-care.md", meta(BASE + TEAM.replace("teenagers", "teens")), [
        "docs/roles/children-in-care.md:8: team.age_groups: is not in data/age-groups.yml: 'teens' — did you mean "
        "'teenagers'?"]),
    ("careers pages are not team pages", "roles/careers/asye.md", meta(BASE), []),
]


@pytest.mark.parametrize("case, src, text, expected", CASES, ids=[c[0] for c in CASES])
def test_front_matter_rules(case, src, text, expected):
    record, findings = governance.check_page(src, f"docs/{src}", text, VOCAB, today=TODAY, kind=page_kind(src))
    assert [str(f) for f in findings] == expected
    if not expected:
        assert record.owner == "esca"


@pytest.mark.parametrize("due, state", [
    (dt.date(2026, 11, 23), "overdue"),
    (dt.date(2026, 11, 24), "due-soon"),
    (dt.date(2027, 1, 23), "due-soon"),
    (dt.date(2027, 1, 24), "ok"),
])
def test_review_state(due, state):
    record = governance.PageRecord("a.md", "A", "esca", dt.date(2026, 1, 1), due)
    assert record.review_state(TODAY) == state


def test_ledger_page_lists_every_instrument_with_its_dates():
    _, findings = governance.check_page("legislation/x.md", "docs/legislation/x.md", meta(BASE + LEDGER), VOCAB, today=TODAY, kind=page_kind("legislation/x.md"))
    assert findings == []
    record, _ = governance.check_page("legislation/x.md", "docs/legislation/x.md",
                                      meta(BASE + LEDGER).replace("# Title", "# Children Act | 1989"), VOCAB, today=TODAY,
                                      kind="legislation")
    text = governance_pages.ledger_page({"legislation/x.md": record}, VOCAB)
    row = [line for line in text.splitlines() if line.startswith("| [")]
    assert row == ["| [Children Act \\| 1989](x.md) | Children Act 1989 (c. 41) | In force | 24 November 2026 | — "
                   "| 1 November 2026 | 1 May 2027 | Essex Social Care Academy (ESCA) "
                   "| [Official text of Children Act 1989 (c. 41)](https://www.legislation.gov.uk/ukpga/1989/41/contents)"
                   '{ data-source="docs/legislation/x.md:7" } |']


def test_overdue_page_shows_a_notice_and_is_listed(tiny_site):
    late = "---\nowner: esca\nlast_reviewed: 2025-01-01\nreview_due: 2025-06-01\n---\n\n# Old page\n"
    build = tiny_site({"index.md": GOOD_META + "# Home\n", "old.md": late}, env={"ESCA_TODAY": "2026-11-24"})
    assert build.returncode == 0, build.output
    page = build.page("old")
    assert "Review overdue" in page and "1 June 2025" in page
    assert "Owned by Essex Social Care Academy (ESCA) · Last reviewed 1 January 2025" in page
    review = build.page("owners/content-review")
    assert 'href="../../old/"' in review
    assert "1 page with the review date passed" in build.output


def test_bad_front_matter_fails_the_build_with_one_line_each(tiny_site, expected_warnings):
    bad = "---\nowner: escaa\nlast_reviewed: 2026-02-30\nreview_due: soon\n---\n\n# Bad\n"
    build = tiny_site({"index.md": GOOD_META + "# Home\n", "bad.md": bad}, env={"ESCA_TODAY": "2026-11-24"})
    ours = [line.split("hooks/site_model: ", 1)[1] for line in build.warnings if "hooks/site_model: " in line]
    assert ours == [
        "docs/bad.md:2: owner: is not in data/owners.yml: 'escaa' — did you mean 'esca'?",
        "docs/bad.md:3: last_reviewed: not a real date in the form YYYY-MM-DD: '2026-02-30' — write the date as "
        "YYYY-MM-DD, e.g. 2026-11-24",
        "docs/bad.md:4: review_due: not a real date in the form YYYY-MM-DD: 'soon' — write the date as YYYY-MM-DD, "
        "e.g. 2026-11-24",
    ]
    assert build.returncode == 1 and "Traceback" not in build.output


@pytest.mark.parametrize("page, expected", [
    ("<main><article>Text</article></main></body>", "<main><article>Text<LINE></article></main></body>"),
    ("<article>a</article><article>b</article>", "<article>a</article><article>b<LINE></article>"),
    ("<body><p>x</p></body>", "<body><p>x</p><LINE></body>"),
    ("<p>x</p>", "<p>x</p><LINE>"),
])
def test_review_line_goes_at_the_end_of_the_article(page, expected):
    assert governance_pages.add_review_line(page, "<LINE>") == expected


def test_review_line_is_on_every_page_but_not_in_search(site):
    index = json.loads((site.site / "search/search_index.json").read_text(encoding="utf-8"))
    assert [doc["location"] for doc in index["docs"] if "Owned by" in doc["text"]] == []
    page = site.page("legislation/children-act-1989")
    assert page.count('<aside class="esca-review"') == 1
    assert page.index('<aside class="esca-review"') < page.index("</article>")


def test_roles_index_lists_every_team_in_its_folder_with_filter_data():
    records = {}
    for src, team in (("roles/children-in-care.md", TEAM),
                      ("roles/d-bit.md", TEAM.replace("Children in Care", "D-BIT & \"Intensive\"")
                       .replace("[children, teenagers]", "[teenagers]").replace("[children-in-care]", "[early-help]"))):
        record, findings = governance.check_page(src, f"docs/{src}", meta(BASE + team), VOCAB, today=TODAY, kind=page_kind(src))
        assert findings == []
        records[src] = record
    # A team page in another folder belongs to that folder's index, not this one.
    records["archive/roles/children-in-care.md"] = dataclasses.replace(record, src="archive/roles/children-in-care.md")
    text = governance_pages.roles_index(records, VOCAB, page_src="roles/index.md")
    items = [line for line in text.splitlines() if line.startswith("<li")]
    assert items == [
        '<li data-age="children teenagers" data-work="children-in-care"><a href="children-in-care/">Children in Care</a>:'
        " ages up to 18; Children in care and permanence</li>",
        '<li data-age="teenagers" data-work="early-help"><a href="d-bit/">D-BIT &amp; &quot;Intensive&quot;</a>:'
        " ages up to 18; Early help and family support</li>",
    ]
    assert '<label for="team-age">Works with</label>' in text and 'role="status"' in text
