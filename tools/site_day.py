"""Print the site's day (esca.core.clock): python -m tools.site_day

ESCA_TODAY when it is given, else today's date in London: the day the build
uses, for commands that record a date (make release-snapshot). A bad
ESCA_TODAY is one line on standard error, exit 2."""

from __future__ import annotations

import sys

from esca.core import clock


def main() -> int:
    try:
        print(clock.today().isoformat())
    except clock.ClockError as error:
        print(error, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
