"""My CPD record in the offline copy (make build-offline), opened from
files: it says a file share is not private, keeps the record for the tab only
unless the reader chooses this computer, and keeps each copy's record apart
from any other's, since every page opened from a file shares one storage."""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser

MY_CPD = "cpd/my-cpd.html"


@pytest.fixture
def offline_copy(offline_site):
    return offline_site


@pytest.fixture
def context(browser):
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    yield context
    context.close()
    assert [r for r in requests if not r.startswith(("file://", "blob:", "data:"))] == []  # nothing from any host


def open_record(context, site, path=MY_CPD):
    page = context.new_page()
    page.goto(site.as_uri() + "/" + path)
    page.wait_for_selector("#cpd-form:not([hidden])")
    return page


def save(page, title):
    page.fill("#cpd-title", title)
    page.fill("#cpd-type", "Reading")
    page.fill("#cpd-date", "2026-12-01")
    page.click("#cpd-form button[type=submit]")
    page.wait_for_function("() => document.querySelector('#cpd-status').textContent.startsWith('Saved')")


def keys(page, storage: str) -> list[str]:
    return page.evaluate(f"() => Object.keys({storage}).filter(k => k.startsWith('esca-cpd-'))")


def test_the_offline_page_says_a_file_share_is_not_private(offline_copy):
    page = (offline_copy / MY_CPD).read_text(encoding="utf-8")
    assert "A file share is not a private place" in page
    assert "your record is kept only until you close this tab, unless you choose to keep it" in page
    assert "Each copy of the portal keeps its own record, named after the folder it was opened from" in page
    assert 'data-offline="1"' in page
    online = (ROOT / "docs/cpd/my-cpd.md").read_text(encoding="utf-8")
    assert "file share" not in online  # said only where it is true


def test_the_record_is_kept_for_the_tab_only_unless_the_reader_chooses(context, offline_copy):
    page = open_record(context, offline_copy)
    assert page.inner_text("#cpd-keep-status") == "Your record is kept in this tab only: it goes when you close the tab."
    save(page, "Kept for this tab")
    root = offline_copy.as_posix() + "/"
    assert keys(page, "sessionStorage") == [f"esca-cpd-record@{root}"]
    assert keys(page, "localStorage") == []
    page.reload()
    page.wait_for_selector(".esca-cpd__entry")
    other = open_record(context, offline_copy)  # another tab: the record is not there
    assert other.locator(".esca-cpd__entry").count() == 0
    other.close()
    page.check("#cpd-keep-local")
    page.wait_for_function("() => document.querySelector('#cpd-keep-status').textContent.includes('on this computer')")
    assert keys(page, "localStorage") == [f"esca-cpd-record@{root}"] and keys(page, "sessionStorage") == []
    other = open_record(context, offline_copy)
    other.wait_for_selector(".esca-cpd__entry")
    assert "Kept for this tab" in other.inner_text("#cpd-entries") and other.is_checked("#cpd-keep-local")
    other.uncheck("#cpd-keep-local")
    other.wait_for_function("() => document.querySelector('#cpd-keep-status').textContent.includes('this tab only')")
    assert keys(other, "localStorage") == [] and keys(other, "sessionStorage") == [f"esca-cpd-record@{root}"]


def test_two_copies_opened_from_files_keep_separate_records(context, offline_copy, tmp_path):
    second = tmp_path / "another-copy"
    shutil.copytree(offline_copy, second)
    first_page = open_record(context, offline_copy)
    save(first_page, "In the first copy")
    first_page.check("#cpd-keep-local")
    second_page = open_record(context, second)
    assert second_page.locator(".esca-cpd__entry").count() == 0
    save(second_page, "In the second copy")
    second_page.check("#cpd-keep-local")
    assert sorted(keys(second_page, "localStorage")) == sorted(
        [f"esca-cpd-record@{offline_copy.as_posix()}/", f"esca-cpd-record@{second.as_posix()}/"])
    first_page.reload()
    first_page.wait_for_selector(".esca-cpd__entry")
    assert first_page.locator(".esca-cpd__entry").all_inner_texts()[0].startswith("In the first copy")


def test_add_from_a_course_page_fills_in_from_the_copys_own_data(context, offline_copy, tmp_path):
    page = context.new_page()
    page.goto(offline_copy.as_uri() + "/cpd/courses/public-law-outline.html")
    page.click("a[data-cpd-key]")
    page.wait_for_function("() => document.querySelector('#cpd-title') && document.querySelector('#cpd-title').value")
    assert page.input_value("#cpd-title") == "Pre-proceedings and the Public Law Outline"
    assert page.input_value("#cpd-link") == ""  # a file address is no use on another computer
    # A page elsewhere may name the tab, even with one of the copy's own keys: a name is never read.
    hostile = tmp_path / "hostile.html"
    target = offline_copy.as_uri() + "/" + MY_CPD
    hostile.write_text("<!doctype html><title>x</title><script>window.name = 'esca-cpd-prefill:"
                       f"course/public-law-outline'; location.href = '{target}';</script>", encoding="utf-8")
    other = context.new_page()
    other.goto(hostile.as_uri())
    other.wait_for_url("**/" + MY_CPD)
    other.wait_for_selector("#cpd-form[data-ready]:not([hidden])")
    assert other.input_value("#cpd-title") == ""
    # The copy's own button still fills in after a full load, read once from session storage.
    other.goto(offline_copy.as_uri() + "/cpd/courses/public-law-outline.html")
    other.click("a[data-cpd-key]")
    other.wait_for_function("() => document.querySelector('#cpd-title') && document.querySelector('#cpd-title').value")
    assert other.input_value("#cpd-title") == "Pre-proceedings and the Public Law Outline"
    assert other.evaluate("() => sessionStorage.getItem('esca-cpd-prefill')") is None
