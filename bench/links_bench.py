"""The links hook's share of build time, at 1x and 10x the real site.

    .venv/bin/python bench/links_bench.py [--runs 3]

Builds the same synthetic project with every hook, and with every hook but
links; the difference is the links hook's cost. Target: <= 5% and linear.
The checks run beside the build (esca.checker): "hook s" is the second
process's time on the checks, not time the build waits for.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from pathlib import Path

from common import listed_hooks, make_project, timed_pair


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scales", default="1,10")
    args = parser.parse_args()
    hooks = listed_hooks()
    without = [h for h in hooks if h != "links"]
    print(f"{'scale':>5} {'pages':>6} {'build s':>8} {'without s':>10} {'share (diff)':>13} "
          f"{'hook s':>7} {'share (own)':>12} {'hook ms/page':>13}")
    with tempfile.TemporaryDirectory() as tmp:
        for scale in map(int, args.scales.split(",")):
            with_links = make_project(scale, hooks, Path(tmp))
            pages = len(list((with_links / "docs").rglob("*.md")))
            t_with, t_without, output = timed_pair(with_links, make_project(scale, without, Path(tmp)), args.runs)
            own = float(re.search(r"links: checked \d+ links on \d+ pages in ([\d.]+) s", output).group(1))
            print(f"{scale:>5} {pages:>6} {t_with:>8.2f} {t_without:>10.2f} {(t_with - t_without) / t_with:>13.1%} "
                  f"{own:>7.3f} {own / t_with:>12.1%} {1000 * own / pages:>13.2f}")


if __name__ == "__main__":
    main()
