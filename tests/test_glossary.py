"""The glossary: the acronym lint, the per-page tooltips, and a real build
that shows both."""

from __future__ import annotations

import re

import markdown
import pytest

from conftest import GOOD_META, ROOT
from esca.pages import glossary

KNOWN = {"LAC", "FS&P", "D-BIT", "NHS"}


@pytest.mark.parametrize("text, found", [
    ("The LAC team", []),
    ("The QQZ team", [(1, "QQZ")]),
    ("QQZ and QQZ again\nthen QQZ", [(1, "QQZ")]),  # once per page, at its first line
    ("FS&P and D-BIT work together", []),
    ("A and I are single letters", []),
    ("s47 and s31ZA are section numbers", []),
    ("NHS-funded care", []),
    ("QQZ-led care", []),  # a hyphenated word is not an acronym
    ("```\nQQZ\n```\nfine", []),
    ("    ```yaml\n    QQZ\n    ```\nQQZ after the fence", [(4, "QQZ")]),
    ("Use `QQZ` as written", []),
    ('<span class="QQZ">x</span>', []),
    ("[the page](QQZ.md)", []),
    ("See https://example.org/QQZ for more", []),
    ("## Heading { #QQZ }", []),
    ("<!-- QQZ -->", []),
    ("*[QQZ]: Something spelled out", []),
    ("---\ntitle: QQZ\n---\n\n# Page\n\nThe QQY team", [(7, "QQY")]),
    ("first line\nthe LAC and the QQZ and the QQY", [(2, "QQZ"), (2, "QQY")]),
])
def test_acronym_lint(text, found):
    findings = list(glossary.lint_acronyms("docs/x.md", text, KNOWN))
    assert [(f.line, f.field) for f in findings] == [(line, f"acronym '{word}'") for line, word in found]
    for finding in findings:
        assert finding.path == "docs/x.md" and finding.problem == "not in the glossary"


SHORT_FORMS = glossary.ShortForms({"SGO": "Special guardianship order", "LAC": "Looked-after children",
                                    "CLA": "Children looked after", "CP": "Child protection",
                                    "CPD": "Continuing professional development", "D-BIT": "Divisional Based "
                                    "Intervention Team", "BIT": "Hypothetical", "A&I": "Assessment and Intervention",
                                    "Health and Care": "Health and social care",
                                    "s47": "Section 47 enquiry", "FS&P": "Hypothetical too", "2FA": "Starts with a digit"})


@pytest.mark.parametrize("text, expected", [
    ("No short forms here", set()),
    ("An SGO lasts to 18", {"SGO"}),
    ("LAC and CLA", {"LAC", "CLA"}),
    ("SGOs", set()),  # not a whole word
    ("CPD only", {"CPD"}),
    ("CP, then CPD", {"CP", "CPD"}),
    ("SGO-led work", {"SGO"}),
    ("Health and Care services", {"Health and Care"}),  # a short form with a space: a plain substring
    ("CP only", {"CP"}),
    ("The D-BIT team", {"D-BIT", "BIT"}),  # BIT starts inside D-BIT's match
    ("The A&I team", {"A&I"}),
    ("A s47 enquiry", {"s47"}),  # starts lower case: a plain substring
    ("non-SGO and pre-CP work", {"SGO", "CP"}),  # capital after a lower-case piece
    ("FS&P-led, x-A&I", {"FS&P", "A&I"}),
    ("Use 2FA", {"2FA"}),
])
def test_short_forms_a_page_contains(text, expected):
    used = SHORT_FORMS.used_in(text)
    assert set(used) == expected
    assert all(used[short] == SHORT_FORMS.abbreviations[short] for short in used)


def test_short_forms_are_never_fewer_than_the_page_shows():
    """Whatever the abbr extension would match, used_in keeps."""
    text = "CPD and CP, D-BIT and BIT, XD-BIT, LAC-CLA, A&I. SGO-led, SGOs. Health and Care. s47, xs47, FS&P-A&I, pre-CP."
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(SHORT_FORMS.abbreviations, key=len,
                                                                    reverse=True))) + r")\b")
    for piece in [text[i:j] for i in range(len(text)) for j in range(i + 1, min(len(text), i + 12) + 1)]:
        assert set(pattern.findall(piece)) <= set(SHORT_FORMS.used_in(piece)), piece


TIPS = {"SGO": "Special guardianship order", "A&I": "Assessment & Intervention", "CP": 'Child "protection"'}
SGO_TIP = '<abbr title="Special guardianship order">SGO</abbr>'


@pytest.mark.parametrize("html, expected", [
    ("<p>An SGO lasts</p>", f"<p>An {SGO_TIP} lasts</p>"),
    ("<p>SGOs and xSGO</p>", "<p>SGOs and xSGO</p>"),  # whole words only
    ('<p><a href="sgo/" title="SGO">SGO</a></p>', f'<p><a href="sgo/" title="SGO">{SGO_TIP}</a></p>'),  # not in attributes
    ("<p><code>SGO</code> SGO</p>", f"<p><code>SGO</code> {SGO_TIP}</p>"),
    ("<pre><code>SGO\nSGO</code></pre>", "<pre><code>SGO\nSGO</code></pre>"),
    ("<!-- SGO --><p>x</p>", "<!-- SGO --><p>x</p>"),
    ('<p><abbr title="Other">SGO</abbr></p>', '<p><abbr title="Other">SGO</abbr></p>'),  # the page's own wins
    ('<svg><text>SGO</text></svg>', '<svg><text>SGO</text></svg>'),
    ('<select><option>SGO</option></select><button>SGO</button>', '<select><option>SGO</option></select><button>SGO</button>'),
    ("<p>The A&amp;I team</p>", '<p>The <abbr title="Assessment &amp; Intervention">A&amp;I</abbr> team</p>'),
    ("<p>CP</p>", '<p><abbr title="Child &quot;protection&quot;">CP</abbr></p>'),
    ("<p>&#SGO; &SGO;</p>", "<p>&#SGO; &SGO;</p>"),  # never inside a character reference
    ("<h2 id=\"sgo\">SGO<a class=\"headerlink\" href=\"#sgo\">¶</a></h2>",
     f"<h2 id=\"sgo\">{SGO_TIP}<a class=\"headerlink\" href=\"#sgo\">¶</a></h2>"),
    ("<p>Nothing here</p>", "<p>Nothing here</p>"),
])
def test_tooltips_go_on_text_only(html, expected):
    assert glossary.ShortForms(TIPS).add_tooltips(html) == expected


def test_tooltips_mark_what_the_abbr_extension_marks():
    """On Markdown the abbr extension can read, the tooltips are the same."""
    text = "An SGO, the A&I team, CP and CPD. `SGO` in code. SGOs.\n\n## SGO work\n\n- [SGO](x.md) and D-BIT\n"
    forms = {**TIPS, "CPD": "Continuing professional development", "D-BIT": "Divisional team"}
    expected = markdown.markdown(text, extensions=["abbr"], extension_configs={"abbr": {"glossary": forms}})
    plain = markdown.markdown(text)
    assert glossary.ShortForms(forms).add_tooltips(plain) == expected


TINY_GLOSSARY = """\
- term: SGO
  expansion: Special guardianship order
  definition: A court order that places a child with a special guardian.
  page: sgo.md
- term: LAC
  expansion: Looked-after children
  aliases:
    CLA: Children looked after
  definition: Children in the care of the council.
  page: lac.md
- term: Hub
  expansion: Children and Families Hub
  definition: The front door for referrals.
  page: lac.md
  tooltip: false
"""


def test_tooltips_on_each_page_and_the_lint_in_a_real_build(tiny_site, expected_warnings):
    build = tiny_site({
        "data/glossary.yml": TINY_GLOSSARY,
        "index.md": GOOD_META + "# Home\n\nRead about [special guardianship](sgo.md) and [care](lac.md).\n",
        "sgo.md": GOOD_META + "# Special guardianship\n\nAn SGO lasts until 18. The Hub takes calls.\n",
        "lac.md": GOOD_META + "# Children in care\n\nLAC and CLA mean the same. The QQZ team is new.\n",
    }, config="  - abbr\n", hooks=[ROOT / "hooks/glossary.py"])
    ours = [line.split("hooks/site_model: ", 1)[1] for line in build.warnings if "hooks/site_model: " in line]
    assert ours == ["docs/lac.md:9: acronym 'QQZ': not in the glossary — add it to data/glossary.yml, or to "
                    "data/acronyms-allowed.yml if it needs no explanation"]
    sgo, lac = build.page("sgo"), build.page("lac")
    assert abbrs(sgo) == [("Special guardianship order", "SGO")]
    assert abbrs(lac) == [("Looked-after children", "LAC"), ("Children looked after", "CLA")]
    assert ">Hub<" not in sgo and "The Hub takes calls" in sgo  # tooltip: false
    glossary_page = build.page("glossary")
    assert "Special guardianship order" in glossary_page and 'href="../sgo/"' in glossary_page


def abbrs(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<abbr title="([^"]*)">([^<]*)</abbr>', html)


def test_a_broken_glossary_gives_a_finding_not_a_crash(tmp_path):
    file = tmp_path / "data/glossary.yml"
    file.parent.mkdir()
    file.write_text("- term: [broken\n")
    broken, findings = glossary.load_glossary(file, tmp_path)
    assert broken == [] and findings and findings[0].path == "data/glossary.yml"


ENTRY = "- term: EHCP\n  expansion: Education, Health and Care plan\n  definition: A plan.\n  page: x.md\n"
ALIAS_FIX = 'write {ABBR: expansion}, quoting an expansion with commas: {EHC: "Education, Health and Care"}'


@pytest.mark.parametrize("aliases, problems", [
    ('  aliases: {EHC: "Education, Health and Care"}\n', []),
    ("  aliases: {EHC: Education, Health and Care}\n",  # YAML reads "Health and Care" as a second alias
     [f"data/glossary.yml:5: glossary[1].aliases.Health and Care: must be text — {ALIAS_FIX}"]),
    ("  aliases: {EHC: }\n", [f"data/glossary.yml:5: glossary[1].aliases.EHC: must be text — {ALIAS_FIX}"]),
    ("  aliases: {EHC: [a, b]}\n", [f"data/glossary.yml:5: glossary[1].aliases.EHC: must be text: ['a', 'b'] — {ALIAS_FIX}"]),
    ("  aliases: [EHC]\n", [f"data/glossary.yml:5: glossary[1].aliases: must be a mapping — {ALIAS_FIX}"]),
    ("  aliases: {\"<b>\": x}\n", ["data/glossary.yml:5: glossary[1].aliases.<b>: not a term: '<b>' — write each term "
                                   "as {ABBR: expansion}"]),
    ("  synonyms: [\"a\\u202eb\"]\n", ["data/glossary.yml:5: glossary[1].synonyms: contains bidirectional control "
                                       "characters, which can make text read differently from what it is: "
                                       "'a\\u202eb' — type the text again without them"]),
])
def test_each_alias_needs_an_expansion(tmp_path, aliases, problems):
    file = tmp_path / "data/glossary.yml"
    file.parent.mkdir()
    file.write_text(ENTRY + aliases)
    _, findings = glossary.load_glossary(file, tmp_path)
    assert [str(f) for f in findings] == problems


def test_a_short_glossary_is_one_page_and_a_long_one_a_page_per_letter():
    short = [glossary.Term(f"S{n}", f"Short {n}", "Defined.", "sgo.md") for n in range(3)]
    assert list(glossary.glossary_pages(short)) == ["glossary.md"]
    long = [glossary.Term(f"{letter}{n}", f"{letter} thing {n}", "Defined.", "roles/x.md")
            for letter in "AB" for n in range(glossary.SPLIT_AT)]
    pages = glossary.glossary_pages(long)
    assert list(pages) == ["glossary.md", "glossary/a.md", "glossary/b.md"]
    assert f"- [Terms beginning with A](glossary/a.md) ({glossary.SPLIT_AT})" in pages["glossary.md"]
    assert "# Glossary: B" in pages["glossary/b.md"] and "[All letters](../glossary.md)" in pages["glossary/b.md"]
    assert "[Read about B thing 0](../roles/x.md)" in pages["glossary/b.md"]
    assert "A0" not in pages["glossary/b.md"]


def test_a_number_in_a_glossary_text_is_held_to_the_phone_classes(tmp_path):
    """Fourth blind attack, B83: a premium number in a definition was published."""
    file = tmp_path / "data/glossary.yml"
    file.parent.mkdir()
    file.write_text(ENTRY.replace("A plan.", "A plan. Ask on 0909 603 7627 or 0345 603 7627."))
    _, findings = glossary.load_glossary(file, tmp_path)
    assert [str(f) for f in findings] == [
        "data/glossary.yml:3: glossary[1].definition: holds the number 0909 603 7627, which costs more to call or can "
        "be redirected (premium rate, 084, 087, 070, 118 and the like) — write only ordinary 01, 02, 03 or 0800 "
        "numbers, or 999 (official contact points belong in data/contacts.yml, where each is checked)"]
