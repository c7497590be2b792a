"""Readers' words for the site's words (data/search-vocabulary.yml): the
checks on the file, and how the prebuilt index applies it."""

from __future__ import annotations

import re

import pytest
from conftest import GOOD_META, ROOT

from esca.core.safeyaml import load_text
from esca.search import index as searchindex, vocab as searchvocab
from search_replica import Replica

REL = searchvocab.VOCABULARY_FILE
SEPARATOR = re.compile(r'[\s\-,:;!?=\[\]()"/]+|\.(?!\d)')
CONFIG = {"separator": SEPARATOR.pattern, "pipeline": ["stopWordFilter"],
          "fields": {"title": {"boost": 100}, "text": {"boost": 1}}}


def _findings(text: str) -> list[str]:
    loaded = load_text(text, REL)
    assert not loaded.findings
    return [str(f) for f in searchvocab.check(REL, loaded.data)]


def test_the_projects_vocabulary_is_clean():
    vocabulary, _, findings = searchvocab.load(ROOT)
    assert findings == [] and vocabulary["training"] == ["course", "courses"]


HEADER = f"remove it, or see the header comment of {REL} for the names"
WORD_RULE = "write each word as reader-word: [site-word, …], one lower-case word each side"


@pytest.mark.parametrize("text, expected", [
    ("words:\n  training: [course, courses]\n", []),
    ('words:\n  "7": [seven]\n', []),
    ("words:\n  7: [seven]\n", [f'{REL}:2: words.7: is a figure YAML reads as a number: 7 — write it in quotes: "7"']),
    ("other: 1\n", [f"{REL}:1: other: unknown field — {HEADER}",
                    f"{REL}:1: words: required field is missing — add words: (reader-word: [site-word, …], one "
                    "lower-case word each side)"]),
    ("words:\n  training: [course]\nextra: 1\n",
     [f"{REL}:3: extra: unknown field — {HEADER}"]),
    ("words: [training]\n",
     [f"{REL}:1: words: must be a mapping — write one 'reader-word: [site-word, …]' line per word"]),
    ("words:\n  book a course: [enrol]\n",
     [f"{REL}:2: words.book a course: not a word: 'book a course' — {WORD_RULE}"]),
    ("words:\n  Training: [course]\n",
     [f"{REL}:2: words.Training: not a word: 'Training' — {WORD_RULE}"]),
    ("words:\n  how: [guide]\n",
     [f"{REL}:2: words.how: a word search drops from every query — remove it: search never looks it up"]),
    ("words:\n  training: course\n",
     [f"{REL}:2: words.training: must be a list: 'course' — write one '- value' line per item, or [a, b]"]),
    ("words:\n  training: []\n",
     [f"{REL}:2: words.training: needs at least 1 item — add more"]),
    ("words:\n  training: [short course]\n",
     [f"{REL}:2: words.training: is not one lower-case word: 'short course' — write it like course"]),
    ("words:\n  training: [{course: 1}]\n",
     [f"{REL}:2: words.training: must be text: {{'course': 1}} — write it as text on one line, or use >- for longer "
      "text"]),
    ("words:\n  training: [training, course]\n",
     [f"{REL}:2: words.training: lists the reader's word itself — list only the site's other words"]),
    ("words:\n  training: [course, course]\n",
     [f"{REL}:2: words.training: lists a word twice — list each site word once"]),
    # fourth blind attack, B85: the index grows with words × site words × pages, so both are capped
    ("words:\n" + "".join(f"  w{n}: [course]\n" for n in range(201)),
     [f"{REL}:1: words: has 201 items, more than 200 — keep the 200 most important"]),
    ("words:\n" + "".join(f"  w{n}: [course]\n" for n in range(200)), []),
    ("words:\n  training: [a, b, c, d, e, f, g, h, i]\n",
     [f"{REL}:2: words.training: has 9 items, more than 8 — keep the 8 most important"]),
    ("words:\n  " + "x" * 31 + ": [course]\n",
     [f"{REL}:2: words.{'x' * 31}: not a word: '{'x' * 31}' — {WORD_RULE}"]),
])
def test_each_problem_in_the_file_is_one_finding(text, expected):
    assert _findings(text) == expected


def test_a_file_with_findings_applies_nothing(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / REL).write_text("words:\n  training: [course]\n  how: [guide]\n", encoding="utf-8")
    vocabulary, _, findings = searchvocab.load(tmp_path)
    assert vocabulary == {} and len(findings) == 1


ENTRIES = [{"location": "a/", "title": "Trauma (course)", "text": "A course on trauma"},
           {"location": "b/", "title": "Booking", "text": "Courses and courses"},
           {"location": "c/", "title": "Training budget", "text": "Money"}]


def test_the_readers_word_is_indexed_wherever_a_site_word_is_with_the_highest_count():
    prebuilt = searchindex.prebuild(ENTRIES, CONFIG, {"training": ["course", "courses"]})
    found = sorted((field, position, count) for term, field, position, count in searchindex.postings(prebuilt)
                   if term == "training")
    # title: a (course), c (its own word); text: a (course), b (courses twice)
    assert found == [("text", 0, 1), ("text", 1, 2), ("title", 0, 1), ("title", 2, 1)]
    assert searchindex.prebuild(ENTRIES, CONFIG, {})["terms"] == searchindex.prebuild(ENTRIES, CONFIG)["terms"]


def test_a_readers_word_finds_the_page_in_the_replica_of_the_browser():
    docs = [dict(e) for e in ENTRIES]
    config = {**CONFIG, "lang": ["en"]}
    without = Replica({"config": {**config, "index": searchindex.prebuild(docs, config)}, "docs": docs})
    with_vocabulary = Replica({"config": {**config, "index": searchindex.prebuild(docs, config, {
        "training": ["course", "courses"]})}, "docs": docs})
    assert without.search("training on trauma")[0] == "c/"
    assert with_vocabulary.search("training on trauma")[0] == "a/"


def test_a_site_word_no_page_uses_is_one_finding_at_the_readers_word():
    loaded = load_text("words:\n  training: [course]\n  jobs: [job, vacancys]\n", REL)
    unused: list[tuple[str, str]] = []
    searchindex.prebuild(ENTRIES, CONFIG, {"training": ["course"], "jobs": ["job", "vacancys"]}, unused)
    assert [str(f) for f in searchvocab.unused(unused, loaded.data)] == [
        f"{REL}:3: words.jobs: no page uses the site word: 'job' — correct it, or remove it from the list",
        f"{REL}:3: words.jobs: no page uses the site word: 'vacancys' — correct it, or remove it from the list"]


@pytest.mark.parametrize("mode", ["process", "inline"])
def test_a_build_reports_a_site_word_no_page_uses(tiny_site, expected_warnings, monkeypatch, mode):
    """The build itself, not only the tests, says when a site word finds
    nothing, at the reader word's line, and strict mode stops."""
    monkeypatch.setenv("ESCA_CHECKER", mode)
    build = tiny_site({"index.md": GOOD_META + "# Home\n\nA course on trauma.\n",
                       f"{REL}": "words:\n  training: [course]\n  jobs: [job, coruse]\n"},
                      hooks=[ROOT / "hooks/search.py"])
    ours = [line.split("hooks/site_model: ", 1)[1] for line in build.warnings if REL in line]
    assert ours == [f"{REL}:3: words.jobs: no page uses the site word: 'job' — correct it, or remove it from the list",
                    f"{REL}:3: words.jobs: no page uses the site word: 'coruse' — correct it, or remove it from the list"]
    assert build.returncode != 0
