"""Links to a place on the same page (docs/assets/js/esca.js), in Chromium
with Material's instant navigation on, on a desktop and a phone window: they
move the page and focus, change the address, and never fetch the page again,
so nothing typed on it is lost. Links to other pages stay instant."""

from __future__ import annotations

import pytest

from test_cpd_record import VIEWPORTS, instant_navigation

pytestmark = pytest.mark.browser

PAGE = "legislation/children-act-1989/"


@pytest.fixture(params=list(VIEWPORTS))
def tab(request, browser, served_site):
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    instant_navigation(context, served_site)
    page = context.new_page()
    page.requests, page.errors, page.base, page.phone = [], [], served_site, request.param == "phone"
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def load(page, path: str) -> None:
    """Load a page in full, wait for Material's sitemap, and mark the page:
    the mark goes if the page is ever loaded again."""
    page.goto(page.base + path)
    page.wait_for_load_state("networkidle")
    page.evaluate("() => { window.__escaMark = 1; }")


def fetches(page, path: str, since: int) -> list[str]:
    return [url for url in page.requests[since:] if url.split("#")[0].endswith("/" + path)]


def contents_link(page, fragment: str):
    """The "On this page" link: in the right-hand column on a desktop, in the menu on a phone."""
    if page.phone:
        page.click("label.md-header__button[for=__drawer]")
        page.click(".md-nav--primary label.md-nav__link--active[for=__toc]")
        return page.locator(f".md-nav--primary .md-nav--secondary a[href$='#{fragment}']")
    return page.locator(f".md-sidebar--secondary a[href$='#{fragment}']")


def second_heading(page) -> str:
    return page.evaluate("() => document.querySelectorAll('.md-content h2[id]')[1].id")


def test_on_this_page_moves_focus_and_back_and_forward_fetch_nothing(tab):
    page = tab
    load(page, PAGE)
    fragment = second_heading(page)
    before = len(page.requests)
    contents_link(page, fragment).click()
    page.wait_for_function("id => document.activeElement.id === id", arg=fragment)
    assert page.url.endswith("#" + fragment)
    assert page.evaluate("() => !document.querySelector('[data-md-toggle=drawer]').checked")
    top = page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", fragment)
    header = page.evaluate("() => document.querySelector('.md-header').getBoundingClientRect().bottom")
    assert header <= top < header + 100
    page.go_back()
    page.wait_for_function("() => window.scrollY === 0")
    page.go_forward()
    page.wait_for_function("f => location.hash === '#' + f", arg=fragment)
    assert fetches(page, PAGE, before) == []
    assert page.evaluate("() => window.__escaMark") == 1
    assert page.errors == []


def test_enter_on_a_contents_link_then_tab_goes_on_from_the_heading(tab):
    page = tab
    load(page, PAGE)
    fragment = second_heading(page)
    link = contents_link(page, fragment)
    before = len(page.requests)
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("id => document.activeElement.id === id", arg=fragment)
    assert page.evaluate("id => document.getElementById(id).getAttribute('tabindex')", fragment) == "-1"
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('.md-content')")
    # The heading is focusable only while it has focus.
    assert page.evaluate("id => document.getElementById(id).hasAttribute('tabindex')", fragment) is False
    assert fetches(page, PAGE, before) == [] and page.evaluate("() => window.__escaMark") == 1


def test_a_permalink_and_the_skip_link_stay_on_the_page(tab):
    page = tab
    load(page, PAGE)
    fragment = second_heading(page)
    before = len(page.requests)
    page.hover(f"#{fragment}")
    page.click(f"a.headerlink[href$='#{fragment}']")
    page.wait_for_function("id => document.activeElement.id === id", arg=fragment)
    page.keyboard.press("Shift+Tab")  # leave the heading, then go back to the top
    page.evaluate("() => window.scrollTo(0, 0)")
    page.focus("a.md-skip")
    page.keyboard.press("Enter")
    page.wait_for_function("() => !!document.activeElement.closest('.md-content') && document.activeElement.tagName === 'H1'")
    assert fetches(page, PAGE, before) == [] and page.evaluate("() => window.__escaMark") == 1


def test_a_link_to_a_form_field_focuses_it_with_its_label_in_view(tab):
    """An error summary's link to a field (as the course builder's are): any
    a[href^="#"] in the page, even one added after it loaded."""
    page = tab
    load(page, "cpd/my-cpd/")
    page.wait_for_selector("#cpd-form:not([hidden])")
    page.fill("#cpd-title", "Half written")
    page.evaluate("""() => {
        const a = document.createElement('a');
        a.href = '#cpd-impact'; a.id = 'problem-link'; a.textContent = 'Impact: enter this';
        document.querySelector('.md-content h1').after(a);
    }""")
    before = len(page.requests)
    page.click("#problem-link")
    page.wait_for_function("() => document.activeElement.id === 'cpd-impact'")
    assert page.evaluate("() => document.getElementById('cpd-impact').hasAttribute('tabindex')") is False
    label = page.evaluate("() => document.querySelector('label[for=cpd-impact]').getBoundingClientRect().top")
    header = page.evaluate("() => document.querySelector('.md-header').getBoundingClientRect().bottom")
    assert header <= label < header + 100
    assert page.input_value("#cpd-title") == "Half written"
    assert fetches(page, "cpd/my-cpd/", before) == [] and page.evaluate("() => window.__escaMark") == 1


def test_a_link_to_another_page_is_still_followed_by_instant_navigation(tab):
    page = tab
    load(page, "legislation/")
    page.locator(".md-content a[href$='children-act-1989/']").first.click()
    page.wait_for_url("**/" + PAGE)
    page.wait_for_function("() => document.querySelector('h1').textContent.includes('Children Act 1989')")
    assert page.evaluate("() => window.__escaMark") == 1  # swapped in, not loaded in full
    page.go_back()  # and Back to another page fetches it again, as Material does
    page.wait_for_function("() => !document.querySelector('h1').textContent.includes('Children Act 1989')")
    assert page.evaluate("() => window.__escaMark") == 1
    assert page.errors == []


def test_back_to_a_page_whose_address_had_a_fragment_keeps_that_address(tab):
    """From /cpd/my-cpd/#your-entries, a link to another page (the menu on a
    desktop, a link in the page on a phone), then Back: the address is
    /cpd/my-cpd/#your-entries again. Material's "navigation.tracking" on the
    page still on screen while the next one loads used to write its own
    heading onto the new address (usability report, row 11). The page Back
    returns to is held while the reader scrolls the old one, so the moment
    it went wrong comes every time."""
    page = tab
    start = page.base + "cpd/my-cpd/#your-entries"
    load(page, "cpd/my-cpd/#your-entries")
    if page.phone:
        page.locator(".md-content a[href$='/about/privacy/']").first.click()
        page.wait_for_function("() => document.querySelector('h1').textContent.includes('Privacy')")
    else:
        page.locator("nav.md-nav--primary a.md-nav__link[href$='/induction/']").first.click()
        page.wait_for_function("() => document.querySelector('h1').textContent.includes('New to Children and Families')")
    page.wait_for_load_state("networkidle")
    page.evaluate("""() => {
      const replace = history.replaceState;
      window.__escaWrites = [];
      history.replaceState = function (state, title, url) {
        if (url !== undefined && url !== null) window.__escaWrites.push(String(url));
        return replace.apply(this, arguments);
      };
    }""")
    held = []
    page.route("**/cpd/my-cpd/", lambda route: held.append(route))
    page.go_back(wait_until="commit")
    page.wait_for_function("() => location.pathname.endsWith('/cpd/my-cpd/')")
    # The reader scrolls the page still on screen until its tracking writes an address.
    page.wait_for_function("""() => {
      if (window.__escaWrites.some(url => url.includes('/cpd/my-cpd/#'))) return true;
      window.scrollBy(0, 150);
      return false;
    }""", polling=300)
    assert held, "Back did not fetch the page"
    for route in held:
        route.continue_()
    page.unroute("**/cpd/my-cpd/")
    page.wait_for_function("() => document.querySelector('h1').textContent.includes('My CPD record')")
    page.wait_for_load_state("networkidle")
    assert page.url == start
    assert page.evaluate("() => window.__escaMark") == 1  # swapped in, not loaded in full
    assert page.errors == []
