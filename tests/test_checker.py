"""The checks that run beside the build (esca.checker): the same findings in
the second process as in the build's own, and a stopped second process is one
clear line, never a traceback or a hang."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import GOOD_META
from esca import checker

# One fault of each kind the second process reports: a source rule, a marker,
# a broken link, a missing anchor, active markup, and MkDocs' own link warning.
FAULTY = {
    "index.md": GOOD_META + "# Home\n\nSee [the hub](hubb.md) and [law](law.md#nowhere).\n\n"
                            "<!-- esca:nope -->\n\n<p onclick=\"steal()\">Hi</p>\n",
    "law.md": GOOD_META + "# Law\n\n### Skipped a level\n\nYou must do it.\n",
}


def _ours(build) -> list[str]:
    return sorted(line for line in build.warnings if "hooks/" in line)


def test_the_same_findings_in_either_process(tiny_site, expected_warnings, monkeypatch):
    seen = {}
    for mode, where in (("process", "beside the build"), ("inline", "in the build's process")):
        monkeypatch.setenv("ESCA_CHECKER", mode)
        build = tiny_site(FAULTY)
        assert any(where in line for line in build.output.splitlines()), build.output
        seen[mode] = _ours(build)
    # Every kind is there, each once, whichever process found it.
    for needle in ("link 'hubb.md'", "'law/#nowhere'", "esca:nope", "onclick", "headings:", "'must'"):
        assert sum(needle in line for line in seen["process"]) == 1, (needle, seen["process"])
    assert seen["process"] == seen["inline"]


def _setup(root) -> checker.Setup:
    return checker.Setup(str(root), str(root / "docs"), {}, dt.date(2026, 12, 1), True, "")


def test_a_second_process_that_fails_is_one_line(tmp_path):
    """A site the second process cannot load (here: no vocabularies) ends in
    one line naming what went wrong."""
    (tmp_path / "docs").mkdir()
    running = checker.Checker(_setup(tmp_path), inline=False)
    with pytest.raises(checker.CheckerError) as caught:
        running.finish(str(tmp_path))
    assert str(caught.value).startswith("the checks beside the build stopped: SiteError: ")
    assert running.process is None  # no process left behind


def test_a_second_process_that_dies_is_reported_not_waited_for(tmp_path):
    (tmp_path / "docs").mkdir()
    running = checker.Checker(_setup(tmp_path), inline=False)
    running.process.kill()
    running.process.wait()
    with pytest.raises(checker.CheckerError) as caught:
        running.finish(str(tmp_path))
    assert str(caught.value).startswith("the checks beside the build stopped: ")
    assert running.process is None


def test_close_stops_a_running_second_process(tmp_path):
    (tmp_path / "docs").mkdir()
    running = checker.Checker(_setup(tmp_path), inline=False)
    process = running.process
    running.close()
    assert process.poll() is not None and running.process is None
