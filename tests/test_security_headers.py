"""Privacy and security: the site under the documented nginx configuration
works with its Content-Security-Policy and sends every header it should; every
page carries the same policy as a meta element for hosts that send none; the
site sets no cookies and sends no request to another host; our own scripts
use no inline event handlers."""

from __future__ import annotations

import base64
import contextlib
import gzip
import hashlib
import html
import http.client
import importlib.util
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, other_hosts, run_build
from esca.checks import csp

NGINX = "/usr/sbin/nginx"
DEPLOY = ROOT / "deploy/nginx"
CONF = DEPLOY / "esca.conf"
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
    allowed = set(re.findall(r"'sha256-[^']+'", csp.policy(ROOT)))
    assert set(inline_script_hashes(site.site)) == allowed


def test_the_policy_is_written_once():
    """The policy's text is in security-headers.conf only; esca.conf includes
    that file at the server and in every location that sets a header of its own."""
    first_hash = re.search(r"'sha256-[^']+'", csp.policy(ROOT)).group(0)
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout.split()
    holders = sorted(name for name in files if (ROOT / name).is_file()
                     and first_hash in (ROOT / name).read_text(encoding="utf-8", errors="replace"))
    assert holders == [csp.HEADERS_FILE]
    server = CONF.read_text()
    blocks = re.findall(r"location [^{]+\{(.*?)\n    \}", server, re.DOTALL)
    assert len(blocks) >= 3
    for block in blocks:
        if "add_header" in block:
            assert "include esca/security-headers.conf;" in block, block


META = re.compile(r'<head[^>]*>(<meta http-equiv="Content-Security-Policy" content="([^"]*)">)'
                  r'<meta name="referrer" content="([^"]*)">')


def meta_policy(page: str) -> str | None:
    match = META.search(page)
    return html.unescape(match.group(2)) if match else None


def test_every_page_carries_the_policy_first_in_head(site):
    """For hosts that send no headers (GitHub and GitLab Pages, a file share):
    the nginx policy without what a meta element ignores, before anything it
    governs, and the character set still declared within the first 1,024 bytes."""
    expected = csp.meta_policy(csp.policy(ROOT))
    assert "frame-ancestors" not in expected and "default-src 'none'" in expected
    assert expected == csp.policy(ROOT).replace("; frame-ancestors 'none'", "")
    pages = sorted(site.site.rglob("*.html"))
    assert len(pages) > 100 and site.site / "404.html" in pages
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert meta_policy(text) == expected, path
        assert META.search(text).group(3) == csp.headers(ROOT)["Referrer-Policy"] == "no-referrer", path
        assert text.index('<meta charset="utf-8">') + len('<meta charset="utf-8">') <= 1024, path
        assert text.count("Content-Security-Policy") == 1 and text.count('name="referrer"') == 1, path


@pytest.mark.parametrize("directive", csp.META_IGNORES)
def test_what_a_meta_policy_cannot_do_is_left_out(directive):
    text = f"default-src 'none'; {directive} 'none'; script-src 'self'"
    assert csp.meta_policy(text) == "default-src 'none'; script-src 'self'"


def test_the_meta_element_goes_first_in_head_and_is_escaped():
    page = '<!doctype html><html><head class="x"><meta charset="utf-8"><script>a()</script></head></html>'
    out = csp.with_meta(page, "script-src 'self' \"x\" <y>", "no-referrer")
    assert out.startswith('<!doctype html><html><head class="x"><meta http-equiv="Content-Security-Policy" '
                          'content="script-src \'self\' &quot;x&quot; &lt;y&gt;">'
                          '<meta name="referrer" content="no-referrer"><meta charset')


def test_an_inline_script_the_policy_does_not_allow_is_found():
    allowed = "script-src 'self' " + csp.source("a()")
    page = ('<script>a()</script><script type="application/json">{"x": 1}</script>'
            '<script src="x.js"></script><SCRIPT defer>b()</SCRIPT>')
    assert csp.not_allowed(page, allowed) == [csp.source("b()")]
    assert csp.source("a()") == "'sha256-" + base64.b64encode(hashlib.sha256(b"a()").digest()).decode() + "'"


def test_the_build_stops_on_an_inline_script_the_policy_does_not_allow(expected_warnings):
    """hooks/csp.py warns (so the strict build stops) with the hash to review
    and where to add it; under `mkdocs serve` it adds nothing."""
    spec = importlib.util.spec_from_file_location("csp_hook", ROOT / "hooks/csp.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    hook._state.update(serving=False, policy=csp.meta_policy(csp.policy(ROOT)), shim=None, referrer="no-referrer")
    out = hook._protect("<html><head></head><body><script>evil()</script></body></html>", "x.md")
    assert [r.getMessage() for r in expected_warnings] == [
        f"csp_hook: x.md: script: an inline script the Content-Security-Policy does not allow: "
        f"{csp.source('evil()')} — review it, then add {csp.source('evil()')} to script-src in "
        "deploy/nginx/security-headers.conf"]
    assert meta_policy(out) == csp.meta_policy(csp.policy(ROOT))
    hook._state["serving"] = True  # mkdocs serve: its live-reload script is inline, so no meta
    assert hook._protect("<html><head></head></html>", "x.md") == "<html><head></head></html>"


def test_a_build_without_the_policy_stops_with_one_line(tiny_site, expected_warnings):
    build = tiny_site({"index.md": "# Home\n"}, hooks=[ROOT / "hooks/csp.py"])
    assert build.returncode == 1
    assert ("deploy/nginx/security-headers.conf:1: file: is missing — restore it from version control: "
            "it is the site's security policy") in build.output
    assert "Traceback" not in build.output


PLACE = ROOT / "deploy/place_site.py"


def place_site(site_dir: Path, root: Path, site_url: str) -> None:
    """Lay the built site out as the container does (deploy/place_site.py)."""
    run = subprocess.run([sys.executable, str(PLACE), str(site_dir), str(root), site_url],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


@contextlib.contextmanager
def serve_nginx(root: Path, work: Path):
    """A real nginx (Debian's) on 127.0.0.1 with the container's own
    nginx.conf, esca.conf and security-headers.conf, laid out as in the
    container; only the port, paths and user change. Yields the base address."""
    assert Path(NGINX).exists(), "nginx missing: run `make test`, which installs it"
    port = _free_port()
    (work / "conf.d").mkdir()
    (work / "esca").mkdir()
    (work / "mime.types").write_bytes(Path("/etc/nginx/mime.types").read_bytes())
    (work / "esca/security-headers.conf").write_bytes((DEPLOY / "security-headers.conf").read_bytes())
    server = CONF.read_text()
    assert "listen 8080;" in server and "root /var/www/esca/site;" in server
    server = server.replace("listen 8080;", f"listen 127.0.0.1:{port};").replace(
        "root /var/www/esca/site;", f"root {root};")
    (work / "conf.d/esca.conf").write_text(server)
    main = (DEPLOY / "nginx.conf").read_text()
    for old, new in [("pid /tmp/nginx.pid;", f"pid {work}/nginx.pid;"), ("/tmp/nginx-", f"{work}/nginx-"),
                     ("error_log /dev/stderr warn;", f"error_log {work}/error.log warn;"),
                     ("access_log /dev/stdout;", "access_log off;")]:
        assert old in main
        main = main.replace(old, new)
    # The tests run as root and the built site sits in a private temporary
    # folder; the container runs as an unprivileged user and needs no `user` line.
    (work / "nginx.conf").write_text("user root;\n" + main)
    proc = subprocess.Popen([NGINX, "-p", str(work), "-c", str(work / "nginx.conf"), "-g", "daemon off;"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            assert proc.poll() is None, proc.stdout.read()
            time.sleep(0.05)
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stdout.close()
    log = (work / "error.log").read_text()
    assert "[emerg]" not in log and "[warn]" not in log, log


@pytest.fixture(scope="module")
def nginx_site(site, tmp_path_factory):
    """The built site (at /, its default address) served by nginx as the
    container serves it."""
    work = tmp_path_factory.mktemp("nginx")
    place_site(site.site, work / "www", "http://127.0.0.1:8000/")
    with serve_nginx(work / "www", work) as base:
        yield base


SUBPATH_URL = "https://portal.example.gov.uk/esca/"


@pytest.fixture(scope="module")
def esca_subpath(tmp_path_factory):
    """The README's example: the site built for https://portal.example.gov.uk/esca/
    and served by nginx at /esca/, laid out as the container lays it out."""
    work = tmp_path_factory.mktemp("nginx-esca")
    build = run_build(ROOT / "mkdocs.yml", work / "site", env={"ESCA_SITE_URL": SUBPATH_URL})
    assert build.returncode == 0, build.output
    place_site(build.site, work / "www", SUBPATH_URL)
    with serve_nginx(work / "www", work) as base:
        yield base, build


def fetch(url: str, encoding: str = "gzip") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()


NO_CACHE = "no-cache"


@pytest.mark.parametrize("path, status, kind, cache", [
    ("", 200, "text/html; charset=utf-8", NO_CACHE),  # a page
    ("legislation/children-act-1989/", 200, "text/html; charset=utf-8", NO_CACHE),
    ("whats-changed.xml", 200, "application/atom+xml; charset=utf-8", NO_CACHE),  # the Atom feed
    ("cpd/sessions.ics", 200, "text/calendar; charset=utf-8", NO_CACHE),  # the calendar
    ("cpd/courses.csv", 200, "text/csv; charset=utf-8", NO_CACHE),
    ("cpd/courses.json", 200, "application/json; charset=utf-8", NO_CACHE),
    ("no/such/page/", 404, "text/html; charset=utf-8", NO_CACHE),  # the 404 page
    ("THEME", 200, "application/javascript; charset=utf-8", "public, max-age=31536000, immutable"),
    ("assets/js/esca.js", 200, "application/javascript; charset=utf-8", NO_CACHE),
])
def test_nginx_sends_every_header(nginx_site, site, path, status, kind, cache):
    """Every response, the 404 included: the security headers from their one
    file (not dropped where a location sets its cache header), the type and
    character set, a cache rule, compression with Vary, no cookie and no
    version number."""
    if path == "THEME":  # the theme's bundle: its name carries its content's hash
        path = next(p.relative_to(site.site).as_posix()
                    for p in (site.site / "assets/javascripts").glob("bundle.*.min.js"))
    code, headers, body = fetch(nginx_site + path)
    assert code == status
    for name, value in csp.headers(ROOT).items():
        assert headers.get(name) == value, name
    assert headers["Content-Type"] == kind
    assert headers["Cache-Control"] == cache
    assert headers["Server"] == "nginx"  # no version number
    assert "Set-Cookie" not in headers
    if status == 404:
        served = site.site / "404.html"
    else:
        served = site.site / path / "index.html" if path.endswith("/") or not path else site.site / path
    if served.stat().st_size >= 256:  # gzip_min_length: a tiny file is sent as it is
        assert headers["Content-Encoding"] == "gzip" and headers["Vary"] == "Accept-Encoding"
        body = gzip.decompress(body)
    else:
        assert "Content-Encoding" not in headers
    assert body == served.read_bytes()


def test_nginx_sends_plain_bytes_to_a_client_without_gzip(nginx_site, site):
    code, headers, body = fetch(nginx_site + "cpd/courses.csv", encoding="identity")
    assert code == 200 and "Content-Encoding" not in headers
    assert body == (site.site / "cpd/courses.csv").read_bytes()


def get_without_redirect(base: str, path: str, host: str) -> tuple[int, dict[str, str]]:
    """One GET that does not follow a redirect, with the Host header a proxy
    in front of the container would pass on."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("GET", path, headers={"Host": host})
        response = conn.getresponse()
        response.read()
        return response.status, dict(response.getheaders())
    finally:
        conn.close()


@pytest.mark.parametrize("where, path", [("nginx_site", "/cpd"), ("nginx_site", "/legislation/children-act-1989"),
                                          ("esca_subpath", "/esca/cpd"), ("esca_subpath", "/esca")])
def test_a_folder_address_without_its_slash_redirects_relatively(request, where, path):
    """Behind TLS or a port mapping nginx's own scheme, host and port are
    wrong (http://host:8080/cpd/): the redirect names the path only, so the
    browser keeps the scheme, host and port it used."""
    served = request.getfixturevalue(where)
    base = served if where == "nginx_site" else served[0]
    for host in ("portal.example.gov.uk", "portal.example.gov.uk:8443"):
        status, headers = get_without_redirect(base, path, host)
        assert status == 301
        assert headers["Location"] == path + "/"
        for name, value in csp.headers(ROOT).items():
            assert headers.get(name) == value, name


REFERENCE = re.compile(r'\b(?:href|src)="([^"]*)"')


@pytest.mark.parametrize("path", ["esca/no/such/page/", "esca/legislation/no-such-act/", "esca/cpd/x.csv",
                                  "no/such/", ""])
def test_the_404_page_works_under_the_sites_path(esca_subpath, path):
    """The README's example (ESCA_SITE_URL=https://host/esca/): a missing
    address at any depth, inside the path or outside it (the host's root has
    no page), shows the 404 page, and every style, script, image and link it
    names is there. The same page is what GitHub and GitLab Pages show for a
    missing address under the site's path."""
    assert "ESCA_SITE_URL=https://your-intranet-host/esca/ make build" in (ROOT / "README.md").read_text()
    base, build = esca_subpath
    code, headers, body = fetch(base + path, encoding="identity")
    assert code == 404 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert body == (build.site / "404.html").read_bytes()
    refs = {html.unescape(ref) for ref in REFERENCE.findall(body.decode())}
    local = {ref for ref in refs if not ref.startswith(("#", "mailto:", "tel:", "data:"))}
    ours = {ref for ref in local if not ref.startswith(("http://", "https://")) or ref.startswith(SUBPATH_URL)}
    assert len(ours) > 5 and {ref for ref in local - ours if urlsplit(ref).hostname == "portal.example.gov.uk"} == set()
    for ref in sorted(ours):
        address = urlsplit(ref).path
        assert address.startswith("/esca/"), ref  # a relative reference would break at depth
        assert fetch(base + address[1:], encoding="identity")[0] == 200, ref


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


# --- The offline copy, opened from file:// -----------------------------------


OFFLINE_PAGES = ["index.html", "legislation/children-act-1989.html", "roles/careers/asye.html", "404.html"]


def test_every_offline_page_carries_the_policy_with_its_search_frames_script(offline_site):
    """Each page allows exactly the site's policy plus the one inline script
    the iframe-worker shim writes into its frame for that page's worker
    address (which changes with the page's depth)."""
    base = csp.meta_policy(csp.policy(ROOT))
    shim = (ROOT / csp.SHIM_FILE).read_text(encoding="utf-8")
    extras = set()
    for path in sorted(offline_site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        worker = csp.worker_address(text)
        depth = len(path.relative_to(offline_site).parts) - 1
        assert worker and worker.startswith("/assets/" if path.name == "404.html" else "../" * depth + "assets/")
        extra = csp.source(csp.shim_script(shim, worker))
        assert meta_policy(text) == csp.meta_policy(base, (extra,)), path
        extras.add(extra)
    assert len(extras) >= 3  # one per depth


def test_the_shims_frame_script_is_rebuilt_from_the_vendored_shim():
    shim = (ROOT / csp.SHIM_FILE).read_text(encoding="utf-8")
    script = csp.shim_script(shim, "../assets/w.js?x")
    assert script.startswith("postMessage=function c(") and ";importScripts=function d(...s){" in script
    assert script.endswith('{filename:"../assets/w.js?x",error}))})')
    with pytest.raises(csp.CspError, match="the vendored shim changed"):
        csp.shim_script(shim.replace("document.write(", "document.writeln("), "x")


@pytest.mark.browser
@pytest.mark.parametrize("path", OFFLINE_PAGES[:3])
def test_offline_search_works_from_file_under_the_policy(browser, offline_site, path):
    """Opened from disk, the page enforces its meta policy, and search (a
    worker in the shim's frame, which inherits the policy) still answers with
    no violation and no request to any host."""
    context = browser.new_context()
    page = context.new_page()
    requests, violations, errors = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script("""document.addEventListener('securitypolicyviolation',
        e => console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));""")
    page.goto((offline_site / path).as_uri())
    page.focus("input.md-search__input")
    page.keyboard.type("care")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    assert violations == [] and errors == []
    assert [r for r in requests if not r.startswith("file://")] == []
    # The policy is live from file://: an inline script added now is refused.
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text, timeout=5_000):
        page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.x = 1'; "
                      "document.body.append(s); }")
    assert page.evaluate("() => window.x") is None
    context.close()


@pytest.mark.browser
def test_offline_search_needs_the_frames_hash(browser, offline_site, tmp_path):
    """Without its frame's hash the search worker is refused: the check above can fail."""
    copy = tmp_path / "offline"  # the shared offline copy stays as built: other tests read it meanwhile
    shutil.copytree(offline_site, copy)
    page_path = copy / "legislation/children-act-1989.html"
    text = page_path.read_text(encoding="utf-8")
    shim = (ROOT / csp.SHIM_FILE).read_text(encoding="utf-8")
    extra = csp.source(csp.shim_script(shim, csp.worker_address(text)))
    broken = page_path.with_name("children-act-1989-no-frame-hash.html")
    broken.write_text(text.replace(" " + extra, ""), encoding="utf-8")
    context = browser.new_context()
    page = context.new_page()
    try:
        with page.expect_console_message(lambda m: extra.strip("'") in m.text, timeout=15_000):
            page.goto(broken.as_uri())  # the search worker starts with the page
        page.focus("input.md-search__input")
        page.keyboard.type("care")
        assert page.locator(".md-search-result__item").count() == 0
    finally:
        context.close()
