"""The search enrichment and the Python replica of the browser's search."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import GOOD_META, ROOT
from mkdocs.exceptions import PluginError

from esca.search import entries as search, index as searchindex
from search_replica import (Replica, asks_what_it_is, distinct_pages_first, other_forms, phrase_pattern, query_plan,
                            typo_distance, typos_allowed)
from esca.pages.glossary import Term

SGO = Term("SGO", "special guardianship order", "A court order.", "legislation/special-guardianship.md",
           synonyms=("special guardian", "kinship care"))
CIC = Term("CiC", "children in care", "Children the council looks after.", "roles/children-in-care.md",
           aliases=(("LAC", "looked-after children"),))


@pytest.mark.parametrize("directory_urls, location", [(True, "roles/children-in-care/"),
                                                      (False, "roles/children-in-care.html")])
def test_the_glossary_field_goes_on_the_terms_page_in_either_url_style(directory_urls, location):
    """The offline copy's pages end in .html: the glossary field must find
    the term's page there too."""
    docs = [{"location": location, "title": "Children in Care", "text": ""},
            {"location": location + "#roles", "title": "Roles", "text": ""}]
    enriched = search.enrich_docs(docs, [CIC], directory_urls=directory_urls)
    assert "LAC" in enriched[0]["glossary"].split() and "glossary" not in enriched[1]


@pytest.mark.parametrize("text, expected", [
    ("Enquiries under section 47 start", ["s47", "s.47", "section 47"]),
    ("an s.17 assessment", ["s17", "s.17", "section 17"]),
    ("Section 31ZA is new", ["s31za", "s.31za", "section 31za"]),
    ("No reference here", []),
])
def test_legal_references_get_every_form(text, expected):
    assert search.keywords_for(text, []) == expected


@pytest.mark.parametrize("text, found", [
    ("<p>An <abbr>SGO</abbr> lasts to 18</p>", True),
    ("A special guardianship order lasts", True),
    ("Support for kinship care", True),
    ("SGOs are common", False),  # a different word: not matched by the abbreviation
    ("Nothing relevant", False),
])
def test_mentions_of_a_term(text, found):
    assert ("special guardianship order" in search.keywords_for(text, [SGO])) is found


def test_enrich_puts_forms_on_the_main_page_and_mentions_elsewhere():
    index = {"config": {"fields": {"mentions": {"boost": 20}}}, "docs": [
        {"location": "roles/children-in-care/", "title": "Children in Care", "text": "Our teams"},
        {"location": "roles/children-in-care/#what", "title": "What", "text": "We visit children"},
        {"location": "legislation/x/", "title": "Law", "text": "Duties to looked-after children"},
    ]}
    docs = search.enrich(index, [CIC])["docs"]
    assert docs[0]["glossary"] == "CiC children in care LAC looked-after children"
    assert "glossary" not in docs[1] and "mentions" not in docs[1]
    assert "LAC" in docs[2]["mentions"] and "glossary" not in docs[2]
    plain = search.enrich({**index, "config": {}}, [CIC])["docs"]
    assert "mentions" not in plain[2]  # only when mkdocs.yml configures the field


INDEX = {
    "config": {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"],
               "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}}},
    "docs": [
        {"location": "a/", "title": "Children in care", "text": "<p>Care planning for children</p>"},
        {"location": "a/#reviews", "title": "Reviews", "text": "<p>Reviews of care plans</p>"},
        {"location": "b/", "title": "Care leavers", "text": "<p>Leaving care at 18</p>"},
        {"location": "c/", "title": "Supervision", "text": "<p>Reflective supervision</p>"},
    ],
}


@pytest.mark.parametrize("query, transformed", [
    ("care", "care*"),
    ("care leavers", "care* leavers*"),
    ('"care leavers"', "+care +leavers"),
    ("care-leavers", "care-leavers* care-leavers*"),  # as Material does: each part keeps its context
    ("  ", ""),
    ("-care", "-care"),
])
def test_query_transform_matches_material(query, transformed):
    assert Replica(INDEX).transform(query) == transformed


@pytest.mark.parametrize("query, pages", [
    ("care leavers", ["b/", "a/"]),
    ("reviews", ["a/"]),
    ("supervision", ["c/"]),
    ("nothing", []),
])
def test_replica_ranks_and_groups_by_page(query, pages):
    assert Replica(INDEX).search(query) == pages


def _prebuilt(docs: list[dict]) -> dict:
    config = {"separator": r'[\s\-_,:;!?=\[\]()"/]+|\.(?!\d)', "pipeline": ["stopWordFilter"],
              "fields": {"title": {"boost": 100}, "questions": {"boost": 30}, "text": {"boost": 1}}}
    return {"config": {**config, "index": searchindex.prebuild(docs, config)}, "docs": docs}


PHRASE_INDEX = _prebuilt([
    {"location": "apart/", "title": "Meetings", "text": "<p>Support, support: the family, the family.</p>"},
    {"location": "phrase/", "title": "Help", "text": "<p>Family support.</p>"},
    {"location": "gap/", "title": "Jobs", "text": "<p>Apply for a job here; apply now, job fair.</p>"},
    {"location": "far/", "title": "Jobs board", "text": "<p>Apply to us, and for every job.</p>"},
    {"location": "typo/", "title": "Scrutiny", "text": "<p>Overview and scrutiny committees.</p>",
     "questions": "what does a scrutiny committee do"},
    {"location": "fields/", "title": "Course file", "text": "<p>learning_outcomes: three to six.</p>"},
])


@pytest.mark.parametrize("query, first", [
    ("family support", "phrase/"),  # the words as a phrase beat the same words apart, said twice
    ("support family", "apart/"),  # the other order is no phrase: more mentions win
    ("how do I apply for a job", "gap/"),  # up to two words between the query's words
    ("scrutney", "typo/"),  # two typos from 8 letters
    ("learning outcomes", "fields/"),  # field names split at "_"
    ("learning_outcomes", "fields/"),
])
def test_phrases_typos_and_field_names(query, first):
    assert Replica(PHRASE_INDEX).search(query)[0] == first


@pytest.mark.parametrize("plan, text, found", [
    ([("family", "exact"), ("support", "exact")], " family support ", True),
    ([("family", "exact"), ("support", "exact")], " support family ", False),
    ([("apply", "exact"), ("job", "exact")], " apply for a job ", True),
    ([("apply", "exact"), ("job", "exact")], " apply to us and for every job ", False),  # three words between
    ([("care", "exact"), ("leav", "prefix")], " care leavers ", True),
    ([("care", "exact"), ("leav", "prefix")], " careful leavers ", False),
    ([("care", "exact"), ("levers", "fuzzy")], " care leavers ", False),  # no phrase with a typo
    ([("care", "exact")], " care ", False),  # one word is no phrase
])
def test_phrase_pattern(plan, text, found):
    pattern = phrase_pattern(plan)
    assert bool(pattern and pattern.search(text)) is found


@pytest.mark.parametrize("word, typos", [("cort", 1), ("abuse", 1), ("scruny", 1), ("scrutny", 2), ("scrutney", 2),
                                         ("safegarding", 2), ("disproportionalityy", 2), ("x" * 21, 1)])
def test_longer_words_may_hold_two_typos(word, typos):
    assert typos_allowed(word) == typos


@pytest.mark.parametrize("word, found_at, distance", [
    ("childern", {1: ["children"], 2: ["children", "childrens"]}, 1),  # the nearest words only
    ("sefguarding", {2: ["safeguarding"]}, 2),
    ("zzzzzzzz", {}, 2),  # nothing near: the most allowed, which finds nothing
    ("cort", {1: ["court"]}, 1),
])
def test_a_typo_is_matched_to_the_nearest_words(word, found_at, distance):
    assert typo_distance(word, lambda w, d: bool(found_at.get(d))) == distance


@pytest.mark.parametrize("query, plan", [
    ("cort skills", [("cort", "fuzzy"), ("skills", "exact")]),  # 4 letters: one typo
    ("cot skills", [("skills", "exact")]),  # 3 letters, not the last word: dropped
    ("skills cou", [("skills", "exact"), ("cou", "prefix")]),  # still typing: a title or text word starts so
    ("skills gaurdian", [("skills", "exact"), ("gaurdian", "fuzzy")]),  # only a hidden word starts so
])
def test_query_plan(query, plan):
    replica = Replica(HIDDEN_INDEX)
    assert query_plan(replica.transform(query), replica.separator, replica._known, replica._has_prefix) == plan


@pytest.mark.parametrize("query, asks", [
    ("what is systemic practice", True), ("whats a pathway plan", True), ("What does PLO mean", True),
    ("what are care leavers entitled to", True), ("define safe uncertainty", True), ("meaning of s47", True),
    ("systemic practice", False), ("what training is there", False), ("whatever", False), ("is it what", False),
])
def test_what_is_questions(query, asks):
    replica = Replica(HIDDEN_INDEX)
    assert asks_what_it_is(replica.transform(query), replica.separator) is asks


def _hidden_prebuilt(docs: list[dict]) -> dict:
    config = {"separator": r'[\s\-_,:;!?=\[\]()"/]+|\.(?!\d)', "pipeline": ["stopWordFilter"],
              "fields": {"glossary": {"boost": 300}, "title": {"boost": 100}, "questions": {"boost": 30},
                         "text": {"boost": 1}}}
    return {"config": {**config, "index": searchindex.prebuild(docs, config)}, "docs": docs}


HIDDEN_INDEX = _hidden_prebuilt([
    {"location": "about/", "title": "About the academy", "text": "<p>Who we are.</p>",
     "glossary": "social care, children's social care, adult social care, gaurdianship"},
    {"location": "thresholds/", "title": "Social care thresholds", "text": "<p>When social care steps in.</p>"},
    {"location": "courses/systemic/", "title": "Systemic practice in depth (course)",
     "text": "<p>Systemic practice, and systemic practice again.</p>",
     "questions": "what is systemic practice"},
    {"location": "model/systemic/", "title": "Systemic practice", "text": "<p>What it is.</p>"},
    {"location": "skills/", "title": "Court skills", "text": "<p>Giving evidence in court.</p>"},
    {"location": "data/", "title": "Local data", "text": "<p>All districts.</p>"},
    {"location": "data/#children-in-care", "title": "Children in care", "text": "<p>Harlow 50, Epping 40</p>"},
    {"location": "data/#children-in-need", "title": "Children in need", "text": "<p>Harlow 300, Epping 200</p>"},
    {"location": "teams/", "title": "Teams", "text": "<p>Teams in Harlow and across Essex.</p>"},
])


@pytest.mark.parametrize("query, first", [
    ("social care", "thresholds/"),  # a common word in a glossary form counts as in a title, once
    ("systemic practice", "courses/systemic/"),  # the course says it most
    ("what is systemic practice", "model/systemic/"),  # but the page that explains it answers the question
    ("cort skills", "skills/"),  # a 4-letter word, one typo
])
def test_hidden_fields_what_is_questions_and_short_typos(query, first):
    assert Replica(HIDDEN_INDEX).search(query)[0] == first


def test_no_two_entries_of_a_page_tie():
    """Material shows every entry of a page that ties with its best: the
    chart sections of one page, each naming Harlow once, filled the screen."""
    replica = Replica(HIDDEN_INDEX)
    scores = {r["ref"]: r["score"] for r in replica._shim_search(replica.transform("harlow"))}
    assert scores["data/#children-in-care"] != scores["data/#children-in-need"]
    assert set(replica.search("harlow")) == {"data/", "teams/"}


def test_distinct_pages_first_keeps_the_order_and_breaks_ties_within_a_page():
    results = [{"ref": "a/#x", "score": 4.0}, {"ref": "a/#y", "score": 4.0}, {"ref": "b/", "score": 4.0},
               {"ref": "a/", "score": 2.0}]
    out = distinct_pages_first([dict(r) for r in results])
    assert [r["ref"] for r in out] == ["a/#x", "a/#y", "b/", "a/"]
    assert out[0]["score"] == 4.0 > out[1]["score"] > 3.99 and out[2]["score"] == 4.0
    assert out[3]["score"] < 2.0


def _search_hook():
    spec = importlib.util.spec_from_file_location("esca_search_hook", ROOT / "hooks/search.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Plugin:
    def __init__(self, **attributes):
        self.config = SimpleNamespace(enabled=True, fields={"glossary": {"boost": 3000}})
        self.__dict__.update(attributes)


@pytest.mark.parametrize("missing", ["entries", "add_entry_from_context", "generate_search_index"])
def test_search_hook_stops_the_build_clearly_if_materials_index_changes(missing):
    index = SimpleNamespace(entries=[], add_entry_from_context=None, generate_search_index=None, config={})
    delattr(index, missing)
    config = SimpleNamespace(plugins={"material/search": _Plugin(search_index=index)})
    with pytest.raises(PluginError, match=rf"^hooks/search.py:1: material/search: this version of Material's "
                                          rf"search index has no {missing} — install the pinned versions"):
        _search_hook().on_files([], config)


@pytest.mark.parametrize("pipeline, line", [(["stemmer", "stopWordFilter"], 4), ([], 4), (["trimmer"], 1)])
def test_a_search_pipeline_the_prebuilt_index_cannot_take_is_one_line(tmp_path, pipeline, line):
    """A pipeline: in mkdocs.yml other than Material's default would change
    the words lunr matches: the build stops at its line with what to do."""
    config_file = tmp_path / "mkdocs.yml"
    # (no pipeline: line to point at: the finding names the file's first line)
    config_file.write_text("site_name: X\nplugins:\n  - search:\n      pipeline: []\n" if line == 4 else "site_name: X\n",
                           encoding="utf-8")
    options = {"lang": ["en"], "separator": "[ ]", "pipeline": pipeline, "fields": {}}
    index = SimpleNamespace(entries=[], add_entry_from_context=None, generate_search_index=None, config=options)
    config = SimpleNamespace(plugins={"material/search": _Plugin(search_index=index)},
                             config_file_path=str(config_file))
    with pytest.raises(PluginError) as caught:
        _search_hook().on_files([], config)
    assert str(caught.value) == (f"mkdocs.yml:{line}: plugins.search.pipeline: is "
                                 f"{pipeline}; the prebuilt search index supports ['stopWordFilter'] only — "
                                 "remove pipeline: from the search plugin")


@pytest.mark.parametrize("text, vocabulary, problems", [
    ("words:\n  kinship: [guardianship]\n", {"kinship": ["guardianship"]}, []),
    ("words:\n  kinship: [guardianship]\n  the: [law]\n", {},
     ["data/search-vocabulary.yml:3: words.the: a word search drops from every query — "
      "remove it: search never looks it up"]),
])
def test_the_site_model_reads_the_checked_vocabulary(tiny_site, expected_warnings, text, vocabulary, problems):
    """Readers' words come from the site model (read once, checked); a file
    with problems is one finding each and applies nothing."""
    from esca import site

    build = tiny_site({"index.md": GOOD_META + "# Home\n", "data/search-vocabulary.yml": text})
    project = build.site.parent / "project"
    assert site.load(project, checks=False).search_vocabulary == vocabulary
    assert [line.split("hooks/site_model: ", 1)[1] for line in build.warnings] == problems


# The index prebuilt at build time (esca.search.index) and what results show.

SEPARATOR = re.compile(r'[\s\-_,:;!?=\[\]()"/]+|\.(?!\d)')


@pytest.mark.parametrize("value, terms", [
    ("<p>Children's social care</p>", ["childrens", "social", "care"]),
    ("<p>Children’s <b>rights</b></p>", ["childrens", "rights"]),
    ("The s.47 enquiry (s47).", ["s.47", "enquiry", "s47"]),
    (["Children in care", "Roles"], ["children", "care", "roles"]),
    ("<p>a of the</p>", []),
    ("<code>review_due</code>", ["review", "due"]),
    (None, []),
])
def test_index_terms_as_materials_tokenizer_makes_them_without_apostrophes(value, terms):
    assert searchindex.terms_of(value, SEPARATOR) == terms


CONFIG = {"separator": SEPARATOR.pattern, "pipeline": ["stopWordFilter"],
          "fields": {"title": {"boost": 1000}, "text": {"boost": 1}}}


def test_prebuilt_postings_round_trip():
    entries = [{"location": "a/", "title": "Care", "text": "care care plans"},
               {"location": "b/", "title": "Plans", "text": "none"},
               {"location": "c/", "title": "Care plans", "text": "care"}]
    prebuilt = searchindex.prebuild(entries, CONFIG)
    assert prebuilt["terms"]["care"] == [[0, 2], [0, -2, 2]]  # title: a, c; text: a twice, c
    assert sorted(searchindex.postings(prebuilt)) == sorted([
        ("care", "title", 0, 1), ("care", "title", 2, 1), ("care", "text", 0, 2), ("care", "text", 2, 1),
        ("plans", "title", 1, 1), ("plans", "title", 2, 1), ("plans", "text", 0, 1), ("none", "text", 1, 1)])
    assert list(prebuilt["terms"]) == sorted(prebuilt["terms"])


@pytest.mark.parametrize("title, letters", [
    ("Practice Supervisor Development Programme (programme)", "psdp"),
    ("Children's Wellbeing and Schools Act 2026 (law)", "cwsa"),
    ("Family group decision-making", "fgdm"),
    ("Children Act 1989 (law)", None),  # two words
    ("Care (team)", None),
    ("Thinking About Their Needs", None),  # "about" and "their" are stop words: two words left
    ("Assessment, Needs, Decisions", None),  # initials "and": a stop word
])
def test_titles_are_found_by_their_initials(title, letters):
    assert searchindex.initialism(title, SEPARATOR) == letters


SHORT_FORMS = searchindex.ShortForms({"FGDM": "family group decision-making", "A&I": "assessment and intervention",
                                      "Team manager": "team manager"}, SEPARATOR)


@pytest.mark.parametrize("field, value, terms", [
    ("title", "Family networks and family group decision-making (course)", ["fnfgdm", "fgdm"]),
    ("title", "Assessment and Intervention (team)", ["a&i"]),  # two words: no initials
    ("title", "Team manager (career)", []),  # a short form of two words is no one term
    ("text", "<p>A family group decision-making meeting</p>", []),  # short forms: titles only
    ("text", "<p>Under section 47 of the Act</p>", ["s47", "s.47", "section", "47"]),
    ("text", "<p>An s.17 assessment, see s20</p>", ["s17", "s.17", "section", "17", "s20", "s.20", "20"]),
    ("questions", "what is a section 31 order", ["s31", "s.31", "section", "31"]),
    ("glossary", "s47 s.47 section 47", []),  # holds every form already
    ("text", "<p>Children's 2026 plans; 1,000 items</p>", ["children"]),
    ("text", "<p>The council’s duty and the child's plan; its plans</p>", ["council", "child"]),
    ("title", "Children’s Wellbeing and Schools Act 2026 (law)", ["cwsa", "children"]),
    ("text", "<p>2026 plans; 1,000 items; a 's alone</p>", []),
])
def test_hidden_terms_find_a_page_however_it_is_abbreviated_or_cited(field, value, terms):
    assert searchindex.hidden_terms(field, value, SEPARATOR, SHORT_FORMS) == terms


def test_initials_are_indexed_once_in_the_title_field_only():
    entries = [{"location": "a/", "title": "Practice Supervisor Development Programme (programme)",
                "text": "Practice supervisor development programme"}]
    prebuilt = searchindex.prebuild(entries, CONFIG)
    assert list(searchindex.postings(prebuilt)).count(("psdp", "title", 0, 1)) == 1
    assert not any(term == "psdp" and field == "text" for term, field, _, _ in searchindex.postings(prebuilt))


def test_prebuild_refuses_a_pipeline_it_does_not_reproduce():
    with pytest.raises(ValueError, match="stopWordFilter"):
        searchindex.prebuild([], {**CONFIG, "pipeline": ["stopWordFilter", "stemmer"]})


@pytest.mark.parametrize("entries, kinds, shown_page", [
    # a legislation page: the first real paragraph, not the "Law as at" line, then the line
    ([{"location": "law/", "title": "Children Act 1989", "text": "<p>Law as at 1 May 2026 · last reviewed</p>"},
      {"location": "law/#brief", "title": "In brief", "text": "<p>The main law.</p><p>More.</p>"}],
     {"law/": "legislation"},
     {"location": "law/", "title": "Children Act 1989 (law)",
      "text": "<p>The main law.</p> <p>Law as at 1 May 2026 · last reviewed</p>"}),
    # a team page with no text of its own
    ([{"location": "t/", "title": "Children in Care", "text": ""},
      {"location": "t/#what", "title": "What the team does", "text": "<ul><li>x</li></ul><p>We visit.</p>"}],
     {"t/": "team"}, {"location": "t/", "title": "Children in Care (team)", "text": "<p>We visit.</p>"}),
    # a practice model page: the "Add to my CPD record" button is neither preview nor text
    ([{"location": "m/", "title": "Child first", "text": "<p>Add to my CPD record</p>"},
      {"location": "m/#what", "title": "What it is", "text": "<p>Children first.</p>"}],
     {"m/": "page"}, {"location": "m/", "title": "Child first", "text": "<p>Children first.</p>"}),
    # a page that already starts with its paragraph, of a kind with no label
    ([{"location": "p/", "title": "Privacy", "text": "<p>What we keep.</p>"}], {"p/": "page"},
     {"location": "p/", "title": "Privacy", "text": "<p>What we keep.</p>"}),
])
def test_results_preview_the_first_real_paragraph_and_name_the_kind(entries, kinds, shown_page):
    shown = searchindex.present(entries, kinds)
    assert shown[0] == shown_page
    assert shown[1:] == entries[1:]  # sections unchanged


def test_the_cpd_button_is_left_out_of_every_entry_but_mentions_of_it_stay():
    entries = [{"location": "c/", "title": "Course", "text": "<p>A tour of the law.</p> <p>Add to my CPD record</p>"},
               {"location": "c/#s", "title": "S", "text": "<p>Select Add to my CPD record on a course page.</p>"}]
    shown = searchindex.present(entries, {})
    assert [e["text"] for e in shown] == ["<p>A tour of the law.</p>",
                                         "<p>Select Add to my CPD record on a course page.</p>"]


def _beside():
    """The work the second process does (esca.checker.Work), on the real site, inline."""
    from esca import checker
    from esca.core import clock

    pages = {path.relative_to(ROOT / "docs").as_posix(): str(path) for path in (ROOT / "docs").rglob("*.md")}
    work = checker.Work(checker.Setup(str(ROOT), str(ROOT / "docs"), pages, clock.today(), True, ""))
    options = {"lang": ["en"], "separator": SEPARATOR.pattern, "pipeline": ["stopWordFilter"],
               "fields": {"glossary": {"boost": 3000}, "title": {"boost": 1000}, "text": {"boost": 1}}}
    work.search_start(checker.SearchSetup(("material.plugins.search.plugin", "SearchIndex"), options))
    return work, checker


def test_the_index_made_beside_the_build_has_glossary_terms_previews_kinds_and_the_prebuilt_index():
    """Material's own indexer reads the page; the result gains the glossary
    field on the term's page, the kind in the title and the prebuilt index."""
    from mkdocs.structure.toc import AnchorLink

    work, checker = _beside()
    section = AnchorLink("Who can apply", "who-can-apply", 2)
    work.search_page(checker.SearchPage(
        "legislation/special-guardianship/", "Special guardianship", {},
        '<h1 id="special-guardianship">Special guardianship</h1><p>Law as at 1 May 2026</p>'
        '<p>An order that lasts until 18.</p><h2 id="who-can-apply">Who can apply</h2><p>Relatives.</p>',
        [AnchorLink("Special guardianship", "special-guardianship", 1)] + [section]))
    text, added, total = work.search_json()
    data = json.loads(text)
    page, part = data["docs"]
    assert (added, total) == (1, 2)
    assert page["title"] == "Special guardianship (law)" and page["text"].startswith("<p>An order that lasts")
    assert "SGO" in page["glossary"].split() and "glossary" not in part
    assert part["location"] == "legislation/special-guardianship/#who-can-apply"
    assert data["config"]["index"]["fields"] == ["glossary", "title", "text"]
    assert "sgo" in data["config"]["index"]["terms"] and "relatives" in data["config"]["index"]["terms"]


def test_an_index_in_another_shape_stops_the_build_clearly():
    work, checker = _beside()
    work.search_index.generate_search_index = lambda prev: '{"docs":[]}'
    with pytest.raises(checker.CheckerError, match="writes its search index in another shape"):
        work.search_json()




@pytest.mark.parametrize("page_src, directory_urls, hrefs", [
    ("roles/careers/asye.md", True, ["../../../about/contact/", "../../../induction/first-day/"]),
    ("roles/careers/asye.md", False, ["../../about/contact.html", "../../induction/first-day.html"]),
    ("index.md", True, ["about/contact/", "induction/first-day/"]),
])
def test_the_empty_search_results_link_contact_and_your_first_day(page_src, directory_urls, hrefs):
    titles = {"about/contact.md": "Contact", "induction/first-day.md": "Your first day"}
    links = search.empty_state_links(page_src, titles, directory_urls)
    assert [link["href"] for link in links] == hrefs
    assert [link["title"] for link in links] == ["Contact", "Your first day"]


def test_the_empty_search_results_leave_out_a_page_the_site_lacks():
    assert search.empty_state_links("index.md", {"about/contact.md": "Contact"}) == [
        {"href": "about/contact/", "title": "Contact"}]


def _search_partial(**context) -> str:
    import jinja2
    import material as theme
    material = Path(theme.__file__).parent / "templates"
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(ROOT / "overrides"), str(material)]))
    icons = SimpleNamespace(search=None, previous=None, share=None, close=None)
    return env.get_template("partials/search.html").render(
        lang=SimpleNamespace(t=lambda key: key), config=SimpleNamespace(theme=SimpleNamespace(icon=icons)),
        features=[], **context)


def test_the_empty_search_results_sentence_is_escaped():
    """The theme writes the sentence once (overrides/partials/search.html) and
    escapes each link's address and title; a template with no page (404) has none."""
    html = _search_partial(esca_search_help=[{"href": 'a/?x="1"&y', "title": "Contact & <you>"}])
    assert ('No results: try fewer words, or see <a href="a/?x=&#34;1&#34;&amp;y">Contact &amp; &lt;you&gt;</a>.'
            in html)
    assert "data-esca-search-help" not in _search_partial()


LONG_QUERY_INDEX = _hidden_prebuilt([
    {"location": "abuse/", "title": "Domestic abuse", "text": "<p>Children who live with it.</p>",
     "glossary": "DA", "questions": "is it abuse"},
    {"location": "courses/c/", "title": "Training for social workers (course)",
     "text": "<p>Training for social workers.</p>"},
    *({"location": f"o{i}/", "title": f"Other {i}", "text": "<p>social workers and training and more</p>"}
      for i in range(8)),
])


def test_a_long_query_may_miss_a_common_word_or_two():
    """From LONG_QUERY words a result's share of them counts cubed, not to
    the 8th power: the page on the topic beats a course matching the
    common words, when no course is on the topic."""
    assert Replica(LONG_QUERY_INDEX).search("domestic abuse training for social workers")[0] == "abuse/"
    assert Replica(LONG_QUERY_INDEX).search("abuse training social")[0] == "courses/c/"  # three words: the 8th power


@pytest.mark.parametrize("word, known, forms", [
    ("councillor", {"councillors"}, ["councillors"]),
    ("councillors", {"councillor"}, ["councillor"]),
    ("process", {"processes", "proces"}, ["processes", "proces"]),
    ("homes", {"home"}, ["home"]),  # "es" off gives "hom": not a word the index holds
    ("cp", {"cps"}, ["cps"]),
    ("care", set(), []),
])
def test_other_forms_are_the_plural_or_singular_the_index_holds(word, known, forms):
    assert other_forms(word, known) == forms


def test_a_word_held_only_as_its_plural_counts_half():
    """The briefing's title says "councillors": "councillor briefing" finds it
    before a page that says "briefing" alone."""
    index = _hidden_prebuilt([
        {"location": "briefing/", "title": "A briefing for councillors", "text": "<p>For you.</p>",
         "glossary": "x", "questions": "y"},
        {"location": "other/", "title": "Briefing", "text": "<p>Briefing: a briefing on briefings.</p>"},
        *({"location": f"o{i}/", "title": f"Other {i}", "text": "<p>a councillor, and more</p>"} for i in range(5)),
    ])
    assert Replica(index).search("councillor briefing")[:2] == ["briefing/", "other/"]
