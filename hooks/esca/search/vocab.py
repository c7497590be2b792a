"""Readers' words for the site's words: data/search-vocabulary.yml, checked.

No MkDocs imports. The file maps a word readers type ("training") to the
words the site uses for it ("course", "courses"); esca.search.index.prebuild
indexes the reader's word wherever one of the site's words is. Words only,
never phrases or whole queries. Every problem is one finding in the project's
shape; a file with findings applies nothing.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Iterator

from lunr.stop_word_filter import WORDS as STOP_WORDS

from esca.core.findings import Finding
from esca.core.safeyaml import LineList, LineMap, load_file

VOCABULARY_FILE = "data/search-vocabulary.yml"
WORD = re.compile(r"[a-z0-9]{1,30}")  # one word, as long as any English word a reader types
# Each reader word is indexed wherever one of its site words is, so the index
# grows with words × site words × pages: both are capped (fourth blind attack,
# B85: 22,000 words made the index a hundred times larger). The file holds 55.
MAX_WORDS = 200
MAX_SITE_WORDS = 8
# Words the search shim drops from every query (esca-search.js keeps a copy,
# which tests/test_search.py checks against this one; tests/search_replica.py
# uses this one): a reader word among them would never be searched.
QUESTION_WORDS = frozenset("""
    what whats what's how who whom whose which when where why is are am was do does did can could will would
    should shall may might i me my mine we us our you your it its there here a an the of to for in on at by
    with about into from up out as or and but if so not no any some this that these those get got much many
    mean means meaning stand stands tell find look
    dont doesnt didnt cant wont isnt arent wasnt werent havent hasnt shouldnt wouldnt couldnt im ive youre
    difference between getting gets going supposed meant""".split())


def load(root: Path) -> tuple[dict[str, list[str]], LineMap | None, list[Finding]]:
    """The checked vocabulary (reader word -> site words), the file as read
    (for the lines of later findings), and the findings that stop it."""
    loaded = load_file(root / VOCABULARY_FILE, root)
    if loaded.findings:
        return {}, None, loaded.findings
    findings = list(check(VOCABULARY_FILE, loaded.data))
    if findings:
        return {}, loaded.data, findings
    return {word: list(site) for word, site in loaded.data["words"].items()}, loaded.data, []


def check(rel: str, data) -> Iterator[Finding]:
    """``words:`` maps one lower-case word (letters and figures: "7") to a
    list of other lower-case words; no reader word is a stop word or question
    word."""
    if not isinstance(data, LineMap) or not isinstance(data.get("words"), LineMap) or not data["words"]:
        yield Finding(rel, getattr(data, "line", 1) or 1, "words", "missing or not a mapping",
                      "write words: then one 'reader-word: [site-word, …]' line per word")
        return
    for key in data:
        if key != "words":
            yield Finding(rel, data.line_of(key), str(key), "unknown field", "put every word under words:")
    words = data["words"]
    if len(words) > MAX_WORDS:
        yield Finding(rel, data.line_of("words"), "words", f"has {len(words):,} reader words, more than {MAX_WORDS}",
                      "keep the words readers use most (search indexes each one wherever its site words are)")
        return
    for word, site in words.items():
        line = words.line_of(word)
        where = f"words.{word}"
        if isinstance(word, int) and not isinstance(word, bool):
            yield Finding(rel, line, where, "a figure YAML reads as a number", f'quote it: "{word}": [...]')
            continue
        if not isinstance(word, str) or not WORD.fullmatch(word):
            yield Finding(rel, line, where, "not one lower-case word", "write a single word readers type, e.g. training",
                          word)
            continue
        if word in STOP_WORDS or word in QUESTION_WORDS:
            yield Finding(rel, line, where, "a word search drops from every query",
                          "remove it: search never looks it up")
        if not isinstance(site, LineList) or not site:
            yield Finding(rel, line, where, "must be a list of the site's words", "write [course, courses]")
            continue
        if len(site) > MAX_SITE_WORDS:
            yield Finding(rel, line, where, f"lists {len(site)} site words, more than {MAX_SITE_WORDS}",
                          "keep the site's words closest to the reader's word")
            continue
        for item in site:
            if not isinstance(item, str) or not WORD.fullmatch(item):
                yield Finding(rel, line, where, "each site word must be one lower-case word",
                              "split a phrase into its words, e.g. [course, courses]", item)
            elif item == word:
                yield Finding(rel, line, where, "lists the reader's word itself", "list only the site's other words")
        if len(set(map(str, site))) != len(site):
            yield Finding(rel, line, where, "lists a word twice", "list each site word once")


def unused(pairs: Iterable[tuple[str, str]], data: LineMap | None) -> list[Finding]:
    """(reader word, site word) pairs whose site word no page uses (a
    misspelling, or a word the pages dropped): one finding each, at the reader
    word's line."""
    lines = data["words"] if data is not None else LineMap()
    return [Finding(VOCABULARY_FILE, lines.line_of(word), f"words.{word}", "no page uses the site word",
                    "correct it, or remove it from the list", site) for word, site in pairs]
