"""An independent checker (LinkChecker, from PyPI) agrees with the links hook:
zero broken internal links in the built site. It runs offline: external
addresses are not fetched."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

LINKCHECKER = [str(Path(sys.executable).parent / "linkchecker"), "--no-status", "--no-warnings",
               "--ignore-url=^https?://", "--ignore-url=^mailto:", "--output=text"]


def run_linkchecker(start: Path) -> tuple[int, int, str]:
    """Run LinkChecker from ``start``. Run as root, LinkChecker drops to an
    unprivileged user, so the site is copied to a world-readable folder."""
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        copy = Path(tmp) / "site"
        shutil.copytree(start.parent, copy)
        for path in [copy, *copy.rglob("*")]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        proc = subprocess.run([*LINKCHECKER, str(copy / start.name)], capture_output=True, text=True)
    summary = re.search(r"(\d+) links? in (\d+) URLs checked\. \d+ warnings? found\. (\d+) errors? found", proc.stdout)
    assert summary, proc.stdout + proc.stderr
    return int(summary.group(2)), int(summary.group(3)), proc.stdout


def test_linkchecker_finds_no_broken_internal_link(site):
    checked, errors, output = run_linkchecker(site.site / "index.html")
    assert errors == 0, output
    pages = len(list(site.site.rglob("index.html")))
    assert checked > pages  # it really walked the site


def test_linkchecker_would_catch_a_broken_link(tmp_path):
    (tmp_path / "index.html").write_text('<a href="missing/">Missing page</a><a href="ok.html">Page</a>')
    (tmp_path / "ok.html").write_text("<p>ok</p>")
    checked, errors, output = run_linkchecker(tmp_path / "index.html")
    assert errors == 1, output
