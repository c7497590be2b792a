"""The site's day: the one "today" every rule and page reads.

The site's day is the calendar date in Europe/London of the build that
publishes the site:

- ``ESCA_TODAY=YYYY-MM-DD`` when it is given (CI gives it on every build,
  scheduled or pushed: ``TZ=Europe/London date +%F``; tests give it to pin a
  day);
- otherwise the Europe/London date of this machine's clock now.

It is never taken from a commit: a commit's date says when someone changed
the sources, not which sessions have passed or which reviews are due on the
day readers see the site. Given the same ESCA_TODAY, the same sources build
the same site byte for byte (the sitemap's dates come from
:func:`source_date_epoch`).

No MkDocs imports.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
VARIABLE = "ESCA_TODAY"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class ClockError(ValueError):
    """ESCA_TODAY is set but is not a date. Its text is one line a person can act on."""


def london_date(instant: dt.datetime) -> dt.date:
    """The calendar date in Europe/London at an instant (which must carry its
    time zone): 23:30 UTC on 30 June is already 1 July in London (BST)."""
    if instant.tzinfo is None:
        raise ValueError("london_date needs an aware datetime")
    return instant.astimezone(LONDON).date()


def today(environ: Mapping[str, str] | None = None, now: dt.datetime | None = None) -> dt.date:
    """The site's day: ESCA_TODAY when it is set, else the Europe/London date
    now. ``environ`` and ``now`` stand in for os.environ and the clock in tests."""
    environ = os.environ if environ is None else environ
    given = environ.get(VARIABLE, "").strip()
    if given:
        return parse(given)
    return london_date(now or dt.datetime.now(dt.timezone.utc))


def parse(text: str) -> dt.date:
    """A day written YYYY-MM-DD, or ClockError naming the variable and the fix."""
    try:
        if _ISO_DAY.fullmatch(text):
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise ClockError(f"{VARIABLE}: not a day: {text!r} — write it as YYYY-MM-DD, for example "
                     f"{VARIABLE}=$(TZ=Europe/London date +%F), or leave it unset for today's date in London")


def source_date_epoch(day: dt.date) -> int:
    """SOURCE_DATE_EPOCH for a build on ``day``: midnight UTC at the start of
    that date, so MkDocs writes the site's day into the sitemap."""
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp())
