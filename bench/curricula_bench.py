"""The curricula hook at scale: 1,000 synthetic courses.

    .venv/bin/python bench/curricula_bench.py [--courses 1000] [--runs 3]

Times loading and validating the courses, generating their pages and feeds
(in-process, pure functions), and the whole strict build with and without
the curricula hook (median of several runs). Target (issue 4): the hook adds
at most 10% to the build time of the same site without it.
"""

from __future__ import annotations

import argparse
import json
import datetime as dt
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

from common import ROOT, listed_hooks, make_project, timed_pair  # noqa: E402
from esca.curricula import feeds, render  # noqa: E402
from esca.curricula.loader import load_curricula  # noqa: E402


def synthesise(project: Path, count: int) -> None:
    """Replace the courses with ``count`` variations of the real ones."""
    real = sorted((ROOT / "curricula/courses").glob("*.yml"))
    target = project / "curricula/courses"
    shutil.rmtree(target)
    target.mkdir()
    for n in range(count):
        source = real[n % len(real)]
        new_id = f"{source.stem}-{n}"
        text = source.read_text(encoding="utf-8")
        text = re.sub(r"^id: .*$", f"id: {new_id}", text, count=1, flags=re.MULTILINE)
        text = re.sub(r"^title: (.*)$", lambda m: "title: " + json.dumps(f"{m.group(1).strip(chr(39))} (run {n})"),
                      text, count=1, flags=re.MULTILINE)
        text = re.sub(r"^prerequisites:\n(?:- .*\n)+", "", text, flags=re.MULTILINE)
        (target / f"{new_id}.yml").write_text(text, encoding="utf-8")
    for programme in (project / "curricula/programmes").glob("*.yml"):
        programme.unlink()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--courses", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    hooks = listed_hooks()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with_hook = make_project(1, hooks, tmp)
        synthesise(with_hook, args.courses)
        pages = {"role": {p.stem for p in (ROOT / "docs/roles").glob("*.md")} - {"index", "why-essex"},
                 "career": {p.stem for p in (ROOT / "docs/roles/careers").glob("*.md")} - {"index"},
                 "legislation": {p.stem for p in (ROOT / "docs/legislation").glob("*.md")} - {"index"}}
        loads, gens = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            cur, findings = load_curricula(with_hook, pages, today=dt.date(2026, 11, 24))
            loads.append(time.perf_counter() - start)
            assert not findings, findings[:3]
            start = time.perf_counter()
            day = dt.date(2026, 11, 24)
            for course in cur.courses.values():
                render.course_page(course, cur, day)
            render.catalogue(cur, day), render.dashboard(cur, day), render.whats_new(cur, day)
            feeds.courses_json(cur), feeds.courses_csv(cur), feeds.sessions_ics(cur)
            gens.append(time.perf_counter() - start)
        # The same site without the hook: the pages the hook generates are
        # written out as ordinary Markdown files, so both builds render the
        # same pages and the difference is the hook's own work.
        without = make_project(1, [h for h in hooks if h != "curricula"], tmp)
        synthesise(without, args.courses)
        day = dt.date(2026, 11, 24)
        generated = {f"cpd/courses/{c.id}.md": render.course_page(c, cur, day) for c in cur.courses.values()}
        generated.update({"cpd/catalogue.md": render.catalogue(cur, day), "cpd/dashboard.md": render.dashboard(cur, day),
                          "cpd/whats-new.md": render.whats_new(cur, day), "cpd/field-reference.md": render.field_reference(day),
                          "cpd/programmes/index.md": render.programmes_index(cur, day)})
        for src, text in generated.items():
            (without / "docs" / src).parent.mkdir(parents=True, exist_ok=True)
            (without / "docs" / src).write_text(text)
        for path in (without / "docs").rglob("*.md"):
            text = path.read_text()
            if "esca:courses" in text or "courses.json" in text:
                text = re.sub(r"<!-- esca:courses [^>]*-->", "", text)
                text = re.sub(r'<a href="(courses\.json|courses\.csv|sessions\.ics)">([^<]+)</a>', r"\2", text)
                path.write_text(text)
        t_with, t_without, _ = timed_pair(with_hook, without, args.runs)
    print("courses | load and validate s | generate pages and feeds s | build with hook s | build without s | added")
    print("--- | --- | --- | --- | --- | ---")
    print(f"{args.courses} | {statistics.median(loads):.2f} | {statistics.median(gens):.2f} | {t_with:.2f} | "
          f"{t_without:.2f} | {(t_with - t_without) / t_without:.1%}")


if __name__ == "__main__":
    main()
