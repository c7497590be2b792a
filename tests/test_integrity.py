"""Integrity: builds are reproducible, and `make build` never leaves a
half-written site."""

from __future__ import annotations

import hashlib
import os
import signal
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def digest_tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# Two builds of the same sources on the same day are byte for byte the same:
# tests/test_ci.py builds the container's copy of the sources and compares it
# with the session's build (another day: tests/test_clock.py).


def test_digest_would_see_a_changed_byte(tmp_path):
    (tmp_path / "a.html").write_text("x")
    before = digest_tree(tmp_path)
    (tmp_path / "a.html").write_text("y")
    assert digest_tree(tmp_path) != before


def test_make_build_replaces_site_only_on_success(tmp_path):
    project = tmp_path / "project"
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.split()
    for name in files:
        if (ROOT / name).is_file():
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, project / name)
    venv = Path(sys.executable).parent.parent
    make = ["make", "build", f"VENV={venv}", "-o", f"{venv}/.installed-build"]
    (project / "site").mkdir()
    (project / "site/marker.txt").write_text("the previous good site")

    page = project / "docs/about/index.md"
    page.write_text(page.read_text().replace("owner: esca", "owner: nobody"))
    failed = subprocess.run(make, cwd=project, capture_output=True, text=True)
    assert failed.returncode != 0
    assert "docs/about/index.md:2: owner: is not in data/owners.yml: 'nobody'" in failed.stdout + failed.stderr
    assert "Traceback" not in failed.stdout + failed.stderr
    assert (project / "site/marker.txt").read_text() == "the previous good site"
    assert not (project / ".site-build").exists()

    page.write_text(page.read_text().replace("owner: nobody", "owner: esca"))
    passed = subprocess.run(make, cwd=project, capture_output=True, text=True)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert not (project / "site/marker.txt").exists()
    assert (project / "site/index.html").is_file()


CLOCK_READS = ("date.today(", "datetime.now(", "datetime.utcnow(", "time.time(", "localtime(")


def test_only_the_clock_module_reads_the_clock():
    """The site's day is esca.core.clock.today() (ESCA_TODAY when given), so the
    same sources build the same site given the same day: no other build module
    reads the machine's clock. (Command-line tools in tools/ may.)"""
    readers = sorted(
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "hooks").rglob("*.py") if path.name != "clock.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if any(call in line for call in CLOCK_READS) and not line.lstrip().startswith("#"))
    assert readers == []
    assert "datetime.now(" in (ROOT / "hooks/esca/core/clock.py").read_text()  # the check looks for the right words


def test_an_interrupted_make_build_leaves_no_half_written_site(tmp_path):
    """Ctrl-C (or a CI job cancelled) during `make build`: .site-build is
    removed and site/ is untouched. The build command is a stand-in that
    starts writing the site and then waits to be stopped."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy2(ROOT / "Makefile", project / "Makefile")
    (project / "site").mkdir()
    (project / "site/marker.txt").write_text("the previous good site")
    fake = tmp_path / "fake" / "slowbuild"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "__main__.py").write_text(
        "import pathlib, sys, time\n"
        "site = pathlib.Path(sys.argv[sys.argv.index('--site-dir') + 1])\n"
        "(site / 'half').mkdir(parents=True)\n"
        "(site / 'half/index.html').write_text('half')\n"
        "print('writing', flush=True)\n"
        "time.sleep(60)\n")
    venv = Path(sys.executable).parent.parent
    env = {key: value for key, value in os.environ.items() if key not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    env["PYTHONPATH"] = str(fake.parent)
    proc = subprocess.Popen(["make", "--no-print-directory", "build", f"VENV={venv}", "-o", f"{venv}/.installed-build",
                             "MKDOCS=slowbuild"], cwd=project, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True,
                            # As from a terminal: Ctrl-C's signal is not ignored. A test worker may
                            # ignore it, and a shell cannot trap a signal ignored when it started.
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        lines = []
        while "writing" not in lines and len(lines) < 5:  # make may print a line or two first
            lines.append(proc.stdout.readline().strip())
        assert "writing" in lines, lines  # the build has started writing .site-build
        assert (project / ".site-build/half/index.html").exists()
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        proc.stdout.close()
    assert proc.returncode != 0
    assert not (project / ".site-build").exists()
    assert (project / "site/marker.txt").read_text() == "the previous good site"
