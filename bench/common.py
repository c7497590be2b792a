"""Shared bench helpers: synthetic projects scaled from the real site, and
timed strict builds. Benchmarks print figures; they never assert on time."""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ALL_HOOKS = ("governance", "charts", "curricula", "search", "links")
CPU_SECONDS: list[float] = []  # processor time of each build_once, in turn
PAIR_CPU: list[float] = []  # the last timed_pair's median processor times: ours, theirs


def config_text(hooks: list[str], *, scale: int = 1, search_fields: bool = True) -> str:
    """The real mkdocs.yml with only the given hooks, and at scale a nav that
    repeats the real one for each copy.

    ``search_fields=False`` also drops the extra search fields, giving
    Material's default search index."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if not search_fields:
        text = re.sub(r"\n      # Extra fields.*?\n      fields:\n(?:        [^\n]*\n)+", "\n", text, flags=re.DOTALL)
        text = re.sub(r"\n      # Words split at punctuation.*?\n      separator: [^\n]*", "", text, flags=re.DOTALL)
    head, _, tail = text.partition("\nhooks:\n")
    body = re.sub(r"^  - hooks/\S+\n", "", tail, flags=re.MULTILINE)
    listed = "".join(f"  - hooks/{name}.py\n" for name in hooks)
    text = head + ("\nhooks:\n" + listed if hooks else "\n") + body
    if scale > 1:
        before, _, nav_text = text.partition("\nnav:\n")
        nav = yaml.safe_load("nav:\n" + nav_text)["nav"]
        nav += [{f"Copy {copy}": _copy_nav(nav, copy)} for copy in range(1, scale)]
        text = before + "\n" + yaml.safe_dump({"nav": nav}, sort_keys=False, allow_unicode=True)
    return text


def _copy_nav(items: list, copy: int) -> list:
    """The real nav for copy N: same sections, copy N's pages, no generated pages."""
    out = []
    for item in items:
        title, value = next(iter(item.items())) if isinstance(item, dict) else (None, item)
        if isinstance(value, list):
            value = _copy_nav(value, copy)
        elif re.search(GENERATED, value) or value == "index.md":
            continue
        else:
            value = f"copy-{copy}/{value}"
        out.append({title: value} if title else value)
    return out


def make_project(scale: int, hooks: list[str], where: Path, *, search_fields: bool = True) -> Path:
    """A copy of the real project scaled ``scale`` times.

    Copy 0 is the real docs; copies 1.. live under docs/copy-N/ with the same
    pages and relative links, so pages per section, links per page and
    generated pages all grow with the scale. Courses and glossary terms grow
    too: copy N adds every course again (id ``…-copy-N``) and every glossary
    term again (``SGO-N``, explained on copy N's page), and copy N's pages
    use copy N's terms.
    """
    project = where / f"x{scale}-{'-'.join(hooks) or 'plain'}{'' if search_fields else '-default-search'}"
    if project.exists():
        shutil.rmtree(project)
    shutil.copytree(ROOT / "docs", project / "docs")
    for name in ("data", "curricula", "hooks", "overrides", "deploy"):  # deploy/: the CSP (hooks/csp.py)
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    sections = [p for p in (ROOT / "docs").iterdir() if p.is_dir() and p.name != "assets"]
    shorts = _glossary_short_forms()
    for copy in range(1, scale):
        for section in sections:
            shutil.copytree(section, project / "docs" / f"copy-{copy}" / section.name)
        for page in (project / "docs" / f"copy-{copy}").rglob("*.md"):
            text = _drop_kind_fields(_unlink_generated(page.read_text(encoding="utf-8")))
            page.write_text(_use_copy_terms(text, shorts, copy), encoding="utf-8")
        _copy_courses(project, copy)
    if scale > 1:
        _copy_glossary(project, scale)
    if not search_fields:  # Material's own worker, without the portal's shim
        main = project / "overrides/main.html"
        main.write_text(re.sub(r"\{% block config %\}.*?\{% endblock %\}", "", main.read_text(encoding="utf-8"),
                               flags=re.DOTALL), encoding="utf-8")
    (project / "mkdocs.yml").write_text(config_text(hooks, scale=scale, search_fields=search_fields),
                                        encoding="utf-8")
    return project


GENERATED = r"(?:ledger|content-review|content-gaps|catalogue|whats-new|whats-changed|dashboard|field-reference|glossary|programmes/index)\.md"


def _unlink_generated(text: str) -> str:
    """Copies keep their links, except to pages the hooks generate once, at the root.

    Copies also drop the course-list markers: each list would show the whole
    site's courses, so ten copies of a page listing ten times the courses
    would grow with the square of the scale. The real pages keep theirs."""
    text = re.sub(r"^<!--\s*esca:courses [^>]*-->[ \t]*$", "", text, flags=re.MULTILINE)
    text = re.sub(r"\[([^\]]+)\]\([^)]*" + GENERATED + r"[^)]*\)", r"\1", text)
    text = re.sub(r'<a href="(?:courses\.json|courses\.csv|sessions\.ics)">([^<]+)</a>', r"\1", text)
    return text


# Front matter only a kind of page may carry (a law page's ledger entry, a
# team page's facets: esca.pages.governance, only_on): a copy is not that kind
KIND_FIELDS = ("legislation", "team")


def _drop_kind_fields(text: str) -> str:
    """A copy's front matter without the KIND_FIELDS blocks (the key and its
    indented lines)."""
    if not text.startswith("---"):
        return text
    end = text.find("\n---", 3)
    head = re.sub(r"^(?:%s):.*\n(?:[ \t]+.*\n)*" % "|".join(KIND_FIELDS), "", text[:end + 1], flags=re.MULTILINE)
    return head + text[end + 1:]


def _glossary_short_forms() -> list[str]:
    """Short forms a copy renames: the one-word ones, longest first."""
    entries = yaml.safe_load((ROOT / "data/glossary.yml").read_text(encoding="utf-8"))
    shorts = {e["term"] for e in entries} | {k for e in entries for k in (e.get("aliases") or {})}
    return sorted((s for s in shorts if " " not in s), key=len, reverse=True)


def _use_copy_terms(text: str, shorts: list[str], copy: int) -> str:
    """Copy N's pages say SGO-N where the real page says SGO (front matter untouched)."""
    head, body = "", text
    if text.startswith("---"):
        end = text.find("\n---", 3)
        head, body = text[: end + 4], text[end + 4:]
    # Markers, tags, link targets, code and attribute lists keep their text.
    pattern = re.compile(r"(<!--.*?-->|<[^>]+>|\]\([^)]*\)|`[^`]*`|\{[^}]*\})|(?<![\w&-])("
                         + "|".join(map(re.escape, shorts)) + r")(?![\w&-])", flags=re.DOTALL)
    return head + pattern.sub(lambda m: m.group(1) or f"{m.group(2)}-{copy}", body)


def _copy_courses(project: Path, copy: int) -> None:
    """Every real course again, as …-copy-N with its own title."""
    for source in sorted((ROOT / "curricula/courses").glob("*.yml")):
        new_id = f"{source.stem}-copy-{copy}"
        text = source.read_text(encoding="utf-8")
        text = re.sub(r"^id: .*$", f"id: {new_id}", text, count=1, flags=re.MULTILINE)
        text = re.sub(r"^title: (.*)$", lambda m: "title: " + json.dumps(f"{m.group(1).strip(chr(39))} (copy {copy})"),
                      text, count=1, flags=re.MULTILINE)
        (project / "curricula/courses" / f"{new_id}.yml").write_text(text, encoding="utf-8")


def _copy_glossary(project: Path, scale: int) -> None:
    """Every glossary term again for each copy, explained on that copy's page."""
    entries = yaml.safe_load((ROOT / "data/glossary.yml").read_text(encoding="utf-8"))
    out = list(entries)
    for copy in range(1, scale):
        for entry in entries:
            if " " in entry["term"]:
                continue
            new = {**entry, "term": f"{entry['term']}-{copy}", "expansion": f"{entry['expansion']} (copy {copy})",
                   "page": f"copy-{copy}/{entry['page']}"}
            if entry.get("aliases"):
                new["aliases"] = {f"{k}-{copy}": f"{v} (copy {copy})" for k, v in entry["aliases"].items()
                                  if " " not in k}
            new.pop("synonyms", None)
            out.append(new)
    (project / "data/glossary.yml").write_text(yaml.safe_dump(out, sort_keys=False, allow_unicode=True),
                                              encoding="utf-8")


def build_once(project: Path, *, strict: bool = True, site: Path | None = None) -> tuple[float, str]:
    """Wall time of one build of ``project``, and its output. The site goes
    to ``site`` when given (and is kept), else to a throw-away folder. A
    failed build stops the benchmark with its warnings and errors."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # Let Python cache compiled hooks, as it does on any ordinary machine (the
    # installed packages already have theirs). Some sandboxes set this
    # variable, which would add compiling the hooks to every timed build.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    keep = site is not None
    site = site if keep else Path(tempfile.mkdtemp(prefix="esca-bench-site-"))
    cmd = [sys.executable, "-m", os.environ.get("MKDOCS", "mkdocs"), "build", "-d", str(site)] + (["--strict"] if strict else [])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=project, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # Processor time of the build and every process it waited for (the
    # second process that runs the checks and the search index, esca.checker).
    CPU_SECONDS.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    if not keep:
        shutil.rmtree(site, ignore_errors=True)
    output = proc.stdout + proc.stderr
    if proc.returncode:
        problems = [line for line in output.splitlines() if line.startswith(("WARNING", "ERROR", "Aborted"))]
        raise SystemExit(f"build failed in {project}:\n" + "\n".join(problems[:20]))
    return seconds, output


def timed_pair(ours: Path, theirs: Path, runs: int = 5, *, theirs_strict: bool = True) -> tuple[float, float, str]:
    """Median wall times of two projects built alternately (ours, theirs,
    ours, ...), so a busy moment on the machine falls on both; and our last
    output. One untimed build of each first warms the disk cache. The median
    processor times (every process of each build) are in ``PAIR_CPU``."""
    build_once(ours)
    build_once(theirs, strict=theirs_strict)
    a, b, output = [], [], ""
    cpu_a, cpu_b = [], []
    for _ in range(runs):
        seconds, output = build_once(ours)
        a.append(seconds)
        cpu_a.append(CPU_SECONDS[-1])
        b.append(build_once(theirs, strict=theirs_strict)[0])
        cpu_b.append(CPU_SECONDS[-1])
    PAIR_CPU[:] = [statistics.median(cpu_a), statistics.median(cpu_b)]
    return statistics.median(a), statistics.median(b), output


def listed_hooks() -> list[str]:
    """The hooks the real mkdocs.yml lists, in order."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return re.findall(r"^  - hooks/(\w+)\.py$", text, flags=re.MULTILINE)
