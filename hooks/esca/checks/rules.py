"""The writing rules CONTRIBUTING.md marks **(checked)**, as build findings.

Each rule reads one page's Markdown source and yields findings at the line
where the problem is. No MkDocs imports: the site model's source checks
(esca.site.check_sources) run them, beside the build (esca.checker) and for
``python -m esca check``.
"""

from __future__ import annotations

import re
from typing import Iterator

from esca.core import fields, plaintext
from esca.core.findings import Finding, text_problem
from esca.core.markdown import FRONT_MATTER, heading_text

# Patterns over a contributed page are linear in it (tests/test_bounded_work.py):
# a fence or comment that never closes runs to the end of the page (as
# Markdown and browsers read it) instead of being looked for again from
# every opening; a run starts only where the thing it matches can start.
FENCE = re.compile(r"^[ \t]*(```|~~~)[^\n]*\n.*?(?:^[ \t]*\1[ \t]*$|\Z)", re.DOTALL | re.MULTILINE)
COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
HEADING = re.compile(r"^(#{1,6})[ \t]+([^\n]*)", re.MULTILINE)  # closing hashes: heading_text()

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# People named in the source documents. The portal names roles, never people.
SEED_NAMES = ("Helen Lincoln", "Michelle Hayden-Pepper", "Bianka Lang", "Kiran Box", "Isabelle Trowler")

SECTION = re.compile(r"\b(?:s|ss|section|sections|reg|regulation|schedule|sch)\s?\.?\s?\d+[A-Z]*\b|\(\d+\)|\bPart \d+|\bPart [IVX]+\b",
                     re.IGNORECASE)
ANCHOR = re.compile(r"\{:?[^{}\n]*?#([A-Za-z][\w.:-]*)[^{}\n]*\}")
INCLUDE = re.compile(r"^[ \t]*-{1,2}8<-{1,2}.*$", re.MULTILINE)
# A Markdown image with nothing between its brackets: ![](pic.png), ![ ][ref].
NO_ALT = re.compile(r"!\[[ \t]*\][(\[]")
MUST = re.compile(r"\bmust\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n[ \t]*\n|\n[ \t]*(?:[-*+]|\d+\.)[ \t]")


_ATTR_LIST = re.compile(r"\{[^{}]*\}\s*$")  # an attribute list ending a heading: { #id }


def prose(text: str) -> str:
    """The page with front matter, fenced code, comments, inline code and tags
    blanked out (same length, same line breaks), so offsets still give lines."""

    def blank(match: re.Match) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    for pattern in (FRONT_MATTER, FENCE, COMMENT, re.compile(r"`[^`\n]*`"), re.compile(r"<[^<>\n]+>")):
        text = pattern.sub(blank, text)
    return text


def prose_keep_comments(text: str) -> str:
    """The page with front matter and fenced code blanked out, comments kept
    (markers are comments)."""

    def blank(match: re.Match) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    return FENCE.sub(blank, FRONT_MATTER.sub(blank, text))


def check_page(rel: str, text: str) -> Iterator[Finding]:
    """Every writing rule on one page's Markdown source."""
    body = prose(text)
    yield from check_headings(rel, body)
    yield from check_must(rel, body)
    yield from check_personal_data(rel, body)
    yield from check_includes(rel, body)
    yield from check_anchors(rel, body)
    yield from check_image_text(rel, body)


def check_image_text(rel: str, body: str) -> Iterator[Finding]:
    """A Markdown image says what it shows: ``![](pic.png)`` gives an empty
    alt, which screen readers take as decoration. An image that is only
    decoration is written as HTML with ``alt=""``, a choice made on purpose."""
    for match in NO_ALT.finditer(body):
        yield Finding(rel, _line(body, match.start()), "image", "has no alt text",
                      "say what the image shows between the brackets, ![what it shows](file); for an image that is "
                      "only decoration, write <img src=\"file\" alt=\"\">", match.group(0))


def check_anchors(rel: str, body: str) -> Iterator[Finding]:
    """An anchor written with { #id } is used once on the page: a second one
    would make links to it land on the first."""
    seen: dict[str, int] = {}
    for match in ANCHOR.finditer(body):
        anchor, line = match.group(1), _line(body, match.start())
        if anchor in seen:
            yield Finding(rel, line, "anchor", f"'#{anchor}' is already used on line {seen[anchor]}",
                          "give each anchor its own name", anchor)
        seen.setdefault(anchor, line)


def check_includes(rel: str, body: str) -> Iterator[Finding]:
    """No include lines: the build has no snippets extension, so a page can
    never pull in another file (such as .git/config, where CI keeps a token)."""
    for match in INCLUDE.finditer(body):
        yield Finding(rel, _line(body, match.start()), "include", "pages cannot include other files",
                      "write the text into the page itself", match.group(0).strip())


def check_headings(rel: str, body: str) -> Iterator[Finding]:
    """One H1, first; no heading skips a level on the way down (H2 then H4)."""
    headings = [(len(m.group(1)), _line(body, m.start()), heading_text(m.group(2))) for m in HEADING.finditer(body)]
    h1s = [h for h in headings if h[0] == 1]
    if not h1s:
        first = re.search(r"\S", body)
        yield Finding(rel, _line(body, first.start()) if first else 1, "headings", "the page has no H1 title",
                      "start the page with '# Title'")
    for level, line, title in h1s[1:]:
        yield Finding(rel, line, "headings", "a second H1 title", "make it '## ' (one H1 per page)", title)
    if headings and headings[0][0] != 1 and h1s:
        level, line, title = headings[0]
        yield Finding(rel, line, "headings", "a heading comes before the H1 title",
                      "move the '# Title' line above it", title)
    for level, line, title in headings:
        problem = text_problem(_ATTR_LIST.sub("", title).rstrip())
        if problem:
            yield Finding(rel, line, "headings", f"the heading {problem}", "type the heading again as plain text", title)
    previous = None
    for level, line, title in headings:
        if previous is not None and level > previous + 1:
            yield Finding(rel, line, "headings", f"H{level} follows H{previous}, skipping a level",
                          f"make it H{previous + 1} ('{'#' * (previous + 1)} ')", title)
        previous = level


def check_must(rel: str, body: str) -> Iterator[Finding]:
    """'Must' only for a legal duty, with the section cited in the same sentence."""
    start = 0
    for end_match in [*SENTENCE_END.finditer(body), None]:
        end = end_match.start() if end_match else len(body)
        sentence = body[start:end]
        found = MUST.search(sentence)
        if found and not SECTION.search(sentence):
            yield Finding(rel, _line(body, start + found.start()), "must",
                          "'must' without the section of the law it comes from",
                          "cite the section in the same sentence, e.g. (Children Act 1989, s47), "
                          "or write 'should' or 'we expect'", " ".join(sentence.split()))
        start = end_match.end() if end_match else end


def check_personal_data(rel: str, body: str) -> Iterator[Finding]:
    """No email addresses, phone numbers or people's names in page text.

    Official public contact points are published from data/contacts.yml,
    where each carries its source, not written into pages."""
    found = []
    if "@" in body:
        found += [(m.start(), "an email address", m.group(0)) for m in EMAIL.finditer(body)]
    # Numbers are found as a phone reads them (esca.core.fields.numbers_in_text:
    # any digits, gaps of spaces, dashes, dots or brackets); one that costs more
    # to call is said so, any other full UK number is personal data here.
    # Character references are read first, line by line (so lines stay where
    # they are): &nbsp; or &#48; in a number is what the reader sees (fifth
    # blind attack, A04).
    shown = "\n".join(map(plaintext.references_read, body.split("\n"))) if "&" in body else body
    at = 0
    for number in fields.numbers_in_text(shown):
        offset = shown.index(number, at)
        at = offset + len(number)
        if not fields.number_class_ok(number):
            message = fields.MESSAGES["number-in-text"]
            problem = message.problem.format(number=number)
            yield Finding(rel, _line(shown, offset), "phone number", problem,
                          "remove it: official contact points come from data/contacts.yml, where each is checked")
        elif len(fields.national_digits(number)) >= 10:
            found.append((offset, "a phone number", number))
    for offset, what, value in sorted(set(found)):
        yield Finding(rel, _line(shown if what == "a phone number" else body, offset), "personal data",
                      f"{what} in the page",
                      "remove it: name the team or role instead", value)
    for name in SEED_NAMES:
        index = body.find(name)
        if index >= 0:
            yield Finding(rel, _line(body, index), "personal data", "a person's name in the page",
                          "name the role instead (for example, the Director of Children's Services)", name)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
