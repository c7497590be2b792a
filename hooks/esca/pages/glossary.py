"""The glossary: one data file, three uses.

``data/glossary.yml`` is the single source for the abbreviation tooltips on
every page (``<abbr title>`` put into each page's finished HTML,
:class:`ShortForms`), the A–Z glossary (one page, or one page a letter past
:data:`SPLIT_AT` terms: :func:`glossary_pages`) and the forms of each term
search finds (esca.search.entries). This module also holds the acronym lint:
an all-capitals word in the docs that is neither in the glossary nor on the
allowed list (data/acronyms-allowed.yml) is a finding. No MkDocs imports.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from esca.core import fields, questions
from esca.core.fields import Field, load_labels
from esca.core.findings import Finding, did_you_mean
from esca.core.safeyaml import LineMap, load_file
from esca.core.sources import rel_path

GLOSSARY_PAGE = "glossary.md"
# What readers ask that the A-Z page answers (never shown; esca.core.questions).
GLOSSARY_QUESTIONS = (
    "what does this abbreviation stand for",
    "social work jargon and acronyms explained",
    "a to z of terms used in children's social care",
    "is it children in care or looked after children",
    "meaning of words and initials used on this portal",
)


@dataclass(frozen=True)
class Term:
    term: str
    expansion: str
    definition: str
    page: str
    aliases: tuple[tuple[str, str], ...] = ()
    synonyms: tuple[str, ...] = ()
    line: int = 0
    tooltip: bool = True  # False for plain terms that are not abbreviations

    @property
    def abbreviations(self) -> list[tuple[str, str]]:
        """Every short form with its expansion: the term, then its aliases."""
        return [(self.term, self.expansion), *self.aliases]

    @property
    def forms(self) -> list[str]:
        """Every way of writing it: short forms, expansions and synonyms."""
        out = []
        for short, long in self.abbreviations:
            out += [short, long]
        return list(dict.fromkeys(out + list(self.synonyms)))


def _text(name: str, label: str, rule: str, example: str, limit: int, required: bool = True) -> Field:
    # numbers: a phone number in a glossary text is held to the ordinary classes, as contacts' are
    return Field(name, "text", required, rule, example, label=label, max_length=limit, one_line=True, plain=True,
                 numbers=True)


TERM = Field("term", "map", rule="data/glossary.yml's header", label="term", item_shape=(
    "term:, expansion:, definition: and page:, indented under '- '"), fields=(
    Field("term", "text", True, "the short form as pages write it", "SGO", label="term", pattern="term",
          one_line=True, plain=True),
    _text("expansion", "expansion", "what it stands for (shown in every tooltip)", "Special guardianship order", 150),
    Field("aliases", "table", False, "{ABBR: expansion}", label="aliases", keys="term", max_items=10,
          item_shape="{ABBR: expansion}, quoting an expansion with commas: {EHC: \"Education, Health and Care\"}",
          item=_text("aliases", "alias expansion", "what the alias stands for", "Special guardianship order", 150)),
    _text("definition", "definition", "one or two plain-English sentences", "An order of the family court.", 600),
    Field("synonyms", "list", False, "other words people type for it", ["guardianship"], label="synonyms",
          max_items=30, item=_text("synonyms", "synonym", "a word or phrase", "guardianship", 80)),
    Field("page", "text", True, "the page that explains it, relative to docs/", "legislation/special-guardianship.md",
          label="page", pattern="path", max_length=200, one_line=True, plain=True),
    Field("tooltip", "bool", False, "false for a plain term that is not an abbreviation", False, label="tooltip"),
))
GLOSSARY = Field("glossary-file", "map", fields=(
    Field("glossary", "list", True, "one '- term:' entry per term", label="glossary", max_items=2000, item=TERM),))


def load_glossary(file: Path, root: Path) -> tuple[list[Term], list[Finding]]:
    """Read data/glossary.yml and check it against its declaration
    (GLOSSARY); each short form is defined once. The site model reads it
    once per build."""
    rel = rel_path(file, root)
    loaded = load_file(file, root)
    if loaded.findings:
        return [], loaded.findings
    holder = LineMap({"glossary": loaded.data})
    holder.line, holder.lines = 1, {"glossary": getattr(loaded.data, "line", 1) or 1}
    findings = [_alias_hint(f) for f in fields.check(rel, holder, GLOSSARY, fields.Context(choices={}, today=dt.date.min),
                                                     what="glossary")]
    if findings:
        return [], findings
    terms, seen = [], {}
    for entry in loaded.data:
        term = Term(
            term=entry["term"],
            expansion=entry["expansion"],
            definition=entry["definition"],
            page=entry["page"],
            aliases=tuple((str(k), str(v)) for k, v in (entry.get("aliases") or {}).items()),
            synonyms=tuple(str(s) for s in entry.get("synonyms") or []),
            line=entry.line,
            tooltip=entry.get("tooltip", True) is not False,
        )
        for short, _ in term.abbreviations:
            if short in seen:
                findings.append(Finding(rel, entry.line_of("term"), "term", f"'{short}' is defined twice",
                                        f"keep one entry (the other is at line {seen[short]})"))
            seen.setdefault(short, entry.line)
        terms.append(term)
    return terms, findings


def _alias_hint(finding: Finding) -> Finding:
    """{EHC: Education, Health and Care} is {EHC: Education, "Health and
    Care": null} in YAML: an alias that is not text says so."""
    if ".aliases." in finding.field and finding.key == "text":
        return dataclasses.replace(finding, fix=ALIAS_FIX)
    return finding


ALIAS_FIX = 'write {ABBR: expansion}, quoting an expansion with commas: {EHC: "Education, Health and Care"}'


def check_pages(terms: Iterable[Term], docs: set[str], rel: str) -> Iterator[Finding]:
    """Every term's page exists."""
    for term in terms:
        if term.page.split("#")[0] not in docs:
            yield Finding(rel, term.line, "page", "no such page", did_you_mean(term.page, docs) or
                          "give a path relative to docs/, e.g. legislation/children-act-1989.md", term.page)


def abbreviations(terms: Iterable[Term]) -> dict[str, str]:
    """Every short form and its expansion, for the abbr extension's glossary."""
    return {short: long for term in terms if term.tooltip for short, long in sorted(term.abbreviations)}


class ShortForms:
    """Which short forms a page contains, so :func:`add_tooltips` matches a
    short pattern, and only on pages that need one.

    A short form is matched as a whole word (``\\b`` at both ends, as the
    abbr extension does). One made of word characters joined by '&' or '-'
    (SGO, FS&P, D-BIT, s47) can then only be a run of the text's word pieces
    with the separators between them, inside a run of ``[\\w&-]`` that starts
    with one of the short forms' first characters. So only those runs are
    collected (most words start with another letter), split into pieces, and
    every joined stretch is looked up. Other short forms (with a space, say)
    are looked for as plain substrings. The result may hold more than
    :func:`add_tooltips` will mark, never less.
    """

    def __init__(self, abbreviations: dict[str, str]):
        self.abbreviations = dict(abbreviations)
        self._pieced = {k for k in self.abbreviations if _PIECED.fullmatch(k)}
        self._other = [k for k in self.abbreviations if k not in self._pieced]
        initials = "".join(sorted({k[0] for k in self._pieced}))
        self._runs = re.compile(rf"[{re.escape(initials)}][\w&-]*") if initials else None
        # The most pieces a short form has (FS&P: 3, pieces and separators): a
        # stretch is never longer, so a run of a thousand pieces is read in
        # time linear in the run, not in its cube.
        self._longest = max((len(_SEPARATOR.split(k)) for k in self._pieced), default=1)

    def used_in(self, text: str) -> dict[str, str]:
        runs = set(self._runs.findall(text)) if self._runs else set()
        found = (runs & self._pieced) | {k for k in self._other if k in text}
        for run in runs:
            if "&" in run or "-" in run:
                parts = _SEPARATOR.split(run)  # pieces at even places, separators between
                for i in range(0, len(parts), 2):
                    for j in range(i, min(len(parts), i + self._longest), 2):
                        stretch = "".join(parts[i:j + 1])
                        if stretch in self._pieced:
                            found.add(stretch)
        return {short: self.abbreviations[short] for short in sorted(found)}

    def add_tooltips(self, content: str) -> str:
        """:func:`add_tooltips` with the short forms the HTML ``content`` contains."""
        return add_tooltips(content, self.used_in(content.replace("&amp;", "&")))


_PIECED = re.compile(r"\w+(?:[&-]\w+)*")
_SEPARATOR = re.compile(r"([&-])")


def add_tooltips(content: str, abbreviations: dict[str, str]) -> str:
    """Wrap each whole-word short form in the page's HTML in
    ``<abbr title="expansion">``, as the abbr extension would.

    Text inside tags, comments, code, preformatted text, scripts, styles,
    SVG, form controls and existing ``<abbr>`` elements is left alone (an
    ``<abbr>`` there would be invalid or wrong). Short forms are matched in
    the HTML as written, so '&' is looked for as ``&amp;``; a match that
    starts right after '&' or '&#' would be inside a character reference
    and is skipped.
    """
    if not abbreviations:
        return content
    written = {html.escape(short, quote=False): long for short, long in abbreviations.items()}
    pattern = _tooltip_pattern(tuple(sorted(written, key=len, reverse=True)))
    out: list[str] = []
    done = position = 0
    skipped: list[tuple[int, int]] | None = None
    # The last '<' and '>' before a match, found by reading forward from the
    # previous match only: the page is read once however many matches it has.
    last_lt = last_gt = scanned = -1
    # The pattern has no leading \b, so the regex engine can jump to a short
    # form's first character; the start of each match is checked here.
    while match := pattern.search(content, position):
        start = position = match.start()
        before = content[start - 1] if start else " "
        if before.isalnum() or before in "_&#":
            position += 1  # not a whole word, or inside a character reference
            continue
        if start > scanned:
            last_lt = max(last_lt, content.rfind("<", scanned + 1, start))
            last_gt = max(last_gt, content.rfind(">", scanned + 1, start))
            scanned = start - 1
        if last_lt > last_gt:
            position += 1  # inside a tag or a comment
            continue
        if skipped is None:
            skipped = [m.span() for m in _NO_TOOLTIPS.finditer(content)]
        index = bisect.bisect_right(skipped, (start, len(content))) - 1
        if index >= 0 and start < skipped[index][1]:
            position = skipped[index][1]
            continue
        title = html.escape(written[match.group(0)], quote=False).replace('"', "&quot;")  # as Python-Markdown writes it
        out += [content[done:start], f'<abbr title="{title}">{match.group(0)}</abbr>']
        done = position = match.end()
    if not out:
        return content
    out.append(content[done:])
    return "".join(out)


@functools.lru_cache(maxsize=256)
def _tooltip_pattern(forms: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?:" + "|".join(map(re.escape, forms)) + r")\b")


# An element or comment that never closes runs to the end of the page (as a
# browser reads it), so it is not looked for again from every opening.
_NO_TOOLTIPS = re.compile(r"<(abbr|code|pre|kbd|samp|script|style|svg|math|textarea|select|button)\b[^<>]*>.*?"
                          r"(?:</\1\s*>|\Z)|<!--.*?(?:-->|\Z)", re.DOTALL | re.IGNORECASE)


SPLIT_AT = 150  # entries: a longer glossary gets one page per letter


def glossary_pages(terms: Iterable[Term]) -> dict[str, str]:
    """The A–Z glossary, each entry linking to the term's main page.

    One page while the glossary is short; past ``SPLIT_AT`` entries the page
    lists the letters and each letter has its own page (glossary/s.md), so no
    page grows with the whole glossary."""
    by_letter: dict[str, list[tuple[str, str, Term]]] = {}
    for term in terms:
        for short, long in term.abbreviations:
            by_letter.setdefault(short[0].upper(), []).append((short, long, term))
    letters = sorted(by_letter)
    intro = ("The abbreviations and terms used across the portal, from A to Z. On any page, hover over or "
             "focus on an abbreviation to see what it stands for.")
    if sum(map(len, by_letter.values())) <= SPLIT_AT:
        lines = [*_front(GLOSSARY_QUESTIONS), "# Glossary", "", intro, "",
                 " · ".join(f"[{letter}](#{_slug(letter)})" for letter in letters), ""]
        for letter in letters:
            lines += [f"## {letter} {{ #{_slug(letter)} }}", "", *_entries(by_letter[letter], GLOSSARY_PAGE)]
        return {GLOSSARY_PAGE: "\n".join(lines)}
    pages = {GLOSSARY_PAGE: "\n".join([*_front(GLOSSARY_QUESTIONS), "# Glossary", "", intro, "", *(
        f"- [Terms beginning with {letter}](glossary/{_slug(letter)}.md) ({len(by_letter[letter])})"
        for letter in letters), ""])}
    for letter in letters:
        src = f"glossary/{_slug(letter)}.md"
        pages[src] = "\n".join([*_front(), f"# Glossary: {letter}", "",
                                 "[All letters](../glossary.md)", "", *_entries(by_letter[letter], src)])
    return pages


def _front(asked: tuple[str, ...] = ()) -> list[str]:
    # No review dates: the page is built from data/glossary.yml, term by term.
    return ["---", "tags: [New staff, Councillors, Recruits]", *questions.front_matter(asked), "---", ""]


def _entries(entries: list[tuple[str, str, Term]], src: str) -> list[str]:
    lines = []
    for short, long, term in sorted(entries, key=lambda item: item[0].lower()):
        link = posixpath.relpath(term.page, posixpath.dirname(src) or ".")
        lines += [f"{_md(short)}", f":   **{_md(long)}**. {_md(term.definition)} [Read about {_md(long)}]({link}).", ""]
    return lines


def _slug(letter: str) -> str:
    return letter.lower() if letter.isalnum() else "other"


ACRONYM = re.compile(r"(?<![\w&/.-])([A-Z][A-Z0-9]*(?:[&-][A-Z0-9]+)*[A-Z0-9])(?![\w&-])")
# Each alternative stops at the next character that could open another, so a
# line of a thousand '<' or '](' is read once, not once per opening.
_SKIP = re.compile(r"`[^`]*`|<[^<>]+>|\]\([^()]*\)|https?://\S+|\{[^{}]*\}")


def lint_acronyms(rel: str, text: str, known: set[str]) -> Iterator[Finding]:
    """An all-capitals word must be in the glossary or on the allowed list."""
    if not _may_have_unknown(text, known):
        return
    in_code = False
    in_front = text.startswith("---")
    reported: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if in_front:
            if number > 1 and stripped in ("---", "..."):
                in_front = False
            continue
        if stripped.startswith(("```", "~~~")):
            in_code = not in_code
            continue
        if in_code or stripped.startswith("*["):
            continue
        for match in ACRONYM.finditer(_SKIP.sub(" ", line)):
            word = match.group(1)
            if sum(c.isalpha() for c in word) < 2 or word in known or word in reported:
                continue
            reported.add(word)
            yield Finding(rel, number, f"acronym '{word}'", "not in the glossary",
                          "add it to data/glossary.yml, or to data/acronyms-allowed.yml if it needs no explanation")


def _may_have_unknown(text: str, known: set[str]) -> bool:
    """A quick pass over the whole page: is any run of capitals, digits, '&'
    and '-' that starts with a letter unknown? Every word the line-by-line
    lint reports is such a run (its neighbours are never capitals, digits, '&'
    or '-'), so a page without one has nothing to report."""
    for run in set(_RUN.findall(text)):
        word = run.strip("&-")
        if word[:1].isalpha() and word not in known and sum(c.isalpha() for c in word) >= 2:
            return True
    return False


_RUN = re.compile(r"[A-Z0-9&-]+")


def load_allowed(file: Path, root: Path) -> tuple[set[str], list[Finding]]:
    """data/acronyms-allowed.yml: capitals that need no explanation, each with its reason."""
    loaded = load_labels(file, root, keys="acronym")
    return set(loaded.data or {}), loaded.findings


def _md(text: str) -> str:
    return re.sub(r"([\[\]*_`|])", r"\\\1", html.escape(text, quote=False))
