"""What the theme prints outside the article is plain text (issue 24, point 1).

Material prints page titles, subtitles, descriptions and heading titles
without escaping them: in the menu of every page, in <title>, in
<meta name="description">, in the table of contents and in search results.
hooks/governance.py hands them over as plain, escaped text
(esca.core.plaintext, esca.pages.governance.theme_meta). These tests put markup into
each and parse the pages as a browser's parser would (html.parser).
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from conftest import GOOD_META
from esca.core import markdown, plaintext
from esca.pages import governance

MARK = "zq"  # every hostile element and attribute below is named with it


class Elements(HTMLParser):
    """Every element and attribute name in a page, as a parser reads them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def hostile_parts(page: str) -> list[str]:
    """Elements or attributes the hostile input made, and any meta refresh."""
    parser = Elements()
    parser.feed(page)
    parser.close()
    found = []
    for tag, attrs in parser.tags:
        if tag.startswith(MARK):
            found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith(MARK) or (name == "http-equiv" and value and value.lower() == "refresh"):
                found.append(f"{tag} {name}={value!r}")
    return found


DESCRIPTION = '0;url=https://evil.example/" http-equiv="refresh" zqa="1'
PAGES = {
    "index.md": GOOD_META + "# Home\n\n[a](a.md) [b](b.md) [c](c.md)\n",
    # Front matter the theme prints: description in an attribute, subtitle in every menu.
    "a.md": GOOD_META.replace("owner: esca", f"owner: esca\ndescription: '{DESCRIPTION}'\n"
                              "subtitle: '&lt;zqs&gt; \"quoted\" & more'\ntitle: 'T &lt;/title&gt;&lt;zqt&gt;'")
    + "# A\n\nText.\n",
    # An H1 whose entities decode to markup, and a heading for the table of contents.
    "b.md": GOOD_META + "# B &lt;/title&gt;&lt;meta http-equiv=refresh content=0&gt;&lt;zqh&gt;\n\n"
    "## Part &lt;zqp&gt; & more\n\nText.\n",
    # A theme key that is not declared: never reaches the theme.
    "c.md": GOOD_META.replace("owner: esca", "owner: esca\ntemplate: redirect.html\nlocation: https://evil.example/")
    + "# C\n\nText.\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    import conftest

    tmp = tmp_path_factory.mktemp("theme-text")
    build = conftest.tiny_site.__wrapped__(tmp)(PAGES, config="nav:\n  - index.md\n  - a.md\n  - b.md\n  - c.md\n")
    return build


def test_the_build_reports_the_undeclared_keys_and_nothing_else(built, expected_warnings):
    assert built.returncode == 1
    assert sorted(w.split("docs/", 1)[1][:38] for w in built.warnings) == [
        "b.md:7: title: the page's heading has ",  # '<' written as &lt; is markup too (and shown inert below)
        "c.md:3: template: unknown field — remo",
        "c.md:4: location: unknown field — did ",
    ]


@pytest.mark.parametrize("path", ["", "a/", "b/", "c/"])
def test_no_hostile_element_or_attribute_in_any_page(built, path, expected_warnings):
    assert hostile_parts(built.page(path)) == []


def test_titles_and_descriptions_read_as_written(built, expected_warnings):
    a, b = built.page("a/"), built.page("b/")
    assert '<meta name="description" content="0;url=https://evil.example/&quot; http-equiv=&quot;refresh&quot; ' \
           'zqa=&quot;1">' in a
    # Front matter is plain text: what it holds is shown, character for character.
    assert "<title>T &amp;lt;/title&amp;gt;&amp;lt;zqt&amp;gt; - Tiny</title>" in a
    assert "<title>B ‹/title›‹meta http-equiv=refresh content=0›‹zqh› - Tiny</title>" in b
    assert "<small>&amp;lt;zqs&amp;gt; &quot;quoted&quot; &amp; more</small>" in a  # the subtitle, in the menu


def test_search_results_hold_no_markup_from_a_page(built, expected_warnings):
    index = json.loads((built.site / "search/search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        assert hostile_parts(f"<div>{doc['title']}</div><div>{doc['text']}</div>") == [], doc


def test_a_page_that_fails_its_declaration_gives_the_theme_nothing():
    meta = {"owner": "esca", "template": "redirect.html", "title": "x"}
    assert governance.theme_meta(meta, passed=False) == {}
    assert governance.theme_meta(meta, passed=True) == {"owner": "esca", "title": "x"}
    assert governance.theme_meta({"search": {"exclude": True, "boost": 1e9}}, passed=True) == {
        "search": {"exclude": True}}
    assert governance.theme_meta({"description": 'a "b" <c>'}, passed=True) == {
        "description": "a &quot;b&quot; &lt;c&gt;"}


@pytest.mark.parametrize("fragment, expected", [
    ("Plain", "Plain"),
    ("A &amp; B", "A &amp; B"),
    ("<b>Bold</b> text", "Bold text"),
    ("&lt;script&gt;", "‹script›"),
    ("a <!-- <b> --> b", "a b"),
    ("unclosed <img src=x onerror=alert(1)", "unclosed"),
    ("x" * 400, "x" * 299 + "…"),
])
def test_plain_titles(fragment, expected):
    assert plaintext.title(fragment) == expected


@pytest.mark.parametrize("source, expected", [
    ("# Plain title\n", []),
    ("# Title <img src=x>\n", ["p.md:1: title: the page's heading has markup ('<'): 'Title <img src=x>' — write the "
                                "heading as plain text, without < or HTML tags"]),
    # fourth blind attack, B05: '<' as a character reference is '<' in the title
    ("# Title &#60;img src=x&#62;\n", ["p.md:1: title: the page's heading has markup ('<'): 'Title &#60;img src=x&#62;' — "
                                       "write the heading as plain text, without < or HTML tags"]),
    ("# Title &lt;b&gt;\n", ["p.md:1: title: the page's heading has markup ('<'): 'Title &lt;b&gt;' — write the heading "
                             "as plain text, without < or HTML tags"]),
    ("# Fees &amp; charges\n", []),
    ("---\nowner: x\n---\n\n# " + "Long " * 40 + "\n", [
        "p.md:5: title: the page's heading is 199 characters, over the limit of 150 — shorten it: it is shown in the "
        "menu of every page"]),
    ("# C# #\n", []),
])
def test_heading_rules(source, expected):
    assert [str(f) for f in governance.title_problems("p.md", source)] == expected


@pytest.mark.parametrize("source, title", [
    ("# Title #\n", "Title"), ("# C#\n", "C#"), ("#  Spaced   \n", "Spaced"), ("---\na: 1\n---\n# T\n", "T"),
    ("No heading\n", None), ("# " + " " * 5000 + "x" + " " * 5000 + "#\n", "x"),
])
def test_page_title(source, title):
    assert markdown.page_title(source) == title
