"""The real site, built once: nav, front doors, headings, self-contained assets."""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import ROOT

FRONT_DOORS = {
    "Start your induction": "induction/",
    "Learn about corporate parenting": "corporate-parenting/",
    "Explore roles and careers": "roles/",
    "Publish a course": "cpd/publish-a-course/",
}


def nav_paths(items) -> list[str]:
    out = []
    for item in items:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                out += nav_paths(value) if isinstance(value, list) else [value]
    return out


def _nav() -> list[str]:
    text = re.sub(r"!!python/name:\S+", "''", (ROOT / "mkdocs.yml").read_text())
    text = re.sub(r"!ENV \[[^\]]*\]", "''", text)
    return nav_paths(yaml.safe_load(text)["nav"])


@pytest.mark.parametrize("entry", _nav())
def test_every_nav_entry_resolves_to_a_built_page(site, entry):
    url = "" if entry == "index.md" else re.sub(r"(index)?\.md$", "", entry)
    assert (site.site / url / "index.html").is_file(), f"nav entry {entry} has no page"


def test_every_front_door_links_to_its_route(site):
    home = site.page("")
    doors = re.search(r'<div class="grid cards esca-doors">(.*?)</div>', home, re.DOTALL)
    assert doors, "home page has no front doors"
    found = dict((text, href) for href, text in re.findall(r'<a class="md-button[^"]*" href="([^"]+)">([^<]+)</a>', doors.group(1)))
    assert {text: href.removeprefix("./") for text, href in found.items()} == FRONT_DOORS
    for route in FRONT_DOORS.values():
        assert (site.site / route / "index.html").is_file()


def _pages(site):
    return sorted(p for p in site.site.rglob("index.html"))


def test_every_page_has_exactly_one_h1(site):
    missing = []
    for page in _pages(site):
        text = page.read_text(encoding="utf-8")
        if len(re.findall(r"<h1[\s>]", text)) != 1:
            missing.append(str(page.relative_to(site.site)))
    assert missing == []
    assert len(_pages(site)) > 50


EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
ASSET_TAGS = re.compile(r"<(script|link|img|iframe|source|video|audio)\b[^>]*?\b(src|href)=\"([^\"]+)\"", re.IGNORECASE)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


def test_no_asset_loads_from_another_host(site):
    problems = []
    for page in site.site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for tag, attr, url in ASSET_TAGS.findall(text):
            is_canonical = tag.lower() == "link" and re.search(r'rel="(canonical|alternate)"', text) and url.startswith("http://127.0.0.1")
            if EXTERNAL.match(url) and not is_canonical:
                problems.append(f"{page.relative_to(site.site)}: <{tag} {attr}={url}>")
        for url in CSS_URL.findall(text):
            if EXTERNAL.match(url):
                problems.append(f"{page.relative_to(site.site)}: url({url})")
    for sheet in site.site.rglob("*.css"):
        for url in CSS_URL.findall(sheet.read_text(encoding="utf-8")):
            if EXTERNAL.match(url):
                problems.append(f"{sheet.relative_to(site.site)}: url({url})")
    assert problems == []


def test_the_asset_check_catches_an_external_font():
    """The pattern used above really matches what it must refuse."""
    assert EXTERNAL.match("https://fonts.googleapis.com/css")
    assert EXTERNAL.match("//cdn.example.com/x.js")
    assert not EXTERNAL.match("../assets/stylesheets/main.css")
    assert CSS_URL.findall("a{background:url('https://x.example/a.png')}") == ["https://x.example/a.png"]


def test_generated_pages_are_not_written_into_sources(site):
    assert not (ROOT / "docs/legislation/ledger.md").exists()
    assert not (ROOT / "docs/owners/content-review.md").exists()
    assert (site.site / "legislation/ledger/index.html").is_file()
