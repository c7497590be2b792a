"""The checks that only report, run beside the build.

Much of what the portal checks changes nothing the build writes: the writing
rules on every page source, the markers and the reviewed scripts
(:func:`esca.site.check_sources`), and every link, anchor and piece of active
markup in the built pages (esca.checks.links, esca.checks.active_content).
Run inside the build, they were the largest part of its cost over a plain
Material build.

A :class:`Checker` runs them in a second process (:func:`serve`) while
MkDocs renders the pages: the build starts it once the site model is loaded,
hands it each page's final HTML as the page is written, and at the end
collects every finding, which the build then reports. The second process
loads the site model itself, from the same files and the same date, so only
plain values (and each page's table of contents) cross between the two.

The search index is made there too, by Material's own indexer (named by
hooks/search.py and imported only in the second process): each page goes
across as Material's search plugin reads it, and the finished
``search_index.json``, with the glossary field, readers' questions, previews
and the prebuilt index (esca.search.entries, esca.search.index), comes back for
Material to write. No MkDocs imports here.

``ESCA_CHECKER=inline`` runs the same work in the build's own process (the
findings are the same either way; tests/test_checker.py); so does a machine
where the second process cannot start.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import pickle
import select
import struct
import subprocess
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from esca.core.findings import Finding, Problems

HOOKS_DIR = Path(__file__).resolve().parent.parent  # the folder that holds esca/
JSON_HEAD = '{"config":{'  # how Material's search_index.json starts
_LENGTH = struct.Struct("!I")


@dataclass
class Setup:
    """What the second process needs to load the same site model."""

    root: str
    docs_dir: str
    pages: dict[str, str]  # docs-relative path -> file, as MkDocs found them
    today: dt.date
    directory_urls: bool
    site_url: str


@dataclass
class Page:
    """One built page, as the link and active-content checks read it."""

    src: str  # repository-relative source ('' for a generated page)
    src_uri: str
    dest: str
    html: str
    content_only: bool  # read only the page's content (every page but the home page)
    source_file: str = ""  # the Markdown to take finding lines from


@dataclass
class SearchSetup:
    """How to make the search index: the indexer's class, as a module and a
    name (Material's SearchIndex), the options it is made with, and whether
    the ``mentions`` field is on."""

    indexer: tuple[str, str]
    options: dict
    with_mentions: bool = False


@dataclass
class SearchPage:
    """A page as Material's indexer reads it (attribute names as on a MkDocs page)."""

    url: str
    title: str
    meta: dict
    content: str
    toc: list
    src: str = ""  # docs-relative source, for the page's record (its questions)


@dataclass
class Result:
    sources: list[Finding] = field(default_factory=list)  # the source rules (esca.site.check_sources)
    pages: list[Finding] = field(default_factory=list)  # links, anchors, active markup in the built pages
    links: int = 0
    page_count: int = 0
    seconds: float = 0.0  # time spent checking, in whichever process did it
    where: str = "in the build's process"


class Work:
    """The checks themselves, fed one step at a time (in either process)."""

    def __init__(self, setup: Setup, model=None):
        """``model``: the build's own site model, when the work runs in the
        build's process (the second process loads its own from ``setup``)."""
        from esca import site

        start = time.perf_counter()
        if model is None:
            model = site.load(Path(setup.root), docs_dir=Path(setup.docs_dir),
                              pages={src: Path(path) for src, path in setup.pages.items()}, today=setup.today,
                              directory_urls=setup.directory_urls, site_url=setup.site_url, checks=False)
        self.model = model
        self.sources = site.check_sources(model)
        self.active: list[Finding] = []
        self.pages: dict = {}
        self.origins: list[tuple[str, str]] | None = None
        self.search_index = None
        self.search_setup: SearchSetup | None = None
        self.seconds = time.perf_counter() - start

    def search_start(self, setup: SearchSetup) -> None:
        import importlib

        from esca.core import urls
        from esca.search import index as searchindex

        module, name = setup.indexer
        self.search_setup = setup
        self.search_index = getattr(importlib.import_module(module), name)(**setup.options)
        self.search_kinds = {urls.page_url(src, self.model.directory_urls): kind
                             for src, kind in self.model.kinds.items()}
        self.search_entries: list[dict] = []  # as written: glossary field added, as results show them
        from esca.search import entries as search

        self.glossary_pages = search.glossary_pages(self.model.terms, self.model.directory_urls)  # once, not per page
        short_forms = {short: long for term in self.model.terms for short, long in term.abbreviations}
        self.postings = searchindex.Postings(setup.options, self.model.search_vocabulary, short_forms)

    def search_page(self, page: SearchPage) -> None:
        """Material's indexer reads the page; its entries gain the glossary
        field, show as results show them, and go into the prebuilt index."""
        from esca.search import entries as search, index as searchindex

        start = time.perf_counter()
        index = self.search_index
        index.add_entry_from_context(page)
        if index.entries:
            entries = search.enrich_docs(index.entries, self.model.terms,
                                         with_mentions=self.search_setup.with_mentions,
                                         directory_urls=self.model.directory_urls, main_pages=self.glossary_pages)
            entries = searchindex.present(entries, self.search_kinds)
            if "questions" in self.search_setup.options["fields"]:
                entries = search.with_questions(entries, page.url, self._questions(page))
            index.entries.clear()
            self.postings.add(entries)
            self.search_entries += entries
        self.seconds += time.perf_counter() - start

    def _questions(self, page: SearchPage) -> tuple[str, ...]:
        """What readers ask that the page answers: from its review record (a
        page's front matter, a course's or programme's file, all checked), or
        for a page the build writes from many items (the catalogue, the
        ledger…) from the front matter its generator gives it."""
        record = self.model.records.get(page.src)
        if record is not None and record.questions:
            return record.questions
        if page.src in self.model.generated and isinstance(page.meta.get("questions"), list):
            return tuple(str(q) for q in page.meta["questions"])
        return ()

    def search_json(self) -> tuple[str, int, int]:
        """The index as Material writes it, with the prebuilt index first in
        its config; and how many entries got glossary terms, of how many.
        Readers' words whose site word no page uses become findings of the
        source checks (esca.search.vocab.unused)."""
        import json

        start = time.perf_counter()
        index = self.search_index
        index.entries = self.search_entries
        data = index.generate_search_index(None)
        if not data.startswith(JSON_HEAD):
            raise CheckerError("this version of Material writes its search index in another shape")
        prebuilt = json.dumps(self.postings.result(), separators=(",", ":"))
        # A site word no page uses finds nothing: misspelt, or dropped from the
        # pages. Not said while the glossary (whose page holds many words) or a
        # page is left out for a fault already reported (issue 24, case 20).
        if self.postings.unused and getattr(self.model, "glossary_ok", True) and not self.model.refused \
                and not getattr(self.model, "stood_in", ()):
            from esca.search import vocab as searchvocab

            _, lines, _ = searchvocab.load(self.model.root)
            self.sources += searchvocab.unused(self.postings.unused, lines)
        data = f'{JSON_HEAD}"index":{prebuilt},{data[len(JSON_HEAD):]}'
        added = sum(1 for doc in index.entries if "glossary" in doc or "mentions" in doc)
        self.seconds += time.perf_counter() - start
        return data, added, len(index.entries)

    def page(self, page: Page) -> None:
        from esca.checks import active_content, links

        start = time.perf_counter()
        self.pages[page.dest] = links.PageInput(page.src, page.src_uri, page.dest,
                                                links.scan_html(page.html, content_only=page.content_only),
                                                source_file=page.source_file)
        hits = active_content.scan(active_content.content_of(page.html))
        if hits:
            source = links.PageInput(page.src, page.src_uri, page.dest, links.PageScan(),
                                     source_file=page.source_file).source_text() if page.src else ""
            self.active += active_content.locate(hits, page.src or page.dest, source, self._origins())
        self.seconds += time.perf_counter() - start

    def finish(self, site_dir: str, docs: frozenset[str], mkdocs_warnings: list[str]) -> Result:
        from esca.checks import links
        from esca.pages import contacts

        start = time.perf_counter()
        site_dir = os.path.join(site_dir, "")
        existing = frozenset(
            os.path.join(dirpath, name)[len(site_dir):].replace(os.sep, "/")
            for dirpath, _, names in os.walk(site_dir)
            for name in names
        )
        tels = frozenset(contacts.tel(c["phone"]) for c in self.model.contacts if c.get("phone"))
        built = links.Site(existing, self.pages, docs, self.model.hosts, self.model.site_url, tels)
        found = links.check_site(built)
        found += links.mkdocs_leftovers(found, mkdocs_warnings, self.pages)
        self.seconds += time.perf_counter() - start
        return Result(self.sources, self.active + found, sum(p.scan.link_count for p in self.pages.values()),
                      len(self.pages), self.seconds)

    def _origins(self) -> list[tuple[str, str]]:
        """Data files a generated page may have taken its text from: (path, text)."""
        if self.origins is None:
            from esca.core.sources import MAX_DATA_BYTES, read_text

            root = self.model.root
            self.origins = []
            for pattern in ("data/*.yml", "curricula/**/*.yml"):
                for file in sorted(root.glob(pattern)):
                    read = read_text(file, root, max_bytes=MAX_DATA_BYTES)  # regular files inside the repository
                    if read.text is not None:
                        self.origins.append((file.relative_to(root).as_posix(), read.text))
        return self.origins


class CheckerError(Problems):
    """The second process stopped: its findings (a broken reviewed list),
    or why, in one sentence."""



def inline_wanted() -> bool:
    """Whether the checks are to run in the build's own process (``ESCA_CHECKER=inline``)."""
    return os.environ.get("ESCA_CHECKER", "") == "inline"


class Checker:
    """Runs :class:`Work` in a second process, or inline."""

    def __init__(self, setup: Setup, *, inline: bool | None = None, model=None):
        if inline is None:
            inline = inline_wanted()
        self.process: subprocess.Popen | None = None
        self.work: Work | None = None
        self.setup = setup
        self.docs: frozenset[str] = frozenset()  # every docs-relative Markdown source the build has
        self.mkdocs_warnings: list[str] = []  # MkDocs' own link warnings, held back for the link check
        self.result: Result | None = None
        if not inline and os.name == "posix":  # a pipe that never holds up the build needs POSIX
            try:
                self._start()
            except OSError:
                self.close()
        if self.process is None:
            self.work = Work(setup, model)

    def _start(self) -> None:
        self.errors = tempfile.TemporaryFile()  # a crash's last words, read only if it stops
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HOOKS_DIR), env.get("PYTHONPATH", "")]))
        self.process = subprocess.Popen([sys.executable, "-c", "from esca.checker import serve; serve()"],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors, env=env)
        # The build never waits on the pipe while the second process starts up
        # or catches up: what the pipe cannot take yet waits in ``pending``.
        self.fd = self.process.stdin.fileno()
        os.set_blocking(self.fd, False)
        with contextlib.suppress(ImportError, AttributeError, OSError):  # a larger pipe, where Linux allows it
            import fcntl

            fcntl.fcntl(self.fd, fcntl.F_SETPIPE_SZ, 1 << 20)
        self.pending: deque[memoryview] = deque()  # what the pipe could not take yet, in order
        self.broken: str | None = None
        self._send(("setup", self.setup))

    def page(self, page: Page) -> None:
        self._ask("page", page)

    def search_start(self, setup: SearchSetup) -> None:
        self._ask("search_start", setup)

    def search_page(self, page: SearchPage) -> None:
        self._ask("search_page", page)

    def search_json(self) -> tuple[str, int, int]:
        """The finished search index (see :meth:`Work.search_json`)."""
        if self.work is not None:
            return self.work.search_json()
        reply = self._request(("search_json", None))
        if reply is None or reply[0] != "search_json":
            raise self._stopped(reply)
        return reply[1]

    def finish(self, site_dir: str) -> Result:
        """Every finding, once the built site is complete (asked again, the same answer)."""
        if self.result is None:
            self.result = self._finish(site_dir)
        return self.result

    def _finish(self, site_dir: str) -> Result:
        if self.work is not None:
            return self.work.finish(site_dir, self.docs, self.mkdocs_warnings)
        try:
            reply = self._request(("finish", (site_dir, self.docs, self.mkdocs_warnings)))
            if reply is None or reply[0] != "result":
                raise self._stopped(reply)
        finally:
            self.close()
        reply[1].where = "beside the build"
        return reply[1]

    def close(self) -> None:
        """Stop the second process if it still runs (a build that failed
        before the end), and let go of its pipes."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.errors):
            with contextlib.suppress(OSError):  # unwritten bytes for a process that has gone
                stream.close()
        self.process = None

    def _ask(self, kind: str, body) -> None:
        if self.work is not None:
            getattr(self.work, kind)(body)
        else:
            self._send((kind, body))

    def _request(self, message):
        """Send, wait until all is written, and read the answer: the reply,
        or the error the process wrote before it stopped (it may have stopped
        before this was sent), or None if it wrote nothing."""
        self._send(message)
        self._flush(wait=True)
        return _read(self.process.stdout)

    def _stopped(self, reply) -> CheckerError:
        """Why the second process stopped, in its own words or its last line
        of errors; the process is closed."""
        message = reply[1] if reply else self._last_words()
        self.close()
        return CheckerError(message)

    def _send(self, message) -> None:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        self.pending.append(memoryview(_LENGTH.pack(len(data)) + data))
        self._flush(wait=False)

    def _flush(self, *, wait: bool) -> None:
        """Write what the pipe takes now; with ``wait``, all of it."""
        while self.pending and self.broken is None:
            chunk = self.pending[0]
            try:
                written = os.write(self.fd, chunk)
            except BlockingIOError:
                if not wait:
                    return
                select.select([], [self.fd], [])
                continue
            except OSError as error:  # the process has gone: the build hears of it when it asks
                self.broken = str(error)
                return
            if written < len(chunk):
                self.pending[0] = chunk[written:]  # a view: nothing is copied
            else:
                self.pending.popleft()

    def _last_words(self) -> str:
        self.errors.seek(0)
        lines = self.errors.read().decode("utf-8", "replace").strip().splitlines()
        return f"the checks beside the build stopped: {lines[-1] if lines else 'no reason given'}"


def _read(stream):
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    (size,) = _LENGTH.unpack(head)
    data = stream.read(size)
    return pickle.loads(data) if len(data) == size else None  # cut short: the process stopped mid-reply


def _write(stream, message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(data)) + data)
    stream.flush()


def serve(stdin=None, stdout=None) -> None:
    """The second process: take the setup, pages and search pages in turn;
    answer a request for the search index, and at the end the result.
    Messages come only from the build that started this process."""
    stdin = stdin or sys.stdin.buffer
    stdout = stdout or sys.stdout.buffer
    work = None
    try:
        while (message := _read(stdin)) is not None:
            kind, body = message
            if kind == "setup":
                work = Work(body)
            elif kind in ("page", "search_start", "search_page"):
                getattr(work, kind)(body)
            elif kind == "search_json":
                _write(stdout, ("search_json", work.search_json()))
            elif kind == "finish":
                reply = ("result", work.finish(*body))
                break
        else:
            return
    except Exception as error:  # reported by the build as one line, never a traceback
        from esca.site import SiteError

        reply = ("error", (error.findings or str(error)) if isinstance(error, SiteError)  # findings, as they are
                 else f"the checks beside the build stopped: {type(error).__name__}: {error}")
    _write(stdout, reply)
