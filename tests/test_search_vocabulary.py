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


@pytest.mark.parametrize("text, expected", [
    ("words:\n  training: [course, courses]\n", []),
    ('words:\n  "7": [seven]\n', []),
    ("words:\n  7: [seven]\n", [f'{REL}:2: words.7: a figure YAML reads as a number — quote it: "7": [...]']),
    ("other: 1\n", [f"{REL}:1: words: missing or not a mapping — write words: then one "
                    "'reader-word: [site-word, …]' line per word"]),
    ("words:\n  training: [course]\nextra: 1\n",
     [f"{REL}:3: extra: unknown field — put every word under words:"]),
    ("words:\n  book a course: [enrol]\n",
     [f"{REL}:2: words.book a course: not one lower-case word: 'book a course' — "
      "write a single word readers type, e.g. training"]),
    ("words:\n  Training: [course]\n",
     [f"{REL}:2: words.Training: not one lower-case word: 'Training' — write a single word readers type, e.g. training"]),
    ("words:\n  how: [guide]\n",
     [f"{REL}:2: words.how: a word search drops from every query — remove it: search never looks it up"]),
    ("words:\n  training: course\n",
     [f"{REL}:2: words.training: must be a list of the site's words — write [course, courses]"]),
    ("words:\n  training: []\n",
     [f"{REL}:2: words.training: must be a list of the site's words — write [course, courses]"]),
    ("words:\n  training: [short course]\n",
     [f"{REL}:2: words.training: each site word must be one lower-case word: 'short course' — "
      "split a phrase into its words, e.g. [course, courses]"]),
    ("words:\n  training: [training, course]\n",
     [f"{REL}:2: words.training: lists the reader's word itself — list only the site's other words"]),
    ("words:\n  training: [course, course]\n",
     [f"{REL}:2: words.training: lists a word twice — list each site word once"]),
    # fourth blind attack, B85: the index grows with words × site words × pages, so both are capped
    ("words:\n" + "".join(f"  w{n}: [course]\n" for n in range(201)),
     [f"{REL}:1: words: has 201 reader words, more than 200 — keep the words readers use most (search indexes each "
      "one wherever its site words are)"]),
    ("words:\n" + "".join(f"  w{n}: [course]\n" for n in range(200)), []),
    ("words:\n  training: [a, b, c, d, e, f, g, h, i]\n",
     [f"{REL}:2: words.training: lists 9 site words, more than 8 — keep the site's words closest to the reader's word"]),
    ("words:\n  " + "x" * 31 + ": [course]\n",
     [f"{REL}:2: words.{'x' * 31}: not one lower-case word: '{'x' * 31}' — write a single word readers type, e.g. "
      "training"]),
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
