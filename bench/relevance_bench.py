"""Search relevance on the evaluation set (data/search-eval.yml), tuning and
held-out halves apart: Material's default index and query handling, and the
portal's, both ranked by the Python replica of the browser's search
(tests/search_replica.py, checked against Chromium by tests/test_search.py).

    .venv/bin/python bench/relevance_bench.py [--site DIR] [--misses] [--tuning-only]

The later sets (data/search-eval-second.yml … -tenth.yml, listed in
tests/search_sets.py), each written blind after the search had been tuned
on the sets before it, are scored whole beside the two halves, and a set's
queries judged to one of the practice topics added for issue 28 apart
("new topics"). Each was scored once and then tuned on, like the tuning
half, but a set named in search_sets.NEVER_TUNED: it is, with the held-out
half, a measure nobody tunes on; no misses are listed for either, and
--tuning-only leaves both unread.

Prints recall@1, recall@3 and mean reciprocal rank over the queries that
have an answer, and the share of "nothing here" queries that show no
confident result (no page in the top 3 matches every content word).
Targets (issue 15): held-out recall@3 >= 0.95 and MRR >= 0.85; the tuning
half no better than the held-out half by more than 0.05.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "hooks")]
from search_replica import Replica  # noqa: E402
import search_sets  # noqa: E402

MATERIAL_FIELDS = {"title": {"boost": 1e3}, "text": {"boost": 1e0}, "tags": {"boost": 1e6}}
EXTRA_FIELDS = ("glossary", "mentions")


LATER = [(f"{n} set", search_sets.path_of(n)) for n in search_sets.LATER]  # tests/search_sets.py
MEASURES = {f"{n} set" for n in search_sets.NEVER_TUNED}  # with the held-out half: never tuned on
TUNED_ON = ("tuning", *(name for name, _ in LATER if name not in MEASURES))  # misses may be listed for these


# The practice topics added for issue 28: a set's queries judged to one of
# them are also scored apart ("new topics")
NEW_TOPICS = {f"legislation/{name}/" for name in (
    "allegations-against-staff", "missing-children", "exploitation-and-harm-outside-the-home",
    "safeguarding-and-child-protection", "child-protection-plans", "child-in-need-plans", "statutory-visits",
    "trafficking-and-modern-slavery", "domestic-abuse", "court-skills")} | {"roles/careers/routes-into-social-work/"}


def load_eval(path: Path = search_sets.FIRST) -> list[dict]:
    return search_sets.load(path)


def half(query: str) -> str:
    """The split, fixed when the set was written: by the SHA-256 of the query."""
    return "tuning" if hashlib.sha256(query.strip().lower().encode()).digest()[0] % 2 == 0 else "held-out"


def default_index(enriched: dict) -> dict:
    """What Material builds with no project hook: no extra fields, default boosts,
    and each entry as Material writes it (no description put in front)."""
    docs = []
    for doc in enriched["docs"]:
        doc = {k: v for k, v in doc.items() if k not in EXTRA_FIELDS}
        if "original" in doc:
            doc = {**doc, **doc.pop("original")}
        docs.append(doc)
    config = {k: v for k, v in enriched["config"].items() if k != "index"}
    return {"config": {**config, "fields": MATERIAL_FIELDS, "separator": r"[\s\-]+"}, "docs": docs}


def judge(replica: Replica, item: dict) -> dict:
    """Rank of the first answering page in the browser's order, or, for a
    query with nothing on the site, whether the top 3 hold a confident result."""
    results = replica.search(item["query"])
    if not item["expect"]:
        confident = [page for page in results[:3] if replica.page_matches_all(page, item["query"])]
        return {"nothing": True, "ok": not confident, "top": results[:3]}
    ranks = [i for i, page in enumerate(results, start=1) if page in item["expect"]]
    rank = ranks[0] if ranks else None
    return {"nothing": False, "rank": rank, "ok": bool(rank and rank <= 3), "top": results[:3]}


def score(replica: Replica, judged: list[dict]) -> dict:
    answered = [judge(replica, item) for item in judged if item["expect"]]
    nothing = [judge(replica, item) for item in judged if not item["expect"]]
    n = len(answered) or 1
    return {
        "n": len(answered),
        "at1": sum(j["rank"] == 1 for j in answered) / n,
        "at3": sum(j["ok"] for j in answered) / n,
        "mrr": sum(1 / j["rank"] for j in answered if j["rank"]) / n,
        "nothing_n": len(nothing),
        "nothing_ok": sum(j["ok"] for j in nothing) / (len(nothing) or 1),
    }


def build_site(site: Path) -> None:
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)], cwd=ROOT, check=True,
                   capture_output=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", type=Path, help="a built site to read (default: build one)")
    parser.add_argument("--misses", action="store_true", help="list the misses of the sets tuned on")
    parser.add_argument("--tuning-only", action="store_true",
                        help="score the tuning half only (while tuning: the held-out half stays unread)")
    args = parser.parse_args()
    judged = load_eval()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or Path(tmp)
        if not args.site:
            build_site(site)
        enriched = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    halves = {name: [q for q in judged if half(q["query"]) == name] for name in ("tuning", "held-out")}
    if args.tuning_only:
        halves.pop("held-out")
    for name, path in LATER:
        if path.exists() and not (args.tuning_only and name in MEASURES):
            halves[name] = load_eval(path)
    for name in list(halves):
        topical = [q for q in halves[name] if any(url in NEW_TOPICS for url in q["expect"])]
        if len(topical) >= 10:
            halves[f"{name}, new topics"] = topical
    print(f"{len(judged)} judged queries: {len(halves['tuning'])} tuning, "
          f"{len(judged) - len(halves['tuning'])} held out; "
          + "; ".join(f"{name} {len(load_eval(path))}" for name, path in LATER if path.exists()) + "\n")
    print("index and query handling | half | queries | recall@1 | recall@3 | MRR | nothing-here clean")
    print("--- | --- | --- | --- | --- | --- | ---")
    variants = (("Material default", Replica(default_index(enriched), shim=False)),
                ("portal", Replica(enriched)))
    for name, replica in variants:
        for which, items in halves.items():
            s = score(replica, items)
            print(f"{name} | {which} | {s['n']} | {s['at1']:.3f} | {s['at3']:.3f} | {s['mrr']:.3f} | "
                  f"{s['nothing_ok'] * s['nothing_n']:.0f}/{s['nothing_n']}")
    if args.misses:
        replica = variants[-1][1]
        for which in TUNED_ON:
            print(f"\n{which}, misses:")
            for item in halves.get(which, []):
                j = judge(replica, item)
                if not j["ok"]:
                    print(f"  {item['query']!r}: top {j['top']} want {item['expect'] or 'nothing confident'}")


if __name__ == "__main__":
    main()
