"""The browser's search, in Python: test and bench support, not build code.

:class:`Replica` rebuilds, with Python lunr, the same index the browser
builds (same fields, boosts, tokenizer, pipeline and query handling, same
post-query boosts and grouping by page), so relevance is measured offline and
tests/test_search.py checks it against the real search box in Chromium.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from lunr.builder import Builder
from lunr.field_ref import FieldRef
from lunr.idf import idf
from lunr.query_lexer import QueryLexer
from lunr.query import Query, QueryPresence
from lunr.stemmer import stemmer
from lunr.stop_word_filter import stop_word_filter
from lunr.token_set import TokenSet
from lunr.trimmer import trimmer

from esca.search import vocab as searchvocab
from esca.search.index import postings

TAG = re.compile(r"<[^>]*>")
APOSTROPHES = re.compile(r"['\u2019]")



@dataclass(frozen=True)
class Hit:
    location: str
    score: float


class Replica:
    """Material for MkDocs' search worker, rebuilt with Python lunr.

    Mirrors ``integrations/search/_/index.ts``: b = 0, the configured fields
    and boosts, tokens split on the configured separator from the text
    between HTML tags and lower-cased, a pipeline of only the configured
    functions, Material's query transformation (trailing wildcards, quoted
    parts required), the post-query boost ``score * (1 + boost²)``, and
    results grouped by page in order of their best section.
    """

    def __init__(self, index: dict, *, shim: bool = True):
        self.shim = shim
        config = index["config"]
        self.separator = re.compile(config["separator"])
        self.docs = {doc["location"]: doc for doc in index["docs"]}
        self.parent: dict[str, str] = {}
        seen: set[str] = set()
        for doc in index["docs"]:
            path = doc["location"].split("#")[0]
            if path in seen:
                self.parent[doc["location"]] = path
            seen.add(path)
        builder = Builder()
        # lunr's default pipeline, less what the config leaves out (as Material does)
        for name, fn in (("trimmer", trimmer), ("stopWordFilter", stop_word_filter), ("stemmer", stemmer)):
            if name in config["pipeline"]:
                builder.pipeline.add(fn)
        if "stemmer" in config["pipeline"]:
            builder.search_pipeline.add(stemmer)
        builder.b(0)
        builder.metadata_whitelist = []
        builder.ref("location")
        for name, spec in config["fields"].items():
            builder.field(name, boost=spec.get("boost", 1), extractor=self._extractor(name))
        self.prebuilt = "index" in config
        if self.prebuilt:  # prebuilt at build time (esca.search.index), as the shim loads it
            self._load(builder, index["docs"], config["index"])
        else:
            for doc in index["docs"]:
                builder.add(doc, {"boost": doc.get("boost", 1)})
        self.index = builder.build()
        if self.prebuilt and shim:
            self._cap_hidden(builder)
        self.fields = list(config["fields"])
        # the words a last word may be the start of: those of the fields a prefix is searched in
        self.vocabulary = sorted(term for term, posting in self.index.inverted_index.items()
                                 if any(posting.get(field) for field in PREFIX_FIELDS))

    @staticmethod
    def _load(builder: Builder, docs: list[dict], prebuilt: dict) -> None:
        """What the shim's Builder.build does with config.index."""
        assert list(prebuilt["fields"]) == list(builder._fields), "prebuilt fields differ from the config's"
        for doc in docs:
            builder._documents[doc["location"]] = {"boost": doc.get("boost", 1)}
            builder.document_count += 1
        for term, field, position, count in postings(prebuilt):
            ref = docs[position]["location"]
            if term not in builder.inverted_index:
                builder.inverted_index[term] = {name: {} for name in builder._fields}
                builder.inverted_index[term]["_index"] = builder.term_index
                builder.term_index += 1
            builder.inverted_index[term][field][ref] = {}
            field_ref = str(FieldRef(ref, field))
            builder.field_term_frequencies.setdefault(field_ref, {})[term] = count
            builder.field_lengths[field_ref] = builder.field_lengths.get(field_ref, 0) + count

    def _cap_hidden(self, builder: Builder) -> None:
        """What the shim's Builder.build does for the hidden fields: a word
        in one adds at most what it would in the title, once (HIDDEN_AS)."""
        if HIDDEN_AS not in builder._fields:
            return
        as_boost = builder._fields[HIDDEN_AS].boost
        by_index = {posting["_index"]: idf(posting, builder.document_count)
                    for posting in self.index.inverted_index.values()}
        for field_ref, vector in self.index.field_vectors.items():
            field, ref = field_ref.split("/", 1)
            if field not in HIDDEN_FIELDS:
                continue
            boost = builder._documents[ref].get("boost", 1)
            elements = vector.elements
            for i in range(0, len(elements), 2):
                cap = round(by_index[elements[i]] * as_boost * boost, 3)
                if elements[i + 1] > cap:
                    elements[i + 1] = cap

    def _extractor(self, name: str):
        def extract(doc):
            value = doc.get(name)
            if value is None:
                return None
            parts = value if isinstance(value, list) else [value]
            tokens = []
            for part in parts:
                for chunk in TAG.sub(" ", str(part)).split():
                    tokens += [t for t in self.separator.split(chunk) if t]
            return " ".join(t.lower() for t in tokens)
        return extract

    def transform(self, query: str) -> str:
        """Material's ``transformSearchQuery``."""
        query = query.strip()
        parts = re.split(r'"([^"]+)"', query)
        query = "".join(re.sub(r"^\b|^(?![^\x00-\x7F]|$)|\s+", " +", p) if i % 2 else p
                        for i, p in enumerate(parts))
        query = re.sub(r'"|(?:^|\s+)[*+\-:^~]+(?=\s+|$)', "", query)
        terms: list[str] = []
        for part in re.split(r"\s+", query):
            terms += self._split_part(part)
        terms = [f"{t}1" if re.search(r"[~^]$", t) else t for t in terms]
        return " ".join(t if re.search(r"(^[+-]|[~^]\d+$)", t) else f"{t}*" for t in terms if t)

    def _split_part(self, part: str) -> list[str]:
        lexer = QueryLexer(part)
        lexer.run()
        out = []
        for lexeme in lexer.lexemes:
            if lexeme["type"] == QueryLexer.TERM:
                term, start, end = lexeme["string"], lexeme["start"], lexeme["end"]
                for piece in self.separator.split(term):
                    if piece:
                        out.append(part[:start] + piece + part[end:])
        return out

    def search(self, query: str) -> list[str]:
        """Page locations in the order the browser shows them."""
        if self.shim:  # the shim drops apostrophes before Material sees the query
            query = APOSTROPHES.sub("", query)
        transformed = self.transform(query)
        if not transformed:
            return []
        # Material parses the query with lunr's tokenizer, so a term like
        # "0-25" is two terms ("0", "25") when it counts the terms each page matched.
        clauses = [word for t in transformed.split() if not t.startswith("-")
                   for word in self.separator.split(t.lstrip("+").rstrip("*").lower()) if word]
        try:
            results = self._shim_search(transformed) if self.shim else self.index.search(transformed)
        except Exception:  # lunr query syntax the browser would also reject
            return []
        items = []
        for result in results:
            location = result["ref"]
            matched = list(result["match_data"].metadata)
            terms = {}
            remaining = list(clauses)
            for term in matched:
                for clause in list(remaining):
                    if term.startswith(clause):
                        terms[clause] = True
                        remaining.remove(clause)
            for clause in remaining:
                if stop_word_filter(_Tok(clause)) is not None:
                    terms[clause] = False
            boost = (0 if location in self.parent else 1) + (
                sum(terms.values()) / len(terms) if terms else 0)
            items.append(Hit(location, result["score"] * (1 + boost ** 2)))
        items.sort(key=lambda hit: -hit.score)
        pages: list[str] = []
        for hit in items:
            page = self.parent.get(hit.location, hit.location)
            if page not in pages:
                pages.append(page)
        return pages


    def _shim_search(self, transformed: str) -> list[dict]:
        """The portal's worker shim (overrides/assets/javascripts/workers/
        esca-search.js): lunr's ``Index.search`` as the shim replaces it."""
        plan = query_plan(transformed, self.separator, self._known, self._has_prefix)
        if plan is None:
            return self.index.search(transformed)
        clauses = []
        for word, how in plan:
            if how == "exact":
                clauses.append(dict(term=word))
            elif how == "prefix":
                clauses.append(dict(term=word, fields=list(PREFIX_FIELDS), wildcard=Query.WILDCARD_TRAILING,
                                    use_pipeline=False))
            else:
                clauses.append(dict(term=word, edit_distance=typo_distance(word, self._typo_matches)))
        if not clauses:
            return []
        phrase = phrase_pattern(plan) if self.prebuilt else None  # the shim keeps entries only then
        taught_less = self.prebuilt and asks_what_it_is(transformed, self.separator)
        # Which clauses each result matches: read from the words it matched,
        # but for typo clauses asked of lunr apart, as the shim does.
        fuzzy = []
        for clause in clauses:
            refs = None
            if "edit_distance" in clause:
                query = self.index.create_query()
                query.clause(**clause)
                refs = {result["ref"] for result in self.index.query(query)}
            fuzzy.append(refs)
        query = self.index.create_query()
        for clause in clauses:
            query.clause(**clause)
        results = self.index.query(query)
        inverted = self.index.inverted_index
        forms = [other_forms(word, inverted) if how == "exact" else [] for word, how in plan]
        for result in results:
            metadata, ref = result["match_data"].metadata, result["ref"]
            matched = 0.0
            for clause, refs, others in zip(clauses, fuzzy, forms):
                if (ref in refs if refs is not None
                        else any(term.startswith(clause["term"]) and any(f in metadata[term] for f in clause["fields"])
                                 for term in metadata) if "wildcard" in clause
                        else clause["term"] in metadata):
                    matched += 1
                elif any(ref in inverted[form][field] for form in others for field in self.fields):
                    matched += FORM_CREDIT
            coverage = matched / len(clauses)
            squared = coverage * coverage
            fourth = squared * squared
            # the 8th power, or the cube for a long query, as the shim computes them
            result["score"] *= squared * coverage if len(clauses) >= LONG_QUERY else fourth * fourth
            if coverage == 1 and phrase is not None and self._has_phrase(result["ref"], phrase):
                result["score"] *= PHRASE_BONUS
            if taught_less and self._taught(result["ref"]):
                result["score"] *= TAUGHT_WEIGHT
        results.sort(key=lambda r: -r["score"])
        return distinct_pages_first(results)

    def _typo_matches(self, word: str, distance: int) -> bool:
        return bool(self.index.token_set.intersect(TokenSet.from_fuzzy_string(word, distance)).to_list())

    def _taught(self, ref: str) -> bool:
        """Whether an entry is of a course or programme page (its page's title
        ends in the kind esca.search.index.present gives it)."""
        page = self.docs.get(ref.split("#")[0])
        return bool(page) and TAUGHT.search(page.get("title", "")) is not None

    def _has_phrase(self, ref: str, phrase: re.Pattern) -> bool:
        cache = self.__dict__.setdefault("_flat", {})  # ref -> its fields, flattened
        if ref not in cache:
            doc = self.docs[ref]
            cache[ref] = [flatten(doc.get(f), self.separator) for f in PHRASE_FIELDS if doc.get(f)]
        return any(phrase.search(text) for text in cache[ref])

    def _known(self, word: str) -> bool:
        return any(t in self.index.inverted_index for t in self.index.pipeline.run_string(word))

    def _has_prefix(self, word: str) -> bool:
        i = bisect.bisect_left(self.vocabulary, word)
        return i < len(self.vocabulary) and self.vocabulary[i].startswith(word)

    def page_matches_all(self, page: str, query: str) -> bool:
        """Whether some entry of ``page`` holds every content word of ``query``
        (a word, or a longer word it starts), in any indexed field."""
        words = content_words(query, self.separator)
        if not words:
            return False
        if not hasattr(self, "_page_terms"):
            self._page_terms: dict[str, set[str]] = {}
            for term, posting in self.index.inverted_index.items():
                for field, refs in posting.items():
                    if field == "_index":
                        continue
                    for ref in refs:
                        self._page_terms.setdefault(self.parent.get(ref, ref), set()).add(term)
        terms = self._page_terms.get(page, set())
        return all(any(t.startswith(w) for t in terms) for w in words)


# The words the shim drops from every query: one list with the vocabulary
# check's (tests/test_search.py checks the shim's copy against it)
QUESTION_WORDS = searchvocab.QUESTION_WORDS


def distinct_pages_first(results: list[dict]) -> list[dict]:
    """Results in the same order, but no two entries of one page with the
    same score: each later entry of a page scores a hair less (TIE_BREAK).
    Material's results show a page's entries that tie with its best as well
    as the best (bundle: renderSearchResultItem), so sections of one page
    scoring alike (a district in each chart of the local data) filled the
    first screen, and the second page was never seen."""
    seen: dict[str, int] = {}
    for result in results:
        page = result["ref"].split("#")[0]
        later = seen.get(page, 0)
        if later:
            result["score"] *= 1 - TIE_BREAK * later
        seen[page] = later + 1
    return results


def query_plan(transformed: str, separator: re.Pattern, known, has_prefix) -> list[tuple[str, str]] | None:
    """How the shim searches for each word of a query Material has
    transformed: ``None`` for lunr syntax (left to lunr), else a list of
    (word, "exact" | "prefix" | "fuzzy"). Stop words and question words are
    dropped; a known word is matched exactly (after the pipeline); an unknown
    last word of 3 letters or more that starts some word of a title or text
    is a prefix, in those fields only; any other unknown word of 4 letters or more is
    matched with one typo (two from 7 letters: :func:`typos_allowed`, the
    fewest that find a word: :func:`typo_distance`)."""
    parts = transformed.split()
    if any(re.search(r"^[+-]|[:~^]", p) for p in parts):
        return None
    words = content_words(" ".join(p.rstrip("*") for p in parts), separator)
    plan = []
    for i, word in enumerate(words):
        last = i == len(words) - 1
        if known(word):
            plan.append((word, "exact"))
        elif last and len(word) >= 3 and has_prefix(word):
            plan.append((word, "prefix"))
        elif len(word) >= ONE_TYPO:
            plan.append((word, "fuzzy"))
    return plan


PHRASE_FIELDS = ("title", "text", "questions")
PHRASE_GAP = 2  # words allowed between two of the query's words in a phrase
PHRASE_BONUS = 2
PREFIX_FIELDS = ("title", "text")  # where an unfinished last word is looked for
FORM_CREDIT = 0.5  # a word a result holds only as its plural or singular counts this much of a word
LONG_QUERY = 4  # from this many words, a result's score goes with its share of them cubed, not to the 8th power
ONE_TYPO = 4  # an unknown word this long may be a typo away from the word meant
TWO_TYPOS = (7, 20)  # an unknown word this long may be two typos away from the word meant
HIDDEN_FIELDS = ("glossary", "questions", "mentions")  # never shown in results
HIDDEN_AS = "title"  # a word in a hidden field adds at most what it would here, once
TAUGHT_KINDS = ("course", "programme")  # the kinds of page (in the title) a "what is" question prefers less
TAUGHT = re.compile(r" \((?:%s)\)$" % "|".join(TAUGHT_KINDS))
TAUGHT_WEIGHT = 0.25
WHAT_IS = ("what is", "what are", "whats", "what does", "define", "meaning of", "definition of")
TIE_BREAK = 1e-6  # each later entry of a page scores this share less per entry before it


def typos_allowed(word: str) -> int:
    """How many typos an unknown word may hold (lunr's edit distance): two
    from 7 letters, but one again over 20, where no real word is and two
    would cost seconds."""
    return 2 if TWO_TYPOS[0] <= len(word) <= TWO_TYPOS[1] else 1


def typo_distance(word: str, matches) -> int:
    """The fewest typos, up to :func:`typos_allowed`, at which ``matches(word,
    typos)`` finds some indexed word: the nearest words only."""
    most = typos_allowed(word)
    for distance in range(1, most):
        if matches(word, distance):
            return distance
    return most


def other_forms(word: str, known) -> list[str]:
    """The word's plural or singular (an "s" or "es" more or less) that the
    index holds (``known``): "councillors" for "councillor"."""
    forms = [word + "s", word + "es"]
    if word.endswith("s"):
        forms.append(word[:-1])
    if word.endswith("es"):
        forms.append(word[:-2])
    return [form for form in forms if form != word and len(form) >= 3 and form in known]


def asks_what_it_is(transformed: str, separator: re.Pattern) -> bool:
    """Whether a query Material has transformed asks what something is ("what
    is systemic practice", "what does safe uncertainty mean")."""
    words = [w for part in transformed.split() for w in separator.split(part.rstrip("*").lower()) if w]
    opening = " ".join(words[:2])
    return any(opening == start or opening.startswith(start + " ") for start in WHAT_IS)


def flatten(value, separator: re.Pattern) -> str:
    """A field's words as the index reads them, one space apart, a space at each end."""
    text = " ".join(map(str, value)) if isinstance(value, list) else str(value)
    text = APOSTROPHES.sub("", TAG.sub(" ", text).lower())
    return " " + " ".join(t for t in separator.split(text) if t) + " "


def phrase_pattern(plan: list[tuple[str, str]]) -> re.Pattern | None:
    """The query's words as a phrase in :func:`flatten`'s form: in the
    query's order, each at most PHRASE_GAP words after the one before. None
    for one word, or when a word is matched with typos."""
    if len(plan) < 2 or any(how == "fuzzy" for _, how in plan):
        return None
    words = [re.escape(word) + ("[^ ]*" if how == "prefix" else "") for word, how in plan]
    return re.compile(" " + (" (?:[^ ]+ ){0,%d}" % PHRASE_GAP).join(words) + " ")


TRIM = re.compile(r"""^["'+\-*~^:?.,!()]+|["'+\-*~^:?.,!()]+$""")


def content_words(query: str, separator: re.Pattern) -> list[str]:
    """The words of a query that are not stop words or question words."""
    words = []
    for chunk in query.lower().split():
        for word in separator.split(chunk):
            word = TRIM.sub("", word)
            if word and word not in QUESTION_WORDS and stop_word_filter(_Tok(word)) is not None:
                words.append(word)
    return list(dict.fromkeys(words))


class _Tok:
    """The smallest token lunr's stop word filter accepts."""

    def __init__(self, text: str):
        self.text = text

    def __str__(self) -> str:
        return self.text
