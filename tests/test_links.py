"""The links hook: a fault table of tiny real builds, each asserting the
exact message, plus unit tests of the pure rules."""

from __future__ import annotations

import re

import pytest

from conftest import GOOD_META, ROOT
from esca.checks import links

PREFIX = re.compile(r"^WARNING -  hooks/links: ")

# (case, files, expected warning lines). Every page gets valid front matter.
FAULTS = [
    (
        "missing page",
        {"index.md": "# Home\n\nSee [the hub](assessment-and-intervntion.md).\n",
         "assessment-and-intervention.md": "# A and I\n"},
        ["docs/index.md:3: link 'assessment-and-intervntion.md': no such page"
         " — did you mean 'assessment-and-intervention.md'?"],
    ),
    (
        "missing anchor on the same page",
        {"index.md": "# Home\n\n## Real heading\n\nGo to [the heading](#real-headin).\n"},
        ["docs/index.md:5: link '#real-headin': no anchor '#real-headin' on this page — did you mean 'real-heading'?"],
    ),
    (
        "missing anchor on another page",
        {"index.md": "# Home\n\nRead [section 47](law.md#section-48).\n",
         "law.md": "# Law\n\n## Section 47\n"},
        ["docs/index.md:3: link 'law/#section-48': no anchor '#section-48' on 'law.md' — did you mean 'section-47'?"],
    ),
    (
        "missing image",
        {"index.md": "# Home\n\n![The academy logo](logo.svg)\n"},
        ["docs/index.md:3: image 'logo.svg': no such image — check the path"],
    ),
    (
        "raw HTML link",
        {"index.md": '# Home\n\n<p><a href="../team/">Our team</a></p>\n'},
        ["docs/index.md:3: link '../team/': points outside the site — link to a page inside the site"],
    ),
    (
        "links in a generated page, one from a data file reported at the file and line",
        {},
        ["curricula/courses/example.yml:7: link '../nowhere/': no such page or file — check the path",
         "generated/index.html:1: link '../missing-generated/': no such page or file — check the path"],
    ),
    (
        "bad external scheme",
        {"index.md": "# Home\n\nRead [the Act](http://www.legislation.gov.uk/ukpga/1989/41).\n"},
        ["docs/index.md:3: link 'http://www.legislation.gov.uk/ukpga/1989/41': scheme 'http' is not allowed"
         " — use https:// instead"],
    ),
    (
        "unknown host",
        {"index.md": "# Home\n\nRead [a blog about the Act](https://example.com/act).\n"},
        ["docs/index.md:3: link 'https://example.com/act': host 'example.com' is not on the reviewed list"
         " — add it to data/allowed-hosts.yml if it is right"],
    ),
    (
        "missing alt text",
        {"index.md": '# Home\n\n<img src="assets/pic.svg">\n', "assets/pic.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"},
        ["docs/index.md:3: image 'assets/pic.svg': has no alt text"
         " — describe the image in alt text, or use alt=\"\" if it is only decoration"],
    ),
    (
        "click here",
        {"index.md": "# Home\n\nTo read the law [click here](law.md).\n", "law.md": "# Law\n"},
        ["docs/index.md:3: link 'law/': link text 'click here' does not say where it goes"
         " — use the name of the page or document as the link text"],
    ),
    (
        "anchor to a non-ASCII heading",
        {"index.md": "# Home\n\n## Café société\n\nSee [the café](#café-société).\n"},
        ["docs/index.md:5: link '#café-société': no anchor '#café-société' on this page — did you mean 'cafe-societe'?"],
    ),
]


@pytest.mark.parametrize("case, files, expected", FAULTS, ids=[row[0] for row in FAULTS])
def test_fault_is_reported_exactly(tiny_site, expected_warnings, case, files, expected):
    """Each fault stops the strict build with exactly the expected line(s).

    Line numbers in FAULTS count from the first line after the front matter.
    """
    pages = {"index.md": "# Home\n", **files}
    pages = {name: (GOOD_META + text if name.endswith(".md") else text) for name, text in pages.items()}
    generated = "generated" in case
    build = tiny_site(pages, hooks=[ROOT / "tests/fixtures/hooks/generated_page.py"] if generated else [])
    ours = [PREFIX.sub("", line) for line in build.warnings if PREFIX.match(line)]
    offset = GOOD_META.count("\n")
    wanted = [re.sub(r"^(docs/[^:]+):(\d+):", lambda m: f"{m[1]}:{int(m[2]) + offset}:", line) for line in expected]
    assert ours == wanted, build.output
    assert build.returncode == 1
    assert "Aborted with" in build.output and "Traceback" not in build.output


def test_nav_entry_to_missing_file_fails_the_build(tiny_site, expected_warnings):
    build = tiny_site({"index.md": GOOD_META + "# Home\n"}, config="nav:\n  - Home: index.md\n  - Gone: gone.md\n")
    assert build.returncode == 1
    assert any("'gone.md'" in line and "nav" in line for line in build.warnings), build.output


def test_clean_tiny_site_has_no_findings(tiny_site):
    build = tiny_site({"index.md": GOOD_META + "# Home\n\nRead [the law](law.md#section-47).\n",
                       "law.md": GOOD_META + "# Law\n\n## Section 47\n"})
    assert build.returncode == 0, build.output
    assert build.warnings == []


# Unit tests of the pure rules: (link, expected problem or None).
TEXT_CASES = [
    (links.Link("a", "law/", text="The Children Act 1989"), None),
    (links.Link("a", "law/", text="here"), "link text 'here' does not say where it goes"),
    (links.Link("a", "law/", text="Read more."), "link text 'Read more.' does not say where it goes"),
    (links.Link("a", "law/", text=""), "has no text"),
    (links.Link("a", "law/", text="https://www.gov.uk/x"), "link text is a bare web address"),
]


@pytest.mark.parametrize("link, problem", TEXT_CASES)
def test_link_text_rules(link, problem):
    found = list(links.check_link_text("p.md", 1, link))
    assert [f.problem for f in found] == ([problem] if problem else [])


EXTERNAL_CASES = [
    ("https://www.legislation.gov.uk/ukpga/1989/41", None),
    ("mailto:esca@example.org", None),
    ("mailto:not-an-address", "not one well-formed email address"),
    ("mailto:a@example.org,b@example.org", "not one well-formed email address"),
    ("mailto:a@example.org?subject=Booking", None),  # the portal's booking links add a subject
    ("mailto:a@example.org?subject=x&body=Send%20your%20password", "a mail link may carry only the address (and a subject)"),
    ("mailto:a@example.org?bcc=evil@example.org", "a mail link may carry only the address (and a subject)"),
    ("mailto:a@example.org?cc=x", "a mail link may carry only the address (and a subject)"),
    # issue 24, case 71: an encoded line break in the subject adds a header
    ("mailto:a@example.org?subject=Hi%0D%0ABcc:%20evil@evil.example",
     "a mail link's subject holds a line break or control character"),
    ("mailto:a@example.org?subject=Hi%0ABcc:x", "a mail link's subject holds a line break or control character"),
    ("mailto:a@example.org?subject=Hi%E2%80%A8x", "a mail link's subject holds a line break or control character"),
    ("mailto:a@example.org?subject=Hi%09there", "a mail link's subject holds a line break or control character"),
    ("mailto:a@example.org?subject=Booking%20a%20place", None),
    ("http://www.gov.uk/", "scheme 'http' is not allowed"),
    ("javascript:alert(1)", "scheme 'javascript' is not allowed"),
    ("tel:01234 x", "not a well-formed phone number"),  # tel: is allowed for the contact points
    ("tel:+443456037627", None),
    ("tel:+449098790000", "calls a number that is not one of the official contact points"),
    ("tel:+443456037627?x=1", "not a well-formed phone number"),
    ("//cdn.example.com/x.js", "scheme '//' is not allowed"),
    ("https://evil.example/", "host 'evil.example' is not on the reviewed list"),
]


@pytest.mark.parametrize("url, problem", EXTERNAL_CASES)
def test_external_rules(url, problem):
    hosts = frozenset({"www.legislation.gov.uk", "www.gov.uk"})
    tels = frozenset({"tel:+443456037627", "tel:999"})
    found = list(links.check_external("p.md", 1, links.Link("a", url, text="Name"), hosts, tels))
    assert [f.problem for f in found] == ([problem] if problem else [])


def test_external_assets_are_never_allowed():
    found = list(links.check_external("p.md", 1, links.Link("script", "https://www.gov.uk/x.js"), frozenset({"www.gov.uk"})))
    assert [f.problem for f in found] == ["loads a file from another host"]


def test_scan_reads_ids_links_names_and_images():
    scan = links.scan_html(
        '<h2 id="a">A</h2><a href="x/" aria-label="Named">'
        '<svg></svg></a><a href="y/"><img src="i.png" alt="Logo"></a><img src="j.png"><a name="old"></a>'
    )
    assert scan.ids == {"a", "old"}
    assert [(l.tag, l.url, l.text, l.alt) for l in scan.links] == [
        ("a", "x/", "Named", None), ("a", "y/", "Logo", None), ("img", "i.png", "", "Logo"), ("img", "j.png", "", None)]


# The external link check (make linkcheck-external), with a fake fetcher: no network in tests.
def test_external_check_reports_dead_and_redirected_and_uses_the_cache(tmp_path):
    import datetime as dt

    from tools import linkcheck_external as ext

    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text(
        '<a href="https://www.gov.uk/old">Old guidance</a><a href="https://www.gov.uk/gone">Gone</a>'
        '<a href="https://www.legislation.gov.uk/ukpga/1989/41" data-source="docs/legislation/x.md:7">Act</a>'
        '<a href="../b/">Internal</a>')
    where = ext.collect(tmp_path)
    assert set(where) == {"https://www.gov.uk/old", "https://www.gov.uk/gone", "https://www.legislation.gov.uk/ukpga/1989/41"}
    answers = {
        "https://www.gov.uk/old": ext.Result("https://www.gov.uk/old", 200, "https://www.gov.uk/new", "2026-11-24"),
        "https://www.gov.uk/gone": ext.Result("https://www.gov.uk/gone", 404, "https://www.gov.uk/gone", "2026-11-24"),
    }
    fetched = []

    def fake(url):
        fetched.append(url)
        return answers[url]

    cache = {"https://www.legislation.gov.uk/ukpga/1989/41": {
        "url": "https://www.legislation.gov.uk/ukpga/1989/41", "status": 200,
        "final_url": "https://www.legislation.gov.uk/ukpga/1989/41", "checked": "2026-11-20", "error": ""}}
    results = ext.check(where, cache, dt.date(2026, 11, 24), fake, pause=0)
    assert fetched == ["https://www.gov.uk/gone", "https://www.gov.uk/old"]  # cached one not fetched again
    assert ext.report(results, where) == [
        "a/index.html: link 'https://www.gov.uk/gone': dead, HTTP 404 on 2026-11-24"
        " — find the page's new address or remove the link",
        "a/index.html: link 'https://www.gov.uk/old': redirects to 'https://www.gov.uk/new'"
        " — link the new address directly",
    ]


@pytest.mark.parametrize("content_only, urls, ids", [
    (False, ["../", "../nav/", "#toc", "../body/", "../next/"], {"__drawer", "t"}),
    (True, ["../body/"], {"t"}),
])
def test_theme_parts_are_left_out_only_when_asked(content_only, urls, ids):
    page = ('<header><input id="__drawer"><a href="../">Home</a></header><main><div class="md-sidebar '
            'md-sidebar--primary"><a href="../nav/">Nav</a><a href="#toc">Toc</a></div><div class="md-content">'
            '<h1 id="t">T</h1><a href="../body/">Body</a></div></main><footer><a href="../next/">Next</a></footer>')
    scan = links.scan_html(page, content_only=content_only)
    assert [link.url for link in scan.links] == urls and scan.ids == ids


def test_a_page_without_the_theme_markers_is_read_whole():
    page = '<h1 id="t">T</h1><a href="../body/">Body</a>'
    assert [link.url for link in links.scan_html(page, content_only=True).links] == ["../body/"]


def test_a_source_file_that_has_gone_gives_no_line_not_a_crash(tmp_path):
    page = links.PageInput("docs/x.md", "x.md", "x/index.html", links.PageScan(), source_file=str(tmp_path / "gone.md"))
    assert page.source_text() == ""
    (tmp_path / "here.md").write_text("\ufeff# Here\n", encoding="utf-8")
    assert links.PageInput("docs/h.md", "h.md", "h/index.html", links.PageScan(),
                           source_file=str(tmp_path / "here.md")).source_text() == "# Here\n"


# Issue 24, case 73: every attribute a browser follows is read by the link
# scan (links._URL_ATTRS, one table), and an address to an unreviewed host
# in any of them is a finding.
EVIL = "https://evil.example/x"
URL_ATTR_ROWS = [
    (f'<map name="m"><area shape="rect" coords="0,0,1,1" href="{EVIL}" alt="Evil"></map>', "area",
     "host 'evil.example' is not on the reviewed list"),  # case 73
    (f'<area href="a/" ping="{EVIL}" alt="x">', "area ping", "loads a file from another host"),
    (f'<a href="x/" ping="a/ {EVIL}">X</a>', "a ping", "loads a file from another host"),
    (f'<svg><a xlink:href="{EVIL}">X</a></svg>', "a", "host 'evil.example' is not on the reviewed list"),
    (f'<form action="{EVIL}"></form>', "form", "the form sends its answers to another host"),
    (f'<button formaction="{EVIL}">Go</button>', "button", "the form sends its answers to another host"),
    (f'<input type="submit" formaction="{EVIL}">', "input formaction", "the form sends its answers to another host"),
    (f'<input type="image" src="{EVIL}" alt="x">', "input", "loads a file from another host"),
    (f'<img src="{EVIL}" alt="x">', "img", "loads a file from another host"),
    (f'<img srcset="a.png 1x, {EVIL} 2x" alt="x">', "img srcset", "loads a file from another host"),
    (f'<img lowsrc="{EVIL}" alt="x">', "img lowsrc", "loads a file from another host"),
    (f'<img dynsrc="{EVIL}" alt="x">', "img dynsrc", "loads a file from another host"),
    (f'<source src="{EVIL}">', "source", "loads a file from another host"),
    (f'<video src="{EVIL}"></video>', "video", "loads a file from another host"),
    (f'<picture><source srcset="{EVIL} 2x"></picture>', "source srcset", "loads a file from another host"),
    (f'<video poster="{EVIL}"></video>', "video poster", "loads a file from another host"),
    (f'<audio src="{EVIL}"></audio>', "audio", "loads a file from another host"),
    (f'<track src="{EVIL}">', "track", "loads a file from another host"),
    (f'<link rel="icon" href="{EVIL}">', "link", "loads a file from another host"),
    (f'<link rel="preload" imagesrcset="{EVIL} 2x">', "link imagesrcset", "loads a file from another host"),
    (f'<script src="{EVIL}"></script>', "script", "loads a file from another host"),
    (f'<iframe src="{EVIL}"></iframe>', "iframe", "loads a file from another host"),
    (f'<frame src="{EVIL}">', "frame", "loads a file from another host"),
    (f'<embed src="{EVIL}">', "embed", "loads a file from another host"),
    (f'<object data="{EVIL}"></object>', "object", "loads a file from another host"),
    (f'<object codebase="{EVIL}"></object>', "object codebase", "loads a file from another host"),
    (f'<applet code="{EVIL}"></applet>', "applet", "loads a file from another host"),
    (f'<applet codebase="{EVIL}"></applet>', "applet codebase", "loads a file from another host"),
    (f'<applet archive="{EVIL}"></applet>', "applet archive", "loads a file from another host"),
    (f'<base href="{EVIL}">', "base", "loads a file from another host"),
    (f'<html manifest="{EVIL}">', "html", "loads a file from another host"),
    (f'<body background="{EVIL}">', "body", "loads a file from another host"),
    (f'<table background="{EVIL}"></table>', "table", "loads a file from another host"),
    (f'<td background="{EVIL}"></td>', "td", "loads a file from another host"),
    (f'<th background="{EVIL}"></th>', "th", "loads a file from another host"),
    (f'<svg><image href="{EVIL}"/></svg>', "image", "loads a file from another host"),
    (f'<svg><image xlink:href="{EVIL}"/></svg>', "image xlink:href", "loads a file from another host"),
    (f'<svg><use href="{EVIL}"/></svg>', "use", "loads a file from another host"),
    (f'<svg><use xlink:href="{EVIL}"/></svg>', "use xlink:href", "loads a file from another host"),
    (f'<svg><feImage href="{EVIL}"/></svg>', "feimage", "loads a file from another host"),
    (f'<svg><feImage xlink:href="{EVIL}"/></svg>', "feimage xlink:href", "loads a file from another host"),
    (f'<svg><script xlink:href="{EVIL}"/></svg>', "script xlink:href", "loads a file from another host"),
]


@pytest.mark.parametrize("html, kind, problem", URL_ATTR_ROWS, ids=[row[1] for row in URL_ATTR_ROWS])
def test_every_url_attribute_is_checked(html, kind, problem):
    scan = links.scan_html(html)
    followed = [link for link in scan.links if link.url == EVIL]
    assert [link.tag for link in followed] == [kind], scan.links
    found = [f.problem for link in followed
             for f in links.check_external("p.md", 1, link, frozenset({"www.gov.uk"}))]
    assert found == [problem]


def test_the_rows_cover_every_url_attribute():
    covered = {kind for _, kind, _ in URL_ATTR_ROWS}
    for tag, attrs in links._URL_ATTRS.items():
        for number, attr in enumerate(attrs):
            kind = tag if number == 0 or (tag, attr) == ("a", "xlink:href") else f"{tag} {attr}"  # SVG's link
            assert kind in covered, (tag, attr)


def test_an_image_map_link_to_a_reviewed_host_passes_and_needs_a_name():
    scan = links.scan_html('<area href="https://www.gov.uk/x" alt=""><area href="https://www.gov.uk/y" alt="GOV.UK">')
    found = [[f.problem for f in links.check_external("p.md", 1, link, frozenset({"www.gov.uk"}))]
             + [f.problem for f in links.check_link_text("p.md", 1, link)] for link in scan.links]
    assert found == [["has no text"], []]


# Issue 24, case 85: a link written with character references or percent
# escapes is reported at the line that writes it, not at line 1.
ENCODED_ROWS = [
    ("character reference (case 85)", '<a href="&#116;el:09001234567">Call the helpline</a>', "tel:09001234567"),
    ("hex reference", '<a href="&#x68;ttps://evil.example/">Evil</a>', "https://evil.example/"),
    ("percent escapes", "[Call](tel:%30%39%30%30%31%32%33%34%35%36%37)", "tel:%30%39%30%30%31%32%33%34%35%36%37"),
]


@pytest.mark.parametrize("case, markup, url", ENCODED_ROWS, ids=[r[0] for r in ENCODED_ROWS])
def test_an_encoded_link_is_reported_at_its_line(tiny_site, expected_warnings, case, markup, url):
    page = GOOD_META + "# Contact\n\n" + "Text.\n\n" * 20 + markup + "\n"
    line = page.count("\n", 0, page.index(markup)) + 1
    build = tiny_site({"index.md": page})
    found = [w for w in build.warnings if f"link '{url}'" in w]
    assert found and all(f"docs/index.md:{line}: " in w for w in found), build.warnings
