"""Issue 27: run the Python checker in the browser (Pyodide), or interpret
the published declarations in JavaScript? This measures what each costs the
course builder page, in Chromium, on this machine.

    .venv/bin/python bench/pyodide_bench.py [--version 314.0.8] [--rounds 5]

Pyodide comes from the npm registry (npm pack, into a temporary folder that
is deleted afterwards; nothing is vendored or committed). Its figures are a
floor: the core only (the interpreter and its standard library), started and
made to run one line of Python. Checking a course would also need PyYAML
(not in the npm package) and the portal's rules (hooks/esca) loaded into it.

The interpreter the builder uses (docs/assets/js/course-rules.js) is measured
on the built site: its size, and the time to check every course file.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "hooks")]
from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

CORE = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
PAGE = """<!doctype html><meta charset="utf-8"><title>pyodide</title>
<script src="pyodide.js"></script>
<script>
window.run = async () => {
  const t0 = performance.now();
  const py = await loadPyodide({indexURL: "./"});
  const t1 = performance.now();
  const out = py.runPython("sum(range(10))");
  return {load: t1 - t0, run: performance.now() - t1, out: out};
};
</script>"""


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def pyodide_figures(version: str, rounds: int) -> dict:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        subprocess.run(["npm", "pack", "--silent", f"pyodide@{version}"], cwd=folder, check=True,
                       capture_output=True)
        with tarfile.open(next(folder.glob("pyodide-*.tgz"))) as archive:
            archive.extractall(folder, filter="data")
        package = folder / "package"
        (package / "index.html").write_text(PAGE)
        sizes = {name: (package / name).stat().st_size for name in CORE if (package / name).exists()}
        server, base = serve(package)
        loads, runs = [], []
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for _ in range(rounds):
                    page = browser.new_context().new_page()  # a new context: nothing cached
                    page.goto(base + "index.html")
                    result = page.evaluate("window.run()")
                    assert result["out"] == 45
                    loads.append(result["load"])
                    runs.append(result["run"])
                    page.context.close()
                browser.close()
        finally:
            server.shutdown()
    return {"version": version, "bytes": sizes, "total_bytes": sum(sizes.values()),
            "start_ms_median": statistics.median(loads), "first_run_ms_median": statistics.median(runs)}


def interpreter_figures(site: Path, rounds: int) -> dict:
    from playwright.sync_api import sync_playwright

    files = [[p.name, list(p.read_bytes())] for p in sorted((ROOT / "curricula/courses").glob("*.yml"))]
    script = site / "assets/js/course-rules.js"
    model = json.loads((site / "cpd/course-model.json").read_text(encoding="utf-8"))
    server, base = serve(site)
    times = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(base + "cpd/course-builder/")
            page.wait_for_function("() => window.escaCourseRules")
            for _ in range(rounds):
                times.append(page.evaluate("""([files, model]) => { const t = performance.now();
                    for (const [name, bytes] of files) escaCourseRules.checkBytes(new Uint8Array(bytes), name, model, model.today, null);
                    return performance.now() - t; }""", [files, model]))
            browser.close()
    finally:
        server.shutdown()
    return {"script_bytes": script.stat().st_size, "model_bytes": (site / "cpd/course-model.json").stat().st_size,
            "courses": len(files), "check_all_ms_median": statistics.median(times)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--version", default="314.0.8")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], cwd=ROOT,
                       check=True, capture_output=True, env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"})
        started = time.perf_counter()
        ours = interpreter_figures(site, args.rounds)
    theirs = pyodide_figures(args.version, args.rounds)
    print(json.dumps({"interpreter": ours, "pyodide_core": theirs}, indent=1))
    print(f"\nPyodide core: {theirs['total_bytes'] / 1e6:.1f} MB to download, "
          f"{theirs['start_ms_median']:.0f} ms to start (median of {args.rounds}, nothing cached); "
          f"the builder's interpreter: {ours['script_bytes'] / 1e3:.0f} KB script + {ours['model_bytes'] / 1e3:.0f} KB "
          f"model, {ours['check_all_ms_median']:.1f} ms to check all {ours['courses']} courses "
          f"({time.perf_counter() - started:.0f} s to measure).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
