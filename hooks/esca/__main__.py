"""Check the portal's sources without MkDocs.

    PYTHONPATH=hooks python -m esca check     (or: make check)

Runs every rule the site model runs in a build (front matter, writing rules,
glossary, acronyms, data files, markers, courses and programmes, files that
must not be published) and prints the same findings, one line each (a notice,
such as a session already past, starts with "notice:" and is not a problem). Exits 1
when there is any problem, 0 when there is none, 2 when a controlled list is broken.
Links and anchors are checked on the built pages, so only the build checks
them.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from esca import site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m esca", description="Check the ESCA portal's sources.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="run every source rule and print the findings")
    check.add_argument("--root", default=".", help="the repository root (default: the current folder)")
    args = parser.parse_args(argv)
    root = Path(args.root)
    try:
        model = site.load(root, strict_reviews=os.environ.get("ESCA_STRICT_REVIEWS") == "1")
    except site.SiteError as error:
        print(error, file=sys.stderr)
        return 2
    for finding in model.findings:
        print(f"notice: {finding}" if finding.notice else finding)
    count = sum(not finding.notice for finding in model.findings)
    print(f"{count} problem{'s' if count != 1 else ''} in {len(model.texts)} pages and "
          f"{len(model.curricula.courses)} courses", file=sys.stderr)
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main())
