"""Web addresses read the way a browser reads them (the WHATWG URL Standard).

Python's ``urlsplit`` and a browser can disagree about where a link goes:
for ``https://evil.example\\@www.legislation.gov.uk/`` Python reads the host
``www.legislation.gov.uk`` while Chromium, which takes a backslash for a
slash, goes to ``evil.example``. The link checks decide on the host a browser
would use (:func:`browser_host`) and refuse what invites the disagreement in
the first place (:func:`url_problems`): user names before ``@``,
backslashes, control characters.

Pure functions, no MkDocs imports. ``tests/test_hostile.py`` checks the
hosts against Chromium's own ``new URL()`` row by row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

import idna

SPECIAL_SCHEMES = frozenset({"http", "https", "ws", "wss", "ftp", "file"})


@dataclass(frozen=True)
class BrowserURL:
    """What a browser makes of an address.

    ``host`` is what ``new URL(address).hostname`` gives in a browser ('' when
    the address has none, None when a browser would refuse it; an IPv6
    address that holds an IPv4 one is refused here too). ``userinfo`` is True when a user name or password
    stands before an ``@``."""

    scheme: str
    host: str | None
    userinfo: bool = False


def browser_url(url: str, base_scheme: str = "https") -> BrowserURL:
    """Parse ``url`` as a browser does on a page served over ``base_scheme``.

    Follows the WHATWG URL Standard for the parts the link checks need:
    leading and trailing C0 controls and spaces are dropped, tabs and line
    breaks anywhere are removed, a backslash is a slash in special schemes
    (http, https, …), any run of slashes after ``https:`` starts the host,
    the host ends at the first ``/``, ``\\``, ``?`` or ``#`` and starts after
    the last ``@``, is percent-decoded, mapped by IDNA (UTS #46,
    non-transitional) to lower-case ASCII, and a host ending in a number is
    an IPv4 address (``0x7f.1`` is ``127.0.0.1``).
    """
    text = _TAB_OR_NEWLINE.sub("", url.strip(_C0_OR_SPACE))
    match = _SCHEME.match(text)
    if match:
        scheme, rest = match.group(1).lower(), text[match.end():]
        if scheme not in SPECIAL_SCHEMES:
            return BrowserURL(scheme, "")
        if scheme == base_scheme and not re.match(r"[/\\]{2}", rest):
            return BrowserURL(scheme, "")  # 'https:x' on an https page is a path on the same host
    else:
        scheme, rest = "", text
        if base_scheme not in SPECIAL_SCHEMES or not re.match(r"[/\\]{2}", rest):
            return BrowserURL("", "")  # a path: the host is the page's own
    rest = rest.lstrip("/\\")
    authority = re.split(r"[/\\?#]", rest, maxsplit=1)[0]
    userinfo = "@" in authority
    if userinfo:
        authority = authority.rpartition("@")[2]
        if not authority:
            return BrowserURL(scheme, None, True)
    host, port = _split_port(authority)
    if port is None:
        return BrowserURL(scheme, None, userinfo)
    return BrowserURL(scheme, _host(host), userinfo)


def browser_host(url: str, base_scheme: str = "https") -> str | None:
    """The host a browser would go to for ``url`` ('' for none, None if refused)."""
    return browser_url(url, base_scheme).host


def url_problems(url: str) -> list[tuple[str, str]]:
    """What makes an address read differently by different programs, as
    (problem, fix) pairs: control characters (tabs and line breaks included),
    backslashes, and a user name or password before ``@``."""
    found = []
    text = url.strip(" ")
    if _CONTROL.search(text):
        found.append(("has a control character (a tab, line break or similar) in it",
                      "write the address on one line with no hidden characters"))
    if "\\" in text:
        found.append(("has a backslash in it: browsers read it as '/' and may go to another host",
                      "use '/' or write the address as the site gives it"))
    parsed = browser_url(text)
    if parsed.userinfo:
        found.append((f"has a user name before '@': a browser goes to '{parsed.host or ''}'",
                      "remove everything from '//' to the last '@'"))
    return found


def _split_port(authority: str) -> tuple[str, str | None]:
    """Host and port ('' for none); port None when a browser refuses it."""
    if authority.startswith("["):
        close = authority.find("]")
        host, after = (authority[:close + 1], authority[close + 1:]) if close >= 0 else (authority, "")
    else:
        host, colon, port = authority.partition(":")
        after = colon + port
    if not after:
        return host, ""
    port = after[1:] if after.startswith(":") else None
    if port is None or not port.isascii() or (port and (not port.isdigit() or int(port) > 65535)):
        return host, None
    return host, port


def _host(text: str) -> str | None:
    if not text:
        return None
    if text.startswith("["):
        return _ipv6(text)
    try:
        domain = unquote_to_bytes(text).decode("utf-8")
    except UnicodeDecodeError:
        return None
    ascii_domain = _to_ascii(domain)
    if ascii_domain is None or _FORBIDDEN_DOMAIN.search(ascii_domain):
        return None
    if _ends_in_number(ascii_domain):
        return _ipv4(ascii_domain)
    return ascii_domain


def _to_ascii(domain: str) -> str | None:
    """UTS #46 ToASCII as the URL Standard asks (no hyphen or length checks)."""
    if domain.isascii():
        labels = domain.lower().split(".")
    else:
        try:
            mapped = idna.uts46_remap(domain, std3_rules=False, transitional=False)
        except idna.IDNAError:
            return None
        labels = mapped.split(".")
    out = []
    for label in labels:
        if label.isascii():
            if label.startswith("xn--"):
                try:
                    idna.ulabel(label)
                except (idna.IDNAError, UnicodeError):
                    return None
            out.append(label)
            continue
        try:
            idna.check_nfc(label)
            out.append("xn--" + label.encode("punycode").decode("ascii"))
        except (idna.IDNAError, UnicodeError):
            return None
    return ".".join(out)


def _ends_in_number(domain: str) -> bool:
    labels = domain.split(".")
    if labels[-1] == "" and len(labels) > 1:
        labels.pop()
    last = labels[-1]
    return bool(last) and (last.isdigit() and last.isascii() or bool(re.fullmatch(r"0[xX][0-9a-fA-F]*", last)))


def _ipv4(domain: str) -> str | None:
    parts = domain.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    if len(parts) > 4:
        return None
    numbers = []
    for part in parts:
        if not part:
            return None
        if re.fullmatch(r"0[xX][0-9a-fA-F]*", part):
            number = int(part[2:] or "0", 16)
        elif len(part) > 1 and part.startswith("0"):
            if not re.fullmatch(r"[0-7]+", part):
                return None
            number = int(part, 8)
        elif part.isascii() and part.isdigit():
            number = int(part)
        else:
            return None
        numbers.append(number)
    if any(n > 255 for n in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
        return None
    value = numbers[-1]
    for index, number in enumerate(numbers[:-1]):
        value += number * 256 ** (3 - index)
    return ".".join(str((value >> shift) & 255) for shift in (24, 16, 8, 0))


def _ipv6(text: str) -> str | None:
    import ipaddress

    if not text.endswith("]") or "%" in text:
        return None
    try:
        address = ipaddress.IPv6Address(text[1:-1])
    except ValueError:
        return None
    return f"[{address.compressed}]" if address.ipv4_mapped is None else None


_C0_OR_SPACE = "".join(map(chr, range(0x21)))
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
_CONTROL = re.compile("[\x00-\x1f\x7f]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# Forbidden domain code points (URL Standard, 3.1 Hosts).
_FORBIDDEN_DOMAIN = re.compile(r"[\x00-\x20#/:<>?@\[\\\]^|%\x7f]")
