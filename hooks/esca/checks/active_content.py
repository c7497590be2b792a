"""Active content: nothing a contributor writes runs in the reader's browser.

The deployed Content-Security-Policy (``script-src 'self'``) trusts every
script the site itself serves, so two things are checked here:

* **Pages.** Each page's final HTML content (its Markdown, raw HTML,
  attribute lists and whatever hooks generated for it; not the theme) is read
  with Python's ``html.parser`` (tag and attribute names in any case, values
  with any quoting and with character references decoded) and every piece of
  markup that can run code, load from elsewhere, redirect the reader or send
  answers elsewhere is a finding at the line of the source that wrote it
  (:func:`check_page`). The parser is made to end comments where browsers
  do (``<!-->``, ``--!>``) and to treat ``<![CDATA[`` outside SVG as a
  comment ending at ``>``, so markup a browser would run cannot hide in what
  Python takes for a comment.
* **Files.** Scripts and styles under ``docs/`` run as the site's own, so
  each must be on the reviewed list ``data/reviewed-assets.yml`` with the
  SHA-256 of the reviewed bytes; HTML, SVG and XML files are read like pages
  (:func:`check_file`).

A quick look for anything that could matter comes first: most pages hold
none of it, and the parser is much slower than a regular expression.
No MkDocs imports: the checks beside the build (esca.checker) scan each built
page (:func:`scan`, then :func:`locate` for what it found), and the site
model's source checks (esca.site.check_sources) run :func:`check_file` on the
files under docs/ and overrides/.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable

from esca.core import fields
from esca.core.fields import Field
from esca.core.findings import Finding, line_of
from esca.core.safeyaml import load_file
from esca.core.sources import DOCUMENT_TYPES, MARKUP_TYPES, REVIEWED_TYPES, TEMPLATE_TYPES, rel_path

REVIEWED_FILE = "data/reviewed-assets.yml"
# Run as the site's own code when served: each must be reviewed, by hash.
# Both lists live with the allow-list of what docs/ may publish (esca.core.sources).
REVIEWED_EXTENSIONS = REVIEWED_TYPES
# Markup a browser renders when the file is opened: read like a page.
MARKUP_EXTENSIONS = MARKUP_TYPES
FILE_EXTENSIONS = REVIEWED_EXTENSIONS | MARKUP_EXTENSIONS
# Templates in the theme's folder (overrides/): reviewed by hash too.
TEMPLATE_EXTENSIONS = TEMPLATE_TYPES
THEME_DIR = "overrides"

# Elements that run code, embed another document, load code or styles, or
# change how the page is read; raw-text elements a browser reads differently
# from Python's parser (a comment or attribute in one is markup in the other).
FORBIDDEN = {
    "script": "runs code", "iframe": "embeds another page", "frame": "embeds another page",
    "frameset": "embeds other pages", "object": "embeds a plug-in or another page", "embed": "embeds a plug-in",
    "applet": "runs a plug-in", "portal": "embeds another page", "fencedframe": "embeds another page",
    "base": "changes where every link on the page goes", "meta": "can redirect the reader or change the page's rules",
    "link": "loads a file into the page", "style": "is an inline style (the site's Content-Security-Policy blocks it)",
    "foreignobject": "puts HTML inside SVG", "math": "is MathML, which browsers and this check may read differently",
    "noscript": "is read differently by browsers and by this check", "noembed": "is read differently by browsers",
    "noframes": "is read differently by browsers", "xmp": "is read differently by browsers",
    "plaintext": "turns the rest of the page into text",
    "title": "is read differently by browsers outside SVG", "listing": "is read differently by browsers",
    "isindex": "is an obsolete form", "handler": "runs code in SVG", "listener": "runs code in SVG",
}
ANIMATIONS = frozenset({"animate", "set", "animatemotion", "animatetransform"})
DATA_SCRIPT_TYPES = frozenset({"application/ld+json", "application/json"})
BAD_SCHEMES = frozenset({"javascript", "vbscript", "livescript", "mocha", "data"})
# Attributes that hold words for people, never an address.
TEXT_ATTRS = frozenset({"alt", "title", "placeholder", "label", "value", "class", "id", "name", "lang", "dir",
                        "role", "type", "for", "headers", "abbr", "summary", "width", "height", "viewbox",
                        "d", "points", "transform", "fill", "stroke", "colspan", "rowspan", "scope"})
# Attributes that load a file when the element is shown.
LOADING_ATTRS = frozenset({"src", "srcset", "imagesrcset", "poster", "background", "data", "codebase", "ping",
                           "xlink:href", "lowsrc", "dynsrc"})
# Tags and attributes hooks/esca/checks/links.py already checks for other hosts.
LINK_CHECKED = {"a": "xlink:href", "img": "src", "script": "src", "iframe": "src", "source": "src", "video": "src",
                "audio": "src"}
# Elements a browser ends SVG at (HTML 13.2.6.5, "any other start tag" in foreign content).
BREAKOUT = frozenset("b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i img li "
                     "listing menu meta nobr ol p pre ruby s small span strong strike sub sup table tt u ul var".split())

_ARTICLE_START = '<article class="md-content__inner md-typeset">'
_ARTICLE_END = "</article>"
# Anything the parser could report starts with one of these; a page with none
# of them is not parsed. Tag names must be written out (no character
# reference makes a tag); attribute values may hide a scheme behind a
# character reference or a tab, so any reference other than the few the
# Markdown converter writes for text sends the page to the parser.
# One pattern per kind, each starting with a literal, run on the lower-cased
# text: much faster than one alternation. A data block exactly as hooks
# write it (no '<' inside) is left to the other patterns, which still read
# its text.
_SUSPECTS = tuple(re.compile(pattern) for pattern in (
    r"<(?:" + "|".join(sorted(set(FORBIDDEN) - {"script"} | ANIMATIONS | {"use", "image", "feimage"})) + r")",
    r"""<script(?!\x20type="application/ld\+json">[^<]*</script>)""",
    # Each repeat is possessive and the handler's name starts where a name
    # can (not after a letter), so no run of text is read twice: linear.
    r"(?<![a-z])on[a-z]++\s*+=",
    r"style\s*+=",
    # download may stand alone (no value): any 'download' that could be an attribute name.
    r"download(?![a-z0-9_:.-])",
    r"srcset\s*+=",
    # A numeric reference to punctuation that cannot make a scheme or a path
    # ('!' to '.', brackets, '_', '`', braces, '|', '~') is harmless; any
    # other (letters, ':', '/', '\\', controls) may hide one.
    r"&#(?!(?:x27|3[3-9]|4[0-6]|9[1345]|96|12[3-6]);)",
    r"&(?!(?:amp|lt|gt|quot|para|nbsp|ndash|mdash|hellip|copy|rsquo|lsquo|ldquo|rdquo|middot|"
    r"times|pound|euro|apos|laquo|raquo);)[a-z][a-z0-9]*+;",
))
# An attribute value that starts with a scheme or two slashes; the attribute's name.
# Possessive runs of disjoint classes: each character is read once (linear;
# a run of spaces read by two overlapping repeats was quadratic, issue 24 case 63).
_ADDRESS = re.compile(r"""=[\s\x00-\x20]*+["'`]?[\s\x00-\x20]*+(?:([a-z][a-z0-9+.\-\t\n\r]*+):|[/\\][/\\])""")
_NAME = re.compile(r"""([^\s"'<>/=]+)\s*$""")
_LINK_SCHEMES = frozenset({"https", "http", "mailto", "tel"})  # in href, left to the link check


# A numeric character reference with more digits than any character needs
# (U+10FFFF is 1114111): Python's html.unescape, which MkDocs' title reader
# and the link scan run, stops with a ValueError past 4,300 decimal digits
# (issue 24, case 66). Fixed length: linear.
_LONG_REFERENCE = re.compile(r"&#(?:[0-9]{8}|[xX][0-9a-fA-F]{7})")


def defuse_references(text: str) -> tuple[str, int | None]:
    """``text`` with every numeric character reference longer than any
    character needs written as text (``&amp;#…``), and where the first one
    starts (None when there is none)."""
    first = _LONG_REFERENCE.search(text)
    if first is None:
        return text, None
    return _LONG_REFERENCE.sub(lambda match: "&amp;" + match.group(0)[1:], text), first.start()


def suspect(html: str) -> bool:
    """True when ``html`` holds anything :func:`scan` could report (and
    sometimes when it does not): pages without are not parsed."""
    low = html.lower()
    if any(pattern.search(low) for pattern in _SUSPECTS):
        return True
    for match in _ADDRESS.finditer(low):
        scheme = match.group(1)
        if scheme is None or re.sub("[\t\n\r]", "", scheme) not in _LINK_SCHEMES:
            return True
        name = _NAME.search(low, max(0, match.start() - 40), match.start())
        if not name or name.group(1) != "href":
            return True
    return False


@dataclass(frozen=True)
class Hit:
    """One piece of active markup in some HTML, and where to look for it in a source."""

    field: str
    problem: str
    fix: str
    needles: tuple[str, ...]


def content_of(output: str) -> str:
    """The page's own content in a Material page: its article, up to the
    theme's closing tag (the last one, so a ``</article>`` written in the
    page cannot end the check early). The whole text when it is not a
    Material page."""
    start = output.find(_ARTICLE_START)
    end = output.rfind(_ARTICLE_END)
    return output[start:end] if 0 <= start < end else output


def scan(html: str) -> list[Hit]:
    """Every piece of active markup in ``html``, in document order."""
    if not suspect(html):
        return []
    parser = _Scanner()
    parser.feed(html)
    parser.close()
    parser.end_script()
    return parser.hits


def check_page(html: str, path: str, source: str = "", origins: Iterable[tuple[str, str]] = ()) -> list[Finding]:
    """Findings for one page's final HTML content, at the line of ``source``
    (the page's Markdown, repository path ``path``) that wrote each; for a
    generated page, at the first of ``origins`` (path, text) that holds it."""
    return locate(scan(html), path, source, origins)


def locate(hits: list[Hit], path: str, source: str = "", origins: Iterable[tuple[str, str]] = ()) -> list[Finding]:
    """Findings for ``hits``, each at the first line of ``source`` (or else of
    one of ``origins``, read only when needed) that holds it."""
    if not hits:
        return []
    origins = list(origins)
    found = []
    for hit in hits:
        where, line = path, _line(source, hit.needles)
        if line is None:
            for origin_path, text in origins:
                line = _line(text, hit.needles)
                if line is not None:
                    where = origin_path
                    break
        found.append(Finding(where, line, hit.field, hit.problem, hit.fix))
    return list(dict.fromkeys(found))


def check_file(path: str, data: bytes, reviewed: dict[str, str], *, theme: bool = False) -> list[Finding]:
    """One file under docs/: a script or style must be on the reviewed list
    with the SHA-256 of these bytes; HTML, SVG or XML must hold no active
    markup. Reported at ``path``:1 (a script) or at the line of the markup.

    With ``theme`` (a file under overrides/, the theme's own folder), its
    templates are code as well: every page is made from them, so they are
    reviewed by hash like scripts."""
    suffix = Path(path).suffix.lower()
    # Markup a browser renders on its own (SVG, XML, HTML files) is published
    # only as reviewed, by hash, like scripts, and read like a page too: an
    # XML file can run script in ways no check of its text keeps up with
    # (entities, namespace prefixes, other encodings; issue 24, second attack).
    if suffix in REVIEWED_EXTENSIONS or suffix in MARKUP_EXTENSIONS or (theme and suffix in TEMPLATE_EXTENSIONS):
        digest = hashlib.sha256(data).hexdigest()
        kind = "theme template" if theme and suffix in TEMPLATE_EXTENSIONS else _kind(suffix)
        review: list[Finding] = []
        if path not in reviewed:
            review = [Finding(path, 1, "file", f"{kind} is not on the reviewed list",
                              f"have it reviewed, then add '{path}: {digest}' under assets: in {REVIEWED_FILE}")]
        elif reviewed[path] != digest:
            review = [Finding(path, 1, "file", f"{kind} has changed since it was reviewed",
                              f"have the change reviewed, then set its sha256 in {REVIEWED_FILE} to {digest}")]
        if suffix not in MARKUP_EXTENSIONS or theme:
            return review
        return review + _markup_problems(path, data, suffix)  # every problem at once, reviewed or not
    return []


def _markup_problems(path: str, data: bytes, suffix: str) -> list[Finding]:
    """What a page's check finds in a standalone markup file."""
    text = data.decode("utf-8", errors="replace")
    found = check_page(text, path, text)
    if suffix in {".xml", ".svg"} and "<?xml-stylesheet" in text:
        found.append(Finding(path, line_of(text, ["<?xml-stylesheet"]), "<?xml-stylesheet?>",
                             "applies a stylesheet that can rewrite the file into a page",
                             "remove the processing instruction"))
    return found


REVIEWED = Field("reviewed", "map", rule="data/reviewed-assets.yml's header", label="reviewed list", fields=(
    Field("contacts", "text", True, "the SHA-256 of the contact points (the build prints it)", "0" * 64,
          label="contacts fingerprint", pattern="sha256", one_line=True, plain=True),
    Field("assets", "table", True, "path: sha256, one line per reviewed file", label="assets", keys="path",
          item_shape="path: sha256", item=Field("sha256", "text", True, "64 lower-case hex digits (sha256sum)",
                                                 "0" * 64, label="SHA-256", pattern="sha256", one_line=True)),
))


def load_reviewed(file: Path, root: Path) -> tuple[dict[str, str], list[Finding]]:
    """The reviewed scripts and styles: ``assets: {path: sha256}``, checked
    against the declaration REVIEWED."""
    loaded = load_file(file, root)
    if loaded.findings:
        return {}, loaded.findings
    rel = rel_path(file, root)
    problems = list(fields.check(rel, loaded.data, REVIEWED, fields.Context(choices={}, today=dt.date.min),
                                 what="reviewed list"))
    if problems:
        return {}, problems
    return dict(loaded.data["assets"]), []


class _Scanner(HTMLParser):
    """Collects :class:`Hit` objects; reads comments and raw text as browsers do."""

    CDATA_CONTENT_ELEMENTS = ("script", "style")
    RCDATA_CONTENT_ELEMENTS = ()  # Python 3.13+: title and textarea are findings anyway

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hits: list[Hit] = []
        self.svg = 0  # depth of open <svg> elements
        self.svg_text = 0  # open <title>/<desc> inside SVG: their content is HTML again
        self.script: tuple[str, list[str]] | None = None  # a data block being read: raw tag, body

    # Comments end where browsers end them (HTML 13.2.5.43-52).
    def parse_comment(self, i, report=1):
        raw = self.rawdata
        j = i + 4
        if raw.startswith(">", j):
            return j + 1
        if raw.startswith("->", j):
            return j + 2
        ends = [k for k in (raw.find("-->", j), raw.find("--!>", j)) if k >= 0]
        if not ends:
            return len(raw)  # to the end of the page, as a browser reads it
        k = min(ends)
        return k + (3 if raw.startswith("-->", k) else 4)

    def parse_marked_section(self, i, report=1):
        """``<![CDATA[`` is a comment ending at the first ``>`` in HTML."""
        end = self.rawdata.find(">", i)
        return len(self.rawdata) if end < 0 else end + 1

    def handle_starttag(self, tag, attrs):
        self._tag(tag, attrs, self.get_starttag_text() or f"<{tag}")

    def handle_startendtag(self, tag, attrs):
        self._tag(tag, attrs, self.get_starttag_text() or f"<{tag}")
        if tag == "script":
            self.end_script()

    def handle_endtag(self, tag):
        if tag == "script":
            self.end_script()
        elif tag == "svg" and self.svg:
            self.svg -= 1
            self.svg_text = 0 if not self.svg else self.svg_text
        elif tag in ("title", "desc") and self.svg_text:
            self.svg_text -= 1
        elif tag in ("p", "br") and self.svg:
            self.svg = self.svg_text = 0

    def handle_data(self, data):
        if self.script is not None:
            self.script[1].append(data)

    def end_script(self):
        if self.script is None:
            return
        raw, body = self.script
        self.script = None
        if "<" in "".join(body):
            self._hit("<script>", "a data block holds '<', which can end it early",
                      "write JSON data without '<' (as \\u003c)", raw, "<script")

    def _tag(self, tag, attrs, raw):
        values = {name: value for name, value in attrs}
        if self.svg and (tag in BREAKOUT or tag == "font" and {"color", "face", "size"} & set(values)):
            self.svg = self.svg_text = 0  # a browser closes the SVG here
        if tag == "svg":
            self.svg += 1
        elif tag == "script" and _is_data_block(values):
            self.script = (raw, [])
        elif tag == "title" and self.svg and not self.svg_text:
            self.svg_text += 1
        elif tag == "desc" and self.svg:
            self.svg_text += 1
        elif tag in FORBIDDEN:
            self._hit(f"<{tag}>", f"element <{tag}> {FORBIDDEN[tag]}", _fix(tag), raw, f"<{tag}")
        if tag in ANIMATIONS:
            target = (values.get("attributename") or "").strip().lower()
            if target in ("href", "xlink:href") or target.startswith("on"):
                self._hit(f"<{tag}>", f"animates '{target}', which can turn into a script",
                          "remove the animation", raw, f"<{tag}")
        for name, value in attrs:
            self._attribute(tag, name, value or "", raw)
        if tag == "textarea":
            # Browsers read a textarea's content as text up to </textarea>
            # (comments and tags inside it are not markup): so does this check.
            self.set_cdata_mode(tag)

    def _attribute(self, tag, name, value, raw):
        if name.startswith("on"):
            self._hit(name, "an event handler runs code", "remove the attribute: pages may not run scripts",
                      raw, f"{name}=", name)
            return
        if name == "style":
            self._hit("style", "an inline style (the site's Content-Security-Policy blocks it)",
                      "use a class from the site's stylesheet instead", raw, value, "style=")
            return
        if name == "download":
            self._hit("download", "makes the link save a file under a name the page chooses, whatever the file is",
                      "remove download=: link to the file and let the reader's browser open or save it", raw,
                      "download=")
            return
        if name in TEXT_ATTRS or name.startswith(("aria-", "data-")):
            return
        urls = _srcset(value) if name in ("srcset", "imagesrcset") else (
            value.split(";") if tag in ANIMATIONS and name in ("values", "to", "from", "by") else [value])
        for url in urls:
            scheme = _scheme(url)
            if scheme in BAD_SCHEMES:
                self._hit(name, f"a {scheme}: address can run code or hide a page",
                          "link to a page or a file in docs/assets instead", raw, value, f"{name}=")
            elif name in ("action", "formaction") and _elsewhere(url):
                self._hit(name, "the form sends its answers to another address",
                          "remove the form, or link to the other site", raw, value, f"{name}=")
            elif name in LOADING_ATTRS and LINK_CHECKED.get(tag) != name and _elsewhere(url):
                self._hit(name, "loads a file from another host",
                          "copy the file into docs/assets: nothing may load from another host", raw, value,
                          f"{name}=")
            elif name in ("href", "xlink:href") and tag in ("use", "image", "feimage", "link") and _elsewhere(url):
                self._hit(name, "loads a file from another host",
                          "copy the file into docs/assets: nothing may load from another host", raw, value)

    def _hit(self, field, problem, fix, *needles):
        self.hits.append(Hit(field, problem, fix, tuple(n for n in needles if n)))


def _is_data_block(values: dict) -> bool:
    kind = (values.get("type") or "").strip().lower()
    return kind in DATA_SCRIPT_TYPES and "src" not in values


def _scheme(url: str) -> str:
    """The scheme a browser reads (controls and spaces around it, tabs and
    line breaks inside it, ignored), lower case; '' for none."""
    text = re.sub("[\t\n\r]", "", url.strip("".join(map(chr, range(0x21)))))
    match = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", text)
    return match.group(1).lower() if match else ""


def _elsewhere(url: str) -> bool:
    """True when ``url`` leaves the site: it has a scheme or starts with two slashes."""
    text = re.sub("[\t\n\r]", "", url.strip("".join(map(chr, range(0x21)))))
    return bool(_scheme(url)) or bool(re.match(r"[/\\]{2}", text))


def _srcset(value: str) -> list[str]:
    """The addresses in a srcset list (each candidate's first word)."""
    return [part.split()[0] for part in value.split(",") if part.split()]


def _kind(suffix: str) -> str:
    if suffix == ".css":
        return "stylesheet"
    if suffix in MARKUP_EXTENSIONS:
        return "markup file (SVG, XML or HTML)"
    if suffix == ".csv":
        return "data file"
    if suffix in DOCUMENT_TYPES:
        return "document (PDF or office file)"
    return "theme template" if suffix in TEMPLATE_EXTENSIONS else "script"


def _fix(tag: str) -> str:
    if tag == "script":
        return "remove it: pages may not run scripts (a script the site needs goes in docs/assets/js, reviewed)"
    if tag in ("style", "link"):
        return "remove it: styles come from the site's reviewed stylesheet"
    if tag in ("iframe", "frame", "frameset", "object", "embed", "applet", "portal", "fencedframe"):
        return "link to the page instead of embedding it"
    return "remove it"


def _line(text: str, needles: tuple[str, ...]) -> int | None:
    """The first line of ``text`` holding a needle, tried as written and then
    in lower case (tag and attribute names are case-blind)."""
    if not text:
        return None
    line = line_of(text, needles)
    if line is None:
        line = line_of(text.lower(), [needle.lower() for needle in needles])
    return line
