"""Shared bench helpers: synthetic projects scaled from the real site, and
timed strict builds. Benchmarks print figures; they never assert on time."""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALL_HOOKS = ("governance", "charts", "curricula", "search", "links")


def config_text(hooks: list[str], *, nav: bool = True, search_fields: bool = True) -> str:
    """The real mkdocs.yml with only the given hooks (and, at scale, no nav).

    ``search_fields=False`` also drops the extra search fields, giving
    Material's default search index."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if not search_fields:
        text = re.sub(r"\n      # Extra fields.*?\n      fields:\n(?:        [^\n]*\n)+", "\n", text, flags=re.DOTALL)
    head, _, tail = text.partition("\nhooks:\n")
    body = re.sub(r"^  - hooks/\S+\n", "", tail, flags=re.MULTILINE)
    listed = "".join(f"  - hooks/{name}.py\n" for name in hooks)
    text = head + ("\nhooks:\n" + listed if hooks else "\n") + body
    if not nav:
        text = text.split("\nnav:\n")[0] + "\n"
    return text


def make_project(scale: int, hooks: list[str], where: Path, *, search_fields: bool = True) -> Path:
    """A copy of the real project whose docs are repeated ``scale`` times.

    Copy 0 is the real docs; copies 1.. live under docs/copy-N/ with the same
    pages and relative links, so pages per section, links per page and
    generated pages all grow with the scale.
    """
    project = where / f"x{scale}-{'-'.join(hooks) or 'plain'}{'' if search_fields else '-default-search'}"
    if project.exists():
        shutil.rmtree(project)
    shutil.copytree(ROOT / "docs", project / "docs")
    for name in ("data", "curricula", "hooks", "overrides"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    sections = [p for p in (ROOT / "docs").iterdir() if p.is_dir() and p.name != "assets"]
    for copy in range(1, scale):
        for section in sections:
            shutil.copytree(section, project / "docs" / f"copy-{copy}" / section.name)
        for page in (project / "docs" / f"copy-{copy}").rglob("*.md"):
            page.write_text(_unlink_generated(page.read_text(encoding="utf-8")), encoding="utf-8")
    (project / "mkdocs.yml").write_text(config_text(hooks, nav=scale == 1, search_fields=search_fields),
                                        encoding="utf-8")
    return project


GENERATED = r"(?:ledger|content-review|catalogue|whats-new|dashboard|field-reference|glossary|programmes/index)\.md"


def _unlink_generated(text: str) -> str:
    """Copies keep their links, except to pages the hooks generate once, at the root."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*" + GENERATED + r"[^)]*\)", r"\1", text)
    text = re.sub(r'<a href="(?:courses\.json|courses\.csv|sessions\.ics)">([^<]+)</a>', r"\1", text)
    return text


def build_once(project: Path, *, strict: bool = True) -> tuple[float, str]:
    """Wall time of one build of ``project`` into a throw-away folder, and its output."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # Let Python cache compiled hooks, as it does on any ordinary machine (the
    # installed packages already have theirs). Some sandboxes set this
    # variable, which would add compiling the hooks to every timed build.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    site = Path(tempfile.mkdtemp(prefix="esca-bench-site-"))
    cmd = [sys.executable, "-m", "mkdocs", "build", "-d", str(site)] + (["--strict"] if strict else [])
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=project, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    shutil.rmtree(site, ignore_errors=True)
    output = proc.stdout + proc.stderr
    if proc.returncode:
        problems = [line for line in output.splitlines() if line.startswith(("WARNING", "ERROR", "Aborted"))]
        raise SystemExit(f"build failed in {project}:\n" + "\n".join(problems[:20]))
    return seconds, output


def timed_pair(ours: Path, theirs: Path, runs: int = 5, *, theirs_strict: bool = True) -> tuple[float, float, str]:
    """Median wall times of two projects built alternately (ours, theirs,
    ours, ...), so a busy moment on the machine falls on both; and our last
    output. One untimed build of each first warms the disk cache."""
    build_once(ours)
    build_once(theirs, strict=theirs_strict)
    a, b, output = [], [], ""
    for _ in range(runs):
        seconds, output = build_once(ours)
        a.append(seconds)
        b.append(build_once(theirs, strict=theirs_strict)[0])
    return statistics.median(a), statistics.median(b), output


def listed_hooks() -> list[str]:
    """The hooks the real mkdocs.yml lists, in order."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return re.findall(r"^  - hooks/(\w+)\.py$", text, flags=re.MULTILINE)
