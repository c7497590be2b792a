"""The course model: defined once, here.

``COURSE`` and ``PROGRAMME`` declare a course file and a programme file in the
project's field library (esca.core.fields): every field's type, limits, label and
rule, and the checks across fields. The build's checker, the JSON Schema for
editors (``python -m esca schema``), the field reference page for
trainers, the course builder's interpreter and the scaffold are all derived
from them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from esca.core.fields import PATTERNS, Check, Field
from esca.core.questions import MAX_CHARS as MAX_QUESTION_CHARS, MAX_QUESTIONS

Status = Literal["draft", "active", "paused", "retired"]
STATUSES: tuple[str, ...] = ("draft", "active", "paused", "retired")
SLUG = PATTERNS["slug"]
TEXT_ITEM_CHARS = 300  # one outcome, prompt or note: a sentence or two
MAX_CHOSEN = 50  # ids in one choice list (audiences, law pages, courses to take first…); courses use 6 at most


def text(name: str, label: str, rule: str, example: object, *, noun: str = "", max_length: int = 300,
         required: bool = True, numbers: bool = True) -> Field:
    """Plain text on one line: no markup, no line breaks (it may be shown in a
    title, a feed or a calendar as well as on the page), and any phone number
    written in it of an ordinary class (``numbers``; fourth blind attack, B83)."""
    return Field(name, "text", required, rule, example, label=label, noun=noun, max_length=max_length,
                 one_line=True, plain=True, numbers=numbers)


def choice_list(name: str, choices: str, label: str, rule: str, example: list, *, noun: str = "",
                required: bool = False, min_items: int = 0, max_items: int = MAX_CHOSEN) -> Field:
    """Ids from a choice list. ``max_items`` bounds the findings as it bounds
    the list: past it, one finding, and the ids are not checked one by one."""
    return Field(name, "list", required, rule, example, label=label, noun=noun, min_items=min_items,
                 max_items=max_items, item=Field(name, "choice", choices=choices, label=label))


def text_list(name: str, label: str, rule: str, example: list, *, noun: str = "", required: bool = True,
              min_items: int = 1, max_items: int = 10, max_length: int = TEXT_ITEM_CHARS) -> Field:
    return Field(name, "list", required, rule, example, label=label, noun=noun, min_items=min_items,
                 max_items=max_items, item=Field(name, "text", label=label, max_length=max_length, one_line=True,
                                                 plain=True, numbers=True))


def questions_field(what: str, example: list[str]) -> Field:
    """The optional ``questions`` field, one declaration for courses,
    programmes and pages."""
    return text_list("questions", "Search questions",
                     f"optional: the questions a reader would type that the {what} answers; never shown, used by "
                     f"search (up to {MAX_QUESTIONS}, each one plain line of up to {MAX_QUESTION_CHARS} characters)",
                     example, noun="the questions readers would type", required=False, max_items=MAX_QUESTIONS,
                     max_length=MAX_QUESTION_CHARS)


def owner_field() -> Field:
    return Field("owner", "choice", True, "the team that owns it (data/owners.yml), never a person", "esca",
                 label="Owning team", noun="the team that owns it", choices="owners")


def review_fields(what: str) -> tuple[Field, Field]:
    return (Field("last_reviewed", "date", True, "YYYY-MM-DD, not in the future", "2026-11-24",
                  label="Last reviewed", noun=f"the date the {what} was last reviewed", not_future=True),
            Field("review_due", "date", True, "YYYY-MM-DD, after last_reviewed", "2027-11-24",
                  label="Review due", noun="the date the next review is due"))


REVIEW_ORDER = Check("after", "review_due", "last_reviewed", key="review-order")

CHANGE = Field("change", "map", label="Change {n}", item_shape="- {date: 2026-11-24, note: What changed}", fields=(
    Field("date", "date", True, "YYYY-MM-DD", "2026-11-24", label="date"),
    text("note", "note", "what changed, in one line", "First published on the portal.", noun="what changed",
         max_length=TEXT_ITEM_CHARS),
))


def changes_field(rule: str, example: list, *, required: bool) -> Field:
    return Field("changes", "list", required, rule, example, label="Changes", noun="what changed",
                 min_items=1, max_items=50, item=CHANGE, checks=())


SESSION = Field("session", "map", label="Session {n}",
                item_shape="start:, end:, venue: (or online: true) and capacity:", fields=(
    Field("start", "datetime", True, "YYYY-MM-DDTHH:MM, London time", "2027-02-03T09:30", label="start",
          noun="the start date and time", notice=True),
    Field("end", "datetime", True, "YYYY-MM-DDTHH:MM, London time, after start", "2027-02-03T12:30", label="end",
          noun="the end date and time"),
    text("venue", "venue", "where it happens, unless online", "County Hall, Chelmsford", max_length=200,
         required=False),
    Field("online", "bool", False, "true when the session is online", True, label="Online"),
    Field("capacity", "int", True, "the number of places, a whole number above 0, up to 1,000", 20,
          label="number of places", noun="the number of places", maximum=1000),
), checks=(Check("after", "end", "start", key="session-order"), Check("one-of", "venue", "online", key="where")))

# Ids a course or programme cannot have: its page would be the folder's own
# index (cpd/courses/index.md, cpd/programmes/index.md, which the portal builds).
RESERVED_IDS = ("index",)
COURSE = Field("course", "map", rule="the field reference", label="course", fields=(
    Field("id", "slug", True, "lower-case words joined by hyphens; the same as the file name", "reflective-supervision",
          label="Course id", noun="a course id", reserved=RESERVED_IDS),
    text("title", "Title", "the course title, up to 90 characters", "Reflective supervision", noun="a title",
         max_length=90),
    text("summary", "Summary", "one or two sentences, up to 300 characters",
         "How to run supervision that helps practitioners think.", noun="a summary", max_length=300),
    Field("status", "choice", True, "draft, active, paused or retired", "active", label="Status", noun="a status",
          choices="statuses"),
    choice_list("audience", "audiences", "Who it is for", "who the course is for", ["social-worker"],
                noun="who the course is for", required=True, min_items=1),
    choice_list("mandatory_for", "audiences", "Mandatory for",
                "audiences who must take it, by a written policy; each also in audience", ["social-worker"]),
    choice_list("roles", "role", "Team pages", "ids of team pages in docs/roles/", ["children-in-care"]),
    choice_list("careers", "career", "Career pages", "ids of career pages in docs/roles/careers/",
                ["practice-supervisor"]),
    choice_list("legislation", "legislation", "Law pages", "ids of pages in docs/legislation/", ["children-act-1989"]),
    choice_list("practice_model", "practice-model", "Practice model strands", "strands of the Essex practice model",
                ["systemic-practice"], required=True, min_items=1),
    choice_list("pcf_domains", "pcf-domains", "PCF domains", "Professional Capabilities Framework domains",
                ["critical-reflection-and-analysis"], noun="the PCF domains", required=True, min_items=1),
    choice_list("pcf_levels", "pcf-levels", "PCF career levels", "Professional Capabilities Framework career levels",
                ["social-worker"], noun="the PCF career levels", required=True, min_items=1),
    choice_list("kss", "kss", "Knowledge and Skills Statements", "Knowledge and Skills Statements", ["kss-cf-3"]),
    text_list("learning_outcomes", "Learning outcomes", "3 to 6 outcomes, each starting with a verb",
              ["Explain what reflective supervision is for", "Use a model of reflection", "Plan a supervision session"],
              noun="the learning outcomes", min_items=3, max_items=6),
    text_list("reflection_prompts", "Reflection prompts", "1 to 10 questions for peer reflection",
              ["What did this course change in how you supervise?"], noun="a reflection prompt"),
    questions_field("course", ["how do i run a good supervision session", "training on supervision for new managers"]),
    Field("delivery_mode", "choice", True, "how the course is delivered", "face-to-face", label="Delivery",
          noun="how the course is delivered", choices="delivery-modes"),
    Field("duration_minutes", "int", True, "length in minutes, a whole number above 0, up to 6,000", 180,
          label="Length in minutes", noun="the length in minutes", maximum=6000),
    Field("cpd_hours", "number", True, "CPD hours, a number above 0 (decimals allowed), up to 100", 3,
          label="CPD hours", noun="the CPD hours", maximum=100),
    Field("certificate", "choice", False, "whether people who attend get a certificate: attendance or none "
          "(leave it out until it is known)", "attendance", label="Certificate", noun="whether there is a certificate",
          choices="certificates"),
    choice_list("prerequisites", "course", "Take these first", "ids of courses to take first",
                ["essex-practice-model"]),
    Field("sessions", "list", False,
          "up to 50 dated sessions: start and end (YYYY-MM-DDTHH:MM, London time), venue or online: true, capacity",
          [{"start": "2027-02-03T09:30", "end": "2027-02-03T12:30", "online": True, "capacity": 20}],
          label="Sessions", noun="the sessions", max_items=50, item=SESSION),
    Field("booking", "route", False,
          "how to book: an email address, or an https:// link on a host in data/allowed-hosts.yml; "
          "needed when there are sessions", "https://www.essex.gov.uk/", label="How to book",
          noun="how to book", max_length=300),
    Field("provider", "choice", True, "who runs it", "esca", label="Provider", noun="who runs the course",
          choices="providers"),
    owner_field(),
    *review_fields("course"),
    changes_field("dated notes, newest first: - {date: YYYY-MM-DD, note: text}",
                  [{"date": "2026-11-24", "note": "First published on the portal."}], required=True),
), checks=(
    Check("file-stem", "id", key="id-file"),
    Check("unique", "id", key="duplicate-id"),
    REVIEW_ORDER,
    Check("newest-first", "changes", "date", key="change-order"),
    Check("subset", "mandatory_for", "audience", key="mandatory-audience"),
    Check("needs", "booking", "sessions", key="booking"),
    Check("not-self", "prerequisites", "id", key="self-prerequisite"),
    Check("acyclic", "prerequisites", "id", key="cycle"),
))
FIELDS: tuple[Field, ...] = COURSE.fields
FIELD_NAMES = tuple(f.name for f in FIELDS)
BY_NAME = {f.name: f for f in FIELDS}
SESSION_FIELDS = tuple(f.name for f in SESSION.fields)
# A programme file: an ordered set of courses, checked by the same library.
PROGRAMME = Field("programme", "map", rule="the field reference", label="programme", fields=(
    Field("id", "slug", True, "lower-case words joined by hyphens; the same as the file name", "induction",
          label="Programme id", noun="a programme id", reserved=RESERVED_IDS),
    text("title", "Title", "the programme title, up to 90 characters", "Induction for new staff", noun="a title",
         max_length=90),
    text("summary", "Summary", "one or two sentences, up to 300 characters",
         "The courses every new member of staff takes in their first months.", noun="a summary", max_length=300),
    choice_list("audience", "audiences", "Who it is for", "who the programme is for", ["new-staff"],
                noun="who the programme is for", required=True, min_items=1),
    Field("courses", "list", True, "ids of courses, in the order to take them", ["essex-practice-model"],
          label="Courses", noun="the courses", min_items=1, max_items=50,
          item=Field("courses", "choice", choices="course", label="Courses")),
    questions_field("programme", ["what training do new staff have to do"]),
    owner_field(),
    *review_fields("programme"),
), checks=(Check("file-stem", "id", key="id-file"), REVIEW_ORDER))
PROGRAMME_FIELDS = tuple(f.name for f in PROGRAMME.fields)


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
    certificate: str = ""  # an id from curricula/vocabularies/certificates.yml, or "" when not stated
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
    # The text of each published course's file, as the repository holds it:
    # the course builder opens a published course from these (no fetch).
    texts: dict[str, str] = field(default_factory=dict)

    def active(self) -> list[Course]:
        return sorted((c for c in self.courses.values() if c.status == "active"), key=lambda c: c.title.lower())
