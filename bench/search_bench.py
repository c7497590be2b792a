"""Search speed and size: the portal's search vs Material's default, at 1x and 10x.

    .venv/bin/python bench/search_bench.py [--scales 1,10] [--rounds 3]

In Chromium, times (a) the first search after a fresh page load, when the
worker sets up the index (Material's default builds it from the entries; the
portal's loads the one prebuilt at build time), and (b) later searches on the
same page, each from the last keystroke to the first result rendered; the
rounds alternate between the two sites and the medians are printed. Also
prints the index size raw and gzip, and what the browser downloads for search,
compressed (the index, plus the portal's worker shim). Targets (issue 15):
first search no slower than default at 1x and at most half of default's at
10x; later searches <= 50 ms median at 10x; download <= 2x the default's.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import statistics
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
    print("scale | index | pages | index KB | gzip KB | download gzip KB | first search ms | "
          "later searches ms (median)")
    print("--- | --- | --- | --- | --- | --- | --- | ---")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for scale in map(int, args.scales.split(",")):
            variants = {
                "enriched": make_project(scale, hooks, tmp),
                "default": make_project(scale, [h for h in hooks if h != "search"], tmp, search_fields=False),
            }
            sites, rows = {}, {}
            for name, project in variants.items():
                site = sites[name] = tmp / f"site-{scale}-{name}"
                build_once(project, site=site)
                raw = (site / "search/search_index.json").read_bytes()
                shim = site / "assets/javascripts/workers/esca-search.js"  # the portal's only extra script
                download = len(gzip.compress(raw, mtime=0)) + (len(gzip.compress(shim.read_bytes(), mtime=0))
                                                                if name == "enriched" else 0)
                pages = len(list(site.rglob("index.html")))
                rows[name] = (f"{scale}x | {name} | {pages} | {len(raw) / 1024:.0f} | "
                              f"{len(gzip.compress(raw, mtime=0)) / 1024:.0f} | {download / 1024:.0f}")
            # Rounds alternate between the two, so a busy moment on the machine falls on both.
            timings = {name: [] for name in variants}
            for _ in range(args.rounds):
                for name in variants:
                    timings[name].append(search_timings(sites[name], QUERIES, rounds=1))
            for name in variants:
                first = statistics.median(t["first"] for t in timings[name])
                later = statistics.median(t["later"] for t in timings[name])
                print(f"{rows[name]} | {1000 * first:.0f} | {1000 * later:.0f}", flush=True)
                shutil.rmtree(sites[name])

if __name__ == "__main__":
    main()
