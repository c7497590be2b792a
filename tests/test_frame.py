"""The frame of the site: the "page not found" page, the footer, printed
pages, the logo, and Lighthouse on the front doors through nginx."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import re
import subprocess
import threading
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, _QuietHandler
from test_accessibility import axe_violations
from test_security_headers import nginx_site  # noqa: F401  (the nginx fixture, shared)

FOOTER_LINKS = {
    "Accessibility statement": "about/accessibility/",
    "Privacy notice": "about/privacy/",
    "Contact": "about/contact/",
    "Suggest a change": "about/suggest-a-change/",
}
FRONT_DOORS = ["", "induction/", "corporate-parenting/", "roles/", "cpd/", "cpd/publish-a-course/"]
LIGHTHOUSE = ROOT / "node_modules/lighthouse/cli/index.js"
LIGHTHOUSE_RUN = ROOT / "tests/lighthouse_run.mjs"


class _Links(HTMLParser):
    """Every link, script, stylesheet and form in a page, with its address."""

    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str]] = []
        self.footer: list[tuple[str, str]] = []
        self._in_footer = False
        self._href = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src", "action"):
            if attrs.get(name) is not None:
                self.refs.append((tag, attrs[name]))
        if tag == "nav" and "esca-footer-links" in (attrs.get("class") or ""):
            self._in_footer = True
        if self._in_footer and tag == "a":
            self._href, self._text = attrs.get("href"), ""

    def handle_data(self, data):
        if self._href is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.footer.append((self._text.strip(), self._href))
            self._href = None
        if tag == "nav":
            self._in_footer = False


def parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


# --- Page not found ---------------------------------------------------------

def test_not_found_page_has_the_gov_uk_pieces(site):
    html = (site.site / "404.html").read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    assert "<title>Page not found - ESCA Learning Portal</title>" in html
    assert re.search(r"<h1>Page not found</h1>", article)
    assert "check it is correct" in article and "check you copied the entire address" in article
    links = parse(article).refs
    assert ("a", "/") in links, "a link to the home page"
    assert ("form", "/") in links and 'name="q"' in article, "a search box (Material opens search from ?q=)"
    assert ("a", "/about/suggest-a-change/") in links, "how to report a broken link"
    assert "Report a broken link" in article


def test_not_found_page_works_at_any_depth(site):
    """Every address in 404.html starts at the site's root, so the page looks
    and works the same whatever missing address it is served for."""
    refs = parse((site.site / "404.html").read_text(encoding="utf-8")).refs
    relative = [ref for ref in refs if not ref[1].startswith(("/", "#", "https:", "data:"))]
    assert len(refs) > 20
    assert relative == []


@pytest.mark.browser
def test_nginx_serves_the_not_found_page_for_a_missing_address(browser, nginx_site):  # noqa: F811
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script("""document.addEventListener('securitypolicyviolation',
        e => console.error('Content Security Policy violation: ' + e.violatedDirective));""")
    response = page.goto(nginx_site + "no/such/deep/address/")
    assert response.status == 404
    assert page.locator("article h1").inner_text() == "Page not found"
    # The stylesheets loaded at this depth: the header wears the ESCA purple.
    header = page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    assert header == "rgb(59, 31, 94)"
    assert page.locator(".esca-footer-links a").count() == 4
    # The search box hands the words to the portal's search on the home page.
    page.fill("#esca-404-search", "fostering")
    page.click(".esca-search-form button")
    page.wait_for_function("() => document.querySelector('.md-search__input')?.value === 'fostering'")
    assert page.url.startswith(nginx_site)
    assert errors == []
    context.close()
    # axe is injected as a script, which the CSP rightly blocks: this context lets it in.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    assert page.goto(nginx_site + "no/such/deep/address/").status == 404
    assert axe_violations(page) == []
    context.close()


# --- Footer -----------------------------------------------------------------

def test_every_page_has_the_footer_links_and_they_resolve(site):
    pages = sorted(site.site.rglob("*.html"))
    assert len(pages) > 50
    problems = {}
    for path in pages:
        footer = parse(path.read_text(encoding="utf-8")).footer
        found = {text: href for text, href in footer}
        if set(found) != set(FOOTER_LINKS):
            problems[path.relative_to(site.site).as_posix()] = f"footer links: {sorted(found)}"
            continue
        for text, href in found.items():
            base = site.site if href.startswith("/") else path.parent
            target = (base / href.lstrip("/")).resolve() / "index.html"
            if not target.is_file() or target.parent != (site.site / FOOTER_LINKS[text]).resolve():
                problems[path.relative_to(site.site).as_posix()] = f"{text} -> {href}"
    assert problems == {}


def test_footer_keeps_the_previous_and_next_links(site):
    html = site.page("induction/first-day/")
    assert "md-footer__link--prev" in html and "md-footer__link--next" in html


def test_contact_page_gives_no_invented_address(site):
    """Every phone number or email address on the contact page is one of the
    checked contact points in data/contacts.yml (each with its source)."""
    text = site.page("about/contact/")
    article = text[text.index("<article"):text.index("</article>")]
    sourced = (ROOT / "data/contacts.yml").read_text(encoding="utf-8")
    found = re.findall(r"[\w.+-]+@[\w-]+\.[\w.]+|\b0\d{3}\s?\d{3}\s?\d{4}\b|\b999\b", article)
    assert "999" in found
    assert [item for item in found if f'"{item}"' not in sourced] == []


# --- Printed pages ----------------------------------------------------------

@pytest.mark.browser
def test_printed_page_carries_where_it_came_from(browser, nginx_site):  # noqa: F811
    context = browser.new_context()
    page = context.new_page()
    page.goto(nginx_site + "roles/careers/asye/")
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="print")
    shown = page.evaluate("""() => {
        const visible = s => { const e = document.querySelector(s); return !!e && getComputedStyle(e).display !== 'none'; };
        const after = a => getComputedStyle(a, '::after').content;
        const external = document.querySelector('.md-content a[href^="https://www.socialworkengland.org.uk"]');
        const internal = [...document.querySelectorAll('.md-content article a')].find(a => a.origin === location.origin
            && !a.classList.contains('headerlink') && !a.closest('.md-tags'));
        const permalink = document.querySelector('.md-content a.headerlink');
        return {
          header: visible('.md-header'), sidebar: visible('.md-sidebar--primary'), search: visible('.md-search'),
          footer: visible('.md-footer'), title: document.querySelector('article h1').innerText,
          review: visible('.esca-review') && document.querySelector('.esca-review').innerText,
          meta: visible('.esca-print-meta') && document.querySelector('.esca-print-meta').innerText,
          external: after(external), href: external.getAttribute('href'),
          internal: after(internal), permalink: permalink ? getComputedStyle(permalink).display : 'none',
        };
    }""")
    today = dt.date.today()
    assert (shown["header"], shown["sidebar"], shown["search"], shown["footer"]) == (False, False, False, False)
    assert shown["title"] == "ASYE and early career"
    assert re.fullmatch(r"Owned by .+ · Last reviewed \d{1,2} \w+ \d{4} · Next review due \d{1,2} \w+ \d{4}",
                        shown["review"]), shown["review"]
    assert shown["meta"] == f"Printed on {today.day} {today:%B %Y} from {nginx_site}roles/careers/asye/"
    assert shown["external"] == f'" ({shown["href"]})"'
    assert shown["internal"] == "none"
    assert shown["permalink"] == "none"
    context.close()


@pytest.mark.browser
def test_councillor_briefing_prints_on_two_a4_pages(browser, nginx_site):  # noqa: F811
    context = browser.new_context()
    page = context.new_page()
    counts = {}
    for url in ("corporate-parenting/briefing/", "glossary/"):
        page.goto(nginx_site + url)
        page.wait_for_load_state("networkidle")
        page.emulate_media(media="print")
        counts[url] = pdf_pages(page.pdf(format="A4"))
    context.close()
    assert counts["glossary/"] > 2, "the page count is live: a long page prints on more pages"
    assert 1 <= counts["corporate-parenting/briefing/"] <= 2, counts


def pdf_pages(pdf: bytes) -> int:
    """Pages in a PDF Chromium wrote (its page objects are not compressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_pdf_page_counter():
    assert pdf_pages(b"<< /Type /Pages /Count 2 >> << /Type /Page >> << /Type/Page/Parent 1 0 R >>") == 2


# --- Logo -------------------------------------------------------------------

def test_logo_is_an_accessible_svg_wordmark():
    svg = (ROOT / "docs/assets/esca-logo.svg").read_text(encoding="utf-8")
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    title = root.find(f"{ns}title")
    assert root.get("role") == "img" and title is not None and title.text == "ESCA"
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("viewBox")
    # Letters drawn as paths: nothing depends on a font, nothing loads or runs.
    assert root.find(f".//{ns}text") is None and len(root.findall(f".//{ns}path")) == 4
    assert not re.search(r"<script|href=|url\(|@import|on[a-z]+=", svg, re.IGNORECASE)


# --- Lighthouse -------------------------------------------------------------

@pytest.fixture(scope="module")
def lighthouse(nginx_site, tmp_path_factory):  # noqa: F811
    """One Lighthouse run over the front doors and a page with known faults."""
    assert LIGHTHOUSE.exists(), "lighthouse missing: run `make test`, which installs it (package-lock.json)"
    work = tmp_path_factory.mktemp("lighthouse")
    (work / "bad").mkdir()
    (work / "bad/index.html").write_text('<html><body><img src="x.png"><a href="/x"></a></body></html>')
    handler = functools.partial(_QuietHandler, directory=str(work / "bad"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    bad = f"http://127.0.0.1:{server.server_address[1]}/"
    urls = [nginx_site + url for url in FRONT_DOORS]
    try:
        report = run_lighthouse([*urls, bad], work)
    finally:
        server.shutdown()
        server.server_close()
    assert sorted(report) == sorted([*urls, bad])
    return {"doors": {url: report[url] for url in urls}, "bad": report[bad]}


@pytest.mark.browser
def test_lighthouse_scores_100_on_every_front_door(lighthouse):
    """Lighthouse (mobile): accessibility, best practices and SEO are each 100
    on every front door, served through deploy/nginx/esca.conf."""
    problems = {url: result for url, result in lighthouse["doors"].items()
                if result["runtimeError"] or result["failing"]
                or result["scores"] != {"accessibility": 1, "best-practices": 1, "seo": 1}}
    assert problems == {}, json.dumps(problems, indent=1)


@pytest.mark.browser
def test_lighthouse_check_is_live(lighthouse):
    """The runner really reports: a page with known faults scores under 100."""
    result = lighthouse["bad"]
    assert result["scores"]["accessibility"] < 1 and result["scores"]["seo"] < 1
    assert any(line.startswith("image-alt:") for line in result["failing"])


def run_lighthouse(urls: list[str], work: Path) -> dict:
    """One Chromium with a debugging port; Lighthouse runs each address in it."""
    chromium = subprocess.Popen(
        [CHROMIUM, *CHROMIUM_ARGS, "--remote-debugging-port=0", f"--user-data-dir={work / 'profile'}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        port = None
        for line in chromium.stderr:  # Chromium prints the port as it starts
            match = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
            if match:
                port = match.group(1)
                break
        assert port, "Chromium did not start its debugging port"
        proc = subprocess.run(["node", str(LIGHTHOUSE_RUN), port, *urls], capture_output=True, text=True,
                              cwd=ROOT, timeout=240)
        assert proc.returncode == 0, proc.stderr[-3000:]
        return json.loads(proc.stdout)
    finally:
        chromium.terminate()
        chromium.wait(timeout=10)
        chromium.stderr.close()
