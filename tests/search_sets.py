"""The search evaluation sets: one list for the tests and the bench.

data/search-eval.yml is the first set (its tuning and held-out halves are
split by bench/relevance_bench.py). Each later set, data/search-eval-NAME.yml,
was written blind after a pass (bench/README.md), scored once before any
tuning, then tuned on, unless it is named in NEVER_TUNED too: a measure nobody
tunes on, whose misses the bench never lists.

To measure a new blind set: copy it to data/search-eval-NAME.yml, add NAME to
LATER (and to NEVER_TUNED while it is the measure), and run the bench once.
"""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FIRST = ROOT / "data/search-eval.yml"
LATER = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh")
NEVER_TUNED: tuple[str, ...] = ("eleventh",)


def path_of(name: str) -> Path:
    return ROOT / f"data/search-eval-{name}.yml"


def load(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]
