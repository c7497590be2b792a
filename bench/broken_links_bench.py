"""What 1,000 broken links cost a build of about 1,000 pages (issue 13).

    .venv/bin/python bench/broken_links_bench.py [--runs 3] [--scale 12]

Builds the same synthetic project (bench/common.py) twice: as it is, and with
one broken link added to every page, as a moved folder would leave them
(each reported with a "did you mean …?" suggestion). The builds are not
strict, so the broken one runs to the end. Target: the broken links add at
most 2 s.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import tempfile
from pathlib import Path

from common import build_once, listed_hooks, make_project


def break_links(project: Path) -> int:
    """One link to a page that moved, on every Markdown page."""
    count = 0
    for page in (project / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        page.write_text(text + "\n\nSee [the old page](../moved-folder/" + page.stem + "-old.md).\n", encoding="utf-8")
        count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=int, default=12)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        clean = make_project(args.scale, listed_hooks(), Path(tmp))
        broken = Path(tmp) / "broken"
        shutil.copytree(clean, broken)
        links = break_links(broken)
        pages = len(list((clean / "docs").rglob("*.md")))
        build_once(clean, strict=False), build_once(broken, strict=False)  # warm-up
        a, b, output = [], [], ""
        for _ in range(args.runs):
            a.append(build_once(clean, strict=False)[0])
            seconds, output = build_once(broken, strict=False)
            b.append(seconds)
    reported = len(re.findall(r"^WARNING .*no such page", output, flags=re.MULTILINE))
    clean_s, broken_s = statistics.median(a), statistics.median(b)
    print("pages | broken links | reported | clean build s | with broken links s | added s")
    print("--- | --- | --- | --- | --- | ---")
    print(f"{pages} | {links} | {reported} | {clean_s:.2f} | {broken_s:.2f} | {broken_s - clean_s:.2f}")


if __name__ == "__main__":
    main()
