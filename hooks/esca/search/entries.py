"""Search that knows the jargon.

No MkDocs imports. :func:`enrich` adds two extra fields to the entries of
Material's ``search/search_index.json``: ``glossary`` (every form of a
glossary term, on the term's main page) and ``mentions`` (every form of each
term a section mentions, and every common way of writing a legal reference it
contains). Material's search indexes them with the boosts configured in
mkdocs.yml but never shows them in results. Also the readers' questions a
page answers, as a hidden field (:func:`with_questions`), and the pages the
empty search results link to (:func:`empty_state_links`).

The Python replica of the browser's search, used by the tests and benches,
is tests/search_replica.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from esca.core.urls import page_href, page_url
from esca.pages.glossary import GLOSSARY_PAGE as GLOSSARY_SRC, Term
from esca.search.index import LEGAL_REF  # one pattern for a section cited, here and in the index

TAG = re.compile(r"<[^<>]*>")


def legal_variants(number: str) -> list[str]:
    """Every common way of writing section ``number``."""
    n = number.lower()
    return [f"s{n}", f"s.{n}", f"section {n}"]


def keywords_for(text: str, terms: Iterable[Term], *, compact: bool = False) -> list[str]:
    """Forms of every glossary term ``text`` mentions, and legal reference variants.

    ``compact`` keeps only the short forms and expansions the text does not
    already contain, which keeps the index small."""
    plain = TAG.sub(" ", text)
    lowered = plain.lower()
    matcher = _matcher(terms if isinstance(terms, tuple) else tuple(terms))
    found: list[str] = []
    seen: set[int] = set()
    for pattern in matcher.patterns:
        for match in pattern.finditer(plain):
            index = matcher.owner[match.group(0) if pattern is matcher.exact else match.group(0).lower()]
            if index not in seen:
                seen.add(index)
    for index in sorted(seen):
        term = matcher.terms[index]
        if compact:
            # Only the short forms: the expansion is usually in the text
            # already, and the term's own page carries every form.
            found += [short for short, _ in term.abbreviations if short.lower() not in lowered]
        else:
            found += term.forms
    for match in LEGAL_REF.finditer(plain):
        variants = legal_variants(match.group(1))
        found += [v for v in variants if not compact or v not in lowered]
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class _Matcher:
    terms: tuple[Term, ...]
    exact: re.Pattern  # abbreviations, case-sensitive
    loose: re.Pattern  # expansions and synonyms, any case
    owner: dict[str, int]

    @property
    def patterns(self) -> tuple[re.Pattern, ...]:
        return (self.exact, self.loose)


_MATCHERS: dict[tuple[Term, ...], _Matcher] = {}


def _matcher(terms: tuple[Term, ...]) -> _Matcher:
    """One pass per text: all abbreviations in one pattern, all phrases in another."""
    if terms not in _MATCHERS:
        owner: dict[str, int] = {}
        shorts, longs = [], []
        for index, term in enumerate(terms):
            for short, long in term.abbreviations:
                owner.setdefault(short, index)
                shorts.append(short)
                owner.setdefault(long.lower(), index)
                longs.append(long.lower())
            for synonym in term.synonyms:
                if len(synonym) > 3:
                    owner.setdefault(synonym.lower(), index)
                    longs.append(synonym.lower())
        def alternation(words):
            return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) or "(?!)"
        _MATCHERS[terms] = _Matcher(
            terms,
            re.compile(rf"(?<![\w&-])(?:{alternation(shorts)})(?![\w&-])"),
            re.compile(rf"\b(?:{alternation(longs)})\b", re.IGNORECASE),
            owner,
        )
    return _MATCHERS[terms]


def enrich(index: dict, terms: list[Term], *, directory_urls: bool = True) -> dict:
    """Material's search index with the ``glossary`` field added, and the
    ``mentions`` field when its config lists that field."""
    with_mentions = "mentions" in index.get("config", {}).get("fields", {})
    return {**index, "docs": enrich_docs(index["docs"], terms, with_mentions=with_mentions,
                                         directory_urls=directory_urls)}


def glossary_pages(terms: Iterable[Term], directory_urls: bool = True) -> dict[str, list[str]]:
    """Each term's main page (its location) -> the forms of the terms it explains."""
    main_pages: dict[str, list[str]] = {}
    for term in terms:
        main_pages.setdefault(page_url(term.page.split("#")[0], directory_urls), []).extend(term.forms)
    return main_pages


def enrich_docs(docs: Iterable[dict], terms: Iterable[Term], *, with_mentions: bool = False,
                directory_urls: bool = True, main_pages: dict[str, list[str]] | None = None) -> list[dict]:
    """Search entries (location, title, text…) with the ``glossary`` field
    added on each term's main page, and ``mentions`` when asked for.
    Locations are as the site makes them: ``roles/d-bit/``, or
    ``roles/d-bit.html`` with ``directory_urls`` off (the offline copy).

    ``mentions`` (the short forms each section mentions) is off in the real
    config: on the judged queries it found nothing the glossary field did not,
    and every extra field makes each query term look in one more place.
    ``main_pages`` (:func:`glossary_pages`) may be given when the same terms
    enrich many pages, one page at a time: it is then worked out once."""
    terms = tuple(terms)
    if main_pages is None:
        main_pages = glossary_pages(terms, directory_urls)
    out = []
    for doc in docs:
        doc = dict(doc)
        path, _, anchor = doc["location"].partition("#")
        if not anchor and path in main_pages:
            doc["glossary"] = " ".join(dict.fromkeys(main_pages[path]))
        if with_mentions and path != page_url(GLOSSARY_SRC, directory_urls):
            mentions = keywords_for(doc.get("title", "") + " " + doc.get("text", ""), terms, compact=True)
            if mentions:
                doc["mentions"] = " ".join(mentions)
        out.append(doc)
    return out


def with_questions(entries: list[dict], url: str, questions: Iterable[str]) -> list[dict]:
    """A page's entries with the questions its front matter says it answers
    (``questions:``) in the hidden field ``questions`` of the page's own entry
    (the one at ``url``, no anchor). Never shown in results."""
    text = " ".join(" ".join(q.split()) for q in questions)
    if not text:
        return entries
    return [{**entry, "questions": text} if entry["location"] == url else entry for entry in entries]


# Where a reader with no search results is sent: the pages that answer what
# new staff most often search for and the site cannot find (bench/HISTORY.md,
# issue 28). The sentence itself is in overrides/partials/search.html.
EMPTY_STATE_PAGES = ("about/contact.md", "induction/first-day.md")


def empty_state_links(page_src: str, titles: Mapping[str, str], directory_urls: bool = True) -> list[dict[str, str]]:
    """The links the empty search results offer on page ``page_src``: each
    of EMPTY_STATE_PAGES that the site has (``titles``: source path ->
    title), as {"href": relative to the page, "title": the page's title}."""
    return [{"href": page_href(page_src, src, directory_urls), "title": titles[src]}
            for src in EMPTY_STATE_PAGES if titles.get(src)]
