"""The offline copy (make build-offline, mkdocs-offline.yml) works opened from
the file system: navigation, search, the catalogue filters, the induction
checklist and the course builder, with no request to any host."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from conftest import ROOT, recording_page


class _Loader(yaml.SafeLoader):
    pass


# mkdocs.yml names Python objects for the emoji extension; read them as text.
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: suffix)
_Loader.add_constructor("!ENV", lambda loader, node: None)


def config(name: str) -> dict:
    return yaml.load((ROOT / name).read_text(), Loader=_Loader)


def test_offline_config_is_the_site_config_without_instant_navigation():
    """INHERIT does not merge lists, so the offline file repeats them: they must stay in step."""
    site, offline = config("mkdocs.yml"), config("mkdocs-offline.yml")
    assert offline["INHERIT"] == "mkdocs.yml" and offline["use_directory_urls"] is False
    assert offline["theme"]["features"] == [f for f in site["theme"]["features"] if f != "navigation.instant"]
    assert offline["plugins"] == site["plugins"] + ["offline"]
    shim = offline["extra"]["polyfills"] == ["assets/vendor/iframe-worker/shim.js"]
    assert shim and (ROOT / "docs/assets/vendor/iframe-worker/shim.js").exists()
    assert "site-offline/" in (ROOT / ".gitignore").read_text().splitlines()


def _index_by_site_url(root) -> tuple[dict, set]:
    """Each search entry's title and hidden fields, by its location in the
    site's URL style (roles/d-bit.html -> roles/d-bit/), and the index's terms."""
    data = json.loads((root / "search/search_index.json").read_text(encoding="utf-8"))

    def site_url(location: str) -> str:
        path, hash_, anchor = location.partition("#")
        if path == "index.html" or path.endswith("/index.html"):
            path = path[:-len("index.html")]
        else:
            path = re.sub(r"\.html$", "/", path)
        return path + hash_ + anchor

    entries = {site_url(d["location"]): (d["title"], d.get("glossary"), d.get("questions")) for d in data["docs"]}
    return entries, set(data["config"]["index"]["terms"])


def test_the_offline_search_index_holds_what_the_sites_does(offline_site, site):
    """The offline copy's pages end in .html; its search must still find the
    glossary's forms, readers' questions and readers' words on the same pages."""
    offline, offline_terms = _index_by_site_url(offline_site)
    online, online_terms = _index_by_site_url(site.site)
    assert sum(1 for _, glossary, _ in online.values() if glossary) > 20
    assert offline == online
    assert offline_terms == online_terms


@pytest.fixture
def file_page(browser, offline_site):
    for tab in recording_page(browser, offline_site.as_uri() + "/"):
        yield tab
        assert [r for r in tab.requests if not r.startswith("file://")] == []  # nothing from any host


@pytest.mark.browser
def test_navigation_and_search_work_from_file(file_page):
    page = file_page
    page.goto(page.base + "index.html")
    page.click(".md-content a[href='legislation/index.html'] >> nth=0")
    page.wait_for_url("**/legislation/index.html")
    assert page.inner_text("h1").startswith("Legislation")
    page.click("a[href='section-47-enquiries.html'] >> nth=0")
    page.wait_for_url("**/legislation/section-47-enquiries.html")
    assert "Section 47" in page.inner_text("h1")
    page.focus("input.md-search__input")
    page.keyboard.type("special guardianship")
    page.wait_for_selector(".md-search-result__item")
    first = page.locator(".md-search-result__item a").first
    assert ".html" in first.get_attribute("href")
    first.click()
    page.wait_for_load_state()
    assert page.url.startswith("file://") and page.url.split("?")[0].split("#")[0].endswith(".html")
    assert "guardianship" in page.inner_text("h1").lower()


@pytest.mark.browser
def test_catalogue_filter_and_builder_work_from_file(file_page):
    page = file_page
    page.goto(page.base + "cpd/catalogue.html")
    status = page.locator(".esca-filter__status")
    total = int(status.inner_text().split()[0])
    page.select_option("#course-audience", "councillor")
    page.wait_for_function(f"() => !document.querySelector('.esca-filter__status').textContent.startsWith('{total} ')")
    shown = int(status.inner_text().split()[0])
    assert 0 < shown < total
    assert page.locator(".esca-catalogue > li:not([hidden])").count() == shown
    page.click(".esca-catalogue > li:not([hidden]) a >> nth=0")
    page.wait_for_url("**/cpd/courses/*.html")
    page.goto(page.base + "cpd/course-builder.html")
    page.wait_for_function("() => window.escaCourseBuilder && escaCourseBuilder.builder")
    page.fill("#builder-id", "offline-course")
    page.click("form.esca-builder__form button[type=submit]")  # Check the course: the error summary
    page.wait_for_function("() => document.querySelectorAll('[data-finding]').length > 5")
    # A course page's "Change this course" opens its file in the builder from the copy itself.
    page.once("dialog", lambda d: d.accept())  # the half-typed course: leaving asks once
    page.goto(page.base + "cpd/courses/reflective-supervision.html")
    page.click("a:has-text('Change this course in the course builder')")
    page.wait_for_url("**/cpd/course-builder.html*")
    page.wait_for_function("() => window.escaCourseBuilder && escaCourseBuilder.builder")
    page.click(".esca-builder__question [data-answer=yes]")  # over the unsaved draft: asked first
    page.wait_for_function("() => document.querySelector('[data-esca-builder]').dataset.loaded === 'reflective-supervision.yml'")
    assert page.input_value("#builder-title") == "Reflective supervision"
    assert page.url.endswith("/cpd/course-builder.html")


@pytest.mark.browser
def test_checklist_ticks_persist_from_file(file_page):
    page = file_page
    page.goto(page.base + "induction/checklist.html")
    box = page.locator(".esca-checklist input[type=checkbox]").first
    box.check()
    assert "1 of" in page.inner_text(".esca-checklist__status")
    page.reload()
    page.wait_for_selector(".esca-checklist__status")
    assert page.locator(".esca-checklist input[type=checkbox]").first.is_checked()
    assert "1 of" in page.inner_text(".esca-checklist__status")
