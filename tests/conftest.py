"""Shared fixtures: the real site built once, tiny builds, a local server,
Chromium, and a guard that fails any test on a warning it did not expect."""

from __future__ import annotations

import fcntl
import functools
import importlib
import http.server
import io
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import threading
import traceback
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The site's day (esca.core.clock) is fixed once for the whole run: ESCA_TODAY when
# CI or the caller gives it, else today's date in London when the run starts,
# so two builds in one run compare byte for byte even across midnight.
from esca.core import clock  # noqa: E402  (hooks/ is on the path: pyproject.toml)

os.environ.setdefault(clock.VARIABLE, clock.today().isoformat())
# Builds in tests run the checks in the build's own process (no second
# interpreter loading the site model again per tiny build); the tests that
# compare the two modes set ESCA_CHECKER themselves (tests/test_checker.py).
os.environ.setdefault("ESCA_CHECKER", "inline")
# The build command, as the Makefile's MKDOCS sets it: mkdocs, or properdocs
# (MkDocs' continuation; README, "Platform plan"). Every build here uses it.
ENGINE = os.environ.get("MKDOCS", "mkdocs")
MKDOCS = [sys.executable, "-m", ENGINE]
if ENGINE == "properdocs":
    import properdocs.replacement  # noqa: F401  (mkdocs.* imports, Material's too, become properdocs.*)

    logging.getLogger("mkdocs").parent = logging.getLogger("properdocs")  # as its command line does
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@dataclass
class Build:
    """The outcome of one `mkdocs build --strict`."""

    site: Path
    returncode: int
    output: str

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.output.splitlines() if line.startswith(("WARNING", "ERROR"))]

    def page(self, url_path: str) -> str:
        """The HTML of a page, by its URL path ('' for home, 'roles/' for a section)."""
        return (self.site / url_path / "index.html").read_text(encoding="utf-8")


def run_build(config_file: Path, site_dir: Path, env: dict | None = None) -> Build:
    """`mkdocs build --strict`, in this process (no interpreter start-up per
    build). Everything MkDocs logs at INFO and above is kept as the command
    line would print it; a warning it logs also reaches the autouse guard
    below, so a test that did not ask for ``expected_warnings`` fails on it.
    Never -q or -v: they hide strict failures."""
    build = importlib.import_module(f"{ENGINE}.commands.build").build
    load_config = importlib.import_module(f"{ENGINE}.config").load_config
    MkDocsException = importlib.import_module(f"{ENGINE}.exceptions").MkDocsException

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    logger = logging.getLogger(ENGINE)
    old_level, old_env, old_cwd = logger.level, dict(os.environ), os.getcwd()
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    os.environ.update({"NO_MKDOCS_2_WARNING": "1", **(env or {})})
    returncode = 0
    try:
        os.chdir(config_file.parent)
        config = load_config(config_file=str(config_file), strict=True, site_dir=str(site_dir))
        build(config)
    except MkDocsException as error:
        returncode = 1
        stream.write(f"{error}\n")
    except Exception:  # a traceback is a defect: keep it in the output for the test to see
        returncode = 2
        stream.write(traceback.format_exc())
    finally:
        os.chdir(old_cwd)
        os.environ.clear()
        os.environ.update(old_env)
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    return Build(site_dir, returncode, stream.getvalue())


def run_build_command(config_file: Path, site_dir: Path, env: dict | None = None, *, command=None) -> Build:
    """The real command line, in a new process (for what only the command
    shows: start-up, exit codes, another engine). Its warnings fail the test
    unless the test asks for ``expected_warnings``."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    proc = subprocess.run(
        [*(command or MKDOCS), "build", "--strict", "--config-file", str(config_file), "--site-dir", str(site_dir)],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=config_file.parent,
    )
    build = Build(site_dir, proc.returncode, proc.stdout + proc.stderr)
    COMMAND_BUILDS.append(build)  # the guard below fails the test on its warnings, as on in-process ones
    return build


COMMAND_BUILDS: list[Build] = []


def shared_build(tmp_path_factory, name: str, config_file: Path, env: dict | None = None) -> Build:
    """`mkdocs build --strict` of ``config_file``, made once per test run:
    with several pytest-xdist workers, the first to ask builds it under a lock
    and the others read the same build (the folder and its output)."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    record = shared / f"{name}.json"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if record.exists():
            build = Build(**{**json.loads(record.read_text(encoding="utf-8")), "site": shared / name})
        else:
            build = run_build(config_file, shared / name, env)
            record.write_text(json.dumps({"returncode": build.returncode, "output": build.output}), encoding="utf-8")
    assert build.returncode == 0, build.output
    assert build.warnings == [], "\n".join(build.warnings)
    return build


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Build:
    """The real portal, built once per test run with `mkdocs build --strict`,
    as it is published: the checks and search index in the second process
    (test_properdocs_builds_the_same_site builds it again inline and compares)."""
    return shared_build(tmp_path_factory, "real-site", ROOT / "mkdocs.yml", {"ESCA_CHECKER": "process"})


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory) -> Path:
    """The offline copy (mkdocs-offline.yml), built once per test run."""
    return shared_build(tmp_path_factory, "site-offline", ROOT / "mkdocs-offline.yml").site


@pytest.fixture
def tiny_site(tmp_path):
    """Build a tiny site that uses the real hooks and data files.

    Call it with {path: text} for docs/ files (and 'curricula/...' or
    'data/...' paths for data) and optional extra mkdocs.yml lines.
    """

    def build(files: dict[str, str], *, config: str = "", env: dict | None = None, hooks=()) -> Build:
        project = tmp_path / "project"
        if project.exists():
            shutil.rmtree(project)
        shutil.copytree(ROOT / "data", project / "data")
        shutil.copytree(ROOT / "curricula/vocabularies", project / "curricula/vocabularies")
        # The real glossary names real pages; a tiny site starts with none.
        (project / "data/glossary.yml").write_text("[]\n", encoding="utf-8")
        # Tiny sites are often built on a pinned past day: contact points were
        # checked before it.
        contacts = project / "data/contacts.yml"
        contacts.write_text(re.sub(r"checked: \d{4}-\d\d-\d\d", "checked: 2026-01-01", contacts.read_text()))
        small_site_ledger(project / "data")
        # The hooks are copied in and listed by relative path, as in the real
        # mkdocs.yml, so log lines read "hooks/links: …" wherever the repo is.
        shutil.copytree(ROOT / "hooks", project / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
        for extra in hooks:
            shutil.copy(extra, project / "hooks" / Path(extra).name)
        for rel, text in files.items():
            target = project / (rel if rel.split("/")[0] in {"data", "curricula"} else f"docs/{rel}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        (project / "docs").mkdir(exist_ok=True)
        if "data/contacts.yml" not in files:
            review_contacts(project)  # after the files: a test may bring its own reviewed list
        names = [Path(extra).name for extra in hooks]
        paths = [f"hooks/{name}" for name in TINY_HOOKS if name not in names] + [f"hooks/{name}" for name in names]
        (project / "mkdocs.yml").write_text(
            TINY_CONFIG.format(hooks="\n".join(f"  - {path}" for path in paths)) + config, encoding="utf-8"
        )
        return run_build(project / "mkdocs.yml", tmp_path / "out", env=env)

    return build


def review_contacts(project: Path) -> None:
    """Set a test project's reviewed contacts fingerprint to its contacts
    file's (esca.pages.contacts.fingerprint covers every field, the dates a test
    moves too): the test stands in for the reviewer."""
    from esca.core.safeyaml import load_file
    from esca.pages import contacts as esca_contacts

    loaded = load_file(project / "data/contacts.yml", project)
    if loaded.findings:
        return
    entries = [dict(c) for c in loaded.data["contacts"]]
    reviewed = project / "data/reviewed-assets.yml"
    reviewed.write_text(re.sub(r"\ncontacts: [0-9a-f]{64}", f"\ncontacts: {esca_contacts.fingerprint(entries)}",
                               reviewed.read_text(encoding="utf-8")), encoding="utf-8")


def small_site_ledger(data_dir: Path) -> None:
    """Make a copy of the real statistics ledger fit a small test site: the
    real one names real pages (a small site shows every figure on its home
    page), and was checked on a day after some pinned test days."""
    ledger = data_dir / "statistics.yml"
    text = re.sub(r"shown_on: \[[^\]]*\]", "shown_on: [index.md]", ledger.read_text(encoding="utf-8"))
    ledger.write_text(re.sub(r"checked: \d{4}-\d\d-\d\d", "checked: 2026-01-01", text), encoding="utf-8")


TINY_HOOKS = ["site_model.py", "governance.py", "links.py"]
TINY_CONFIG = """\
site_name: Tiny
site_url: http://127.0.0.1:8000/
theme:
  name: material
  font: false
extra:
  generator: false
hooks:
{hooks}
validation:
  nav:
    omitted_files: info
    not_found: warn
    absolute_links: warn
  links:
    not_found: warn
    anchors: warn
    absolute_links: warn
    unrecognized_links: warn
markdown_extensions:
  - attr_list
  - md_in_html
  - admonition
  - toc:
      permalink: true
"""

GOOD_META = "---\nowner: esca\nlast_reviewed: 2026-11-01\nreview_due: 2027-05-01\n---\n\n"


@pytest.fixture(scope="session")
def served_site(site):
    """The built site served over HTTP on 127.0.0.1 (a free port)."""
    handler = functools.partial(_QuietHandler, directory=str(site.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def other_hosts(requests: list[str], base: str) -> list[str]:
    """The requests that went anywhere but ``base``'s host (the one check that
    nothing leaves the site: no fonts, CDNs or analytics). data: and blob:
    addresses stay in the page."""
    host = urlsplit(base).netloc
    return [url for url in requests if not url.startswith(("data:", "blob:", "about:"))
            and urlsplit(url).netloc != host]


def still(page) -> None:
    """Hold the page still for axe: ask for reduced motion (the theme then drops
    its transitions) and wait for any animation already under way. The theme
    fades the header's page title in after a scroll, and axe's own scrolling can
    start that fade; contrast measured mid-fade is a colour no reader is left
    looking at (CI saw it once, 7 December)."""
    page.emulate_media(reduced_motion="reduce")
    page.evaluate("""() => Promise.allSettled(document.getAnimations()
        .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity).map(a => a.finished))""")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no browser download needed)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium missing: run `make test`, which installs it"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, served_site):
    """A fresh browser page that records every request it makes."""
    yield from recording_page(browser, served_site)


def recording_page(browser, base: str):
    """A tab in a new context, its requests kept in ``tab.requests`` and the
    site's address in ``tab.base``; closed after the test."""
    context = browser.new_context()
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    tab.base = base
    yield tab
    context.close()


class _WarningCatcher(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture(autouse=True)
def no_unexpected_warnings(request):
    """Fail any test whose builds log a MkDocs or hook warning it did not
    expect, in this process or in a command-line build.

    A test that expects warnings asks for the ``expected_warnings`` fixture
    and asserts on them.
    """
    catcher = _WarningCatcher()
    logger = logging.getLogger(ENGINE)
    logger.addHandler(catcher)
    request.node.expected_warnings = None
    COMMAND_BUILDS.clear()
    yield catcher
    logger.removeHandler(catcher)
    if request.node.expected_warnings is None:
        lines = [record.getMessage() for record in catcher.records]
        lines += [line for build in COMMAND_BUILDS for line in build.warnings]  # builds in another process
        if lines:
            pytest.fail("unexpected warnings were logged:\n" + "\n".join(lines))


@pytest.fixture
def expected_warnings(request, no_unexpected_warnings):
    """The warnings logged in-process so far; asserting on them claims them."""
    request.node.expected_warnings = no_unexpected_warnings.records
    return no_unexpected_warnings.records


BROWSER_FIXTURES = {"browser", "page", "file_page"}


def pytest_collection_modifyitems(config, items):
    """Every test that drives Chromium carries the `browser` mark (so
    `pytest -m "not browser"` is the fast suite): a test that uses a browser
    fixture without it stops the run at collection."""
    def fixtures(item) -> set[str]:  # fixtures, not parametrize arguments that share a name
        params = set(getattr(getattr(item, "callspec", None), "params", {}))
        return set(getattr(item, "fixturenames", ())) - params

    unmarked = [item.nodeid for item in items
                if BROWSER_FIXTURES & fixtures(item) and not item.get_closest_marker("browser")]
    if unmarked:
        raise pytest.UsageError("browser tests without @pytest.mark.browser:\n" + "\n".join(unmarked))
