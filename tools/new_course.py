"""Write a valid starter course file: python -m tools.new_course <id>

Its dates (last reviewed, review due, the first change note) are the site's
day (esca.core.clock: ESCA_TODAY when given, else today's date in London), the
same day the build uses, never this machine's local date."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

from esca.core import clock
from esca.curricula.model import SLUG

TEMPLATE = """# yaml-language-server: $schema=../schema/course.schema.json
# A new course. Change every value, then run `make serve` to preview it.
# The field reference is on the site: CPD and courses → Course file reference.
id: {id}
title: New course title
summary: >-
  One or two sentences saying what the course is and who it helps.
status: draft
audience: [social-worker]
practice_model: [relationship-based]
pcf_domains: [knowledge]
pcf_levels: [social-worker]
learning_outcomes:
  - Explain the first thing people will learn
  - Use the second thing in practice
  - Plan how to apply it with a family
reflection_prompts:
  - What will you do differently after this course?
delivery_mode: face-to-face
duration_minutes: 180
cpd_hours: 3
provider: esca
owner: esca
last_reviewed: {today}
review_due: {due}
changes:
  - {{date: {today}, note: First draft.}}
"""


def scaffold(course_id: str, root: Path, today: dt.date) -> Path:
    if not re.fullmatch(SLUG, course_id):
        raise ValueError(f"id: must be lower-case words joined by hyphens: '{course_id}' — e.g. reflective-supervision")
    target = root / "curricula/courses" / f"{course_id}.yml"
    if target.exists():
        raise FileExistsError(f"{target.relative_to(root)}: already exists — choose another id or edit that file")
    target.write_text(TEMPLATE.format(id=course_id, today=today.isoformat(),
                                      due=(today + dt.timedelta(days=365)).isoformat()), encoding="utf-8")
    return target


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: make new-course id=my-course-id")
        return 2
    try:
        path = scaffold(argv[0], Path.cwd(), clock.today())
    except (ValueError, FileExistsError) as error:  # ClockError is a ValueError: one line too
        print(error)
        return 1
    print(f"Wrote {path.relative_to(Path.cwd())}. Edit it, then run make serve to preview.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
