"""The checks that run beside the build (esca.checker): the same findings in
the second process as in the build's own, and a stopped second process is one
clear line, never a traceback or a hang."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from conftest import GOOD_META, ROOT
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


FINDING = re.compile(r"[\w./-]+:\d+: \S.*: .+ — .+")  # path:line: field: what is wrong — how to fix it


def test_a_second_process_that_fails_is_one_line_per_problem(tmp_path):
    """A site the second process cannot load (here: no vocabularies) ends in
    the project's finding lines, as the build's own process would give them."""
    (tmp_path / "docs").mkdir()
    running = checker.Checker(_setup(tmp_path), inline=False)
    with pytest.raises(checker.CheckerError) as caught:
        running.finish(str(tmp_path))
    lines = str(caught.value).splitlines()
    assert lines and all(FINDING.fullmatch(line) for line in lines), lines
    assert "data/owners.yml:1: file: is missing" in lines[0]
    assert running.process is None  # no process left behind


@pytest.mark.parametrize("mode", ["process", "inline"])
def test_a_broken_reviewed_list_stops_the_build_in_one_line(tiny_site, expected_warnings, monkeypatch, mode):
    """The reviewed scripts list is read where the source checks run: in the
    second process, or in the build's own. Either way the build stops with
    its finding, never a traceback."""
    monkeypatch.setenv("ESCA_CHECKER", mode)
    reviewed = (ROOT / "data/reviewed-assets.yml").read_text(encoding="utf-8")
    broken = re.sub(r"(docs/assets/js/esca\.js: )[0-9a-f]{64}", r"\1nothex", reviewed)
    assert broken != reviewed
    build = tiny_site({"index.md": GOOD_META + "# Home\n\nHello.\n", "data/reviewed-assets.yml": broken})
    assert build.returncode != 0
    assert "Traceback" not in build.output
    errors = [line for line in build.output.splitlines() if "reviewed-assets.yml" in line]
    # The finding is its own warning line; one more line stops the build (esca.core.findings.stop).
    assert len(errors) == 1 and errors[0].startswith("WARNING") and \
        FINDING.fullmatch(re.sub(r"^hooks/\w+: ", "", errors[0].split("-  ", 1)[1])), build.output
    assert "'nothex'" in errors[0] and "sha256sum" in errors[0]
    assert [line for line in build.output.splitlines() if line.startswith("ERROR")] == [
        "ERROR   -  the build stopped: 1 problem above must be fixed before the site can be built"], build.output


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
