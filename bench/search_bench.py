"""Search speed and size: enriched index vs Material's default, at 1x and 10x.

    .venv/bin/python bench/search_bench.py [--scales 1,10] [--rounds 3]

In Chromium, times (a) the first search after a fresh page load, when the
browser builds the index, and (b) later searches on the same page, each
from the last keystroke to the first result rendered; and prints the index
size raw and gzip. Targets (issue 7): later searches median <= 100 ms at 1x;
first search <= 400 ms at 1x and <= 1.5 s at 10x; the enriched index within
1.2x of the default's time and size in the same run.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import tempfile
from pathlib import Path

from browser import search_timings
from common import build_once, listed_hooks, make_project

QUERIES = ["care leavers", "s47", "special guardianship", "out of hours", "LAC", "supervision"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    hooks = listed_hooks()
    print("scale | index | pages | index KB | gzip KB | first search ms | later searches ms (median)")
    print("--- | --- | --- | --- | --- | --- | ---")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for scale in map(int, args.scales.split(",")):
            variants = {
                "enriched": make_project(scale, hooks, tmp),
                "default": make_project(scale, [h for h in hooks if h != "search"], tmp, search_fields=False),
            }
            for name, project in variants.items():
                site = tmp / f"site-{scale}-{name}"
                build_once(project, site=site)
                raw = (site / "search/search_index.json").read_bytes()
                pages = len(list(site.rglob("index.html")))
                timing = search_timings(site, QUERIES, rounds=args.rounds)
                print(f"{scale}x | {name} | {pages} | {len(raw) / 1024:.0f} | "
                      f"{len(gzip.compress(raw, mtime=0)) / 1024:.0f} | {1000 * timing['first']:.0f} | "
                      f"{1000 * timing['later']:.0f}")
                shutil.rmtree(site)


if __name__ == "__main__":
    main()
