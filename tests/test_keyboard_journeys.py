"""Keyboard-only journeys in Chromium, with focus visible at every step."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

FOCUS_STYLE = """() => { const s = getComputedStyle(document.activeElement);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2)
        || (s.boxShadow && s.boxShadow !== 'none'); }"""


def focus_visible(page) -> bool:
    return page.evaluate(FOCUS_STYLE)


def test_search_by_keyboard_open_type_and_choose_a_result(page):
    page.goto(page.base)
    page.keyboard.press("/")  # Material's shortcut to the search box
    page.keyboard.type("corporate parenting")
    page.wait_for_selector(".md-search-result__item")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => !!document.activeElement.closest('.md-search-result__item')")
    assert focus_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url("**/corporate-parenting/**")
    assert "corporate-parenting" in page.url


def test_knowledge_check_by_keyboard(page):
    page.goto(page.base + "corporate-parenting/knowledge-check/")
    first = page.locator("fieldset input[type=radio]").first
    first.focus()
    assert focus_visible(page)
    answers = page.evaluate("() => [...document.querySelectorAll('fieldset[data-answer]')].map(f => f.dataset.answer)")
    for number, answer in enumerate(answers, start=1):
        page.locator(f"input[name=q{number}]").first.focus()
        # Arrow keys move through a radio group; Space picks the focused one.
        for _ in range("abc".index(answer)):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Space")
    page.locator("form[data-esca-quiz] button[type=submit]").focus()
    assert focus_visible(page)
    page.keyboard.press("Enter")
    summary = page.locator(".esca-quiz__summary")
    assert summary.inner_text() == f"You got {len(answers)} of {len(answers)} right."
    assert page.evaluate("() => document.activeElement.classList.contains('esca-quiz__summary')")
    assert page.locator(".esca-quiz__verdict").first.inner_text().startswith("Correct")


def test_knowledge_check_marks_wrong_answers_in_words(page):
    page.goto(page.base + "corporate-parenting/knowledge-check/")
    page.locator("input[name=q1][value=a]").check()
    page.locator("form[data-esca-quiz] button[type=submit]").click()
    assert page.locator(".esca-quiz__summary").inner_text().startswith("You got 0 of")
    verdicts = page.locator(".esca-quiz__verdict").all_inner_texts()
    assert verdicts[0].strip() == "Not quite." and verdicts[1].strip() == "Not answered."


def test_roles_filter_by_keyboard_announces_the_count(page):
    page.goto(page.base + "roles/")
    if page.locator("[data-esca-filter]").count() == 0:
        pytest.fail("the roles index has no filterable list (the <!-- esca:roles-index --> marker is missing)")
    select = page.locator("#team-work")
    select.focus()
    assert focus_visible(page)
    select.select_option("out-of-hours")
    status = page.locator(".esca-filter__status")
    assert status.inner_text() == "1 team shown"
    visible = page.locator(".esca-filter__items > li:not([hidden])")
    assert visible.count() == 1 and "Emergency Duty Service" in visible.inner_text()


def test_tick_an_induction_checklist_item_by_keyboard(page):
    page.goto(page.base + "induction/checklist/")
    first = page.locator(".esca-checklist input[type=checkbox]").first
    first.focus()
    assert focus_visible(page)
    page.keyboard.press("Space")
    total = page.locator(".esca-checklist input[type=checkbox]").count()
    status = page.locator(".esca-checklist__status")
    assert status.inner_text() == f"1 of {total} done"
    # The label names the checkbox, and the tick survives a reload on this device only.
    assert page.get_by_role("checkbox", name="Met my manager and agreed the date of my first supervision").is_checked()
    page.reload()
    assert page.locator(".esca-checklist input[type=checkbox]").first.is_checked()
    stored = page.evaluate("() => Object.keys(localStorage)")
    assert "esca-induction-checklist" in stored
    page.get_by_role("button", name="Clear my ticks").focus()
    page.keyboard.press("Enter")
    assert status.inner_text() == f"0 of {total} done"
    assert page.evaluate("() => localStorage.getItem('esca-induction-checklist')") is None


def test_filter_the_course_catalogue_by_keyboard(page):
    page.goto(page.base + "cpd/catalogue/")
    total = page.locator(".esca-catalogue > li").count()
    status = page.locator(".esca-filter__status")
    assert status.inner_text() == f"{total} courses shown"
    select = page.locator("#course-audience")
    select.focus()
    assert focus_visible(page)
    options = page.evaluate("() => [...document.querySelectorAll('#course-audience option')].map(o => o.value)")
    for _ in range(options.index("councillor")):
        page.keyboard.press("ArrowDown")
    assert select.input_value() == "councillor"
    shown = page.locator(".esca-catalogue > li:not([hidden])")
    assert 0 < shown.count() < total
    assert status.inner_text() == f"{shown.count()} course{'s' if shown.count() != 1 else ''} shown"
    assert all("Councillor" in text for text in shown.all_inner_texts())
    shown.first.locator("a").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/cpd/courses/**")
