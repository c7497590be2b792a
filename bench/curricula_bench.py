"""The curricula hook at scale: 1,000 synthetic courses.

    .venv/bin/python bench/curricula_bench.py [--courses 1000] [--runs 3]

Times loading and validating the courses and generating their pages and
feeds (in-process, pure functions, as the site model and the curricula hook
run them), and the whole strict build of the same site (median of several
runs); reports the curricula work as a share of the build. Target (issue 4):
at most 10%.
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

from common import ROOT, build_once, listed_hooks, make_project  # noqa: E402
from esca import site
from esca.core import clock  # noqa: E402
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
    day = clock.today()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        project = make_project(1, hooks, tmp)
        synthesise(project, args.courses)
        model = site.load(project, today=day)
        assert not model.findings, model.findings[:3]
        pages = {"role": model.ids("team"), "career": model.ids("career"), "legislation": model.ids("legislation")}
        loads, gens = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            cur, findings = load_curricula(project, pages, today=day, owners=model.vocab.owners)
            loads.append(time.perf_counter() - start)
            assert not findings, findings[:3]
            start = time.perf_counter()
            for course in cur.courses.values():
                render.course_page(course, cur, day)
            render.catalogue(cur, day), render.dashboard(cur, day), render.whats_new(cur, day)
            feeds.courses_json(cur), feeds.courses_csv(cur), feeds.sessions_ics(cur)
            gens.append(time.perf_counter() - start)
        builds = [build_once(project)[0] for _ in range(args.runs)]
    load, gen, build = statistics.median(loads), statistics.median(gens), statistics.median(builds)
    print("courses | load and validate s | generate pages and feeds s | whole build s | curricula share of the build")
    print("--- | --- | --- | --- | ---")
    print(f"{args.courses} | {load:.2f} | {gen:.2f} | {build:.2f} | {(load + gen) / build:.1%}")


if __name__ == "__main__":
    main()
