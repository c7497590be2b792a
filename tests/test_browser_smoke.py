"""Chromium over the built site: the home page and each front door, with
every request checked to stay on 127.0.0.1."""

from __future__ import annotations

import pytest

from conftest import other_hosts
from test_site_structure import FRONT_DOORS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("button, route", FRONT_DOORS.items())
def test_front_door_opens_its_route(page, button, route, tmp_path):
    page.goto(page.base)
    assert page.locator("h1").first.inner_text().rstrip("¶").strip() == "ESCA Learning Portal"
    page.get_by_role("link", name=button).click()
    page.wait_for_url(page.base + route)
    heading = page.locator("article h1").first
    heading.wait_for()
    assert heading.inner_text().strip()
    shot = tmp_path / f"{route.strip('/').replace('/', '-')}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert page.requests and other_hosts(page.requests, page.base) == []


def test_request_log_sees_every_request(page):
    """The request recorder is live: it sees the page and its assets."""
    page.goto(page.base)
    assert any(url.endswith(".css") for url in page.requests)
    assert page.requests[0] == page.base
