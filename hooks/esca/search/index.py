"""The search index, built once at build time, and what each result shows.

No MkDocs imports. Material's search worker builds a lunr index from every
entry of ``search/search_index.json`` in the reader's browser on every page
load. :func:`prebuild` does that work once, at build time: for each term,
which entries hold it in which field and how often, in a compact form
(``config.index`` in the JSON). The portal's worker shim
(overrides/assets/javascripts/workers/esca-search.js) hands those postings
to lunr's own builder, so lunr.js still computes every score, and skips
tokenising the pages.

Terms are made as Material's tokenizer and pipeline make them (text between
HTML tags, split at the configured separator, lower case, lunr's stop words
dropped), with one difference: apostrophes are dropped, so "children's",
"children’s" and "childrens" are one word. The shim and the Python replica
(tests/search_replica.py) drop them from queries too.

:func:`present` changes what results show, before they are indexed: each
page's entry previews the page's first real paragraph (not the "Law as at"
line legislation pages carry under their title, and not nothing, as team
pages did), and its title says what kind of page it is: "Children in Care
(team)", "Children Act 1989 (law)". The "Add to my CPD record" button is
left out of every entry. Indexing the entries as shown, rather
than as Material made them, gave recall@3 0.88 and MRR 0.84 on the tuning
half instead of 0.87 and 0.82 (bench/relevance_bench.py).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable, Mapping

from lunr.stop_word_filter import WORDS as STOP_WORDS

TAG = re.compile(r"<[^<>]*>")
APOSTROPHES = re.compile(r"['\u2019]")
PARAGRAPH = re.compile(r"<p>(?:(?!</p>|<p>).)*</p>", re.DOTALL)  # stops at the next <p>: linear
LAW_AS_AT = "<p>Law as at "  # esca.pages.governance_pages.law_as_at, as Material's search keeps it
# The "Add to my CPD record" button (esca.cpd.record.add_button) as Material's
# search keeps it: a control, not content. It is left out of results and the
# index, so a practice model page previews its first real paragraph and "add"
# or "record" do not find every course page.
BUTTON = "<p>Add to my CPD record</p>"
KIND_LABELS = {"team": "team", "legislation": "law", "career": "career", "course": "course",
               "programme": "programme"}
KIND_LABEL = re.compile(r" \((?:%s)\)$" % "|".join(sorted(set(KIND_LABELS.values()))))
INITIALISM_WORDS = 3  # a title needs this many words (not stop words, not numbers) for its initials


def terms_of(value: str | list | None, separator: re.Pattern) -> list[str]:
    """The index terms of one field's value, in order (repeats kept)."""
    if value is None:
        return []
    text = " ".join(map(str, value)) if isinstance(value, list) else str(value)
    text = TAG.sub(" ", text).lower().replace("'", "").replace("\u2019", "")  # APOSTROPHES
    return [t for t in separator.split(text) if t and t not in STOP_WORDS]


def initialism(title: str, separator: re.Pattern) -> str | None:
    """The initials of a title's words, as readers abbreviate it ("psdp" for
    "Practice Supervisor Development Programme", "cwsa" for "Children's
    Wellbeing and Schools Act 2026"): stop words, numbers and the kind of page
    :func:`present` adds are left out. None for a title of fewer than three
    such words, or whose initials make a stop word."""
    words = [t for t in terms_of(KIND_LABEL.sub("", title), separator) if t[0].isalpha()]
    if len(words) < INITIALISM_WORDS:
        return None
    letters = "".join(word[0] for word in words)
    return None if letters in STOP_WORDS else letters


POSSESSIVE = re.compile(r"\b(\w+)['\u2019]s\b")  # "council's", "children’s": the word is "council", "children"
# A section cited: "section 47", "s47", "s.47", "ss 17" (esca.search.entries uses it too)
LEGAL_REF = re.compile(r"\b(?:sections?|ss?\.?)\s?(\d{1,3}[A-Z]{0,3})\b", re.IGNORECASE)


class ShortForms:
    """The glossary's expansions, found in a title, as their short forms:
    "Family networks and family group decision-making" holds the expansion
    of FGDM, so the title is also indexed by "fgdm". Only short forms that
    are one index term ("fgdm", "a&i") count."""

    def __init__(self, short_forms: Mapping[str, str], separator: re.Pattern):
        owner: dict[str, list[str]] = {}
        for short, long in short_forms.items():
            terms = terms_of(short, separator)
            if len(terms) == 1 and terms[0] != long.lower():
                owner.setdefault(long.lower(), []).append(terms[0])
        self.owner = owner
        self.pattern = re.compile(r"\b(?:%s)\b" % "|".join(map(re.escape, sorted(owner, key=len, reverse=True)))
                                  ) if owner else None

    def in_title(self, title: str) -> list[str]:
        if self.pattern is None:
            return []
        return [term for match in self.pattern.finditer(title.lower()) for term in self.owner[match.group(0)]]


def hidden_terms(field: str, value: str | list, separator: re.Pattern, short_forms: ShortForms | None = None
                 ) -> list[str]:
    """Terms indexed for a field's value beside its own words, never shown:
    a title's initials (:func:`initialism`) and the short forms of the
    glossary expansions it holds (:class:`ShortForms`), every common form
    of each section it cites ("section 47", "s47", "s.47"), and the word in
    each possessive ("council" for "the council's duty", which is indexed as
    "councils", apostrophe dropped), so a reader finds a page however they
    abbreviate it or write the section, and "council" finds "council's"."""
    text = " ".join(map(str, value)) if isinstance(value, list) else str(value)
    found = []
    if field == "title":
        letters = initialism(text, separator)
        if letters:
            found.append(letters)
        if short_forms is not None:
            found += short_forms.in_title(KIND_LABEL.sub("", text))
    plain = TAG.sub(" ", text)
    for match in POSSESSIVE.finditer(plain):
        found += terms_of(match.group(1), separator)
    if field != "glossary":  # the glossary field holds every form already
        for match in LEGAL_REF.finditer(plain):
            n = match.group(1).lower()
            found += terms_of(f"s{n} s.{n} section {n}", separator)
    return list(dict.fromkeys(found))


def prebuild(entries: list[dict], config: Mapping, vocabulary: Mapping[str, list[str]] | None = None,
             unused: list[tuple[str, str]] | None = None, short_forms: Mapping[str, str] | None = None) -> dict:
    """Postings for every term: ``{"fields": [...], "terms": {term: [list per
    field]}}``. Each list holds, for every entry with the term in that field,
    the gap from the previous entry's position in ``entries`` (the first from
    0), followed by ``-n`` when the term occurs n > 1 times. Terms are sorted.

    Each field is also indexed by its :func:`hidden_terms` (a title's
    initials and the glossary's short forms for what it names, given
    ``short_forms``: {short form: expansion}; every form of a section it
    cites; the word in each possessive), once each, so readers'
    abbreviations and ways of writing a section find it.

    ``vocabulary`` maps a word readers type to the site's words for it
    (data/search-vocabulary.yml, checked by esca.search.vocab and read by the
    site model): the reader's word is indexed
    wherever one of the site's words is, in the same field, as often as the
    most frequent of them, so it finds those entries as if the page used it.
    Nothing shown changes. (reader word, site word) pairs whose site word no
    entry holds are appended to ``unused`` when given.
    """
    postings = Postings(config, vocabulary, short_forms)
    postings.add(entries)
    result = postings.result()
    if unused is not None:
        unused += postings.unused
    return result


PIPELINE = ["stopWordFilter"]  # Material's default: words are matched as written (the shim and the replica rely on it)


def pipeline_problem(config: Mapping) -> str | None:
    """What is wrong with the search plugin's ``pipeline`` for the prebuilt
    index, or None."""
    if config.get("pipeline") != PIPELINE:
        return f"is {config.get('pipeline')}; the prebuilt search index supports {PIPELINE} only"
    return None


class Postings:
    """:func:`prebuild`, one batch of entries at a time (the build hands over
    each page's entries as the page is made)."""

    def __init__(self, config: Mapping, vocabulary: Mapping[str, list[str]] | None = None,
                 short_forms: Mapping[str, str] | None = None):
        problem = pipeline_problem(config)
        if problem:
            raise ValueError(problem)
        self.separator = re.compile(config["separator"])
        self.fields = list(config["fields"])
        self.found: dict[str, list[list[int]]] = {}  # term -> per field: entry positions and counts, in turn
        self.count = 0  # entries so far
        self.vocabulary = dict(vocabulary or {})
        self.short_forms = ShortForms(short_forms or {}, self.separator)
        self.unused: list[tuple[str, str]] = []  # (reader word, site word) no entry holds, once result() ran

    def add(self, entries: Iterable[dict]) -> None:
        """The next entries, in the order they are written."""
        found, fields, separator, short_forms = self.found, self.fields, self.separator, self.short_forms
        for position, entry in enumerate(entries, start=self.count):
            for f, name in enumerate(fields):
                value = entry.get(name)
                if value:
                    counts = Counter(terms_of(value, separator))
                    for term in hidden_terms(name, value, separator, short_forms):
                        if term not in counts:
                            counts[term] = 1
                    for term, n in counts.items():
                        lists = found.get(term)
                        if lists is None:
                            lists = found[term] = [[] for _ in fields]
                        lists[f] += (position, n)
            self.count = position + 1

    def result(self) -> dict:
        found = dict(self.found)
        self.unused = [(word, site) for word, words in self.vocabulary.items() for site in words if site not in found]
        for reader_word, site_words in self.vocabulary.items():
            merged = _merge([found[w] for w in (reader_word, *site_words) if w in found], len(self.fields))
            if merged:
                found[reader_word] = merged
        return {"fields": self.fields, "terms": {term: [_encode(pairs) for pairs in found[term]] for term in sorted(found)}}


def _merge(postings: list[list[list[int]]], n_fields: int) -> list[list[int]] | None:
    """Several terms' postings (per field: positions and counts in turn) as one
    term's: every entry any of them is in, with the highest count."""
    if not postings:
        return None
    out = []
    for f in range(n_fields):
        counts: dict[int, int] = {}
        for lists in postings:
            pairs = lists[f]
            for i in range(0, len(pairs), 2):
                counts[pairs[i]] = max(counts.get(pairs[i], 0), pairs[i + 1])
        out.append([x for position in sorted(counts) for x in (position, counts[position])])
    return out


def _encode(pairs: list[int]) -> list[int]:
    """Entry positions and counts in turn -> gaps, each followed by -count when over 1."""
    out, last = [], 0
    for i in range(0, len(pairs), 2):
        out.append(pairs[i] - last)
        last = pairs[i]
        if pairs[i + 1] > 1:
            out.append(-pairs[i + 1])
    return out


def postings(prebuilt: dict) -> Iterable[tuple[str, str, int, int]]:
    """(term, field, entry position, count) for every posting: the decoder
    the shim and the replica implement."""
    for term, lists in prebuilt["terms"].items():
        for field, numbers in zip(prebuilt["fields"], lists):
            position = 0
            for i, number in enumerate(numbers):
                if number < 0:
                    continue
                position += number
                following = numbers[i + 1] if i + 1 < len(numbers) else 0
                yield term, field, position, -following if following < 0 else 1


def present(entries: list[dict], kinds: Mapping[str, str]) -> list[dict]:
    """Entries as results show them. ``kinds`` maps a page's location (no
    anchor) to its kind (esca.site). Page entries get a preview and a kind in
    the title; section entries are unchanged."""
    entries = [{**entry, "text": entry["text"].replace(BUTTON, "").strip()} if BUTTON in entry.get("text", "")
               else entry for entry in entries]
    first_paragraph: dict[str, str] = {}
    for entry in entries:
        page = entry["location"].split("#")[0]
        if page not in first_paragraph:
            found = next((p for p in PARAGRAPH.findall(entry.get("text", ""))
                          if not p.startswith(LAW_AS_AT)), None)
            if found:
                first_paragraph[page] = found
    out = []
    for entry in entries:
        location = entry["location"]
        if "#" not in location:
            entry = dict(entry)
            text = entry.get("text", "")
            preview = first_paragraph.get(location)
            if preview and not text.startswith(preview):
                entry["text"] = f"{preview} {text.replace(preview, '')}".strip()
            label = KIND_LABELS.get(kinds.get(location, ""))
            if label and entry.get("title"):
                entry["title"] = f"{entry['title']} ({label})"
        out.append(entry)
    return out
