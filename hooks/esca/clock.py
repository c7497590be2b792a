"""The build's "today", the one clock every rule and page reads.

No MkDocs imports.
"""

from __future__ import annotations

import datetime as dt
import os


def today() -> dt.date:
    """ESCA_TODAY (YYYY-MM-DD) if set; else SOURCE_DATE_EPOCH (seconds since
    1970, UTC) if set; else the machine's date.

    The Makefile sets SOURCE_DATE_EPOCH to the time of the last commit, so one
    commit builds the same site on any day. A scheduled rebuild that should
    pick up reviews falling due sets it to the current time (see README,
    "Publishing")."""
    pinned = os.environ.get("ESCA_TODAY", "").strip()
    if pinned:
        return dt.date.fromisoformat(pinned)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()
