"""Lay the built site out as a web server's root, at the path it is built for.

    python3 deploy/place_site.py SITE_DIR ROOT_DIR SITE_URL

The build writes its addresses for SITE_URL (ESCA_SITE_URL): the pages link to
each other relatively, but the 404 page, which a server shows at any depth,
links to its styles, scripts and home page by absolute path, and the sitemap,
feeds and calendars name full addresses. So the site must be served at the
path of SITE_URL. This copies SITE_DIR to ROOT_DIR/<path>/ (ROOT_DIR itself for
a site at /) and, for a site under a path, a copy of its 404 page to
ROOT_DIR/404.html, where nginx's `error_page 404 /404.html` finds it for an
address outside the path too. The container (Containerfile) and
tests/test_security_headers.py use it; on your own nginx, point `root` at
ROOT_DIR.

ROOT_DIR must not exist yet, or be empty. Standard library only. A bad
argument is one line, `argument: what is wrong — how to fix it`, exit 2.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

SEGMENT = re.compile(r"[A-Za-z0-9._~-]+")


class PlaceError(ValueError):
    """A bad argument: its text is one line a person can act on."""


def site_path(site_url: str) -> str:
    """The path part of SITE_URL without its slashes ('' for a site at /),
    made of plain path segments only."""
    parts = urlsplit(site_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PlaceError(f"SITE_URL: not a web address: {site_url!r} — give the published address, "
                         "e.g. https://your-host/esca/")
    path = parts.path.strip("/")
    segments = path.split("/") if path else []
    if any(not SEGMENT.fullmatch(s) or s in (".", "..") for s in segments):
        raise PlaceError(f"SITE_URL: path {parts.path!r} has a part a folder name cannot be — use letters, "
                         "digits, '.', '_', '~' and '-' between the slashes")
    return "/".join(segments)


def place(site: Path, root: Path, site_url: str) -> Path:
    """Copy the site under root at the path of site_url; return where it went."""
    path = site_path(site_url)
    if not (site / "index.html").is_file() or not (site / "404.html").is_file():
        raise PlaceError(f"SITE_DIR: {site} holds no built site (index.html and 404.html) — run make build first")
    if root.exists() and any(root.iterdir()):
        raise PlaceError(f"ROOT_DIR: {root} is not empty — give a new or empty folder")
    target = root / path if path else root
    shutil.copytree(site, target, dirs_exist_ok=True)
    if path:
        shutil.copyfile(site / "404.html", root / "404.html")
    return target


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: python3 deploy/place_site.py SITE_DIR ROOT_DIR SITE_URL", file=sys.stderr)
        return 2
    try:
        target = place(Path(argv[0]), Path(argv[1]), argv[2])
    except PlaceError as error:
        print(error, file=sys.stderr)
        return 2
    path = site_path(argv[2])
    print(f"Placed {argv[0]} at {target}: nginx serves it at /{path + '/' if path else ''}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
