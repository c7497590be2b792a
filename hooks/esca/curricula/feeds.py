"""Feeds for other systems: courses.json (versioned), courses.csv and
sessions.ics (RFC 5545, written with the icalendar library). All
deterministic: the same data gives the same bytes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zoneinfo

from icalendar import Calendar, Event

from esca.curricula.model import Curricula

FEED_VERSION = 1
LONDON = zoneinfo.ZoneInfo("Europe/London")
CSV_COLUMNS = ("id", "title", "status", "audience", "mandatory_for", "delivery_mode", "duration_minutes",
               "cpd_hours", "pcf_domains", "pcf_levels", "practice_model", "review_due", "url")


def courses_json(cur: Curricula, site_url: str = "") -> str:
    """courses.json, version 1: {"version", "generated_from", "courses": [...]}, sorted by id."""
    courses = []
    for c in sorted(cur.courses.values(), key=lambda c: c.id):
        courses.append({
            "id": c.id, "title": c.title, "summary": c.summary, "status": c.status, "audience": list(c.audience),
            "mandatory_for": list(c.mandatory_for), "roles": list(c.roles), "careers": list(c.careers),
            "legislation": list(c.legislation), "practice_model": list(c.practice_model),
            "pcf_domains": list(c.pcf_domains), "pcf_levels": list(c.pcf_levels), "kss": list(c.kss),
            "learning_outcomes": list(c.learning_outcomes), "reflection_prompts": list(c.reflection_prompts),
            "delivery_mode": c.delivery_mode, "duration_minutes": c.duration_minutes, "cpd_hours": c.cpd_hours,
            "prerequisites": list(c.prerequisites), "provider": c.provider, "owner": c.owner,
            "last_reviewed": c.last_reviewed.isoformat(), "review_due": c.review_due.isoformat(),
            "sessions": [{"start": s.start.isoformat(timespec="minutes"), "end": s.end.isoformat(timespec="minutes"),
                          "venue": s.venue, "online": s.online, "capacity": s.capacity} for s in c.sessions],
            "booking": c.booking,
            "changes": [{"date": ch.date.isoformat(), "note": ch.note} for ch in c.changes],
            "url": f"{site_url}cpd/courses/{c.id}/",
        })
    return json.dumps({"version": FEED_VERSION, "generated_from": "curricula/", "courses": courses},
                      ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def courses_csv(cur: Curricula, site_url: str = "") -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for c in sorted(cur.courses.values(), key=lambda c: c.id):
        writer.writerow([c.id, c.title, c.status, " ".join(c.audience), " ".join(c.mandatory_for), c.delivery_mode,
                         c.duration_minutes, f"{c.cpd_hours:g}", " ".join(c.pcf_domains), " ".join(c.pcf_levels),
                         " ".join(c.practice_model), c.review_due.isoformat(), f"{site_url}cpd/courses/{c.id}/"])
    return out.getvalue()


def sessions_ics(cur: Curricula, site_url: str = "") -> bytes:
    """Every session of every active course as an RFC 5545 calendar."""
    cal = Calendar()
    cal.add("prodid", "-//Essex Social Care Academy//ESCA Learning Portal//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "ESCA course sessions")
    for c in sorted(cur.active(), key=lambda c: c.id):
        for index, s in enumerate(c.sessions, start=1):
            event = Event()
            event.add("uid", f"{c.id}-{index}-{s.start:%Y%m%dT%H%M}@esca-portal")
            # DTSTAMP comes from the data, not the clock, so builds are reproducible.
            event.add("dtstamp", dt.datetime.combine(c.last_reviewed, dt.time(0, 0), tzinfo=dt.timezone.utc))
            event.add("dtstart", s.start.replace(tzinfo=LONDON))
            event.add("dtend", s.end.replace(tzinfo=LONDON))
            event.add("summary", c.title)
            event.add("description", f"{c.summary}\n\nHow to book: {c.booking}".strip())
            event.add("location", "Online" if s.online else s.venue)
            event.add("url", f"{site_url}cpd/courses/{c.id}/")
            cal.add_component(event)
    return cal.to_ical()
