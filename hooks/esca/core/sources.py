"""Which files the portal may read: regular files inside the repository, of a
sane size, in UTF-8.

Contributions are untrusted. A symlink committed in ``docs/`` could point at
``/proc/self/environ`` or a CI token; a course file could be a link to
``/dev/zero``. Every reader of repository files goes through
:func:`read_text` (the YAML reader too), and the site model publishes only
files that :func:`discover` accepts. No MkDocs imports.
"""

from __future__ import annotations

import functools
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from esca.core.findings import CONTROL, Finding

# Documented in CONTRIBUTING.md ("Limits"). Far above any real file.
MAX_PAGE_BYTES = 512 * 1024      # a Markdown page
MAX_DATA_BYTES = 1024 * 1024     # a YAML data or course file
MAX_ASSET_BYTES = 10 * 1024 * 1024  # an image, PDF or other file in docs/
# A file or folder name that may be published: it is written into addresses,
# menus, logs and file lists, so letters, digits, '.', '-' and '_' only, not
# starting with '-' (read as an option) or '.' (hidden).
NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]{0,99}")
# The file types docs/ may publish: one allow-list (issue 24, cases 25, 26).
# A browser opens a file by the type its server gives for the name's ending,
# so an ending not here (.svgz, .atom, .rdf, .mml, .xsl…) is not published.
# Plain files: no browser runs anything in them, and each is published only
# if its bytes are what its name says (fourth blind attack, A14, A15, A17: a
# PDF named guide, guide.txt or guide.png), so a plain type is added here
# with the rule for its bytes or not at all.
PAGE_TYPE = ".md"  # a page: read and checked as Markdown (esca.site); MkDocs reads only this exact ending
# An image's type: what it is called, and whether a file's first bytes (_HEAD of them) are one.
IMAGE_TYPES = {
    ".png": ("a PNG image", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    ".jpg": ("a JPEG image", lambda head: head.startswith(b"\xff\xd8\xff")),
    ".jpeg": ("a JPEG image", lambda head: head.startswith(b"\xff\xd8\xff")),
    ".gif": ("a GIF image", lambda head: head[:6] in (b"GIF87a", b"GIF89a")),
    ".webp": ("a WebP image", lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP"),
    ".avif": ("an AVIF image", lambda head: _avif(head)),
    ".ico": ("an ICO icon", lambda head: head[:4] == b"\x00\x00\x01\x00"),
}
_HEAD = 64  # bytes read from an image: every signature above lies within them
# Text: UTF-8 without control characters but tab, line feed and carriage return.
TEXT_TYPES = frozenset({".txt", ""})  # "": a name without a dot (LICENSE)
PLAIN_TYPES = frozenset({PAGE_TYPE}) | TEXT_TYPES | frozenset(IMAGE_TYPES)
# Documents whose viewer may act on what they hold: a PDF's JavaScript,
# OpenAction and Launch actions, an OpenDocument file's macros, an Office
# file's links and fields (third blind attack, N16). Reviewed by hash, as
# scripts are: no check here reads inside them.
DOCUMENT_TYPES = frozenset({".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods"})
# Run as the site's own code, or acted on by a viewer: published only when
# reviewed by hash (esca.checks.active_content.check_file, data/reviewed-assets.yml).
REVIEWED_TYPES = frozenset({".js", ".mjs", ".cjs", ".css", ".wasm", ".xsl", ".xslt", ".htc", ".swf", ".vbs",
                            ".csv"}) | DOCUMENT_TYPES  # a spreadsheet runs a CSV's formula cells (the site's own CSV is generated)
# Markup a browser renders when the file is opened: reviewed by hash and read
# like a page (esca.checks.active_content.check_file).
MARKUP_TYPES = frozenset({".html", ".htm", ".xhtml", ".shtml", ".svg", ".xml", ".xht"})
DOCS_TYPES = PLAIN_TYPES | REVIEWED_TYPES | MARKUP_TYPES
# Templates in the theme's folder (overrides/): every page is made from them,
# so they are reviewed by hash like scripts (esca.checks.active_content).
TEMPLATE_TYPES = frozenset({".html", ".htm", ".xml", ".j2", ".jinja", ".txt"})
# What the theme's folder may hold: its templates, and the files docs/ may
# publish under docs/'s rules, since MkDocs publishes every other file there
# as a theme asset (fifth blind attack, A08: a PDF saved as
# overrides/assets/leaflet.png).
THEME_TYPES = DOCS_TYPES | TEMPLATE_TYPES


def file_type(name: str) -> str:
    """A file name's type as servers read it: the lower-cased ending from
    its last dot ('x.SVG' is '.svg', 'x.svg.' is '.'), '' without a dot."""
    return "." + name.rsplit(".", 1)[1].lower() if "." in name else ""


def is_page(name: str) -> bool:
    """Whether a file name is a page: read as MkDocs reads it (its exact
    ending, 'x.MD' is not one). A name whose type is a page's but that is
    not one is refused by :func:`discover`, so the two never differ."""
    return name.endswith(PAGE_TYPE)


def publishable(path: str) -> bool:
    """Whether a docs-relative path may be published: every folder and file
    name in it from :data:`NAME`'s alphabet. Files from docs/ pass
    :func:`discover`; files the portal writes from data (course pages,
    calendars, feeds) pass here, at the one place they are added."""
    return bool(path) and all(NAME.fullmatch(part) for part in path.split("/"))


@dataclass(frozen=True)
class Read:
    """A file's text (or bytes), or the one finding that says why it was not read."""

    text: str | None
    finding: Finding | None = None
    data: bytes | None = None


def rel_path(file: Path, root: Path) -> str:
    """The repository-relative path of ``file`` for findings (no symlinks resolved)."""
    absolute = Path(os.path.abspath(file))
    base = Path(os.path.abspath(root))
    return absolute.relative_to(base).as_posix() if absolute.is_relative_to(base) else str(file)


def refuse(file: Path, root: Path, *, max_bytes: int) -> Finding | None:
    """Why ``file`` must not be read or published, or None if it may be.

    Refused: anything that is not a regular file (symlinks, devices, pipes,
    folders), anything whose real path is outside the repository, anything
    over ``max_bytes``, and a path under a symlinked folder.
    """
    rel = rel_path(file, root)
    try:
        info = os.lstat(file)
    except FileNotFoundError:
        return Finding(rel, None, "file", "is missing", "restore it from version control, or remove what refers to it")
    except OSError as error:
        return Finding(rel, None, "file", f"cannot be read ({error.strerror})", "check the file's permissions")
    if stat.S_ISLNK(info.st_mode):
        return Finding(rel, None, "file", "is a symbolic link",
                       "commit the file itself: links can point outside the repository")
    if not stat.S_ISREG(info.st_mode):
        return Finding(rel, None, "file", "is not a regular file", "remove it: only ordinary files are published")
    # The file itself is not a link (above), so its real path is its
    # folder's real path and its name; folders are resolved once each.
    folder, name = os.path.split(os.path.abspath(file))
    real, base = os.path.join(_real_folder(folder), name), _real_folder(os.path.abspath(root))
    if not real.startswith(base.rstrip(os.sep) + os.sep):
        return Finding(rel, None, "file", "is outside the repository (a folder on its path is a symbolic link)",
                       "commit the folder itself, not a link to it")
    if info.st_size > max_bytes:
        return Finding(rel, None, "file", f"is {info.st_size:,} bytes, over the {max_bytes:,} byte limit",
                       "split it, or remove what does not belong in it")
    return None


@functools.lru_cache(maxsize=4096)
def _real_folder(folder: str) -> str:
    """A folder's real path (symbolic links resolved), worked out once per
    folder per process: a build reads many files from each folder."""
    return os.path.realpath(folder)


def inside(path: str, root: Path) -> bool:
    """Whether the regular file ``path`` is not a link and its real path is
    inside the repository (folders resolved once per build)."""
    if not os.path.isfile(path) or os.path.islink(path):
        return False
    folder, name = os.path.split(os.path.abspath(path))
    base = _real_folder(os.path.abspath(root))
    return os.path.join(_real_folder(folder), name).startswith(base.rstrip(os.sep) + os.sep)


def new_build() -> None:
    """Forget every folder's real path (``mkdocs serve`` builds again in the
    same process, and a folder may have been replaced by a link)."""
    _real_folder.cache_clear()


def read_bytes(file: Path, root: Path, *, max_bytes: int) -> Read:
    """The bytes of a regular file inside the repository (``Read.data``), or a finding."""
    problem = refuse(file, root, max_bytes=max_bytes)
    if problem:
        return Read(None, problem)
    with open(file, "rb") as handle:
        raw = handle.read(max_bytes + 1)  # never more, even if the file grew
    if len(raw) > max_bytes:
        return Read(None, Finding(rel_path(file, root), None, "file", f"is over the {max_bytes:,} byte limit",
                                  "split it, or remove what does not belong in it"))
    return Read(None, data=raw)


def read_text(file: Path, root: Path, *, max_bytes: int) -> Read:
    """The UTF-8 text of a regular file inside the repository, or a finding."""
    read = read_bytes(file, root, max_bytes=max_bytes)
    if read.finding:
        return read
    raw = read.data
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return Read(None, Finding(rel_path(file, root), line, "encoding", "not UTF-8 text", "save the file as UTF-8"))
    return Read(text.removeprefix("\ufeff"))


def discover(folder: Path, root: Path, *, types: frozenset[str] | None = DOCS_TYPES
             ) -> tuple[list[Path], list[Finding]]:
    """Every file under ``folder`` that may be published, and a finding for
    each one that may not (symbolic links, devices, oversized files, and a
    type not in ``types``, by default the allow-list of docs/ (the theme's
    folder: :data:`THEME_TYPES`), and a plain file that is not what its name
    says: :func:`plain_problem`). ``types=None`` accepts any type, unread.

    Symlinked folders are not followed: their contents are never seen, and
    the link itself is a finding.
    """
    accepted: list[Path] = []
    findings: list[Finding] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        here = Path(dirpath)
        for name in sorted(dirnames):
            if os.path.islink(here / name):
                findings.append(refuse(here / name, root, max_bytes=0))
            elif not name.startswith(".") and not NAME.fullmatch(name):
                findings.append(_bad_name(here / name, root))
        dirnames[:] = sorted(d for d in dirnames if not os.path.islink(here / d) and not d.startswith(".")
                             and NAME.fullmatch(d))
        for name in sorted(n for n in filenames if not n.startswith(".")):
            file = here / name
            limit = MAX_PAGE_BYTES if is_page(name) else MAX_ASSET_BYTES
            problem = refuse(file, root, max_bytes=limit) or (None if NAME.fullmatch(name) else _bad_name(file, root))
            if problem is None and types is not None:
                problem = _bad_type(file, root) if file_type(name) not in types else plain_problem(file, root)
            if problem:
                findings.append(problem)
            else:
                accepted.append(file)
    return accepted, findings


def plain_problem(file: Path, root: Path) -> Finding | None:
    """Why a file of a plain type (:data:`PLAIN_TYPES`) is not what its name
    says, or None: a page's name is one MkDocs reads as a page, an image's
    first bytes are that image's, a text file is UTF-8 text without control
    characters and without a document's header. Other types pass (they are
    reviewed or checked elsewhere)."""
    name, kind = file.name, file_type(file.name)
    if kind == PAGE_TYPE and not is_page(name):
        # MkDocs would copy it as it is, with no page check (fourth blind attack, B79).
        return Finding(rel_path(file, root), None, "file", f"ends in '{name[-3:]}', which MkDocs does not read as a "
                       "page: it would be published as it is, unchecked",
                       f"rename it to {name[:-3]}{PAGE_TYPE}")
    if kind in IMAGE_TYPES:
        label, matches = IMAGE_TYPES[kind]
        with open(file, "rb") as handle:
            head = handle.read(_HEAD)
        if matches(head):
            return None
        return Finding(rel_path(file, root), None, "file", f"is named {kind} but its bytes are not {label}",
                       f"save it as {label}, or name it for what it is (a PDF or other document is "
                       "published only when reviewed by hash)")
    if kind in TEXT_TYPES:
        with open(file, "rb") as handle:
            raw = handle.read(MAX_ASSET_BYTES + 1)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            return Finding(rel_path(file, root), raw[: error.start].count(b"\n") + 1, "file", "is not UTF-8 text",
                           _NOT_TEXT_FIX)
        control = _TEXT_CONTROL.search(text)
        if control:
            return Finding(rel_path(file, root), text.count("\n", 0, control.start()) + 1, "file",
                           "is not plain text: it holds a control character", _NOT_TEXT_FIX, control.group(0))
        document = _DOCUMENT_HEADER.search(raw[:1024])
        if document:
            return Finding(rel_path(file, root), raw.count(b"\n", 0, document.start()) + 1, "file",
                           "holds a document's header, which a viewer opens whatever the name",
                           "name it for what it is (a PDF is published only when reviewed by hash: "
                           "data/reviewed-assets.yml), or remove it", document.group(0).decode("ascii"))
    return None


# A control character a text file may not hold: those no field may hold
# (esca.core.findings.CONTROL), a carriage return aside (Windows line ends).
_TEXT_CONTROL = re.compile(f"(?!\r)[{CONTROL}]")
# Text a viewer reads as a document however it is named: a PDF reader looks
# for its header in the first 1,024 bytes (an all-ASCII PDF is UTF-8 text).
_DOCUMENT_HEADER = re.compile(rb"%PDF-|\A\{\\rtf")
_NOT_TEXT_FIX = ("save it as UTF-8 text, or name it for what it is (a PDF or other document is published only when "
                 "reviewed by hash)")


def _avif(head: bytes) -> bool:
    """An AVIF image: an ISO media file ('ftyp' box first) whose major or
    compatible brands (within the first bytes) include avif or avis."""
    if head[4:8] != b"ftyp":
        return False
    end = min(int.from_bytes(head[:4], "big"), len(head))
    brands = {head[8:12], *(head[at:at + 4] for at in range(16, end - 3, 4))}
    return bool(brands & {b"avif", b"avis"})


def _bad_name(file: Path, root: Path) -> Finding:
    return Finding(rel_path(file, root), None, "file", "the name holds characters other than letters, digits, '.', "
                   "'-' and '_' (or is over 100 characters)",
                   "rename it: names are written into addresses, menus and logs")


def _bad_type(file: Path, root: Path) -> Finding:
    shown = ", ".join(sorted(t for t in PLAIN_TYPES if t))
    return Finding(rel_path(file, root), None, "file", f"type {file_type(file.name)} is not published",
                   f"a browser may run what such a file holds: use one of {shown} (scripts, styles, SVG and HTML "
                   "only when reviewed or checked), or ask a maintainer to add the type to esca.core.sources")


# The folders of sources that hold only named files, declared once here (fifth
# blind attack, A34, B15, B17). A file no reader opens is never checked: one
# dropped in (a link to /etc/hosts, a page of script beside the release
# snapshot) would sit in the repository as if it mattered, and whatever later
# read the folder would meet it unchecked. esca.site.load reports every other
# name, every link or other file that is not a regular one, and every
# subfolder not declared. Names starting with '.' are left alone (an editor's
# swap file), as :func:`discover` leaves them.
DATA_FILES = frozenset({  # data/: each is read by the build through this gate (its reader reports a link)
    "acronyms-allowed.yml",   # esca.pages.glossary: short forms allowed without a glossary entry
    "age-groups.yml",         # esca.pages.governance: page front matter's age groups
    "allowed-hosts.yml",      # esca.checks.links: hosts a link may go to
    "budget-by-quadrant.yml",  # esca.pages.charts: a chart's data
    "contacts.yml",           # esca.pages.contacts: official contact points
    "cpd-record.yml",         # esca.cpd.record: My CPD record's fields
    "district-rates.yml",     # esca.pages.charts: a chart's data
    "glossary.yml",           # esca.pages.glossary
    "kinds-of-work.yml",      # esca.pages.governance: page front matter's kinds of work
    "legislation-status.yml",  # esca.pages.governance: legislation pages' statuses
    "owners.yml",             # esca.pages.governance: page and course owners
    "readers.yml",            # esca.pages.whats_changed: What's changed filters
    "reviewed-assets.yml",    # esca.checks.active_content: scripts, styles and templates reviewed by hash
    "search-vocabulary.yml",  # esca.search.vocab: words readers search with
    "statistics.yml",         # esca.pages.statistics: the statistics ledger
})
# data/: the search evaluation sets the tests and bench/ read, not the build
# (tests/search_sets.py, bench/relevance_bench.py): checked here.
SEARCH_SETS = re.compile(r"search-eval(-[a-z]+)?\.yml|search-judgements\.yml")
SNAPSHOT_FILES = frozenset({"courses.json", "ledger.json", "cpd-record.yml", "release.yml"})  # make release-snapshot
CURRICULA_VOCABULARIES = ("audiences", "delivery-modes", "pcf-domains", "pcf-levels", "kss", "practice-model",
                          "providers", "certificates")  # curricula/vocabularies/NAME.yml (esca.curricula.loader)
CURRICULA_SCHEMAS = frozenset({"course.schema.json", "programme.schema.json"})  # python -m esca schema writes them


@dataclass(frozen=True)
class Folder:
    """A folder that holds only the names declared for it.

    ``read``: names the build reads through this gate (their reader reports a
    link or a file too large); ``kept``, ``kept_names``: names that belong
    but that the build does not read (read by tests, bench/ or people),
    checked here as their reader would be; ``folders``: subfolders that
    belong (each checked by its own declaration or its loader)."""

    path: str
    what: str  # "a data file the portal reads": the finding says a file is not one
    fix: str  # how to fix a file that is not one
    read: frozenset[str] = frozenset()
    kept: frozenset[str] = frozenset()
    kept_names: re.Pattern | None = None
    folders: frozenset[str] = frozenset()

    def declares(self, name: str) -> bool:
        return name in self.read or name in self.kept or bool(self.kept_names and self.kept_names.fullmatch(name))


DECLARED_FOLDERS = (
    Folder("data", "a data file the portal reads",
           "remove it, or declare it in DATA_FILES in hooks/esca/core/sources.py with the code that reads it",
           read=DATA_FILES, kept_names=SEARCH_SETS),
    Folder("releases", "part of the previous release", "remove it: make release-snapshot writes releases/previous/",
           folders=frozenset({"previous"})),
    Folder("releases/previous", "a file make release-snapshot writes",
           "remove it: the folder holds only " + ", ".join(sorted(SNAPSHOT_FILES)) + " (run make release-snapshot "
           "after a release)", read=SNAPSHOT_FILES),
    Folder("curricula", "part of the curricula",
           "remove it: courses go in curricula/courses/, programmes in curricula/programmes/",
           kept=frozenset({"README.md"}), folders=frozenset({"courses", "programmes", "vocabularies", "schema"})),
    Folder("curricula/vocabularies", "a vocabulary the portal reads",
           "remove it, or add it to CURRICULA_VOCABULARIES in hooks/esca/core/sources.py with the code that reads it",
           read=frozenset(f"{name}.yml" for name in CURRICULA_VOCABULARIES)),
    Folder("curricula/schema", "a schema python -m esca schema writes",
           "remove it: the folder holds only " + ", ".join(sorted(CURRICULA_SCHEMAS)), kept=CURRICULA_SCHEMAS),
)


def check_declared(root: Path, folders: tuple[Folder, ...] = DECLARED_FOLDERS) -> list[Finding]:
    """A finding for every entry of a declared folder that is not declared
    there (a file, a link, a subfolder, a device…), and for a declared name
    the build does not read that is not a regular file inside the
    repository. A folder that does not exist has nothing to report."""
    findings: list[Finding] = []
    for folder in folders:
        base = root / folder.path
        try:
            names = sorted(os.listdir(base)) if os.path.isdir(base) and not os.path.islink(base) else []
        except OSError:
            names = []
        for name in names:
            if name.startswith("."):
                continue
            path = base / name
            if name in folder.folders:
                if os.path.islink(path) or not os.path.isdir(path):
                    findings.append(Finding(rel_path(path, root), None, "file",
                                            "is a symbolic link" if os.path.islink(path) else "is not a folder",
                                            f"commit the folder {folder.path}/{name}/ itself, from version control"))
                continue
            if not folder.declares(name):
                kind = ("a symbolic link" if os.path.islink(path) else "a folder" if os.path.isdir(path)
                        else "" if os.path.isfile(path) else "not a regular file")
                findings.append(Finding(rel_path(path, root), None, "file",
                                        f"is not {folder.what}" + (f" ({kind})" if kind else ""), folder.fix))
            elif name not in folder.read:
                problem = refuse(path, root, max_bytes=MAX_DATA_BYTES)
                if problem:
                    findings.append(problem)
    return findings
