"""The layout of hooks/esca (issue 26 §4), read from the source with ast:
no module under test is imported.

- every module belongs to one layer: a package (core, cpd, curricula, pages,
  search, checks) or the top (esca itself, site, checker, __main__);
- every import in hooks/esca, at any depth (inside a function too), goes to
  its own package or to one its row of ALLOWED names: nothing imports
  upwards, and nothing in a package imports the top;
- the module import graph has no cycle;
- the hooks reach the site model only through esca.site.of(config): no hook
  names the attribute it is kept in.

Each rule also has rows of made-up graphs it must refuse, so it can fail.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

ESCA = ROOT / "hooks/esca"
# A package -> the packages its modules may import, besides their own.
ALLOWED = {
    "core": set(),
    "cpd": {"core"},
    "curricula": {"core", "cpd"},
    "pages": {"core", "cpd", "curricula"},
    "search": {"core", "pages"},
    "checks": {"core"},
}
# Above every package, importing any of them, imported by none.
TOP = {"esca", "esca.__main__", "esca.site", "esca.checker"}
MODEL_ATTRIBUTE = "esca_site"  # where esca.site.put keeps the model on MkDocs' config

Graph = dict[str, list[tuple[str, int]]]  # module -> [(imported esca module, line)]


def module_name(path: Path, base: Path = ESCA) -> str:
    parts = ["esca", *path.relative_to(base).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(source: str, module: str, modules: set[str], *, is_package: bool = False) -> list[tuple[str, int]]:
    """Every esca module ``source`` imports, with its line: top-level
    imports and those inside functions alike; ``from X import a`` is X.a
    when that is a module, else X; relative imports are resolved."""
    found = []
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                found.append((f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base, node.lineno))
    return [(name, line) for name, line in found if name == "esca" or name.startswith("esca.")]


def real_graph() -> tuple[Graph, dict[str, str]]:
    paths = sorted(ESCA.rglob("*.py"))
    modules = {module_name(path) for path in paths}
    graph, where = {}, {}
    for path in paths:
        name = module_name(path)
        where[name] = path.relative_to(ROOT).as_posix()
        graph[name] = imports(path.read_text(encoding="utf-8"), name, modules, is_package=path.name == "__init__.py")
    return graph, where


def layer(module: str) -> str | None:
    if module in TOP:
        return "top"
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "esca" and parts[1] in ALLOWED else None


def layer_problems(graph: Graph) -> list[str]:
    problems = [f"{module}: in no layer — put it in one of {', '.join(ALLOWED)}/ (or list it in TOP)"
                for module in graph if layer(module) is None]
    for module, targets in graph.items():
        source = layer(module)
        if source in (None, "top"):
            continue
        for target, line in targets:
            wanted = layer(target)
            if wanted != source and wanted not in ALLOWED[source]:
                allowed = ", ".join(f"{p}/" for p in sorted(ALLOWED[source])) or "nothing outside it"
                problems.append(f"{module}:{line}: imports {target} — {source}/ may import {allowed}")
    return problems


def cycle(graph: Graph) -> list[str]:
    """One import cycle as [a, b, …, a], or []: an iterative depth-first search."""
    state: dict[str, int] = {}  # 1 on the path, 2 done
    for start in sorted(graph):
        if state.get(start):
            continue
        path, stack = [start], [iter(sorted({t for t, _ in graph.get(start, ())}))]
        state[start] = 1
        while stack:
            step = next(stack[-1], None)
            if step is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(step) == 1:
                return path[path.index(step):] + [step]
            elif not state.get(step):
                state[step] = 1
                path.append(step)
                stack.append(iter(sorted({t for t, _ in graph.get(step, ())})))
    return []


def hook_problems(rel: str, source: str) -> list[str]:
    """A hook that reads the model other than through esca.site.of(config)."""
    problems = []
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Attribute) and node.attr == MODEL_ATTRIBUTE) or \
                (isinstance(node, ast.Constant) and node.value == MODEL_ATTRIBUTE):
            problems.append(f"{rel}:{node.lineno}: reads the site model as {MODEL_ATTRIBUTE} — "
                            "use esca.site.of(config)")
    return problems


# ---- the real layout -------------------------------------------------------

def test_every_module_is_in_a_layer_and_imports_only_downwards():
    graph, _ = real_graph()
    assert len(graph) > 40 and {layer(m) for m in graph} == {*ALLOWED, "top"}
    assert layer_problems(graph) == []


def test_the_import_graph_has_no_cycle():
    graph, _ = real_graph()
    assert sum(len(targets) for targets in graph.values()) > 100  # the graph was read
    assert cycle(graph) == []


def test_hooks_read_the_site_model_only_through_the_accessor():
    hooks = sorted((ROOT / "hooks").glob("*.py"))
    assert len(hooks) >= 10
    problems = [p for path in hooks for p in hook_problems(path.name, path.read_text(encoding="utf-8"))]
    assert problems == []
    readers = [path.name for path in hooks if "site.of(config)" in path.read_text(encoding="utf-8")]
    assert len(readers) >= 7, readers  # the hooks that read the model do it through the accessor


def test_the_site_model_is_reached_through_one_accessor():
    site = (ESCA / "site.py").read_text(encoding="utf-8")
    assert f'MODEL_ATTRIBUTE = "{MODEL_ATTRIBUTE}"' in site  # the name the hook rule looks for is the real one
    mentions = [path.relative_to(ROOT).as_posix() for path in sorted((ROOT / "hooks").rglob("*.py"))
                if MODEL_ATTRIBUTE in path.read_text(encoding="utf-8")]
    assert mentions == ["hooks/esca/site.py"]


# ---- each rule refuses a made-up bad layout --------------------------------

@pytest.mark.parametrize("graph, expected", [
    ({"esca.helpers": []}, ["esca.helpers: in no layer"]),
    ({"esca.core.fields": [("esca.core.safeyaml", 3)], "esca.core.safeyaml": []}, []),
    ({"esca.core.fields": [("esca.pages.governance", 3)]}, ["esca.core.fields:3: imports esca.pages.governance"]),
    ({"esca.cpd.record": [("esca.pages.governance", 34)]}, ["esca.cpd.record:34: imports esca.pages.governance"]),
    ({"esca.curricula.schema": [("esca.pages.governance", 86)]},
     ["esca.curricula.schema:86: imports esca.pages.governance"]),
    ({"esca.curricula.render": [("esca.cpd.record", 15)]}, []),
    ({"esca.pages.gaps": [("esca.site", 2)]}, ["esca.pages.gaps:2: imports esca.site"]),
    ({"esca.checks.links": [("esca.checker", 9)]}, ["esca.checks.links:9: imports esca.checker"]),
    ({"esca.search.entries": [("esca.curricula.model", 5)]}, ["esca.search.entries:5: imports esca.curricula.model"]),
    ({"esca.search.entries": [("esca.pages.glossary", 5)]}, []),
    ({"esca.checks.rules": [("esca", 1)]}, ["esca.checks.rules:1: imports esca"]),
    ({"esca.site": [("esca.pages.gaps", 1), ("esca.checker", 2)]}, []),
])
def test_the_layer_rule(graph, expected):
    problems = layer_problems(graph)
    assert [p.split(" —")[0] for p in problems] == expected


@pytest.mark.parametrize("graph, expected", [
    ({"esca.core.fields": [("esca.core.safeyaml", 1)], "esca.core.safeyaml": [("esca.core.fields", 2)]},
     ["esca.core.fields", "esca.core.safeyaml", "esca.core.fields"]),
    ({"a": [("b", 1)], "b": [("c", 1)], "c": [("a", 1)], "d": [("a", 1)]}, ["a", "b", "c", "a"]),
    ({"a": [("a", 1)]}, ["a", "a"]),
    ({"a": [("b", 1), ("c", 1)], "b": [("c", 1)], "c": []}, []),
])
def test_the_cycle_rule(graph, expected):
    assert cycle(graph) == expected


@pytest.mark.parametrize("source, expected", [
    ("def on_page(page, config):\n    return config.esca_site.texts\n", ["x.py:2"]),
    ("def on_page(page, config):\n    return getattr(config, 'esca_site')\n", ["x.py:2"]),
    ("def on_files(files, config):\n    config.esca_site = 1\n", ["x.py:2"]),
    ("from esca import site\n\ndef on_page(page, config):\n    return site.of(config).texts\n", []),
])
def test_the_hook_rule(source, expected):
    assert [p.split(": ")[0] for p in hook_problems("x.py", source)] == expected


@pytest.mark.parametrize("source, module, expected", [
    ("from esca.core import fields, findings\n", "esca.pages.x", ["esca.core.fields", "esca.core.findings"]),
    ("from esca.core.fields import Field\n", "esca.pages.x", ["esca.core.fields"]),
    ("from esca import site\n", "esca.pages.x", ["esca.site"]),
    ("import esca.checks.links as links\n", "esca.site", ["esca.checks.links"]),
    ("def f():\n    from esca.pages import gaps\n", "esca.core.x", ["esca.pages.gaps"]),  # inside a function
    ("from . import fields\nfrom ..pages import gaps\n", "esca.core.x", ["esca.core.fields", "esca.pages.gaps"]),
    ("import os\nfrom typing import Any\n", "esca.core.x", []),
])
def test_imports_are_read_at_any_depth(source, module, expected):
    modules = {"esca.core.fields", "esca.core.findings", "esca.site", "esca.checks.links", "esca.pages.gaps"}
    assert [name for name, _ in imports(source, module, modules)] == expected
