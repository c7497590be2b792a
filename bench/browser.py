"""Time searches in Debian's Chromium against a built site on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import statistics
import threading
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

# Records the time of the last key press and of the first result rendered.
PROBE = """
window.__esca = {key: 0, first: 0};
document.addEventListener('keydown', () => { window.__esca.key = performance.now(); window.__esca.first = 0; }, true);
new MutationObserver(() => {
  if (!window.__esca.first && document.querySelector('.md-search-result__item'))
    window.__esca.first = performance.now();
}).observe(document, {subtree: true, childList: true});
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(site: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def search_timings(site: Path, queries: list[str], rounds: int = 3) -> dict[str, float]:
    """First search after a fresh load, and the median of later searches, in seconds."""
    from playwright.sync_api import sync_playwright

    firsts, laters = [], []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(rounds):
            # The pages' Content-Security-Policy (a meta element) allows no
            # eval, which Playwright's wait_for_function needs; it changes no timing.
            context = browser.new_context(bypass_csp=True)
            page = context.new_page()
            page.add_init_script(PROBE)
            page.goto(base)
            page.wait_for_load_state("load")
            for i, query in enumerate(queries):
                page.keyboard.press("/")
                page.keyboard.press("Control+A")
                page.keyboard.type(query, delay=20)
                page.wait_for_function("window.__esca.first > 0", timeout=30_000)
                elapsed = page.evaluate("window.__esca.first - window.__esca.key") / 1000
                (firsts if i == 0 else laters).append(elapsed)
                page.keyboard.press("Escape")
            context.close()
        browser.close()
    return {"first": statistics.median(firsts), "later": statistics.median(laters)}
