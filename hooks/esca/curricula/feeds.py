"""Feeds for other systems: courses.json (versioned), courses.csv and
sessions.ics (RFC 5545). All deterministic: the same data gives the same
bytes.

Course text comes from contributors, so each feed escapes for its own
format, through public functions other feeds reuse: :func:`ics_text` and
:func:`ics_fold` (RFC 5545), :func:`csv_cell` and :func:`csv_text` (OWASP
CSV injection guidance), :func:`json_text` (JSON safe to inline in HTML)."""

from __future__ import annotations

import csv
import io
import json
import re

from esca.curricula.model import Curricula

FEED_VERSION = 1
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
    return json_text({"version": FEED_VERSION, "generated_from": "curricula/", "courses": courses}) + "\n"


def json_text(data: object, *, indent: int | None = 2, sort_keys: bool = False) -> str:
    """JSON (UTF-8 text; indented, or on one line with ``indent=None``) that
    stays data wherever it is pasted: ``<``, ``>`` and ``&`` are written as
    ``\\u003c``, ``\\u003e``, ``\\u0026``, and DEL, the C1 controls, the noncharacters (which HTML
    forbids) and the line separators U+2028/U+2029 as escapes too, so a value
    holding ``</script>`` cannot end a script block the JSON is inlined in.
    Every JSON the portal writes into a page goes through here."""
    text = json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=sort_keys)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def courses_csv(cur: Curricula, site_url: str = "") -> str:
    rows = [CSV_COLUMNS]
    for c in sorted(cur.courses.values(), key=lambda c: c.id):
        rows.append([c.id, c.title, c.status, " ".join(c.audience), " ".join(c.mandatory_for), c.delivery_mode,
                     c.duration_minutes, f"{c.cpd_hours:g}", " ".join(c.pcf_domains), " ".join(c.pcf_levels),
                     " ".join(c.practice_model), c.review_due.isoformat(), f"{site_url}cpd/courses/{c.id}/"])
    return csv_text(rows)


def csv_cell(value: object) -> str:
    """One CSV cell's text, safe to open in a spreadsheet (OWASP, CSV
    injection): a cell starting with ``=``, ``+``, ``-``, ``@``, a tab, a
    carriage return or a line feed is prefixed with a single quote, so it is
    shown as text and never run as a formula. :func:`csv_text` quotes every
    cell."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(CSV_FORMULA_STARTS) else text


def csv_text(rows) -> str:
    """Rows of cells as CSV: every cell passed through :func:`csv_cell` and
    quoted (a doubled ``"`` inside), one row a line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
    return out.getvalue()


def sessions_ics(cur: Curricula, site_url: str = "") -> bytes:
    """Every session of every active course as an RFC 5545 calendar.

    Written directly (a few lines of text) rather than with a calendar
    library, which took longer to import than the whole feed takes to write;
    the tests read it back with the icalendar library. Times are Essex local
    times, with the Europe/London VTIMEZONE the standard asks for; DTSTAMP
    comes from the data, not the clock, so builds are reproducible.
    """
    events = []
    for c in sorted(cur.active(), key=lambda c: c.id):
        description = f"{c.summary}\n\nHow to book: {c.booking}".strip()
        for s in c.sessions:
            events += [
                "BEGIN:VEVENT",
                f"UID:{c.id}-{s.start:%Y%m%dT%H%M}@esca-portal",
                f"DTSTAMP:{c.last_reviewed:%Y%m%d}T000000Z",
                f"DTSTART;TZID=Europe/London:{s.start:%Y%m%dT%H%M%S}",
                f"DTEND;TZID=Europe/London:{s.end:%Y%m%dT%H%M%S}",
                f"SUMMARY:{ics_text(c.title)}",
                f"DESCRIPTION:{ics_text(description)}",
                f"LOCATION:{ics_text('Online' if s.online else s.venue)}",
                f"URL:{site_url}cpd/courses/{c.id}/",
                "END:VEVENT",
            ]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Essex Social Care Academy//ESCA Learning Portal//EN",
             "X-WR-CALNAME:ESCA course sessions", *(LONDON_VTIMEZONE if events else ()), *events, "END:VCALENDAR"]
    return "".join(ics_fold(line) + "\r\n" for line in lines).encode("utf-8")


def ics_text(value: object) -> str:
    """A TEXT property value (RFC 5545, 3.3.11): backslash, semicolon and
    comma escaped; every line break (CRLF, a bare CR or LF, and the Unicode
    line separators) written as ``\\n``; other control characters, which
    TEXT may not hold, dropped (a tab is kept). The result is one line, so a
    value cannot start a property of its own (``ATTENDEE:``) or a second
    ``BEGIN:VEVENT``."""
    text = "" if value is None else str(value)
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = _ICS_BREAK.sub("\\\\n", text)
    return _ICS_CONTROL.sub("", text)


def ics_fold(line: str) -> str:
    """A content line folded (RFC 5545, 3.1) into lines of at most 75
    octets joined by CRLF; a continuation starts with a space; a character
    is never split."""
    if len(line.encode("utf-8")) <= 75:
        return line
    parts, current, size = [], "", 0
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > 75:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += octets
    parts.append(current)
    return "\r\n".join(parts)


CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# Markup characters, and the characters HTML forbids or JavaScript once read
# as line ends (DEL, the C1 controls, U+2028, U+2029): written as \u escapes.
_JSON_UNSAFE = re.compile("[<>&\x7f-\x9f\u2028\u2029\ufdd0-\ufdef\ufffe\uffff]")  # and the noncharacters HTML forbids
_ICS_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_ICS_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")

# UK clocks (nidirect.gov.uk): British Summer Time starts at 01:00 GMT on the
# last Sunday in March and ends at 02:00 BST on the last Sunday in October.
# DTSTART only has to be an early date on which each rule holds.
LONDON_VTIMEZONE = (
    "BEGIN:VTIMEZONE", "TZID:Europe/London",
    "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0000", "TZOFFSETTO:+0100", "TZNAME:BST", "DTSTART:19960331T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
    "BEGIN:STANDARD", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0000", "TZNAME:GMT", "DTSTART:19961027T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
    "END:VTIMEZONE",
)
