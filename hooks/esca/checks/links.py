"""Link rules for the built site: every link, image and anchor on every page.

Pure functions over rendered HTML, so links from raw HTML, templates,
overrides and generated pages are all seen. No MkDocs imports: the checks
beside the build (esca.checker, handed each page's final HTML by
``hooks/links.py``) read each page with :func:`scan_html` and check them all
at the end with :func:`check_site`.

A link generated from a data file names its origin in a ``data-source``
attribute (``data-source="curricula/courses/x.yml:12"``); findings about it are
reported at that file and line instead of the generated page.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple
from urllib.parse import SplitResult, parse_qsl, unquote, urlsplit

from esca.core import fields, htmltags
from esca.core.browser_url import browser_host, url_problems
from esca.core.findings import Finding, PathIndex, did_you_mean, line_of
from esca.core.safeyaml import load_file
from esca.core.sources import rel_path

VAGUE_TEXT = {"click here", "here", "link", "this link", "read more", "more", "click", "this page", "go"}
_ATTR = re.compile(r"""([a-zA-Z_:][-\w:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_CONTENT_START = '<div class="md-content"'
_CONTENT_END = "</main>"
_HREF = re.compile(r'\shref="([^"]*)"')
# One literal-prefix pattern per attribute: much faster than an alternation.
_ID_ATTRS = (re.compile(r"""id=(?:"([^"]*)"|'([^']*)')"""), re.compile(r"""name=(?:"([^"]*)"|'([^']*)')"""))
_TAGS = re.compile(r"<[^<>]+>")  # '<' ends a run: a page of unclosed '<' is read once
_CLOSE_A = re.compile(r"</[aA]>")
_CONTROL = re.compile("[\x00-\x1f\x7f]")
_ALT_IN = re.compile(r"""<img\b[^<>]*\balt\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
# Every attribute a browser follows: navigates to (a, area), sends a form
# to, or loads, from the HTML standard's index of attributes whose value is
# a URL, with the obsolete ones browsers still load and SVG's href (issue 24,
# case 73: <area href> was not read). One table: an element's first
# attribute names it in findings ('image'), any other is named with it
# ('video poster'). Lists of addresses (srcset, ping) are split.
_URL_ATTRS = {
    "a": ("href", "xlink:href", "ping"), "area": ("href", "ping"),
    "img": ("src", "srcset", "lowsrc", "dynsrc"), "source": ("src", "srcset"), "video": ("src", "poster"),
    "audio": ("src",), "track": ("src",), "input": ("src", "formaction"), "button": ("formaction",),
    "form": ("action",), "link": ("href", "imagesrcset"), "script": ("src", "xlink:href"), "iframe": ("src",),
    "frame": ("src",), "embed": ("src",), "object": ("data", "codebase"), "applet": ("code", "codebase", "archive"),
    "base": ("href",), "html": ("manifest",), "body": ("background",), "table": ("background",),
    "td": ("background",), "th": ("background",),
    "image": ("href", "xlink:href"), "use": ("href", "xlink:href"), "feimage": ("href", "xlink:href"),
}
# Elements that take the reader somewhere, like a link: checked against the
# reviewed hosts. Every other address loads a file or sends a form.
_NAVIGATE = frozenset({"a", "area"})
_LISTS = {"srcset": "srcset", "imagesrcset": "srcset", "ping": "words"}


class Link(NamedTuple):
    """One link or embedded file on a page (a tuple: there is one per link on every page)."""

    tag: str
    url: str
    text: str = ""  # accessible name, for <a>
    alt: str | None = None  # for <img>: None when the attribute is missing
    source: str = ""  # data-source="path:line", when generated from data


class PageScan:
    """What one rendered page contains.

    Every page's scan is kept until the whole site is built, so the links are
    stored as plain tuples of text, which Python's garbage collector stops
    tracking: a Link object per link (18,000 at ten times the real site) made
    every full collection slower for the rest of the build."""

    __slots__ = ("ids", "_links")

    def __init__(self, ids: set[str] | None = None, links: Iterable[Link] = ()):
        self.ids = ids if ids is not None else set()
        self._links = tuple(tuple(link) for link in links)

    @property
    def links(self) -> list[Link]:
        return [Link._make(link) for link in self._links]

    @property
    def link_count(self) -> int:
        return len(self._links)


@dataclass(frozen=True)
class PageInput:
    """One built page: where it came from, where it went, what it holds."""

    src: str  # repository-relative source, e.g. docs/roles/index.md ('' if generated)
    src_uri: str  # docs-relative source, e.g. roles/index.md
    dest: str  # site-relative output, e.g. roles/index.html
    scan: PageScan
    markdown: str = ""  # source text, for line numbers
    source_file: str = ""  # or the file to read it from: only a page with a broken link needs it

    def source_text(self) -> str:
        """The source text ('' when there is none, or the file has gone: the
        finding is then reported without a line number)."""
        if self.markdown or not self.source_file:
            return self.markdown
        try:
            return Path(self.source_file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return ""


def content_part(text: str) -> str:
    """A Material page's content: from ``md-content`` to the end of
    ``<main>`` (the theme's own closing tag, the last one, after anything
    the page wrote); the whole text when the markers are missing. All that
    :func:`scan_html` reads with ``content_only``, and all the active-content
    check reads (esca.checks.active_content.content_of): the build hands the checks
    only this part of each page but the home page."""
    start = text.find(_CONTENT_START)
    end = text.rfind(_CONTENT_END)
    return text[start:end] if 0 <= start < end else text


def scan_html(text: str, *, content_only: bool = False) -> PageScan:
    """Collect ids, links and images from a page's HTML.

    With ``content_only`` only the page's content is read (Material's
    ``md-content``, up to the end of ``<main>``): the theme's header, its two
    sidebars (site navigation and table of contents) and its footer are built
    from the nav MkDocs validates and from the page's own headings, so
    checking them on one page (the hook does the home page) finds whatever
    checking them on every page would. A page without those markers is read
    whole.
    """
    found: list[tuple] = []  # Link fields, as plain tuples (see PageScan)
    if content_only:
        text = content_part(text)
    if "<!--" in text:  # links in comments are not links
        text = _without_comments(text)
    ids = _ids(text)
    closes = _closes(text)
    # Tags as a browser's tokenizer reads them, in one pass (esca.core.htmltags).
    for tag in htmltags.tags(text):
        if tag.name not in _URL_ATTRS:
            continue
        name, raw = tag.name, tag.body
        if name == "a":
            # Fast path: every value in double quotes, so '\shref="' can only be the attribute.
            href = _HREF.search(raw) if "'" not in raw and raw.count("=") == raw.count('="') else None
            attrs = None if href else _attrs(raw)
            url = html.unescape(href.group(1)) if href else attrs.get("href", attrs.get("xlink:href"))
            if "ping" in raw.lower():
                attrs = attrs or _attrs(raw)
                found.extend(("a ping", ping, "", None, "") for ping in _addresses(attrs.get("ping", ""), "words"))
            if url is None:
                continue
            at = bisect.bisect_left(closes, tag.end)
            body = text[tag.end:closes[at]] if at < len(closes) else ""
            found.append(("a", url, _accessible_name(body, raw), None, _attr(raw, "data-source")))  # a Link
            continue
        attrs = _attrs(raw)
        for number, attr in enumerate(_URL_ATTRS[name]):
            if attr not in attrs:
                continue
            kind = name if number == 0 else f"{name} {attr}"
            if name == "area" and number == 0:
                alt = attrs.get("alt", "")
                found.append(("area", attrs[attr], alt, None, attrs.get("data-source", "")))  # its name is its alt
                continue
            alt = attrs.get("alt") if kind == "img" else None
            for url in _addresses(attrs[attr], _LISTS.get(attr, "")):
                found.append((kind, url, "", alt, attrs.get("data-source", "")))  # a Link
    return PageScan(ids, found)


def _addresses(value: str, kind: str) -> list[str]:
    """The addresses in an attribute's value: a srcset's candidates (each
    one's first word), a ping's words, else the value itself."""
    if kind == "srcset":
        return [part.split()[0] for part in value.split(",") if part.split()]
    if kind == "words":
        return value.split()
    return [value]


def _closes(text: str) -> list[int]:
    """Where every ``</a>`` (or ``</A>``) starts, in order: the end of a link
    is found by bisection, so links that never end cannot make the scan slow."""
    return [m.start() for m in _CLOSE_A.finditer(text)]


def _without_comments(text: str) -> str:
    """``text`` without its comments, read as a browser reads them."""
    kept, position = [], 0
    for tag in htmltags.tags(text):
        if tag.name == "!--":
            kept.append(text[position:tag.start])
            position = tag.end
    kept.append(text[position:])
    return "".join(kept)


def _ids(text: str) -> set[str]:
    """Every id and name on the page: the targets of #anchors."""
    ids = set()
    for pattern in _ID_ATTRS:
        for match in pattern.finditer(text):
            if match.start() and text[match.start() - 1] in " \t\n\r":
                value = match.group(1) if match.group(1) is not None else match.group(2)
                ids.add(html.unescape(value) if "&" in value else value)
    return ids


MKDOCS_LINK = re.compile(r"^Doc file '([^']+)' contains (?:an? (?:unrecognized relative |absolute )?)?link (?:to )?'([^']+)'(?:,)? ?(.*)$",
                         re.DOTALL)  # a target may hold a line break, decoded from %0A
"""MkDocs' own warning about a Markdown link (mkdocs/structure/pages.py)."""


def mkdocs_leftovers(ours: list[Finding], warnings: list[str], pages: dict[str, PageInput]) -> list[Finding]:
    """MkDocs' own link warnings that our pass did not already report, in
    the project's shape, at the source line.

    Anchor warnings are dropped: our pass checks anchors against the final
    HTML, which includes ids that hooks add after MkDocs looked.
    """
    reported = {(f.path, f.field.split(" ", 1)[-1]) for f in ours}
    by_src = {page.src_uri: page for page in pages.values()}
    extra = []
    for message in warnings:
        match = MKDOCS_LINK.match(message)
        if not match or "anchor" in message:
            continue
        src_uri, url, problem = match.groups()
        page = by_src.get(src_uri)
        path = (page.src or page.dest) if page else f"docs/{src_uri}"
        if (path, f"'{url}'") in reported:
            continue
        line = line_of(page.source_text(), [f"({url}", url]) if page else None
        problem = problem.removeprefix("but ").removeprefix("it was ").rstrip(".")
        extra.append(Finding(path, line, f"link '{url}'", problem, "fix the link (see MkDocs' note)"))
    return extra


@dataclass(frozen=True)
class Site:
    """The built site as the checks see it."""

    files: frozenset[str]  # every file under site_dir, posix relative paths
    pages: dict[str, PageInput]  # by dest
    docs: frozenset[str]  # every docs-relative Markdown source
    hosts: frozenset[str]
    self_url: str = ""  # site_url: links under it are the site's own
    tels: frozenset[str] = frozenset()  # the tel: addresses of the official contacts (data/contacts.yml)


def check_site(site: Site) -> list[Finding]:
    """Every finding for every page, sorted; each problem reported once."""
    found: dict[str, Finding] = {}
    for page in site.pages.values():
        for finding in check_page(page, site):
            found.setdefault(str(finding), finding)
    return sorted(found.values(), key=lambda f: (f.path, f.line or 0, f.field, f.problem))


def check_page(page: PageInput, site: Site) -> Iterator[Finding]:
    for link in page.scan.links:
        yield from check_link(page, link, site)


def check_link(page: PageInput, link: Link, site: Site) -> Iterator[Finding]:
    """One link: its target, its text, its image alt, reported where it was written."""
    found = list(_check_link(page, link, site))
    if found:
        path, line = _where(page, link, site)
        for finding in found:
            yield Finding(path, line, finding.field, finding.problem, finding.fix)


def _check_link(page: PageInput, link: Link, site: Site) -> Iterator[Finding]:
    path, line = page.src or page.dest, None  # replaced by check_link
    if link.tag == "img" and link.alt is None:
        yield Finding(path, line, _field(link), "has no alt text",
                      "describe the image in alt text, or use alt=\"\" if it is only decoration")
    if link.tag in _NAVIGATE:
        yield from check_link_text(path, line, link)
    url = link.url.strip()
    if "\\" in url or "@" in url or _CONTROL.search(url):
        problems = url_problems(link.url)
        for problem, fix in problems:
            yield Finding(path, line, _field(link), problem, fix)
        if problems:
            return
    if site.self_url and url.startswith(site.self_url):
        own = url[len(site.self_url):]
        own_page = PageInput(page.src, page.src_uri, "index.html", page.scan, page.markdown, page.source_file)
        yield from check_internal(own_page, path, line, link._replace(url=own), site)
        return
    parts = urlsplit(url)
    if parts.scheme or url.startswith("//"):
        yield from check_external(path, line, link, site.hosts, site.tels)
    else:
        yield from check_internal(page, path, line, link, site, parts)


def check_link_text(path: str, line: int | None, link: Link) -> Iterator[Finding]:
    """Link text says where the link goes: not empty, not 'click here', not a bare URL."""
    text = " ".join(link.text.split())
    if not text:
        yield Finding(path, line, f"link '{link.url}'", "has no text",
                      "write link text that says where it goes")
    elif text.lower().strip(".:!") in VAGUE_TEXT:
        yield Finding(path, line, _field(link), f"link text '{text}' does not say where it goes",
                      "use the name of the page or document as the link text")
    elif text.startswith(("http://", "https://", "//", "www.")):
        yield Finding(path, line, _field(link), "link text is a bare web address",
                      "use the name of the page or document as the link text")


def check_external(path: str, line: int | None, link: Link, hosts: frozenset[str],
                   tels: frozenset[str] | None = None) -> Iterator[Finding]:
    """External links use https: (or mailto: or tel:), are well formed, and go
    to a reviewed host. Links that act are narrowed: a mail link carries one
    address (and at most a subject), and a tel: link calls only one of the
    official contact numbers (data/contacts.yml) when ``tels`` is given."""
    url = link.url.strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    field = _field(link)
    if scheme == "tel":
        if not re.fullmatch(r"\+?\d{3,15}", parts.path) or parts.query or parts.fragment:
            yield Finding(path, line, field, "not a well-formed phone number", "write tel:+441234567890 or tel:999")
        elif tels is not None and f"tel:{parts.path}" not in tels:
            yield Finding(path, line, field, "calls a number that is not one of the official contact points",
                          "write the number as text, or add it to data/contacts.yml with its official source")
        return
    if scheme == "mailto":
        query = parse_qsl(parts.query, keep_blank_values=True)
        if not re.fullmatch(EMAIL, unquote(parts.path)):
            yield Finding(path, line, field, "not one well-formed email address", "write mailto:name@example.org")
        elif parts.fragment or any(key.lower() != "subject" for key, _ in query):
            yield Finding(path, line, field, "a mail link may carry only the address (and a subject)",
                          "remove everything after the address: ?body=, ?cc= and the like fill in the reader's email")
        elif any(_CONTROL.search(value) or "\u2028" in value or "\u2029" in value or "\x85" in value
                 for _, value in query):
            # %0D%0A in a subject starts a new mail header (Bcc:) in some mail programs (issue 24, case 71)
            yield Finding(path, line, field, "a mail link's subject holds a line break or control character",
                          "write the subject on one line, without %0D, %0A or other encoded controls")
        return
    if scheme != "https":
        fix = "use https:// instead" if scheme == "http" else "use an https:// web address"
        yield Finding(path, line, field, f"scheme '{scheme or '//'}' is not allowed", fix)
        return
    if link.tag in ("form", "button", "input formaction"):
        yield Finding(path, line, field, "the form sends its answers to another host",
                      "remove the form's address, or link to the other site")
        return
    if link.tag not in _NAVIGATE:
        yield Finding(path, line, field, "loads a file from another host",
                      "copy the file into docs/assets: nothing may load from another host")
        return
    host = browser_host(url) or ""  # the host a browser goes to, not what urlsplit reads
    host = host[:-1] if host.endswith(".") else host
    if not host or " " in url or "." not in host:
        yield Finding(path, line, field, "not a well-formed web address", "check the address")
    elif host not in hosts:
        yield Finding(path, line, field, f"host '{host}' is not on the reviewed list",
                      "add it to data/allowed-hosts.yml if it is right")


def check_internal(page: PageInput, path: str, line: int | None, link: Link, site: Site,
                   parts: SplitResult | None = None) -> Iterator[Finding]:
    """Internal links and images point at a file in the built site, and anchors at an id on that page."""
    parts = parts or urlsplit(link.url.strip())
    target_path, anchor = unquote(parts.path), unquote(parts.fragment)
    if target_path.endswith(".md"):
        # A Markdown link MkDocs could not resolve: it is left as written.
        base = posixpath.dirname(page.src_uri)
        wanted = posixpath.normpath(posixpath.join(base, target_path))
        close = _index(site.docs).closest(wanted)
        hint = f"did you mean '{posixpath.relpath(close, base or '.')}'?" if close else "check the file name"
        yield Finding(path, line, _field(link), "no such page", hint)
        return
    base_dir = posixpath.dirname(page.dest)
    if target_path.startswith("/"):
        yield Finding(path, line, _field(link), "absolute path", "use a relative link so the site works in any folder")
        return
    joined = posixpath.normpath(posixpath.join(base_dir, target_path)) if target_path else page.dest
    if joined == ".." or joined.startswith("../"):
        yield Finding(path, line, _field(link), "points outside the site", "link to a page inside the site")
        return
    dest = _resolve(joined, target_path, site.files)
    if dest is None:
        close = _index(site.files).did_you_mean(joined)
        kind = "no such image" if link.tag == "img" else "no such page or file"
        yield Finding(path, line, _field(link), kind, close or "check the path")
        return
    if anchor and dest in site.pages:
        ids = site.pages[dest].scan.ids
        if anchor not in ids:
            hint = did_you_mean(anchor, ids)
            where = "on this page" if dest == page.dest else f"on '{site.pages[dest].src_uri or dest}'"
            yield Finding(path, line, _field(link), f"no anchor '#{anchor}' {where}", hint or "check the heading's anchor")


HOSTS = fields.Field("allowed-hosts", "map", rule="data/allowed-hosts.yml's header", label="allowed hosts", fields=(
    fields.Field("hosts", "table", True, "host: the reason it was reviewed, one per line", label="hosts", keys="host",
                 min_items=1, max_items=200, item_shape="host.example: why it was reviewed",
                 item=fields.Field("reason", "text", True, "why the host was reviewed", "UK legislation, official "
                                   "text", label="reason", max_length=200, one_line=True, plain=True)),
))


def load_hosts(file: Path, root: Path) -> tuple[frozenset[str], list[Finding]]:
    """The reviewed external hosts from data/allowed-hosts.yml, checked
    against its declaration (HOSTS): lower-case host names, each with its
    reason."""
    loaded = load_file(file, root)
    if loaded.findings:
        return frozenset(), loaded.findings
    problems = list(fields.check(rel_path(file, root), loaded.data, HOSTS,
                                 fields.Context(choices={}, today=dt.date.min), what="hosts"))
    if problems:
        return frozenset(), problems
    return frozenset(loaded.data["hosts"]), []


EMAIL = fields.PATTERNS["email"]


def _field(link: Link) -> str:
    kind = {"a": "link", "img": "image", "area": "image map link"}.get(link.tag, link.tag)
    return f"{kind} '{link.url.strip()}'"


def _where(page: PageInput, link: Link, site: Site) -> tuple[str, int | None]:
    if link.source:
        path, _, line = link.source.rpartition(":")
        if path and line.isdigit():
            return path, int(line)
        return link.source, None
    if not page.src:
        return page.dest, None
    parts = urlsplit(link.url)
    needles = [f"({link.url}", f'"{link.url}"', link.url]
    if parts.path and not parts.scheme:
        # MkDocs rewrote 'law.md' to 'law/': look for the source file's name.
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(page.dest), unquote(parts.path)))
        dest = _resolve(joined, parts.path, site.files)
        if dest in site.pages and site.pages[dest].src_uri:
            target = posixpath.relpath(site.pages[dest].src_uri, posixpath.dirname(page.src_uri) or ".")
            needles.insert(0, f"({target}" + (f"#{parts.fragment}" if parts.fragment else ""))
    if parts.fragment:
        needles.append(f"#{parts.fragment}")
    source = page.source_text()
    line = line_of(source, needles)
    return page.src, line if line is not None else _decoded_line(source, link.url.strip())


def _decoded_line(source: str, url: str) -> int | None:
    """The line of ``source`` that writes ``url`` with character references
    or percent-escapes (``&#116;el:``, ``%30%39``), each line decoded on its
    own so the count stays right (issue 24, case 85: reported at line 1)."""
    wanted = {url, unquote(url)}
    for number, text in enumerate(source.split("\n"), start=1):
        if "&" not in text and "%" not in text:
            continue
        try:
            decoded = html.unescape(text)
        except ValueError:  # a reference of thousands of digits (reported by itself)
            continue
        if any(w in decoded or w in unquote(decoded) for w in wanted if w):
            return number
    return None


@functools.lru_cache(maxsize=4)
def _index(paths: frozenset[str]) -> PathIndex:
    """One path index per set of files (a build's), for "did you mean …?"."""
    return PathIndex(paths)


def _resolve(joined: str, raw: str, files: frozenset[str]) -> str | None:
    if raw.endswith("/") or joined == ".":
        candidate = "index.html" if joined == "." else f"{joined}/index.html"
        return candidate if candidate in files else None
    if joined in files:
        return joined
    if f"{joined}/index.html" in files:
        return f"{joined}/index.html"
    return None


def _attrs(text: str) -> dict[str, str]:
    out = {}
    for match in _ATTR.finditer(text):
        value = next((g for g in match.groups()[1:] if g is not None), "")
        out[match.group(1).lower()] = html.unescape(value)
    return out


def _attr(raw: str, name: str) -> str:
    """One attribute's value from a tag's attribute text ('' when absent)."""
    if name not in raw:
        return ""
    match = re.search(rf'\s{re.escape(name)}="([^"]*)"', " " + raw)
    return html.unescape(match.group(1)) if match else ""


def _accessible_name(body: str, raw: str) -> str:
    label = _attr(raw, "aria-label")
    if label:
        return label
    text = html.unescape(_TAGS.sub("", body)).strip() if "<" in body else html.unescape(body).strip()
    if not text:
        alts = [a or b for a, b in _ALT_IN.findall(body)]
        text = " ".join(alt for alt in alts if alt)
    if not text and "<svg" in body and "<title" in body:
        text = "svg"
    return text or _attr(raw, "title")
