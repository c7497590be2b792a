"""Build speed and site size against plain Material, at 1x, 10x and 30x.

    .venv/bin/python bench/site_bench.py [--scales 1,10,30] [--runs 5]

For each scale: the full build with every project hook (strict), the same
docs built with plain Material and no project hooks (ratio in the same run:
the two are built alternately, after one warm-up build each, and the median
of several runs of each is taken), cost per page, largest HTML page, total site size,
search index size (raw and gzip), home page transfer size (gzip) and time to
the first search result in Chromium. Targets (issue 13): build <= 1.10x plain
at 1x and 10x, in wall time; per-page cost at 10x no more than at 1x. "CPU
ratio" is the processor time of every process of the build (the portal's
runs its checks and search index in a second process, esca.checker) against
plain Material's: what a machine with one core would see.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import sys
import tempfile
from pathlib import Path

from browser import search_timings
from common import PAIR_CPU, build_once, listed_hooks, make_project, timed_pair


def write_generated_pages(project: Path) -> None:
    """Give the plain build the pages our hooks generate, as ordinary Markdown,
    so both builds render the same pages and the ratio is the hooks' cost."""
    sys.path.insert(0, str(project / "hooks"))
    from esca import site

    docs = project / "docs"
    model = site.load(project)
    for src, text in model.generated.items():
        (docs / src).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):  # a generated file that is not a page (a feed, a model)
            (docs / src).write_bytes(text)
        else:
            (docs / src).write_text(text, encoding="utf-8")
    sys.path.remove(str(project / "hooks"))


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
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    hooks = listed_hooks()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for scale in map(int, args.scales.split(",")):
            ours = make_project(scale, hooks, tmp)
            plain = make_project(scale, [], tmp)
            write_generated_pages(plain)
            pages = len(list((ours / "docs").rglob("*.md")))
            t_ours, t_plain, _ = timed_pair(ours, plain, args.runs, theirs_strict=False)
            site = tmp / f"site-{scale}"
            build_once(ours, site=site)
            htmls = list(site.rglob("*.html"))
            largest = max(htmls, key=lambda p: p.stat().st_size)
            size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
            index = (site / "search/search_index.json").read_bytes()
            timing = search_timings(site, ["care", "s47", "special guardianship"], rounds=2)
            rows.append((scale, pages, t_ours, t_plain, t_ours / t_plain, PAIR_CPU[0] / PAIR_CPU[1], 1000 * t_ours / pages,
                         largest.stat().st_size / 1024, largest.relative_to(site).as_posix(), size / 1e6,
                         len(index) / 1e6, len(gzip.compress(index, mtime=0)) / 1e6, home_transfer(site) / 1024,
                         timing["first"], timing["later"]))
            shutil.rmtree(site)
    header = ("scale", "pages", "build s", "plain s", "ratio", "CPU ratio", "ms/page", "largest KB", "largest page",
              "site MB", "index MB", "index gz MB", "home gz KB", "1st search s", "later s")
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    for row in rows:
        print(" | ".join(f"{v:.2f}" if isinstance(v, float) else str(v) for v in row))


if __name__ == "__main__":
    main()
