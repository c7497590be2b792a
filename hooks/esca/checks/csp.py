"""The Content-Security-Policy, from its one source, for hosts that send no headers.

deploy/nginx/security-headers.conf holds the policy nginx sends. Every built
page also carries it as ``<meta http-equiv="Content-Security-Policy">``, first
in ``<head>``, so the site is protected where no header is sent: GitHub Pages,
GitLab Pages, any plain static host, a file share and the offline copy.

A policy in a meta element cannot do everything a header does: browsers
ignore ``frame-ancestors`` (framing by other sites), ``report-uri`` and
``report-to`` (reports of violations) and ``sandbox`` there, and it applies
only to what comes after it in the page. So :func:`meta_policy` leaves those
directives out and the meta element goes first. The Referrer-Policy header
has a meta form browsers read (``<meta name="referrer">``), so it goes too;
X-Content-Type-Options, X-Frame-Options and Permissions-Policy have none.

The offline copy's search runs Material's worker in a hidden frame made by the
iframe-worker shim, which writes one inline script into the frame; the frame
inherits the page's policy. That script names the worker's address, which
differs with the page's depth, so :func:`shim_script` rebuilds it from the
vendored shim for each page and its hash joins that page's policy.

No MkDocs imports.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from pathlib import Path

from esca.core.findings import Finding

HEADERS_FILE = "deploy/nginx/security-headers.conf"
SHIM_FILE = "docs/assets/vendor/iframe-worker/shim.js"
META_IGNORES = ("frame-ancestors", "report-uri", "report-to", "sandbox")  # no effect in a meta element
_ADD_HEADER = re.compile(r'^[ \t]*add_header[ \t]+([\w-]+)[ \t]+"([^"]*)"[ \t]+always;[ \t]*$', re.MULTILINE)
# Linear in the page: attributes stop at '<', and a script that never ends runs to the end of the page.
_INLINE_SCRIPT = re.compile(r"<script(?![^<>]*\bsrc=)([^<>]*)>(.*?)(?:</script>|\Z)", re.DOTALL | re.IGNORECASE)
_DATA_BLOCK = re.compile(r'\btype=["\']?application/(?:ld\+)?json', re.IGNORECASE)
_CONFIG_BLOCK = re.compile(r'<script id="__config" type="application/json">(.*?)(?:</script>|\Z)', re.DOTALL)
_HEAD = re.compile(r"<head(\s[^>]*)?>", re.IGNORECASE)


class CspError(ValueError):
    """The policy's source is missing or cannot be read; its text is one finding line."""


def headers(root: Path) -> dict[str, str]:
    """Every header security-headers.conf sets, by name."""
    path = Path(root, HEADERS_FILE)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise CspError(str(Finding(HEADERS_FILE, None, "file", "is missing",
                                   "restore it from version control: it is the site's security policy"))) from None
    found = dict(_ADD_HEADER.findall(text))
    if "Content-Security-Policy" not in found:
        raise CspError(str(Finding(HEADERS_FILE, None, "Content-Security-Policy", "no add_header line sets it",
                                   'write add_header Content-Security-Policy "…" always; on one line')))
    return found


def policy(root: Path) -> str:
    """The Content-Security-Policy nginx sends."""
    return headers(root)["Content-Security-Policy"]


def directives(text: str) -> list[tuple[str, list[str]]]:
    return [(parts[0].lower(), parts[1:]) for parts in (d.split() for d in text.split(";")) if parts]


def meta_policy(text: str, extra_scripts: tuple[str, ...] = ()) -> str:
    """The policy for a meta element: what a meta element ignores left out,
    and any extra script sources (the offline shim's script) added."""
    out = []
    for name, values in directives(text):
        if name in META_IGNORES:
            continue
        if name == "script-src":
            values = values + [s for s in extra_scripts if s not in values]
        out.append(" ".join([name, *values]))
    return "; ".join(out)


def source(script: str) -> str:
    """The CSP source that allows one inline script: 'sha256-…'."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(script.encode('utf-8')).digest()).decode()}'"


def inline_scripts(page: str) -> list[str]:
    """The text of every inline script a browser would run (data blocks are not run)."""
    return [body for attrs, body in _INLINE_SCRIPT.findall(page) if not _DATA_BLOCK.search(attrs)]


def not_allowed(page: str, text: str) -> list[str]:
    """The CSP sources of inline scripts in a page that the policy does not allow."""
    allowed = {value for name, values in directives(text) if name == "script-src" for value in values}
    return [s for s in map(source, inline_scripts(page)) if s not in allowed]


def with_meta(page: str, text: str, referrer: str | None = None) -> str:
    """The page with the policy as a meta element, the first thing in <head>,
    and the Referrer-Policy as the meta element browsers read for it."""
    element = f'<meta http-equiv="Content-Security-Policy" content="{_attribute(text)}">'
    if referrer:
        element += f'<meta name="referrer" content="{_attribute(referrer)}">'
    head = _HEAD.search(page)
    if not head:
        return page
    return page[:head.end()] + element + page[head.end():]


def _attribute(text: str) -> str:
    return html.escape(text, quote=False).replace('"', "&quot;")  # the attribute is in double quotes


def worker_address(page: str) -> str | None:
    """The search worker's address Material hands its Worker (the page's
    __config block), or None when the page has no search."""
    block = _CONFIG_BLOCK.search(page)
    if not block:
        return None
    try:
        value = json.loads(block.group(1)).get("search")
    except ValueError:
        return None
    return value if isinstance(value, str) else None


def shim_script(shim: str, worker: str) -> str:
    """The inline script the iframe-worker shim writes into its frame for a
    worker at ``worker``: its template with the two functions' source text and
    the address put in, as the browser does (Function.prototype.toString
    returns a function's source as written)."""
    template = re.search(r"document\.write\(`(.*?)`\)", shim, re.DOTALL)
    if not template:
        raise CspError(_shim_changed("its frame's page"))
    script = re.search(r"<script>(.*?)<\\/script>", template.group(1), re.DOTALL)
    if not script or "\\" in script.group(1):
        raise CspError(_shim_changed("the frame's first script"))

    def fill(match: re.Match) -> str:
        name = match.group(1)
        if name == "e":
            return worker
        return _function_source(shim, name)

    return re.sub(r"\$\{(\w+)\}", fill, script.group(1))


def _function_source(shim: str, name: str) -> str:
    start = shim.find(f"function {name}(")
    if start < 0:
        raise CspError(_shim_changed(f"function {name}"))
    depth, i = 0, shim.index("{", start)
    while i < len(shim):
        depth += {"{": 1, "}": -1}.get(shim[i], 0)
        if depth == 0:
            return shim[start:i + 1]
        i += 1
    raise CspError(_shim_changed(f"function {name}"))


def _shim_changed(what: str) -> str:
    return str(Finding(SHIM_FILE, None, "shim", f"{what} is not where esca.checks.csp looks for it",
                       "the vendored shim changed: update esca.checks.csp.shim_script and its test in "
                       "tests/test_offline.py"))
