"""Search relevance on the judged query set: Material's default index vs the
enriched one, both ranked by the Python replica of the browser's search.

    .venv/bin/python bench/relevance_bench.py

Prints recall@1, recall@3 and mean reciprocal rank. Target (issue 7):
recall@3 >= 0.95 for the enriched index, and a clear gain over the default.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
from esca.search import Replica  # noqa: E402

MATERIAL_FIELDS = {"title": {"boost": 1e3}, "text": {"boost": 1e0}, "tags": {"boost": 1e6}}


def default_index(enriched: dict) -> dict:
    """What Material builds with no project hook: no extra fields, default boosts."""
    docs = [{k: v for k, v in doc.items() if k not in ("glossary", "mentions")} for doc in enriched["docs"]]
    return {"config": {**enriched["config"], "fields": MATERIAL_FIELDS}, "docs": docs}


def score(index: dict, judged: list[dict]) -> tuple[float, float, float, list[str]]:
    replica = Replica(index)
    at1 = at3 = rr = 0.0
    misses = []
    for item in judged:
        results = replica.search(item["query"])
        ranks = [i for i, page in enumerate(results, start=1) if page in item["expect"]]
        rank = ranks[0] if ranks else None
        at1 += rank == 1
        at3 += bool(rank and rank <= 3)
        rr += 1 / rank if rank else 0
        if not rank or rank > 3:
            misses.append(item["query"])
    n = len(judged)
    return at1 / n, at3 / n, rr / n, misses


def main() -> None:
    judged = yaml.safe_load((ROOT / "data/search-judgements.yml").read_text())["queries"]
    with tempfile.TemporaryDirectory() as site:
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", site], cwd=ROOT, check=True,
                       capture_output=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        enriched = json.loads((Path(site) / "search/search_index.json").read_text())
    print(f"{len(judged)} judged queries\n")
    print("index | recall@1 | recall@3 | MRR | missed (not in top 3)")
    print("--- | --- | --- | --- | ---")
    for name, index in (("Material default", default_index(enriched)), ("enriched", enriched)):
        at1, at3, mrr, misses = score(index, judged)
        print(f"{name} | {at1:.2f} | {at3:.2f} | {mrr:.2f} | {len(misses)}")


if __name__ == "__main__":
    main()
