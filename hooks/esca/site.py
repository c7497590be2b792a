"""One model of the site per build.

:func:`load` reads every data file once, reads every page's source once,
decides each page's kind once, runs every source rule, loads the curricula,
generates the pages built from data and registers their review records. The
hooks read from the :class:`Site` it returns, through one accessor
(:func:`of`: the model hooks/site_model.py put on MkDocs' config with
:func:`put`); ``python -m esca check`` runs the same function without
MkDocs. :func:`check_sources` holds the rules that only report, run beside
the build (esca.checker), and :func:`schema_vocabularies` the allowed values
``python -m esca schema`` writes into the JSON Schemas. At the top of the
layout: it imports from every package, and none imports it. No MkDocs
imports.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import os
import posixpath
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from esca.checks import active_content, rules
from esca.checks.links import load_hosts
from esca.core import clock, markdown
from esca.core.findings import Finding, Problems, fix_or_choices
from esca.core.sources import (MAX_ASSET_BYTES, MAX_PAGE_BYTES, THEME_TYPES, check_declared, discover, is_page,
                               new_build, publishable, read_bytes, read_text, rel_path)
from esca.cpd import record as cpd_record
from esca.curricula import builder, calendars, feeds, render
from esca.curricula.loader import CurriculaError, load_curricula, read_vocabularies
from esca.curricula.model import Curricula
from esca.pages import charts, contacts, gaps, glossary, governance, governance_pages
from esca.pages import statistics, whats_changed
from esca.pages.governance import PageRecord, Vocabularies
from esca.search import vocab as searchvocab

DOCS = "docs"
GLOSSARY_FILE = "data/glossary.yml"
ALLOWED_FILE = "data/acronyms-allowed.yml"
HOSTS_FILE = "data/allowed-hosts.yml"
COURSE_MODEL = "cpd/course-model.json"  # the course model for the course builder page
NOT_TEAM_PAGES = {"why-essex"}

# Kinds of page. Decided here, from the path, and nowhere else.
KINDS = ("home", "practice", "index", "team", "career", "legislation", "ledger", "course", "programme", "glossary", "page")

# <!-- esca:NAME … --> markers pages may carry: the whole form of each, and
# what to write instead when a marker is not in that form.
MARKERS = {
    "chart": (charts.MARKER, "write <!-- esca:chart district-rates measure=ID --> on a line of its own"),
    "table": (charts.MARKER, "write <!-- esca:table NAME --> on a line of its own"),
    "courses": (re.compile(r"^<!--\s*esca:courses\s+(mandatory-for|audience|career)=([\w-]+)\s*-->[ \t]*$",
                           re.MULTILINE),
                "write <!-- esca:courses audience=ID --> (or mandatory-for=ID, career=ID) on a line of its own"),
    "roles-index": (governance_pages.ROLES_MARKER, "write <!-- esca:roles-index --> on a line of its own"),
    "worried": (contacts.MARKER, "write <!-- esca:worried -->"),
    "figures": (statistics.MARKER, "write <!-- esca:figures --> on a line of its own"),
    "contacts-table": (contacts.MARKER, "write <!-- esca:contacts-table -->"),
    **{f"cpd-{part}": (cpd_record.MARKER, f"write <!-- esca:cpd-{part} --> on a line of its own")
       for part in cpd_record.MARKER_PARTS},
}
_MARKER = re.compile(r"<!--\s*esca:([\w-]*)[^\n]*")


class SiteError(Problems):
    """The site cannot be built at all (a controlled list is missing or
    broken): its findings, every one (esca.core.findings.Problems)."""


class NoModel(Exception):
    """A hook asked for the site model before hooks/site_model.py made it."""


MODEL_ATTRIBUTE = "esca_site"  # where on MkDocs' config this build's model is kept: read it only through of()


def put(config, model: "Site") -> None:
    """Hand this build's model to the other hooks (hooks/site_model.py does, in on_files)."""
    setattr(config, MODEL_ATTRIBUTE, model)


def of(config) -> "Site":
    """This build's model, which hooks/site_model.py put on MkDocs' config;
    :class:`NoModel` when that hook has not run (it is not listed in
    mkdocs.yml, or a hook asks before on_files)."""
    model = getattr(config, MODEL_ATTRIBUTE, None)
    if not isinstance(model, Site):
        raise NoModel("mkdocs.yml: hooks: the site model is not made yet — list hooks/site_model.py in hooks: it "
                      "makes the model (in on_files, first) that every other hook reads")
    return model


def page_kind(src: str) -> str:
    """The kind of a page from its docs-relative path."""
    parts = src.split("/")
    name = parts[-1]
    if src == "index.md":
        return "home"
    if len(parts) == 2 and parts[0] == "practice-model":
        return "practice"  # the index too: every practice-model page can go on a CPD record
    if name == "index.md":
        return "index"
    if src == governance_pages.LEDGER_PAGE:
        return "ledger"
    if len(parts) == 2 and parts[0] == "legislation":
        return "legislation"
    if len(parts) == 2 and parts[0] == "roles" and name[:-3] not in NOT_TEAM_PAGES:
        return "team"
    if len(parts) == 3 and parts[:2] == ["roles", "careers"]:
        return "career"
    if parts[:2] == ["cpd", "courses"]:
        return "course"
    if parts[:2] == ["cpd", "programmes"]:
        return "programme"
    if src == glossary.GLOSSARY_PAGE or parts[0] == "glossary":
        return "glossary"
    return "page"


@dataclass
class Site:
    """Everything the hooks need to know about this build, read once."""

    root: Path
    today: dt.date
    vocab: Vocabularies
    terms: list[glossary.Term]
    allowed_acronyms: set[str]
    hosts: frozenset[str]
    datasets: dict
    curricula: Curricula
    contacts: list = field(default_factory=list)  # official contact points (data/contacts.yml)
    directory_urls: bool = True  # MkDocs' use_directory_urls: page links in generated pages follow it
    site_url: str = ""  # the published address, for feeds and calendar files
    kinds: dict[str, str] = field(default_factory=dict)  # docs-relative src -> kind (sources and generated)
    texts: dict[str, str] = field(default_factory=dict)  # docs-relative src -> Markdown source
    records: dict[str, PageRecord] = field(default_factory=dict)  # review records (sources and generated)
    generated: dict[str, str | bytes] = field(default_factory=dict)  # docs-relative src -> Markdown or file
    refused: set[str] = field(default_factory=set)  # docs-relative paths that must not be published
    stood_in: set[str] = field(default_factory=set)  # pages published with a stand-in body (esca.site.stand_in)
    # Pages whose front matter cannot be read safely: published, but MkDocs is given them without it.
    unread_front_matter: set[str] = field(default_factory=set)
    published: set[str] = field(default_factory=set)  # docs-relative files the one gate accepted (esca.core.sources)
    meta_ok: set[str] = field(default_factory=set)  # source pages whose front matter passed (the theme may read it)
    cpd_record: cpd_record.Config | None = None  # My CPD record's fields and requirement (data/cpd-record.yml)
    readers: list[whats_changed.Reader] = field(default_factory=list)  # What's changed filters (data/readers.yml)
    snapshot: whats_changed.Snapshot | None = None  # the previous release (releases/previous/)
    search_vocabulary: dict[str, list[str]] = field(default_factory=dict)  # data/search-vocabulary.yml
    statistics: statistics.Ledger | None = None  # the statistics ledger (data/statistics.yml)
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0
    docs_dir: Path | None = None  # the folder the pages were read from
    glossary_ok: bool = True  # False when the glossary itself is broken (then acronyms are not checked)

    def ids(self, kind: str) -> set[str]:
        """The page ids (file stems) of every page of one kind."""
        return {posixpath.basename(src)[:-3] for src, k in self.kinds.items() if k == kind}

    def kind(self, src: str) -> str:
        return self.kinds.get(src) or page_kind(src)

    def register(self, record: PageRecord) -> None:
        """A generated page's review record, straight from its data."""
        self.records[record.src] = record

    @functools.cached_property
    def short_forms(self) -> glossary.ShortForms:
        return glossary.ShortForms(glossary.abbreviations(self.terms))

    @property
    def known_acronyms(self) -> set[str]:
        return {short for term in self.terms for short, _ in term.abbreviations} | self.allowed_acronyms


def source_pages(root: Path, docs_dir: Path | None = None) -> tuple[dict[str, Path], set[str], list[Finding]]:
    """The Markdown pages under docs/ that may be read, the docs-relative paths
    of every file that must not be published, and a finding for each."""
    pages, refused, findings, _ = _discover_docs(root, docs_dir)
    return pages, refused, findings


def _discover_docs(root: Path, docs_dir: Path | None = None):
    docs_dir = docs_dir or root / DOCS
    accepted, findings = discover(docs_dir, root)
    # A page over the size limit stays a page: load reads it through
    # read_text, which reports the size once and gives MkDocs an empty stand-in,
    # so the nav and links to it stay whole (fifth blind attack, B33).
    oversize = [f for f in findings if f.problem.endswith("byte limit") and is_page(Path(f.path).name)]
    findings = [f for f in findings if f not in oversize]
    accepted = accepted + [Path(root, f.path) for f in oversize]
    published = {f.relative_to(docs_dir).as_posix() for f in accepted}
    pages = {f.relative_to(docs_dir).as_posix(): f for f in accepted if is_page(f.name)}
    refused = set()
    for finding in findings:
        path = Path(root, finding.path)
        if path.is_relative_to(docs_dir):
            refused.add(path.relative_to(docs_dir).as_posix())
    return pages, refused, findings, published


def load(root: Path, *, docs_dir: Path | None = None, pages: dict[str, Path] | None = None,
         today: dt.date | None = None, strict_reviews: bool = False, directory_urls: bool = True,
         site_url: str = "", checks: bool = True) -> Site:
    """Build the model of the site.

    ``pages`` maps docs-relative paths to files (the build passes what MkDocs
    found; the default is every Markdown page under docs/). Raises SiteError
    only when a controlled list the build cannot do without is broken.

    With ``checks=False`` the rules that only report (:func:`check_sources`)
    are left out: the build runs them beside itself (esca.checker).
    """
    start = time.perf_counter()
    new_build()  # folders are resolved afresh: one may have become a link since the last build
    root = Path(os.path.abspath(root))
    docs_dir = Path(os.path.abspath(docs_dir or root / DOCS))
    try:
        day = today or clock.today()
    except clock.ClockError as error:
        raise SiteError(str(error)) from None
    found, refused, findings, published = _discover_docs(root, docs_dir)
    findings += check_declared(root)  # data/, releases/, curricula/ hold only the files declared for them
    if pages is None:
        pages = found
    else:
        pages = {src: path for src, path in pages.items() if src not in refused}

    vocab, problems = governance.load_vocabularies(root / "data", root)
    terms, glossary_findings = glossary.load_glossary(root / GLOSSARY_FILE, root)
    allowed, allowed_findings = glossary.load_allowed(root / ALLOWED_FILE, root)
    hosts, host_findings = load_hosts(root / HOSTS_FILE, root)
    problems += host_findings
    ledger, ledger_findings = statistics.load(root, today=day, pages=pages)
    datasets, data_findings = charts.load_datasets(root, ledger)
    findings += ledger_findings
    found_contacts, contact_findings = contacts.load(root, today=day)
    findings += glossary_findings + allowed_findings + data_findings + contact_findings
    cpd_config, cpd_findings = cpd_record.load_config(root)
    readers, reader_findings = whats_changed.load_readers(root)
    snapshot, snapshot_findings = whats_changed.load_snapshot(root, today=day)
    findings += cpd_findings + reader_findings + snapshot_findings
    vocabulary, _, vocabulary_findings = searchvocab.load(root)
    findings += vocabulary_findings
    if problems:  # every data file is read first: one build reports every broken one (fourth blind attack, B74)
        raise SiteError([*problems, *findings])

    site = Site(root=root, today=day, vocab=vocab, terms=terms, allowed_acronyms=allowed, hosts=hosts,
                datasets=datasets, curricula=Curricula(), contacts=found_contacts, refused=refused,
                directory_urls=directory_urls, site_url=site_url, cpd_record=cpd_config, readers=readers,
                published=published,
                snapshot=snapshot, search_vocabulary=vocabulary, statistics=ledger)
    site.glossary_ok = bool(terms) or not glossary_findings  # a broken glossary is one finding, not one per page
    for src in sorted(pages):
        rel = _rel(site, docs_dir, src)
        read = read_text(pages[src], root, max_bytes=MAX_PAGE_BYTES)
        if read.finding:
            # Too large or not UTF-8 text: never read, but kept in the nav with
            # an empty stand-in, so its finding is its only line (fifth blind
            # attack, B33: a missing nav entry and a broken link followed it).
            findings.append(read.finding)
            site.kinds[src] = page_kind(src)
            site.texts[src] = ""
            site.stood_in.add(src)
            continue
        text = read.text
        body = text[markdown.FRONT_MATTER.match(text).end():] if markdown.FRONT_MATTER.match(text) else text
        before = text.count("\n") - body.count("\n")
        crowded = too_many_tags(text, rel) or too_many_links(body, rel, before) or too_long_block(body, rel, before)
        if crowded:  # MkDocs' Markdown reader would take time that grows with the square of the tags or links
            findings.append(crowded)
            # Published with a stand-in body (its title only) that MkDocs reads
            # instead, so the nav and links to it stay whole and the limit's line
            # is the page's only one (third blind attack, B66, N30).
            site.kinds[src] = page_kind(src)
            site.texts[src] = stand_in(text)
            site.stood_in.add(src)
            continue
        site.kinds[src] = page_kind(src)
        site.texts[src] = text
        record, problems = governance.check_page(src, rel, text, vocab, today=day, kind=site.kinds[src])
        site.records[src] = record
        findings += problems
        if not problems:
            site.meta_ok.add(src)
        if any(p.field == "yaml" for p in problems):
            # Front matter that cannot be read safely (an alias, a tag, deep
            # nesting…) is never handed to MkDocs' own reader: hooks/site_model.py
            # gives MkDocs the page without it. The page is still published,
            # so the nav and links to it stay whole and its one finding is
            # the only line (issue 24, cases 12 and 52b).
            site.unread_front_matter.add(src)
    findings += whats_changed.check_review_dates(site.records, site.texts, lambda src: _rel(site, docs_dir, src))

    try:
        site.curricula, curricula_findings = _curricula(site)
    except SiteError as error:  # a broken vocabulary: reported with every finding so far
        raise SiteError([*findings, *error.findings]) from None
    findings += curricula_findings
    if strict_reviews:
        findings += [Finding(c.source, c.line("review_due"), "review_due", "review is overdue",
                             "review the course, then update last_reviewed and review_due", c.review_due.isoformat())
                     for c in sorted(site.curricula.courses.values(), key=lambda c: c.id) if c.review_due < day]
    site.generated = generate(site)
    for src in sorted(src for src in site.generated if not publishable(src)):
        # Names come from checked ids (ASCII slugs), so this never fires while
        # they do: a name outside the alphabet is refused, whatever made it.
        findings.append(Finding(_rel(site, docs_dir, src), None, "file", "the portal would publish a name holding "
                                "characters other than letters, digits, '.', '-' and '_'",
                                "give the course or programme an id of lower-case letters, digits and '-'"))
        del site.generated[src]
    for src in sorted(set(site.generated) & (set(pages) | site.published)):
        # A file in docs/ where the portal builds a page or file from data:
        # the built one is published, and the file is reported.
        findings.append(Finding(_rel(site, docs_dir, src), None, "file", "is where the portal builds a page from data",
                            "move it, or rename it: the portal's own page would replace it"))
        site.refused.add(src)
        site.published.discard(src)
        for store in (site.texts, site.kinds, site.records):
            store.pop(src, None)
    for src in site.generated:
        if src.endswith(".md"):
            site.kinds.setdefault(src, page_kind(src))
    site.docs_dir = docs_dir
    if checks:
        findings += check_sources(site)
    site.findings = findings
    site.seconds = time.perf_counter() - start
    return site


def schema_vocabularies(root: Path) -> dict[str, list[str]]:
    """The allowed values the course and programme JSON Schemas list
    (esca.curricula.schema): each course vocabulary and the owners, read by
    the loaders the build uses."""
    vocab, _ = read_vocabularies(root / "curricula", root)
    out = {name: list(values) for name, values in vocab.items()}
    out["owners"] = list(governance.load_vocabularies(root / "data", root)[0].owners)
    return out


def check_sources(site: Site) -> list[Finding]:
    """The source rules that only report and change nothing the build makes:
    scripts and styles reviewed, the writing rules and acronyms on every page,
    every marker known and naming data that exists, every glossary link to a
    page that exists."""
    findings = check_assets(site.root, site.docs_dir)
    known = site.known_acronyms
    for src, text in site.texts.items():
        if src in site.stood_in:
            continue  # a stand-in, not the page: its one finding is already said
        rel = _rel(site, site.docs_dir, src)
        findings += rules.check_page(rel, text)
        if site.glossary_ok:
            findings += glossary.lint_acronyms(rel, text, known)
        findings += check_markers(rel, text, site)
    findings += glossary.check_pages(site.terms, set(site.kinds), GLOSSARY_FILE)
    return findings


def check_assets(root: Path, docs_dir: Path) -> list[Finding]:
    """Scripts and styles under docs/ are on the reviewed list with their
    SHA-256; HTML, SVG and XML files hold no active markup
    (esca.checks.active_content). Only regular files inside the repository are read."""
    reviewed, findings = active_content.load_reviewed(root / active_content.REVIEWED_FILE, root)
    if findings:
        raise SiteError(findings)
    accepted, _ = discover(docs_dir, root)
    for file in accepted:
        if file.suffix.lower() in active_content.FILE_EXTENSIONS:
            read = read_bytes(file, root, max_bytes=MAX_ASSET_BYTES)
            if read.finding is None:
                findings += active_content.check_file(rel_path(file, root), read.data, reviewed)
    # The theme's own folder: every file is published or makes every page. Its
    # files are held to docs/'s rules (the type allow-list, a plain file what
    # its name says, a document reviewed by hash: fifth blind attack, A08), and
    # its templates are reviewed by hash too.
    theme_dir = root / active_content.THEME_DIR
    if theme_dir.is_dir():
        theme_files, refused = discover(theme_dir, root, types=THEME_TYPES)
        findings += refused
        for file in theme_files:
            read = read_bytes(file, root, max_bytes=MAX_ASSET_BYTES)
            if read.finding is None:
                findings += active_content.check_file(rel_path(file, root), read.data, reviewed, theme=True)
    return findings


def check_markers(rel: str, text: str, site: "Site") -> list[Finding]:
    """Every <!-- esca:… --> marker is one the build knows, written in full,
    naming data that exists. A marker the build does not recognise would
    otherwise be left out of the page without a word."""
    findings: list[Finding] = []
    if "esca:" not in text:
        return findings
    body = rules.prose_keep_comments(text)
    for match in _MARKER.finditer(body):
        name, line = match.group(1), body.count("\n", 0, match.start()) + 1
        if name not in MARKERS:
            findings.append(Finding(rel, line, f"esca:{name}", "unknown marker",
                                    fix_or_choices(name, MARKERS, "markers"), match.group(0)))
            continue
        pattern, how = MARKERS[name]
        whole = pattern.match(body, body.rfind("\n", 0, match.start()) + 1)
        if not whole:
            findings.append(Finding(rel, line, f"esca:{name}", "marker not in the expected form", how, match.group(0)))
            continue
        problem = _marker_data(name, whole.groups(), site)
        if problem:
            findings.append(Finding(rel, line, f"esca:{name}", problem[0], problem[1], match.group(0)))
    return findings


def _marker_data(name: str, groups: tuple, site: "Site") -> tuple[str, str] | None:
    """What is wrong with the data a well-formed marker names, if anything."""
    if name in ("chart", "table"):
        kind, dataset, measure = groups
        source = charts.DERIVED.get(dataset, dataset)
        if source in charts.DATASETS and source not in site.datasets:
            return None  # the data file itself has a finding; one is enough
        if charts.render(kind, dataset, measure, site.datasets, site.statistics) is None:
            names = ", ".join([*charts.DATASETS, *charts.DERIVED])
            return "unknown chart or measure", f"use one of {names} (and a measure it has)"
    if name == "courses":
        key, value = groups
        choices = site.ids("career") if key == "career" else site.curricula.vocab.get("audiences", {})
        if value not in choices:
            return f"no such {'career page' if key == 'career' else 'audience'}", fix_or_choices(value, choices, "ids")
    return None


def _curricula(site: Site) -> tuple[Curricula, list[Finding]]:
    pages = {"role": site.ids("team"), "career": site.ids("career"), "legislation": site.ids("legislation")}
    try:
        cur, findings = load_curricula(site.root, pages, today=site.today, owners=site.vocab.owners, hosts=site.hosts)
    except CurriculaError as error:
        raise SiteError(error.findings or str(error)) from None
    cur = calendars.upcoming_only(cur, site.today)  # past sessions drop off every published list
    cur.titles = {src[:-3]: markdown.page_title(site.texts[src]) or src for src in site.texts
                  if site.kinds[src] in ("team", "career", "legislation")}
    return cur, findings


# The most HTML tags and comments a page may hold. Python-Markdown reads raw
# HTML in time that grows with the square of its tags (60,000 '<a ' held a
# build for minutes: issue 24, second attack, B48, B66, B76); the fullest
# real page has about 130, so this is far above any page, and low enough
# that the reader's work stays small. Counted: each '<' that can start
# markup for its HTML reader (a letter, '/', '!' or '?' after it: a tag, an
# end tag, a comment or declaration, an instruction), not a '<' in 'a < b'
# (fourth blind attack, A27).
MAX_TAGS = 2_000
_MARKUP_START = re.compile(r"<[A-Za-z/!?]")


# The most '[' a page may hold: Python-Markdown looks for each link's closing
# bracket from every '[', in time that grows with the square of them in one
# paragraph (fifth blind attack, B67, B68: 11,000 links, or 20,000 '[a](',
# held a build past a minute; 500 take under a second). The fullest real
# page has 52.
MAX_BRACKETS = 500


def too_many_links(text: str, rel: str, line_offset: int = 0) -> Finding | None:
    """A finding when a page's body holds more than MAX_BRACKETS '[' (links,
    references, footnotes), at the line of the first one past the limit
    (``line_offset``: the lines of front matter before the body)."""
    if text.count("[") <= MAX_BRACKETS:
        return None
    at = -1
    for _ in range(MAX_BRACKETS + 1):
        at = text.index("[", at + 1)
    return Finding(rel, text.count("\n", 0, at) + 1 + line_offset, "page", f"holds more than {MAX_BRACKETS:,} links or '['",
                   "split it into shorter pages: the site's reader slows down with each link in a paragraph")


# The longest block (text between blank lines) a page may hold. Python-
# Markdown's inline reader takes time that grows with the square of a
# block's marks (code spans, emphasis, escapes, references: sixth blind
# attack, L11, L14, L15, L16: one 450 KB paragraph took 20 to 70 s); at this
# length the worst took under 0.1 s. The longest real block is about 3,000.
MAX_BLOCK = 20_000
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def too_long_block(text: str, rel: str, line_offset: int = 0) -> Finding | None:
    """A finding when a block of the page's body is longer than MAX_BLOCK
    characters, at the block's first line."""
    if len(text) <= MAX_BLOCK:
        return None
    start = 0
    for gap in itertools.chain(_BLANK_LINE.finditer(text), [None]):
        end = gap.start() if gap else len(text)
        if end - start > MAX_BLOCK:
            return Finding(rel, text.count("\n", 0, start) + 1 + line_offset, "page",
                           f"has a paragraph or block of {end - start:,} characters, over the limit of {MAX_BLOCK:,}",
                           "split it with blank lines: the site's reader slows down with very long paragraphs")
        start = gap.end() if gap else end
    return None


def too_many_tags(text: str, rel: str) -> Finding | None:
    """A finding when a page holds more than MAX_TAGS starts of markup, at the
    line of the first one past the limit."""
    if text.count("<") <= MAX_TAGS:
        return None  # cheap: fewer '<' of any kind than the limit
    past = next(itertools.islice(_MARKUP_START.finditer(text), MAX_TAGS, None), None)
    if past is None:
        return None
    return Finding(rel, text.count("\n", 0, past.start()) + 1, "page",
                   f"holds more than {MAX_TAGS:,} HTML tags or comments",
                   "split it into shorter pages, or write more of it in Markdown than in HTML: the site's reader "
                   "slows down with each tag")


def stand_in(text: str) -> str:
    """What MkDocs reads for a page refused by the tag limit: its first
    top-level heading, if it has one before its first '<'."""
    head = text[:text.find("<")]
    return next((line + "\n" for line in head.splitlines() if line.startswith("# ") and len(line) < 300), "")


def _rel(site: Site, docs_dir: Path, src: str) -> str:
    """The repository-relative path of a page, as findings name it."""
    return f"{os.path.relpath(docs_dir, site.root)}/{src}".replace(os.sep, "/").removeprefix("./")


# The course feeds: every course, for other systems (JSON, CSV) and calendars (iCalendar).
FEEDS = {"courses.json": feeds.courses_json, "courses.csv": feeds.courses_csv, "sessions.ics": feeds.sessions_ics}


def generate(site: Site) -> dict[str, str | bytes]:
    """Every page built from data, as Markdown, registering the review record
    of each page whose data carries review dates."""
    cur, day = site.curricula, site.today
    out: dict[str, str] = {}
    for course in cur.courses.values():
        src = f"cpd/courses/{course.id}.md"
        out[src] = render.course_page(course, cur, day, my_cpd=cpd_record.MY_CPD_PAGE in site.texts,
                                     directory_urls=site.directory_urls, builder=builder.PAGE in site.texts)
        site.register(PageRecord(src, course.title, owner=course.owner, last_reviewed=course.last_reviewed,
                                 review_due=course.review_due, questions=course.questions))
    for programme in cur.programmes.values():
        src = f"cpd/programmes/{programme.id}.md"
        out[src] = render.programme_page(programme, cur)
        site.register(PageRecord(src, programme.title, owner=programme.owner,
                                 last_reviewed=programme.last_reviewed, review_due=programme.review_due,
                                 questions=programme.questions))
    out.update({
        "cpd/catalogue.md": render.catalogue(cur, day, site.directory_urls),
        "cpd/programmes/index.md": render.programmes_index(cur, day),
        "cpd/dashboard.md": render.dashboard(cur, day),
        "cpd/whats-new.md": render.whats_new(cur, day),
        "cpd/field-reference.md": render.field_reference(
            day, cur, {"role": site.ids("team"), "career": site.ids("career"), "legislation": site.ids("legislation")}),
    })
    out.update(calendars.course_calendars(cur, site.site_url))
    out.update({f"cpd/{name}": make(cur, site.site_url) for name, make in FEEDS.items()})
    pages = {"role": site.ids("team"), "career": site.ids("career"), "legislation": site.ids("legislation")}
    out[COURSE_MODEL] = builder.model_json(cur.vocab, pages, cur.courses, site.hosts, day, titles=cur.titles,
                                          texts=cur.texts)
    out.update(glossary.glossary_pages(site.terms))
    records = {src: r for src, r in site.records.items() if src in site.texts}
    out[governance_pages.LEDGER_PAGE] = governance_pages.ledger_page(records, site.vocab)
    out[governance_pages.REVIEW_PAGE] = governance_pages.review_page(site.records, site.vocab, today=day,
                                                                     figures=site.statistics)
    out[gaps.GAPS_PAGE] = gaps.gaps_page([*records.values(), *statistics.gap_rows(site.statistics, records)],
                                         site.vocab.owners)
    out[governance_pages.OWNERS_INDEX] = governance_pages.owners_index()
    out[cpd_record.PROMPTS_FILE] = cpd_record.prompts_json(cur.courses)
    out.update(whats_changed.generate(records, cur, site.vocab.statuses, site.readers, site.snapshot, site.site_url,
                                     site.directory_urls, courses_json=out["cpd/courses.json"]))
    return out
