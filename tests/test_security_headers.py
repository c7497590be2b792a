"""Privacy and security: the site under the documented nginx configuration
works with its Content-Security-Policy, sets no cookies and sends no request
to another host; our own scripts use no inline event handlers."""

from __future__ import annotations

import base64
import hashlib
import re
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, other_hosts

NGINX = "/usr/sbin/nginx"
CONF = ROOT / "deploy/nginx/esca.conf"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.DOTALL)
KEY_PAGES = ["", "legislation/", "legislation/ledger/", "roles/", "corporate-parenting/",
             "corporate-parenting/knowledge-check/", "corporate-parenting/local-data/", "induction/checklist/",
             "cpd/", "about/privacy/", "cpd/my-cpd/", "whats-changed/"]


def inline_script_hashes(site_dir: Path) -> dict[str, str]:
    """sha256 CSP source of every executable inline script -> first page seen."""
    found = {}
    for page in sorted(site_dir.rglob("*.html")):
        for attrs, body in INLINE_SCRIPT.findall(page.read_text(encoding="utf-8")):
            if re.search(r'type="application/(ld\+)?json"', attrs):
                continue  # data blocks are never executed
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            found.setdefault(f"'sha256-{digest}'", page.relative_to(site_dir).as_posix())
    return found


def test_csp_allows_exactly_the_inline_scripts_the_site_has(site):
    csp = re.search(r'Content-Security-Policy "([^"]+)"', CONF.read_text()).group(1)
    allowed = set(re.findall(r"'sha256-[^']+'", csp))
    assert set(inline_script_hashes(site.site)) == allowed


@pytest.fixture(scope="module")
def nginx_site(site, tmp_path_factory):
    """The built site served by a real nginx on 127.0.0.1 with deploy/nginx/esca.conf."""
    assert Path(NGINX).exists(), "nginx missing: run `make test`, which installs it"
    work = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    server = CONF.read_text()
    assert "listen 80;" in server and "root /var/www/esca/site;" in server
    server = server.replace("listen 80;", f"listen 127.0.0.1:{port};").replace(
        "root /var/www/esca/site;", f"root {site.site};")
    (work / "esca.conf").write_text(server)
    (work / "nginx.conf").write_text(NGINX_MAIN.format(work=work))
    proc = subprocess.Popen([NGINX, "-p", str(work), "-c", str(work / "nginx.conf")],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            urllib.request.urlopen(base, timeout=1)
            break
        except OSError:
            assert proc.poll() is None, proc.stdout.read()
            time.sleep(0.05)
    yield base
    proc.terminate()
    proc.wait(timeout=10)
    proc.stdout.close()


def test_nginx_sends_the_security_headers(nginx_site):
    with urllib.request.urlopen(nginx_site) as response:
        headers = response.headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "Set-Cookie" not in headers


@pytest.mark.browser
@pytest.mark.parametrize("url", KEY_PAGES)
def test_page_works_under_the_csp_with_no_cookie_and_no_other_host(browser, nginx_site, url):
    context = browser.new_context()
    page = context.new_page()
    requests, violations, errors = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script("""document.addEventListener('securitypolicyviolation',
        e => console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));""")
    response = page.goto(nginx_site + url)  # waits for the load event: every script and style has run
    assert response.status == 200
    assert page.locator("article h1").count() == 1
    # Use the search box, which starts a worker and fetches the index.
    page.keyboard.press("/")
    page.keyboard.type("care")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)  # the worker ran and answered
    assert violations == []
    assert errors == []
    assert context.cookies() == []
    assert other_hosts(requests, nginx_site) == []
    context.close()


@pytest.mark.browser
def test_csp_check_catches_a_violation(browser, nginx_site, site):
    """The violation listener is live: an inline handler is reported."""
    context = browser.new_context()
    page = context.new_page()
    seen = []
    page.on("console", lambda m: seen.append(m.text))
    page.add_init_script("""document.addEventListener('securitypolicyviolation',
        e => console.error('Content Security Policy violation: ' + e.violatedDirective));""")
    page.goto(nginx_site)
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text, timeout=5_000):
        page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.x = 1'; "
                      "document.body.append(s); }")
    assert any("Content Security Policy" in text for text in seen)
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("markup, click", [
    ('<img src="no-such.png" alt="" onerror="window.ran = 1">', ""),
    ('<button id="hostile" onclick="window.ran = 1">x</button>', "#hostile"),
    ('<a id="hostile" href="javascript:window.ran = 1">x</a>', "#hostile"),
    ('<svg><a id="hostile" href="javascript:window.ran = 1"><text y="20">x</text></a></svg>', "#hostile"),
])
def test_csp_blocks_active_content_that_got_into_a_page(browser, nginx_site, markup, click):
    """Behind the build's own check, the deployed CSP stops handlers and javascript: links from running."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script("""window.violations = [];
        document.addEventListener('securitypolicyviolation', e => window.violations.push(e.violatedDirective));""")
    page.goto(nginx_site)
    page.evaluate("m => document.querySelector('article').insertAdjacentHTML('beforeend', m)", markup)
    if click:
        page.click(click)
    page.wait_for_function("() => window.violations.length > 0")
    assert page.evaluate("() => window.ran") is None
    assert page.evaluate("() => window.violations")[0].startswith("script-src")
    context.close()


def test_our_scripts_and_pages_use_no_inline_event_handlers(site):
    handler = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
    offenders = [p.relative_to(site.site).as_posix() for p in site.site.rglob("*.html")
                 if handler.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
    for script in (ROOT / "docs/assets/js").glob("*.js"):
        text = script.read_text()
        assert not re.search(r"\.setAttribute\(\s*['\"]on[a-z]+", text), script


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


NGINX_MAIN = """\
daemon off;
user root;  # the tests run as root and the built site sits in a private temporary folder
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/esca.conf;
}}
"""
