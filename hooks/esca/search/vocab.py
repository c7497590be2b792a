"""Readers' words for the site's words: data/search-vocabulary.yml, checked.

No MkDocs imports. The file maps a word readers type ("training") to the
words the site uses for it ("course", "courses"); esca.search.index.prebuild
indexes the reader's word wherever one of the site's words is. Words only,
never phrases or whole queries. The file is declared in the field library
(VOCABULARY, esca.core.fields), so every problem is one finding in the
project's shape, from its one message table but for the few rules across a
reader word and its site words (:func:`check`); a file with findings applies
nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Iterable, Iterator

from lunr.stop_word_filter import WORDS as STOP_WORDS

from esca.core import fields
from esca.core.fields import Field
from esca.core.findings import Finding
from esca.core.safeyaml import LineList, LineMap, load_file

VOCABULARY_FILE = "data/search-vocabulary.yml"
WORD = re.compile(fields.PATTERNS["word"])  # one word, as long as any English word a reader types
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

# The file, declared in the field library (esca.core.fields): its shape, the
# word pattern, both caps and any key it does not declare are the library's
# findings. The rules across a reader word and its site words are check's.
VOCABULARY = Field("search-vocabulary", "map", rule=f"the header comment of {VOCABULARY_FILE}",
                   label="search vocabulary", fields=(
    Field("words", "table", True, "reader-word: [site-word, …], one lower-case word each side", label="words",
          keys="word", min_items=1, max_items=MAX_WORDS, item_shape="one 'reader-word: [site-word, …]' line per word",
          item=Field("site words", "list", True, "the site's words for it, e.g. [course, courses]", ["course", "courses"],
                     label="site words", min_items=1, max_items=MAX_SITE_WORDS,
                     item=Field("site word", "text", rule="one lower-case word", example="course", label="site word",
                                pattern="word"))),
))
_CONTEXT = fields.Context(choices={}, today=dt.date.min)


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
    """Every finding for the vocabulary: first its declaration (VOCABULARY)
    through the field library, so ``words:`` (one lower-case word, letters
    and figures, mapped to a list of such words; a figure YAML would read as
    a number is quoted), its caps and any undeclared key are reported in the
    library's words; then the rules across a reader word and its site
    words, each on a word the declaration accepted: no reader word is a stop
    word or question word, and its list holds neither the reader word
    itself nor any word twice."""
    yield from fields.check(rel, data, VOCABULARY, _CONTEXT, what="search vocabulary")
    words = data.get("words") if isinstance(data, LineMap) else None
    for word, site in words.items() if isinstance(words, LineMap) else ():
        if not isinstance(word, str) or not WORD.fullmatch(word):
            continue  # the declaration has said so
        line, where = words.line_of(word), f"words.{word}"
        if word in STOP_WORDS or word in QUESTION_WORDS:
            yield Finding(rel, line, where, "a word search drops from every query",
                          "remove it: search never looks it up")
        if not isinstance(site, LineList):
            continue
        for index, item in enumerate(site):
            if item == word:
                yield Finding(rel, site.line_of(index), where, "lists the reader's word itself",
                              "list only the site's other words")
        if len(set(map(str, site))) != len(site):
            yield Finding(rel, line, where, "lists a word twice", "list each site word once")


def unused(pairs: Iterable[tuple[str, str]], data: LineMap | None) -> list[Finding]:
    """(reader word, site word) pairs whose site word no page uses (a
    misspelling, or a word the pages dropped): one finding each, at the reader
    word's line."""
    lines = data["words"] if data is not None else LineMap()
    return [Finding(VOCABULARY_FILE, lines.line_of(word), f"words.{word}", "no page uses the site word",
                    "correct it, or remove it from the list", site) for word, site in pairs]
