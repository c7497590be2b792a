"""Build speed and site size against plain Material, at 1x, 10x and 30x.

    .venv/bin/python bench/site_bench.py [--scales 1,10,30] [--runs 3]

For each scale: the full build with every project hook (strict), the same
docs built with plain Material and no project hooks (ratio in the same run,
median of several runs), cost per page, largest HTML page, total site size,
search index size (raw and gzip), home page transfer size (gzip) and time to
the first search result in Chromium. Targets (issue 8): build <= 1.15x plain
at 1x and 10x; per-page cost at 10x within 1.2x of 1x; no page over 100 KB
at 10x; home page <= 300 KB transferred, compressed.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from browser import search_timings
from common import listed_hooks, make_project, timed_build


def build_into(project: Path, site: Path, strict: bool = True) -> float:
    start = time.perf_counter()
    cmd = [sys.executable, "-m", "mkdocs", "build", "-d", str(site)] + (["--strict"] if strict else [])
    proc = subprocess.run(cmd, cwd=project, capture_output=True, text=True,
                          env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    if proc.returncode:
        raise SystemExit(proc.stdout[-2000:] + proc.stderr[-2000:])
    return time.perf_counter() - start


def home_transfer(site: Path) -> int:
    """Bytes of the home page and what it loads, gzip-compressed."""
    html = (site / "index.html").read_text(encoding="utf-8")
    import re

    total = len(gzip.compress(html.encode(), mtime=0))
    for ref in re.findall(r'(?:href|src)="([^"#?]+\.(?:css|js|svg))"', html):
        path = site / ref
        if path.exists():
            total += len(gzip.compress(path.read_bytes(), mtime=0))
    return total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="1,10,30")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    hooks = listed_hooks()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for scale in map(int, args.scales.split(",")):
            ours = make_project(scale, hooks, tmp)
            plain = make_project(scale, [], tmp)
            pages = len(list((ours / "docs").rglob("*.md")))
            t_ours, _ = timed_build(ours, args.runs)
            t_plain = _median_plain(plain, args.runs)
            site = tmp / f"site-{scale}"
            build_into(ours, site)
            htmls = list(site.rglob("*.html"))
            largest = max(htmls, key=lambda p: p.stat().st_size)
            size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
            index = (site / "search/search_index.json").read_bytes()
            timing = search_timings(site, ["care", "s47", "special guardianship"], rounds=2)
            rows.append((scale, pages, t_ours, t_plain, t_ours / t_plain, 1000 * t_ours / pages,
                         largest.stat().st_size / 1024, largest.relative_to(site).as_posix(), size / 1e6,
                         len(index) / 1e6, len(gzip.compress(index, mtime=0)) / 1e6, home_transfer(site) / 1024,
                         timing["first"], timing["later"]))
            shutil.rmtree(site)
    header = ("scale", "pages", "build s", "plain s", "ratio", "ms/page", "largest KB", "largest page",
              "site MB", "index MB", "index gz MB", "home gz KB", "1st search s", "later s")
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    for row in rows:
        print(" | ".join(f"{v:.2f}" if isinstance(v, float) else str(v) for v in row))


def _median_plain(project: Path, runs: int) -> float:
    import statistics

    times = []
    for _ in range(runs):
        site = Path(tempfile.mkdtemp(prefix="esca-plain-"))
        times.append(build_into(project, site, strict=False))
        shutil.rmtree(site)
    return statistics.median(times)


if __name__ == "__main__":
    main()
