"""The site's day (esca.core.clock): the Europe/London date of the publishing build,
given as ESCA_TODAY or read from the clock; never a commit's date. Midnight and
the clock changes are where a UTC date and the London date part."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys

import pytest

from conftest import GOOD_META, ROOT, run_build
from esca.core import clock

UTC = dt.timezone.utc


def at(text: str) -> dt.datetime:
    """An instant, written in UTC."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize("instant, london", [
    # Summer (BST, UTC+1): half past midnight in London is still the previous day in UTC.
    ("2026-06-30T23:30:00", "2026-07-01"),
    ("2026-06-30T22:59:59", "2026-06-30"),
    ("2026-06-30T23:00:00", "2026-07-01"),
    # Winter (GMT): the London date is the UTC date.
    ("2026-12-07T23:59:59", "2026-12-07"),
    ("2026-12-08T00:00:00", "2026-12-08"),
    # Clocks go forward at 01:00 UTC on the last Sunday of March (28 March 2027).
    ("2027-03-27T23:59:59", "2027-03-27"),
    ("2027-03-28T00:30:00", "2027-03-28"),
    ("2027-03-28T22:59:59", "2027-03-28"),
    ("2027-03-28T23:00:00", "2027-03-29"),  # the first BST midnight
    # Clocks go back at 01:00 UTC on the last Sunday of October (25 October 2026).
    ("2026-10-24T22:59:59", "2026-10-24"),
    ("2026-10-24T23:30:00", "2026-10-25"),  # 00:30 BST on the Sunday
    ("2026-10-25T00:30:00", "2026-10-25"),  # 01:30 BST, then 01:00 GMT again
    ("2026-10-25T23:30:00", "2026-10-25"),  # 23:30 GMT: the first GMT evening
    ("2026-10-26T00:00:00", "2026-10-26"),
])
def test_the_site_day_is_the_london_date(instant, london):
    assert clock.london_date(at(instant)) == dt.date.fromisoformat(london)
    assert clock.today(environ={}, now=at(instant)) == dt.date.fromisoformat(london)


def test_a_review_saved_at_half_past_midnight_in_summer_is_not_in_the_future():
    """The London date at 00:30 BST is the reviewer's date; the UTC date is a day behind."""
    saved = at("2026-06-30T23:30:00")
    reviewed = dt.date(2026, 7, 1)  # what the reviewer writes as last_reviewed
    assert saved.date() < reviewed  # by UTC it would be "in the future"
    assert clock.today(environ={}, now=saved) >= reviewed


@pytest.mark.parametrize("environ, expected", [
    ({"ESCA_TODAY": "2026-11-24"}, dt.date(2026, 11, 24)),
    ({"ESCA_TODAY": " 2026-11-24\n"}, dt.date(2026, 11, 24)),
    # A commit's time is not the site's day: SOURCE_DATE_EPOCH is ignored.
    ({"SOURCE_DATE_EPOCH": "4070908800"}, dt.date(2026, 7, 1)),
    ({"ESCA_TODAY": "2026-01-02", "SOURCE_DATE_EPOCH": "1790000000"}, dt.date(2026, 1, 2)),
    ({"ESCA_TODAY": ""}, dt.date(2026, 7, 1)),
])
def test_esca_today_when_given_else_the_clock(environ, expected):
    assert clock.today(environ=environ, now=at("2026-06-30T23:30:00")) == expected


@pytest.mark.parametrize("given", ["07/12/2026", "2026-13-01", "2026-02-30", "tomorrow", "20261207", "2026-12-7"])
def test_a_day_that_is_not_a_date_is_one_line_with_the_fix(given):
    with pytest.raises(clock.ClockError) as caught:
        clock.today(environ={"ESCA_TODAY": given})
    message = str(caught.value)
    assert message.startswith(f"ESCA_TODAY: not a day: {given!r} — write it as YYYY-MM-DD")
    assert "\n" not in message


def test_the_sitemap_epoch_is_midnight_utc_of_the_site_day():
    assert clock.source_date_epoch(dt.date(2026, 12, 7)) == 1796601600
    assert dt.datetime.fromtimestamp(clock.source_date_epoch(dt.date(2027, 3, 28)), UTC).isoformat() == \
        "2027-03-28T00:00:00+00:00"


def test_the_tests_run_on_one_fixed_day():
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", os.environ["ESCA_TODAY"])


def test_a_build_with_a_bad_day_stops_with_one_line(tiny_site, expected_warnings):
    build = tiny_site({"index.md": GOOD_META + "# Home\n"}, env={"ESCA_TODAY": "07/12/2026"})
    assert build.returncode == 1
    assert "ESCA_TODAY: not a day: '07/12/2026' — write it as YYYY-MM-DD" in build.output
    assert "Traceback" not in build.output


def test_the_check_command_stops_with_one_line_on_a_bad_day():
    env = {**os.environ, "ESCA_TODAY": "2026-02-30", "PYTHONPATH": str(ROOT / "hooks")}
    proc = subprocess.run([sys.executable, "-m", "esca", "check"], cwd=ROOT, capture_output=True, text=True, env=env)
    assert proc.returncode == 2
    assert proc.stderr.startswith("ESCA_TODAY: not a day: '2026-02-30'") and "Traceback" not in proc.stderr


def test_the_makefile_never_dates_the_site_from_a_commit():
    makefile = (ROOT / "Makefile").read_text()
    assert "git log" not in makefile and "SOURCE_DATE_EPOCH" not in makefile


def test_a_later_day_changes_the_dated_pages_and_nothing_else(site, tmp_path):
    """The session's site was built on the run's day; a build half a year later
    differs in the sitemap's dates and the pages that show reviews, sessions
    and dashboards, never in the theme's or our scripts and styles."""
    from test_integrity import digest_tree

    day = dt.date.fromisoformat(os.environ["ESCA_TODAY"])
    later = day + dt.timedelta(days=200)
    build = run_build(ROOT / "mkdocs.yml", tmp_path / "later", env={"ESCA_TODAY": later.isoformat()})
    assert build.returncode == 0, build.output
    one, two = digest_tree(site.site), digest_tree(build.site)
    assert one.keys() == two.keys()
    changed = {name for name in one if one[name] != two[name]}
    assert {"sitemap.xml", "sitemap.xml.gz", "cpd/dashboard/index.html", "owners/content-review/index.html"} <= changed
    assert not {name for name in changed if name.startswith("assets/")}
    assert f"<lastmod>{later.isoformat()}</lastmod>" in (build.site / "sitemap.xml").read_text()
    assert f"<lastmod>{day.isoformat()}</lastmod>" in (site.site / "sitemap.xml").read_text()


# --- Commands that write a date take the site's day too ---------------------


def release_snapshot(tmp_path, env: dict) -> subprocess.CompletedProcess:
    """`make release-snapshot` in a copy of the Makefile, its build step taken
    as done (make -o build) and the project's virtual environment lent."""
    for name, text in [("site/cpd/courses.json", "{}"), ("site/legislation/ledger.json", "{}"),
                       ("data/cpd-record.yml", "x: 1\n")]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    (tmp_path / "Makefile").write_bytes((ROOT / "Makefile").read_bytes())
    (tmp_path / "tools").mkdir()
    for name in ("__init__.py", "site_day.py"):
        (tmp_path / "tools" / name).write_bytes((ROOT / "tools" / name).read_bytes())
    base = {k: v for k, v in os.environ.items() if k not in ("ESCA_TODAY", "MAKEFLAGS", "MFLAGS")}
    return subprocess.run(["make", "-o", "build", "release-snapshot", f"VENV={ROOT / '.venv'}"], cwd=tmp_path,
                          capture_output=True, text=True, env={**base, **env})


def released(tmp_path) -> str:
    return re.search(r"^released: (.*)$", (tmp_path / "releases/previous/release.yml").read_text(), re.MULTILINE)[1]


def test_release_snapshot_is_dated_with_the_site_day(tmp_path):
    run = release_snapshot(tmp_path, {"ESCA_TODAY": "2031-02-03"})
    assert run.returncode == 0, run.stderr
    assert released(tmp_path) == "2031-02-03"


def test_release_snapshot_uses_the_london_date_not_the_machines(tmp_path):
    """On a machine whose clock is 14 hours ahead of UTC (Kiribati), the local
    date is often a day ahead of London's: the snapshot takes London's."""
    before = clock.today(environ={})
    run = release_snapshot(tmp_path, {"TZ": "Etc/GMT-14"})
    after = clock.today(environ={})
    assert run.returncode == 0, run.stderr
    assert released(tmp_path) in {before.isoformat(), after.isoformat()}
    assert "date +%F" not in (ROOT / "Makefile").read_text().split("release-snapshot: build", 1)[1].split("\n\n")[0]


def test_release_snapshot_stops_with_one_line_on_a_bad_day(tmp_path):
    run = release_snapshot(tmp_path, {"ESCA_TODAY": "2031-02-30"})
    assert run.returncode != 0
    assert run.stderr.startswith("ESCA_TODAY: not a day: '2031-02-30'") and "Traceback" not in run.stderr
    assert not (tmp_path / "releases").exists()


@pytest.mark.parametrize("day, code", [("2031-02-03", 0), ("2031-02-30", 1)])
def test_new_course_is_dated_with_the_site_day(tmp_path, day, code):
    (tmp_path / "curricula/courses").mkdir(parents=True)
    env = {**os.environ, "ESCA_TODAY": day, "PYTHONPATH": f"{ROOT}:{ROOT / 'hooks'}"}
    run = subprocess.run([sys.executable, "-m", "tools.new_course", "my-course"], cwd=tmp_path, capture_output=True,
                         text=True, env=env)
    assert run.returncode == code, run.stdout + run.stderr
    if code:
        assert run.stdout.startswith("ESCA_TODAY: not a day: '2031-02-30'") and len(run.stdout.splitlines()) == 1
        assert not list((tmp_path / "curricula/courses").iterdir())
    else:
        text = (tmp_path / "curricula/courses/my-course.yml").read_text()
        assert "last_reviewed: 2031-02-03\n" in text and "review_due: 2032-02-03\n" in text
        assert "{date: 2031-02-03, note: First draft.}" in text


def test_the_dating_commands_read_no_clock_but_the_site_day():
    for name in ("tools/new_course.py", "tools/site_day.py"):
        text = (ROOT / name).read_text()
        assert "clock.today()" in text and not any(call in text for call in
                                                  ("date.today(", "datetime.now(", "localtime(")), name
