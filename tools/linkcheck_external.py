"""Check external links once, politely, outside the normal build.

Usage: ``make linkcheck-external`` (runs ``python -m tools.linkcheck_external``).
Builds the site into a temporary folder, collects every external ``https:``
link from the final HTML (with its data-file origin where it has one),
fetches each URL once with a timeout and a pause between requests, caches the
results with dates in ``.cache/external-links.json`` (a URL checked in the
last 7 days is not fetched again), and prints one line per dead or
redirected link. Exit status 1 when any link is dead. Never part of
``make test``: the build and the tests work offline.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from esca.checks.links import scan_html

CACHE = Path(".cache/external-links.json")
MAX_AGE = dt.timedelta(days=7)
TIMEOUT = 15
PAUSE = 1.0
USER_AGENT = "ESCA-portal-linkcheck/1 (+static site link check)"


@dataclass(frozen=True)
class Result:
    url: str
    status: int | None  # HTTP status, or None when no answer
    final_url: str
    checked: str  # ISO date
    error: str = ""

    @property
    def dead(self) -> bool:
        return self.status is None or self.status >= 400

    @property
    def redirected(self) -> bool:
        return not self.dead and self.final_url.rstrip("/") != self.url.rstrip("/")


def collect(site_dir: Path) -> dict[str, set[str]]:
    """Every external https URL in the built site -> where it appears."""
    found: dict[str, set[str]] = {}
    for page in sorted(site_dir.rglob("*.html")):
        where = page.relative_to(site_dir).as_posix()
        for link in scan_html(page.read_text(encoding="utf-8")).links:
            if link.tag == "a" and link.url.startswith("https://"):
                found.setdefault(link.url, set()).add(link.source or where)
    return found


def check(urls: Iterable[str], cache: dict[str, dict], today: dt.date,
          fetch: Callable[[str], Result], pause: float = PAUSE) -> list[Result]:
    """Fetch each URL not checked recently; reuse cached results for the rest."""
    results = []
    first = True
    for url in sorted(urls):
        cached = cache.get(url)
        if cached and today - dt.date.fromisoformat(cached["checked"]) < MAX_AGE:
            results.append(Result(**cached))
            continue
        if not first:
            time.sleep(pause)
        first = False
        result = fetch(url)
        cache[url] = result.__dict__
        results.append(result)
    return results


def report(results: list[Result], where: dict[str, set[str]]) -> list[str]:
    """One line per dead or redirected link, in the project's finding shape."""
    lines = []
    for result in results:
        origin = sorted(where.get(result.url, {"?"}))[0]
        if result.dead:
            problem = f"HTTP {result.status}" if result.status else f"no answer ({result.error})"
            lines.append(f"{origin}: link '{result.url}': dead, {problem} on {result.checked}"
                         " — find the page's new address or remove the link")
        elif result.redirected:
            lines.append(f"{origin}: link '{result.url}': redirects to '{result.final_url}'"
                         " — link the new address directly")
    return lines


def fetch_url(url: str) -> Result:
    today = dt.date.today().isoformat()
    request = urllib.request.Request(url, method="GET", headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - https only
            return Result(url, response.status, response.geturl(), today)
    except urllib.error.HTTPError as error:
        return Result(url, error.code, url, today)
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        return Result(url, None, url, today, error=str(getattr(error, "reason", error)))


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", tmp],
                               capture_output=True, text=True)
        if build.returncode:
            print(build.stdout + build.stderr)
            print("The site does not build; fix that first.")
            return 1
        where = collect(Path(tmp))
    cache = json.loads(CACHE.read_text()) if CACHE.exists() else {}
    results = check(where, cache, dt.date.today(), fetch_url)
    CACHE.parent.mkdir(exist_ok=True)
    CACHE.write_text(json.dumps(cache, indent=2, sort_keys=True) + "\n")
    lines = report(results, where)
    print("\n".join(lines) if lines else f"All {len(results)} external links answered.")
    return 1 if any(r.dead for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
