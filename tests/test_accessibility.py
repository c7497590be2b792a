"""WCAG 2.2 AA in a real browser: axe-core over every built page, keyboard
journeys with visible focus, and the Nu HTML Checker over the markup."""

from __future__ import annotations

import json
import subprocess

import pytest

from conftest import ROOT, other_hosts, still

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules/axe-core/axe.min.js"
VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def all_pages(site) -> list[str]:
    return sorted(p.parent.relative_to(site.site).as_posix().removeprefix(".") + "/"
                  for p in site.site.rglob("index.html"))


def axe_violations(page) -> list[str]:
    # Run as the test's own code, which the pages' Content-Security-Policy does not
    # govern (a <script> tag added to the page would be blocked, rightly).
    still(page)
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG_TAGS)
    return [f"{v['id']} ({v['impact']}): {node['target']} — {v['help']}"
            for v in result["violations"] for node in v["nodes"]]


def test_axe_finds_no_violation_on_any_page(site, browser, served_site):
    """Every page: no WCAG A or AA violation, no request to another host, no cookie.

    Three tabs take turns, so axe runs on one page while the next loads."""
    assert AXE.exists(), "axe-core missing: run `make test`, which installs it"
    urls = all_pages(site)
    assert len(urls) > 50
    context = browser.new_context()
    context.add_init_script(path=str(AXE))
    requests: dict = {}
    problems: dict = {}
    tabs = []
    for _ in range(3):
        tab = context.new_page()
        tab.on("request", lambda request, tab=tab: requests.setdefault(tab, []).append(request.url))
        tabs.append(tab)
    waiting: list = []

    def collect():
        tab, url = waiting.pop(0)
        result = tab.evaluate("() => window.__escaAxe")
        found = [f"{v['id']} ({v['impact']}): {node['target']} — {v['help']}"
                 for v in result["violations"] for node in v["nodes"]]
        found += [f"request to another host: {r}" for r in other_hosts(requests.pop(tab, []), served_site)]
        if found:
            problems[url] = found

    for number, url in enumerate(urls):
        if len(waiting) == len(tabs):
            collect()
        tab = tabs[number % len(tabs)]
        tab.goto(served_site + url.lstrip("/"))
        tab.evaluate("tags => { window.__escaAxe = axe.run(document, {runOnly: {type: 'tag', values: tags}, "
                     "resultTypes: ['violations']}); }", WCAG_TAGS)
        waiting.append((tab, url))
    while waiting:
        collect()
    problems.update({"cookies": [c["name"] for c in context.cookies()]} if context.cookies() else {})
    context.close()
    assert problems == {}, json.dumps(problems, indent=1)


def test_axe_really_reports_violations(page, tmp_path):
    """The harness is live: a page with known faults yields violations."""
    page.set_content('<html><body><img src="x.png"><a href="/x"></a><p style="color:#ccc">faint</p></body></html>')
    ids = {line.split(" ")[0] for line in axe_violations(page)}
    assert {"image-alt", "link-name", "html-has-lang"} <= ids


def test_skip_link_moves_to_main_content(page):
    page.goto(page.base + "legislation/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text().strip().lower() == "skip to content"
    assert _focus_ring(page)
    page.keyboard.press("Enter")
    # Focus itself moves to the content and stays there (Material's instant
    # navigation must not swap the page and drop it), so the next Tab starts there.
    focused = "() => !!(document.activeElement && document.activeElement.closest('.md-content'))"
    page.wait_for_function(focused, timeout=2000)
    # Let the navigation the link started finish (no request for 0.5 s),
    # then focus must still be in the content.
    page.wait_for_load_state("networkidle")
    assert page.evaluate(focused), page.evaluate("() => document.activeElement.outerHTML.slice(0, 200)")
    page.keyboard.press("Tab")
    assert page.evaluate(focused), page.evaluate("() => document.activeElement.outerHTML.slice(0, 200)")


def _focus_ring(page) -> bool:
    """The focused element shows an outline or box-shadow."""
    style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return {outline: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow}; }""")
    return (style["outline"] != "none" and style["width"] >= 2) or style["shadow"] not in ("", "none")


def test_nu_html_checker_finds_no_error_in_our_markup(site):
    assert VNU.exists(), "vnu.jar missing: run `make test`, which installs it"
    proc = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html",
                           str(site.site)], capture_output=True, text=True)
    messages = json.loads(proc.stderr or "{}").get("messages", [])
    errors = [m for m in messages if m.get("type") == "error" and not _theme_allowed(m)]
    assert errors == [], json.dumps(errors[:20], indent=1)


# Errors that come from the Material theme's own templates, not our markup,
# each with a one-line reason. Matched on the start of the message.
THEME_ALLOWED: dict[tuple[str, str], str] = {
    ("Attribute \u201cautocomplete\u201d is only allowed when the input type is", 'class="md-toggle"'):
        "Material's base template puts autocomplete=off on its hidden drawer and search toggle checkboxes.",
    ("The value of the \u201cfor\u201d attribute of the \u201clabel\u201d element must be the ID", 'for="__toc"'):
        "Material's table of contents label points at a toggle it renders only in the current page's own nav "
        "entry, so section index pages and pages outside the nav keep a label without its checkbox.",
}


def _theme_allowed(message: dict) -> bool:
    return any(message.get("message", "").startswith(prefix) and marker in message.get("extract", "")
               for prefix, marker in THEME_ALLOWED)
