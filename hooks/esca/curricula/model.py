"""The course model: defined once, here.

``FIELDS`` is the single definition of a course file. The validators, the
JSON Schema for editors (``python -m esca.curricula.schema``), the field
reference page for trainers and the scaffold are all derived from it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from esca.questions import MAX_CHARS as MAX_QUESTION_CHARS, MAX_QUESTIONS

Status = Literal["draft", "active", "paused", "retired"]
STATUSES: tuple[str, ...] = ("draft", "active", "paused", "retired")
SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# A booking route: one email address, or an https:// link whose host is on the
# reviewed list. Both patterns are also used, unchanged, by the course builder.
BOOKING_EMAIL = r"^[^@\s:/]+@[^@\s:/]+\.[A-Za-z]{2,}$"
BOOKING_URL = r"^https://([A-Za-z0-9.-]+)(?:[/?#][^\s]*)?$"


@dataclass(frozen=True)
class Field:
    """One field of a course file.

    kind: slug, text, status, vocab, vocab-list, ref-list, text-list, int,
    number, date, sessions, booking, changes.
    """

    name: str
    kind: str
    required: bool
    rule: str
    example: object
    vocab: str | None = None  # vocabulary file stem in curricula/vocabularies/
    ref: str | None = None  # course, role, career or legislation
    min_items: int = 0
    max_items: int | None = None
    max_length: int | None = None
    maximum: float | None = None  # the largest number allowed (int and number fields)


def questions_field(what: str, example: list[str]) -> Field:
    """The optional ``questions`` field, one rule for courses, programmes and
    pages (esca.questions)."""
    return Field("questions", "text-list", False,
                 f"optional: the questions a reader would type that the {what} answers; never shown, used by search "
                 f"(up to {MAX_QUESTIONS}, each one plain line of up to {MAX_QUESTION_CHARS} characters)",
                 example, min_items=1, max_items=MAX_QUESTIONS, max_length=MAX_QUESTION_CHARS)


FIELDS: tuple[Field, ...] = (
    Field("id", "slug", True, "lower-case words joined by hyphens; the same as the file name", "reflective-supervision"),
    Field("title", "text", True, "the course title, up to 90 characters", "Reflective supervision", max_length=90),
    Field("summary", "text", True, "one or two sentences, up to 300 characters",
          "How to run supervision that helps practitioners think.", max_length=300),
    Field("status", "status", True, "draft, active, paused or retired", "active"),
    Field("audience", "vocab-list", True, "who the course is for", ["social-worker"], vocab="audiences", min_items=1),
    Field("mandatory_for", "vocab-list", False, "audiences who must take it; each also in audience", ["social-worker"],
          vocab="audiences"),
    Field("roles", "ref-list", False, "ids of team pages in docs/roles/", ["children-in-care"], ref="role"),
    Field("careers", "ref-list", False, "ids of career pages in docs/roles/careers/", ["practice-supervisor"],
          ref="career"),
    Field("legislation", "ref-list", False, "ids of pages in docs/legislation/", ["children-act-1989"],
          ref="legislation"),
    Field("practice_model", "vocab-list", True, "strands of the Essex practice model", ["systemic-practice"],
          vocab="practice-model", min_items=1),
    Field("pcf_domains", "vocab-list", True, "Professional Capabilities Framework domains", ["critical-reflection-and-analysis"],
          vocab="pcf-domains", min_items=1),
    Field("pcf_levels", "vocab-list", True, "Professional Capabilities Framework career levels", ["social-worker"],
          vocab="pcf-levels", min_items=1),
    Field("kss", "vocab-list", False, "Knowledge and Skills Statements", ["kss-cf-3"], vocab="kss"),
    Field("learning_outcomes", "text-list", True, "3 to 6 outcomes, each starting with a verb",
          ["Explain what reflective supervision is for", "Use a model of reflection", "Plan a supervision session"],
          min_items=3, max_items=6),
    Field("reflection_prompts", "text-list", True, "at least one question for peer reflection",
          ["What did this course change in how you supervise?"], min_items=1),
    questions_field("course", ["how do i run a good supervision session", "training on supervision for new managers"]),
    Field("delivery_mode", "vocab", True, "how the course is delivered", "face-to-face", vocab="delivery-modes"),
    Field("duration_minutes", "int", True, "length in minutes, a whole number above 0, up to 6,000", 180,
          maximum=6000),
    Field("cpd_hours", "number", True, "CPD hours, a number above 0 (decimals allowed), up to 100", 3, maximum=100),
    Field("prerequisites", "ref-list", False, "ids of courses to take first", ["essex-practice-model"], ref="course"),
    Field("sessions", "sessions", False,
          "up to 50 dated sessions: start and end (YYYY-MM-DDTHH:MM, London time), venue or online: true, capacity",
          [{"start": "2027-02-03T09:30", "end": "2027-02-03T12:30", "online": True, "capacity": 20}],
          max_items=50),
    Field("booking", "booking", False,
          "how to book: an email address, or an https:// link on a host in data/allowed-hosts.yml; "
          "needed when there are sessions", "https://www.essex.gov.uk/"),
    Field("provider", "vocab", True, "who runs it", "esca", vocab="providers"),
    Field("owner", "vocab", True, "the team that owns it (data/owners.yml), never a person", "esca", vocab="owners"),
    Field("last_reviewed", "date", True, "YYYY-MM-DD, not in the future", "2026-11-24"),
    Field("review_due", "date", True, "YYYY-MM-DD, after last_reviewed", "2027-11-24"),
    Field("changes", "changes", True, "dated notes, newest first: - {date: YYYY-MM-DD, note: text}",
          [{"date": "2026-11-24", "note": "First published on the portal."}], min_items=1),
)
FIELD_NAMES = tuple(f.name for f in FIELDS)
BY_NAME = {f.name: f for f in FIELDS}
SESSION_FIELDS = ("start", "end", "venue", "online", "capacity")
# A programme file: an ordered set of courses, checked by the same validators.
PROGRAMME: tuple[Field, ...] = (
    Field("id", "slug", True, "lower-case words joined by hyphens; the same as the file name", "induction"),
    Field("title", "text", True, "the programme title, up to 90 characters", "Induction for new staff", max_length=90),
    Field("summary", "text", True, "one or two sentences, up to 300 characters",
          "The courses every new member of staff takes in their first months.", max_length=300),
    Field("audience", "vocab-list", True, "who the programme is for", ["new-staff"], vocab="audiences", min_items=1),
    Field("courses", "ref-list", True, "ids of courses, in the order to take them", ["essex-practice-model"],
          ref="course", min_items=1),
    questions_field("programme", ["what training do new staff have to do"]),
    Field("owner", "vocab", True, "the team that owns it (data/owners.yml), never a person", "esca", vocab="owners"),
    Field("last_reviewed", "date", True, "YYYY-MM-DD, not in the future", "2026-11-24"),
    Field("review_due", "date", True, "YYYY-MM-DD, after last_reviewed", "2027-11-24"),
)
PROGRAMME_FIELDS = tuple(f.name for f in PROGRAMME)


@dataclass(frozen=True)
class Session:
    start: dt.datetime
    end: dt.datetime
    capacity: int
    venue: str = ""
    online: bool = False


@dataclass(frozen=True)
class Change:
    date: dt.date
    note: str


@dataclass(frozen=True)
class Course:
    id: str
    title: str
    summary: str
    status: Status
    audience: tuple[str, ...]
    practice_model: tuple[str, ...]
    pcf_domains: tuple[str, ...]
    pcf_levels: tuple[str, ...]
    learning_outcomes: tuple[str, ...]
    reflection_prompts: tuple[str, ...]
    delivery_mode: str
    duration_minutes: int
    cpd_hours: float
    provider: str
    owner: str
    last_reviewed: dt.date
    review_due: dt.date
    changes: tuple[Change, ...]
    questions: tuple[str, ...] = ()  # what readers ask that the course answers: a hidden search field
    mandatory_for: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    careers: tuple[str, ...] = ()
    legislation: tuple[str, ...] = ()
    kss: tuple[str, ...] = ()
    prerequisites: tuple[str, ...] = ()
    sessions: tuple[Session, ...] = ()
    booking: str = ""
    source: str = ""  # repository-relative path of the file
    lines: dict = field(default_factory=dict, compare=False, hash=False)  # field -> line

    def line(self, name: str) -> int:
        return self.lines.get(name, 1)

    def upcoming(self, today: dt.date) -> tuple[Session, ...]:
        """Sessions on or after ``today``, soonest first: past ones drop off."""
        return tuple(sorted((s for s in self.sessions if s.start.date() >= today), key=lambda s: s.start))


@dataclass(frozen=True)
class Programme:
    id: str
    title: str
    summary: str
    audience: tuple[str, ...]
    courses: tuple[str, ...]
    owner: str
    last_reviewed: dt.date
    review_due: dt.date
    questions: tuple[str, ...] = ()  # what readers ask that the programme answers: a hidden search field
    source: str = ""


@dataclass
class Curricula:
    courses: dict[str, Course] = field(default_factory=dict)
    programmes: dict[str, Programme] = field(default_factory=dict)
    vocab: dict[str, dict[str, str]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # "roles/d-bit" -> page title

    def active(self) -> list[Course]:
        return sorted((c for c in self.courses.values() if c.status == "active"), key=lambda c: c.title.lower())
