"""Course dates as published: past sessions dropped, and a calendar file for
each course and each session. The calendar text itself is written by
``feeds.sessions_ics`` (its escaping and folding), never a second time here."""

from __future__ import annotations

import dataclasses
import datetime as dt

from esca.curricula import feeds
from esca.curricula.model import Course, Curricula
from esca.curricula.render import session_file


def upcoming_only(cur: Curricula, today: dt.date) -> Curricula:
    """The same curricula with each course's sessions cut to those on or after
    ``today``, soonest first, so every published list drops past dates."""
    courses = {cid: dataclasses.replace(c, sessions=c.upcoming(today)) for cid, c in cur.courses.items()}
    return dataclasses.replace(cur, courses=courses)


def course_calendars(cur: Curricula, site_url: str = "") -> dict[str, bytes]:
    """cpd/calendar/<id>.ics for every active course with sessions, and
    cpd/calendar/<id>-<YYYYMMDDTHHMM>.ics for each of its sessions."""
    files: dict[str, bytes] = {}
    for course in cur.active():
        if not course.sessions:
            continue
        files[f"cpd/calendar/{course.id}.ics"] = feeds.sessions_ics(_only(cur, course, course.sessions), site_url)
        for session in course.sessions:
            files[f"cpd/calendar/{session_file(course, session)}"] = feeds.sessions_ics(
                _only(cur, course, (session,)), site_url)
    return files


def _only(cur: Curricula, course: Course, sessions: tuple) -> Curricula:
    return Curricula(courses={course.id: dataclasses.replace(course, sessions=sessions)}, vocab=cur.vocab)
