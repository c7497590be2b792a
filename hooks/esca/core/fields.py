"""The field library: one Field type, one checker and one message table for
every value a contributor writes.

Page front matter (esca.pages.governance.PAGE), course and programme files
(esca.curricula.model.COURSE and PROGRAMME) and data files are declared as
trees of :class:`Field`. :func:`check` walks a value that esca.core.safeyaml
read against a declaration and yields :class:`~esca.core.findings.Finding`
objects, each made from the one message table :data:`MESSAGES`: a key has its
problem and fix for the file (``path:line: field: problem — fix``) and a
sentence for a form, in the form's own labels. :func:`load_labels` is the one
reader of a controlled list (owners, statuses, the course vocabularies…),
each checked against its declaration (:func:`labels`).

:func:`describe` publishes declarations, choice lists, patterns and messages
as plain data. The course builder's script (docs/assets/js/course-rules.js) is
a small generic interpreter of that data: it knows the kinds and checks below,
never a field or a message, so no rule is written twice. A test feeds
generated course files through both interpreters and compares every finding.

Kinds: text, slug, choice, int, number, date, due (a date, a YYYY-MM month or
"unknown"), datetime, bool, route, url, phone, list (of ``item``), map (of
``fields``, with cross-field ``checks``) and table (a map of ids, each an
``item``). An int is a whole number above 0, or from its ``minimum`` when
the declaration gives one (0, 1900…); so is a number, which may also be
``signed`` (any number, below 0 too: a budget line). The browser's interpreter knows the
kinds a course file uses. No MkDocs imports.
"""

from __future__ import annotations

import calendar
import dataclasses
import functools
import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Collection, Iterator, Mapping

from esca.core.findings import BIDI, CONTROL, INVISIBLE, Finding, did_you_mean, fix_or_choices
from esca.core.safeyaml import LineList, LineMap, Loaded, load_file
from esca.core.sources import rel_path

KINDS = ("text", "slug", "choice", "int", "number", "date", "due", "datetime", "bool", "route", "url", "phone", "list",
         "map", "table")
CHECKS = ("after", "subset", "needs", "one-of", "newest-first", "file-stem", "not-self", "unique", "acyclic",
          "not-past", "only-on")

# Patterns are data: the browser applies them unchanged (whole-value matches).
PATTERNS = {
    "slug": r"[a-z0-9]+(?:-[a-z0-9]+)*",
    # One address and nothing else: a mail link that carries only an address.
    "email": r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}",
    # An https link: an ASCII host, then only the characters an address may
    # hold (RFC 3986), so no quote, space, angle bracket or backslash.
    "https": r"https://([A-Za-z0-9.-]+)(?:[/?#][A-Za-z0-9._~:/?#\[\]@!$&()*+,;=%-]*)?",
    "datetime": r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2})",
    # A UK number written as people read it: 999, 116 123, 0345 603 7627…
    "phone": r"[0-9]{3}|116 [0-9]{3}|0[0-9]{3} [0-9]{3} [0-9]{4}|0[0-9]{4} [0-9]{6}|0[0-9]{2} [0-9]{4} [0-9]{4}"
             r"|0[0-9]{3} [0-9]{4}",
    "sha256": r"[0-9a-f]{64}",
    "path": r"[A-Za-z0-9_][A-Za-z0-9._/-]*",
    "host": r"[a-z0-9]+(?:[.-][a-z0-9]+)*\.[a-z]{2,}",
    # A glossary term or an allowed acronym as written on pages: "SGO", "A&I", "s47", "Cafcass".
    "term": r"[A-Za-z0-9][A-Za-z0-9&/.' -]{0,39}",
    "acronym": r"[A-Z0-9][A-Z0-9&-]*",
    # A field of a record as a script names it: lower-case letters and '_'.
    "field-id": r"_*[a-z][a-z_]*",
    # A word readers type, or one the site uses (data/search-vocabulary.yml):
    # lower-case letters and figures, as long as any English word.
    "word": r"[a-z0-9]{1,30}",
    # A name shown as a row of a table or a bar of a chart ("Castle Point",
    # "Social care grants"): letters, figures, spaces and light punctuation.
    "name": r"[A-Za-z0-9][A-Za-z0-9 &'(),./-]{0,99}",
    # A phone number in a text once read as a phone dials it (esca.core.fields.
    # numbers_in_text): searched for, not matched whole. Each repeat starts with
    # a class the one before cannot take, so it is linear in both engines.
    # Gaps of any length (fifth blind attack, A02, A05: four spaces and a dash).
    # and gaps inside +44 and 11 too (sixth blind attack, P03, P04: "+4 4 909…", "1 18 118").
    "number-in-text": r"(?<![0-9])(?:\+ *4 *4|0|1 *1)[0-9]*(?: +[0-9]+)*",
    # Where a link-like value says it goes (its scheme and host), matched at
    # the start: a message names that rather than the whole address.
    "site": r"([A-Za-z][A-Za-z0-9+.-]*:(?://)?[^/?# \t\r\n]*)",
}

# Which UK numbers a contact may give (Ofcom's National Telephone Numbering
# Plan): geographic (01, 02), UK-wide at the same rate (03), freephone (080),
# mobile (071-075, 077-079), and the short numbers for emergencies and
# help (999, 112, 111, 101, and 116 numbers of social value). Refused:
# 09 (premium rate), 084 and 087 (a service charge goes to the number's
# holder), 070 (personal numbers, charged like premium rate and used in
# scams), 076 (pagers), 05 and 06, 118 (directory enquiries) and any other
# short number.
PHONE_CLASSES = ("01", "02", "03", "080", "071", "072", "073", "074", "075", "077", "078", "079")
SHORT_NUMBERS = ("999", "112", "111", "101")


@dataclass(frozen=True)
class Check:
    """A rule across fields of one mapping (or across files, for ``unique``
    and ``acyclic``). ``key`` names its message."""

    kind: str
    field: str
    other: str = ""
    key: str = ""


@dataclass(frozen=True)
class Field:
    """One value a contributor writes, with its type and limits.

    ``label`` is what a form calls it ("Course id"); ``noun`` how a sentence
    names it ("a course id"); ``rule`` the rule in words, for references and
    hints. A list's ``item`` and a map's ``fields`` are Fields too; ``label``
    of a list item may hold ``{n}``, the item's number ("Session {n}").
    """

    name: str
    kind: str
    required: bool = False
    rule: str = ""
    example: object = None
    label: str = ""
    noun: str = ""
    choices: str | None = None  # the name of a choice list (CHOICES), for choice fields
    min_items: int = 0
    max_items: int | None = None
    max_length: int | None = None
    maximum: float | None = None
    minimum: int | None = None  # int, number: the smallest value allowed (0, 1900…); None: above 0
    signed: bool = False  # number: any finite number, below 0 too (a budget line's net figure)
    one_line: bool = False  # text: no line break inside it
    plain: bool = False  # text: no markup ('<'), for text that is shown outside the page's article
    numbers: bool = False  # text: every phone number written in it passes the phone-class rule (contacts)
    not_future: bool = False  # date: not after the build's day
    item: "Field | None" = None
    fields: tuple["Field", ...] = ()
    checks: tuple[Check, ...] = ()
    item_shape: str = ""  # list of maps: the message when an item is not a mapping
    extra: bool = False  # map: keys it does not declare are kept, unchecked (a file the portal wrote itself)
    empty: bool = False  # text: "" is allowed (a file the portal wrote, where "" means none)
    only_on: tuple[str, ...] = ()  # front matter: the kinds of page that may carry it
    required_on: tuple[str, ...] = ()  # front matter: the kinds of page that must carry it
    notice: bool = False  # datetime: a time already past is a notice, not a fault
    pattern: str = ""  # text: the name of a whole-value pattern in PATTERNS it must match
    keys: str = "slug"  # table: the name of the pattern in PATTERNS every id matches
    reserved: tuple[str, ...] = ()  # slug: values the portal keeps for itself (a page it builds: "index")
    unique_by: str = ""  # list of maps: the field whose value no two items share

    def by_name(self) -> dict[str, "Field"]:
        return {f.name: f for f in self.fields}

    def title(self) -> str:
        return self.label or self.name.replace("_", " ").capitalize()


@dataclass(frozen=True)
class Choices:
    """A controlled list a choice field's value must come from: where it is
    kept (for messages) and which message reports a value outside it."""

    key: str  # "vocab", "reference" or "status"
    where: str = ""  # the file that holds the ids
    what: str = ""  # how the ids are named in a hint ("ids in data/owners.yml")
    kind: str = ""  # for "no such {kind}"


def vocabulary(name: str) -> Choices:
    where = "data/owners.yml" if name == "owners" else f"curricula/vocabularies/{name}.yml"
    return Choices("vocab", where, f"ids in {where}")


CHOICES: dict[str, Choices] = {
    **{name: vocabulary(name) for name in ("audiences", "delivery-modes", "pcf-domains", "pcf-levels", "kss",
                                            "practice-model", "providers", "owners", "certificates")},
    "statuses": Choices("status", what="statuses"),
    "role": Choices("reference", what="role page ids", kind="role page"),
    "career": Choices("reference", what="career page ids", kind="career page"),
    "legislation": Choices("reference", what="legislation page ids", kind="legislation page"),
    "course": Choices("reference", what="course ids", kind="course"),
    "legislation-status": Choices("vocab", "data/legislation-status.yml", "statuses in data/legislation-status.yml"),
    "age-groups": Choices("vocab", "data/age-groups.yml", "ids in data/age-groups.yml"),
    "kinds-of-work": Choices("vocab", "data/kinds-of-work.yml", "ids in data/kinds-of-work.yml"),
    "hide": Choices("vocab", "the theme's options", "options the theme has"),
    "release": Choices("reference", what="release ids in this file", kind="release in this file"),
    "page": Choices("reference", what="pages under docs/", kind="page under docs/"),
    "change-kinds": Choices("status", what="kinds of change"),
    "cpd-field-kinds": Choices("status", what="kinds of field"),
}


@dataclass(frozen=True)
class Message:
    """One kind of finding: ``problem`` and ``fix`` for the file, ``form`` for
    a person filling a form. Slots in braces are filled in (str.format)."""

    problem: str
    fix: str
    form: str


M = Message
MESSAGES: dict[str, Message] = {
    "not-mapping": M("a {what} file must be a list of 'field: value' lines",
                     "write one 'field: value' line per field, each starting at the left margin (no leading '- ')",
                     "The file is not a {what} file: each line should be 'field: value'"),
    "unknown-field": M("unknown field", "{hint}", "The file has a field the portal does not know: {name}"),
    # One finding for a mapping with far more keys than it declares (fourth blind attack, B34/B35: 100,000
    # unknown keys were 100,000 findings, 25 s in the build and in the builder): its keys are not listed.
    "too-many-fields": M("has {count} fields, far more than the {maximum} the portal knows for it",
                         "remove the ones that do not belong (see {reference} for the names)",
                         "{Label} has {count} fields, far more than the {maximum} the portal knows: remove the ones "
                         "that do not belong"),
    "only-on": M("is only used on {where}", "remove it from this page", "{Label} is only used on {where}"),
    "missing": M("required field is missing", "add {name}: ({rule})", "{Enter} {noun}"),
    "slug": M("must be lower-case words joined by hyphens", "write it like {example}",
              "{Label} must be lower-case words joined by hyphens, like {example}"),
    "reserved": M("is a name the portal keeps for a page it builds", "choose another, e.g. {example}",
                  "{Label} '{value}' is kept for a page the portal builds: choose another"),
    "id-file": M("must be the same as the file name", "rename the file to {value}.yml or change the id to {stem}",
                 "{Label} must be the same as the file name: save the file as {value}.yml"),
    "duplicate-id": M("is used by another course", "give each course its own id (the other is {other})",
                      "Another course already uses this id ({other}): open that file to edit it, or choose another id"),
    "text": M("must be text", "write it as text on one line, or use >- for longer text", "{Enter} {noun}"),
    "invisible": M("is empty or only invisible characters", "write the text", "{Enter} {noun}"),
    "bidi": M("contains bidirectional control characters, which can make text read differently from what it is",
              "type the text again without them",
              "{Label} contains hidden characters that change the direction of text: type it again"),
    "control": M("contains control characters (an escape, a form feed, a line separator or the like)",
                 "type the text again without them", "{Label} contains hidden control characters: type it again"),
    "one-line": M("must be one line", "write it on one line", "{Label} must be one line"),
    "markup": M("has markup ('<')", "write plain text, without < or HTML tags",
                "{Label} must be plain text, without < or HTML tags"),
    "too-long": M("is {length} characters, over the limit of {limit}", "shorten it",
                  "{Label} must be {limit} characters or fewer (it has {length})"),
    "too-big": M("is more than the limit of {maximum}", "check the number", "{Label} must be {maximum} or less"),
    "status": M("must be one of {choices}", "{hint}", "Select {noun}"),
    "vocab": M("is not in {where}", "{hint}", "{Label}: '{value}' is not one of the choices"),
    "reference": M("no such {kind}", "{hint}", "{Label}: there is no {kind} '{value}'"),
    "list": M("must be a list", "write one '- value' line per item, or [a, b]", "{Label} must be a list"),
    "too-few": M("needs at least {minimum} {items}", "add more", "{Label}: {enter} at least {minimum}"),
    "too-many": M("has {count} items, more than {maximum}", "keep the {maximum} most important",
                  "{Label}: {count} is more than {maximum}; keep the {maximum} most important"),
    "int": M("must be a whole number above 0", "write a number, e.g. {example}",
             "{Label} must be a whole number above 0, like {example}"),
    "int-min": M("must be a whole number, {minimum} or more", "write a number, e.g. {example}",
                 "{Label} must be a whole number, {minimum} or more, like {example}"),
    "number": M("must be a positive number", "write a number, e.g. {example}",
                "{Label} must be a number above 0, like {example}"),
    "number-min": M("must be a number, {minimum} or more", "write a number, e.g. {example}",
                    "{Label} must be a number, {minimum} or more, like {example}"),
    "number-any": M("must be a number", "write a number, e.g. {example}", "{Label} must be a number, like {example}"),
    "bool": M("must be true or false", "write true or false", "{Label} must be ticked or not"),
    "date": M("not a real date in the form YYYY-MM-DD", "write the date as YYYY-MM-DD, e.g. 2026-11-24",
              "{Label} must be a real date, like 2026-11-24"),
    "future": M("is in the future", "use the date it was actually reviewed", "{Label} cannot be in the future"),
    "review-order": M("is not after last_reviewed", "set a date after {after}",
                      "{Label} must be after the last review date ({after_long})"),
    "session-order": M("ends before it starts", "check the start and end times", "{item} ends before it starts"),
    "mandatory-audience": M("is not in audience", "add {value} to audience, or remove it here",
                            "'{value}' is ticked under {label} but not under {other_label}"),
    "booking": M("is needed when a course has sessions", "add booking: with how to book",
                 "Enter how to book: the course has sessions"),
    "where": M("needs a venue or online: true", "add venue: Name of venue, or online: true",
               "{item}: enter a venue or tick Online"),
    "self-prerequisite": M("a course cannot be its own prerequisite", "remove it",
                           "A course cannot be its own prerequisite: remove '{value}'"),
    "cycle": M("prerequisites go round in a circle: {circle}", "remove one of these prerequisites",
               "Prerequisites go round in a circle: {circle}"),
    "change-order": M("changes must be newest first", "move the newest change to the top",
                      "Changes must be newest first"),
    # No noun in the sentence: the field before it names what (owners, courses[2]), so it reads
    # right for every list and mapping (fourth blind attack, B74: "each owners must be…").
    "item": M("must be a mapping", "write {shape}", "{Label} is not filled in correctly"),
    "due": M("not YYYY-MM-DD, YYYY-MM or unknown", "write the date the publisher gives, or unknown (never a guess)",
             "{Label} must be a date, a month (YYYY-MM) or unknown"),
    "id": M("not an id", "write ids as lower-case words joined by hyphens", "{Label} must be lower-case words joined by hyphens"),
    "datetime": M("not a date and time in the form YYYY-MM-DDTHH:MM", "write it like 2027-02-03T09:30",
                  "{Label} must be a date and time, like 2027-02-03T09:30"),
    "no-such-time": M("is not a time in London: the clocks go forward from 01:00 to 02:00 that day",
                      "write a time before 01:00 or from 02:00",
                      "{Label} is not a time in London: the clocks go forward from 01:00 to 02:00 that day"),
    "time-twice": M("happens twice in London: the clocks go back from 02:00 to 01:00 that day",
                    "calendars read it as the first, in British Summer Time; if that is not meant, write a time "
                    "before 01:00 or from 02:00",
                    "{Label} happens twice in London that day (the clocks go back from 02:00 to 01:00): calendars "
                    "read it as the first"),
    "past": M("is in the past", "it is not shown; remove the session when you next edit the file",
              "{Label} is in the past: it will not be shown"),
    "route": M("must be an email address or an https:// link on a reviewed host",
               "write an email address, or an https:// link to one of {hosts} (another host can be added to "
               "data/allowed-hosts.yml once it has been reviewed)",
               "{Label}: '{given}' is not an email address or a booking site the portal allows. Enter an email "
               "address, or a link starting https:// to one of these sites: {hosts}. To use another site, ask the "
               "portal team to review it first"),
    "url": M("must be an https link to {hosts}", "link the official page, e.g. {example}",
             "{Label} must be a link to {hosts}"),
    "pattern": M("is not {rule}", "write it like {example}", "{Label} must be {rule}, like {example}"),
    "phone": M("not a UK phone number in the usual groups", "write it in quotes as on the source, e.g. \"0345 603 7627\"",
               "{Label} must be a UK phone number, like 0345 603 7627"),
    "phone-class": M("is a number that costs more to call, or can be redirected (premium rate, 084, 087, 070, 118 and "
                     "the like)", "give the official 01, 02, 03 or 0800 number, or 999",
                     "{Label} must be an ordinary 01, 02, 03 or 0800 number, or 999"),
    "number-in-text": M("holds the number {number}, which costs more to call or can be redirected (premium rate, "
                        "084, 087, 070, 118 and the like)",
                        "write only ordinary 01, 02, 03 or 0800 numbers, or 999 (official contact points belong in "
                        "data/contacts.yml, where each is checked)",
                        "{Label} holds the number {number}, which costs more to call or can be redirected"),
    "key": M("not {what}", "{hint}", "{Label} must be {what}"),
    "key-number": M("is a figure YAML reads as a number", "write it in quotes: \"{value}\"",
                    "{Label}: write '{value}' in quotes"),
    "used-twice": M("is used twice", "give each one its own {name}", "{Label} '{value}' is used twice"),
}
del M

_CONTROL = re.compile(f"[{CONTROL}]")  # CONTROL: esca.core.findings, the one class (text files in docs/ too)
# How a form names the months (1 December 2026); the browser reads them from the model.
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")

PROBLEM_CHARS_INVISIBLE = INVISIBLE
PROBLEM_CHARS_BIDI = BIDI


@dataclass
class Context:
    """What the checker needs beyond the value: the choice lists by name, the
    build's day, the file's stem (for ``file-stem``), the page's kind (for
    ``only_on``), the known courses' prerequisites (for ``unique`` and
    ``acyclic``) and extra slots for messages."""

    choices: Mapping[str, Collection[str]]
    today: dt.date
    stem: str = ""
    page_kind: str = ""
    others: Mapping[str, str] = field(default_factory=dict)  # id -> file of every other known course
    graph: Mapping[str, Collection[str]] = field(default_factory=dict)  # id -> prerequisites of known courses
    hosts: Mapping[str, Collection[str]] = field(default_factory=dict)  # url fields: host list name -> hosts
    url_check: Callable[[str], bool] | None = None  # url fields: True when the link is safe to publish


def check(rel: str, data: Any, schema: Field, ctx: Context, *, what: str = "") -> Iterator[Finding]:
    """Every finding for ``data`` (read by esca.core.safeyaml) against ``schema``,
    a map Field, in field order then check order."""
    line = getattr(data, "line", 1) or 1
    if not isinstance(data, LineMap):
        yield _finding(rel, line, "", what or schema.name, "not-mapping", schema, ctx, what=what or schema.name)
        return
    yield from _map(rel, data, schema, ctx, path="", item_label="")


# ----- the interpreter -----

# Unknown keys a mapping may hold and still have each one named (with a "did
# you mean"): a few misspellings or an older file's names. Past its declared
# fields plus this many, the file is not one of its kind, and a finding per
# key helps nobody (fourth blind attack, B34: 100,000 keys, 100,000 lines).
SPARE_FIELDS = 20


def _map(rel: str, data: LineMap, spec: Field, ctx: Context, *, path: str, item_label: str,
         line: int = 0) -> Iterator[Finding]:
    """``line``: where the mapping is named (a table's id), for a missing field;
    by default the mapping's own first line. A mapping with more keys than
    its declared fields plus SPARE_FIELDS is one finding, at its own line, and
    its keys are not checked one by one (its declared fields still are: their
    number is the declaration's)."""
    known = spec.by_name()
    crowded = not spec.extra and len(data) > len(spec.fields) + SPARE_FIELDS
    if crowded:
        yield _finding(rel, line or data.line, path, spec.name, "too-many-fields", spec, ctx,
                       label=item_label or spec.title(), count=f"{len(data):,}", maximum=len(spec.fields),
                       reference=spec.rule or "the field reference")
    for key in () if crowded else data:
        sub = known.get(key)
        if sub is None and spec.extra:
            continue
        if sub is None:
            names = [f.name for f in spec.fields]
            hint = did_you_mean(str(key), names) or f"remove it, or see {spec.rule or 'the field reference'} for the names"
            yield _finding(rel, data.line_of(key), _join(path, str(key)), str(key), "unknown-field", spec, ctx,
                           item_label=item_label, hint=hint, name=str(key))
        elif sub.only_on and ctx.page_kind not in sub.only_on:
            yield _finding(rel, data.line_of(key), _join(path, key), key, "only-on", sub, ctx,
                           where=_pages(sub.only_on), item_label=item_label)
    for sub in spec.fields:
        if sub.name not in data and (sub.required or ctx.page_kind in sub.required_on):
            yield _finding(rel, line or data.line, _join(path, sub.name), sub.name, "missing", sub, ctx,
                           item_label=item_label)
    for sub in spec.fields:
        if sub.name in data and not (sub.only_on and ctx.page_kind not in sub.only_on):
            yield from _value(rel, data[sub.name], data.line_of(sub.name), sub, ctx,
                              path=_join(path, sub.name), item_label=item_label)
    for rule in spec.checks:
        yield from _check(rel, data, spec, rule, ctx, path=path, item_label=item_label)


def _value(rel: str, value: Any, line: int, spec: Field, ctx: Context, *, path: str,
           item_label: str) -> Iterator[Finding]:
    kind = spec.kind
    if kind == "list":
        yield from _list(rel, value, line, spec, ctx, path=path, item_label=item_label)
        return
    if kind == "map":
        if not isinstance(value, LineMap):
            yield _finding(rel, line, path, value, "item", spec, ctx, item_label=item_label,
                           what=spec.title().lower(), shape=spec.item_shape or "the fields under it, indented")
        else:
            yield from _map(rel, value, spec, ctx, path=path, item_label=_label(spec, item_label))
        return
    if kind == "table":
        yield from _table(rel, value, line, spec, ctx, path=path, item_label=item_label)
        return
    key, slots = _scalar_problem(value, spec, ctx)
    if key:
        yield _finding(rel, line, path, value, key, spec, ctx, item_label=item_label, **slots)


def _scalar_problem(value: Any, spec: Field, ctx: Context) -> tuple[str, dict]:
    """The message key (and its slots) for a scalar value, or ("", {})."""
    kind = spec.kind
    if kind in ("text", "route", "url"):
        key, slots = _text_problem(value, spec)
        if key or kind == "text":
            return key, slots
        if kind == "route":
            route = value.strip()
            url = re.fullmatch(PATTERNS["https"], route)
            hosts = ctx.choices.get("hosts", ())
            if not (re.fullmatch(PATTERNS["email"], route) or (url and url.group(1).lower() in hosts)):
                site = re.match(PATTERNS["site"], route)
                return "route", {"show": True, "given": site.group(1) if site else route,
                                 "hosts": ", ".join(sorted(hosts))}
            return "", {}
        hosts = ctx.hosts.get(spec.choices or "", ())
        url = re.fullmatch(PATTERNS["https"], value)
        if not url or not host_allowed(url.group(1).lower(), hosts) or (ctx.url_check and not ctx.url_check(value)):
            return "url", {"show": True, "hosts": _hosts(hosts)}
        return "", {}
    if kind == "phone":
        return phone_problem(value)
    if kind == "slug":
        if not isinstance(value, str) or not re.fullmatch(PATTERNS["slug"], value):
            return "slug", {"show": True}
        if value in spec.reserved:
            return "reserved", {"show": True}
    elif kind == "choice":
        choices = ctx.choices.get(spec.choices or "", ())
        if not isinstance(value, str) or value not in choices:
            meta = CHOICES[spec.choices or ""]
            return meta.key, {"show": True, "where": meta.where, "kind": meta.kind,
                              "choices": _or_list(choices), "hint": fix_or_choices(value, choices, meta.what)}
    elif kind == "int":
        if spec.minimum is not None:
            if not isinstance(value, int) or isinstance(value, bool) or value < spec.minimum:
                return "int-min", {"show": True, "minimum": _number(spec.minimum)}
        elif not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            return "int", {"show": True}
        if spec.maximum is not None and value > spec.maximum:
            return "too-big", {"maximum": _number(spec.maximum)}
    elif kind == "number":
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
            return ("number-any" if spec.signed else "number" if spec.minimum is None else "number-min"), \
                {"show": True, "minimum": _number(spec.minimum or 0)}
        if spec.minimum is not None and value < spec.minimum:
            return "number-min", {"show": True, "minimum": _number(spec.minimum)}
        if spec.minimum is None and not spec.signed and value <= 0:
            return "number", {"show": True}
        if spec.maximum is not None and value > spec.maximum:
            return "too-big", {"maximum": _number(spec.maximum)}
    elif kind == "bool":
        if not isinstance(value, bool):
            return "bool", {"show": True}
    elif kind == "date":
        if not is_date(value):
            return "date", {"show": True}
        if spec.not_future and value > ctx.today:
            return "future", {"show": True}
    elif kind == "due":
        if not (value == "unknown" or due_date(value) is not None):
            return "due", {"show": True}
    elif kind == "datetime":
        when = parse_datetime(value)
        if when is None:
            return "datetime", {"show": True}
        change = clock_change(when)
        if change == "forward":
            return "no-such-time", {"show": True}
        if spec.notice and when.date() < ctx.today:
            return "past", {"show": True, "notice": True}
        if change == "back":
            return "time-twice", {"show": True, "notice": True}
    return "", {}


def _text_problem(value: Any, spec: Field) -> tuple[str, dict]:
    if not isinstance(value, str):
        return "text", {"show": True}
    if any(c in BIDI for c in value):
        return "bidi", {"show": True}
    if _CONTROL.search(value):
        return "control", {"show": True}
    if not value.translate(_INVISIBLE).strip() and not (spec.empty and value == ""):
        return "invisible", {"show": True}
    if spec.one_line and "\n" in value.strip():
        return "one-line", {"show": True}
    if spec.plain and "<" in value:
        return "markup", {"show": True}
    if spec.max_length and len(value) > spec.max_length:
        return "too-long", {"length": len(value), "limit": spec.max_length}
    if spec.pattern and not re.fullmatch(PATTERNS[spec.pattern], value):
        return "pattern", {"show": True}
    if spec.numbers:
        for number in numbers_in_text(value):
            if not number_class_ok(number):
                return "number-in-text", {"number": number}
    return "", {}


def _list(rel: str, value: Any, line: int, spec: Field, ctx: Context, *, path: str,
          item_label: str) -> Iterator[Finding]:
    if not isinstance(value, list):
        yield _finding(rel, line, path, value, "list", spec, ctx, item_label=item_label, show=True)
        return
    if len(value) < spec.min_items:
        yield _finding(rel, line, path, value, "too-few", spec, ctx, item_label=item_label, minimum=spec.min_items,
                       items="item" if spec.min_items == 1 else "items")
    if spec.max_items is not None and len(value) > spec.max_items:
        # One finding: the items are not checked one by one (their number is the file's, not the declaration's)
        yield _finding(rel, line, path, value, "too-many", spec, ctx, item_label=item_label, count=len(value),
                       maximum=spec.max_items)
        return
    item = spec.item
    if item is None:
        return
    seen: set = set()
    for index, entry in enumerate(value):
        if spec.unique_by and isinstance(entry, LineMap) and isinstance(entry.get(spec.unique_by), str):
            own = entry[spec.unique_by]
            if own in seen:
                yield _finding(rel, entry.line_of(spec.unique_by), f"{path}[{index + 1}].{spec.unique_by}", own,
                               "used-twice", item.by_name().get(spec.unique_by, item), ctx, show=True)
            seen.add(own)
        entry_line = value.line_of(index) if isinstance(value, LineList) else line
        if item.kind == "map":
            where = f"{path}[{index + 1}]"
            label = _label(item, item_label, n=index + 1)
            if not isinstance(entry, LineMap):
                yield _finding(rel, entry_line, where, entry, "item", item, ctx, label=label,
                               what=item.name, shape=item.item_shape)
            else:
                yield from _map(rel, entry, item, ctx, path=where, item_label=label)
        else:
            key, slots = _scalar_problem(entry, item, ctx)
            if key:
                yield _finding(rel, entry_line, path, entry, key, item, ctx, label=_label(spec, item_label), **slots)


def _table(rel: str, value: Any, line: int, spec: Field, ctx: Context, *, path: str,
           item_label: str) -> Iterator[Finding]:
    """A mapping of ids, each holding one ``item`` (a release, a figure…)."""
    if not isinstance(value, LineMap) or (spec.min_items and not value):
        yield _finding(rel, line, path, value, "item", spec, ctx, item_label=item_label,
                       what=spec.title().lower(), shape=spec.item_shape or "one 'id:' entry per item, indented")
        return
    if spec.max_items is not None and len(value) > spec.max_items:
        # One finding: the entries are not checked one by one (as for a list)
        yield _finding(rel, line, path, value, "too-many", spec, ctx, item_label=item_label, count=len(value),
                       maximum=spec.max_items)
        return
    for key, entry in value.items():
        where, entry_line = f"{path}.{key}", value.line_of(key)
        if isinstance(key, (int, float)) and not isinstance(key, bool) and re.fullmatch(PATTERNS[spec.keys], str(key)):
            # "7:" or "2025:" is read as a number: quoted, it is a good key
            yield _finding(rel, entry_line, where, key, "key-number", spec, ctx, item_label=item_label, show=True)
        elif not isinstance(key, str) or not re.fullmatch(PATTERNS[spec.keys], key):
            if spec.keys == "slug":
                yield _finding(rel, entry_line, where, key, "id", spec, ctx, item_label=item_label, show=True)
            else:
                yield _finding(rel, entry_line, where, key, "key", spec, ctx, item_label=item_label, show=True,
                               what=f"{'an' if spec.keys[0] in 'aeiou' else 'a'} {spec.keys}",
                               hint=f"write each {spec.keys} as {spec.rule or 'the file says'}")
        elif spec.item is not None and spec.item.kind == "map":
            if not isinstance(entry, LineMap):
                yield _finding(rel, entry_line, where, entry, "item", spec.item, ctx, label=str(key),
                               what=spec.item.name, shape=spec.item.item_shape)
            else:
                yield from _map(rel, entry, spec.item, ctx, path=where, item_label=str(key), line=entry_line)
        elif spec.item is not None:
            yield from _value(rel, entry, entry_line, spec.item, ctx, path=where, item_label=str(key))


def _check(rel: str, data: LineMap, spec: Field, rule: Check, ctx: Context, *, path: str,
           item_label: str) -> Iterator[Finding]:
    fields = spec.by_name()
    target = fields.get(rule.field)
    other = fields.get(rule.other)
    value = data.get(rule.field)
    where = _join(path, rule.field)
    key = rule.key or rule.kind
    slots = {"other": rule.other, "other_label": other.title() if other else "",
             "other_label_lower": other.title().lower() if other else ""}
    if rule.kind == "after":
        first, second = _when(value, target), _when(data.get(rule.other), other)
        if first is not None and second is not None and first <= second:
            yield _finding(rel, data.line_of(rule.field), where, value, key, target, ctx, item_label=item_label,
                           show=True, after=_iso(data.get(rule.other)), after_long=_long(data.get(rule.other)),
                           **slots)
    elif rule.kind == "subset":
        wider = data.get(rule.other)
        if isinstance(value, list) and isinstance(wider, list):
            for index, entry in enumerate(value):
                if isinstance(entry, str) and entry not in wider:
                    yield _finding(rel, value.line_of(index) if isinstance(value, LineList) else data.line_of(rule.field),
                                   where, entry, key, target, ctx, item_label=item_label, show=True, **slots)
    elif rule.kind == "needs":
        reason = data.get(rule.other)
        if isinstance(reason, list) and reason and not (isinstance(value, str) and value.strip()):
            yield _finding(rel, data.line_of(rule.other), where, value, key, target, ctx, item_label=item_label,
                           **slots)
    elif rule.kind == "one-of":
        if not (isinstance(value, str) and value.strip()) and data.get(rule.other) is not True:
            yield _finding(rel, data.line, path or rule.field, value, key, target, ctx, label=item_label,
                           name=rule.field, **slots)
    elif rule.kind == "newest-first" and isinstance(value, list):
        dates = [(entry.get(rule.other), value.line_of(i) if isinstance(value, LineList) else data.line_of(rule.field))
                 for i, entry in enumerate(value) if isinstance(entry, LineMap)]
        dates = [(d, line) for d, line in dates if is_date(d)]
        for (newer, _), (older, older_line) in zip(dates, dates[1:]):
            if older > newer:
                yield _finding(rel, older_line, where, value, key, target, ctx, item_label=item_label, **slots)
                break
    elif rule.kind == "file-stem":
        if isinstance(value, str) and re.fullmatch(PATTERNS["slug"], value) and ctx.stem and value != ctx.stem:
            yield _finding(rel, data.line_of(rule.field), where, value, key, target, ctx, item_label=item_label,
                           show=True, stem=ctx.stem)
    elif rule.kind == "not-self":
        own = data.get(rule.other)
        if isinstance(value, list):
            for index, entry in enumerate(value):
                if isinstance(own, str) and entry == own:
                    yield _finding(rel, value.line_of(index) if isinstance(value, LineList) else data.line_of(rule.field),
                                   where, entry, key, target, ctx, item_label=item_label, show=True)
    elif rule.kind == "unique":
        if isinstance(value, str) and value in ctx.others:
            yield _finding(rel, data.line_of(rule.field), where, value, key, target, ctx, item_label=item_label,
                           show=True, other=ctx.others[value])
    elif rule.kind == "acyclic":
        own = data.get(rule.other)
        if isinstance(own, str) and isinstance(value, list):
            graph = {k: [p for p in v if isinstance(p, str)] for k, v in ctx.graph.items()}
            graph[own] = [p for p in value if isinstance(p, str) and p != own]
            loop = find_cycle(own, graph)
            if loop:
                line = data.line_of(rule.field)
                yield _finding(rel, line, where, value, key, target, ctx, item_label=item_label,
                               circle=" → ".join(loop + [loop[0]]))


def find_cycle(start: str, graph: Mapping[str, Collection[str]]) -> list[str] | None:
    """The first circle of prerequisites through ``start``, or None. Linear in
    the size of the graph: each course is entered at most once (iterative
    depth-first search with colours), so a contribution cannot make the check
    grow faster than the graph."""
    colour: dict[str, int] = {}  # 1: on the current path, 2: finished
    stack: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(graph.get(start, ()))))]
    path = [start]
    colour[start] = 1
    while stack:
        node, children = stack[-1]
        step = next(children, None)
        if step is None:
            stack.pop()
            path.pop()
            colour[node] = 2
            continue
        if step == start:
            return list(path)
        if colour.get(step) or step not in graph:
            continue
        colour[step] = 1
        path.append(step)
        stack.append((step, iter(sorted(graph.get(step, ())))))
    return None


def components(graph: Mapping[str, Collection[str]]) -> list[list[str]]:
    """The strongly connected groups of ``graph`` with more than one member
    (Tarjan's algorithm, iterative): every circle lies inside one. Linear in
    the size of the graph."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


# ----- findings -----

def _finding(rel: str, line: int, path: str, value: Any, key: str, spec: Field, ctx: Context, *,
             item_label: str = "", label: str = "", show: bool = False, notice: bool = False, **slots) -> Finding:
    message = MESSAGES[key]
    title = label or _label(spec, item_label)
    enter = "Select" if _is_choice(spec) else "Enter"
    filled = {
        "name": spec.name, "label": title, "Label": title[:1].upper() + title[1:], "noun": _noun(spec, title, item_label), "Enter": enter, "enter": enter.lower(), "example": _shown(spec.example),
        "value": _plain(value), "rule": spec.rule, "item": item_label or title, "what": "", "shape": "", "hint": "", "where": "", "kind": "", "stem": "",
        "other": "", "other_label": "", "other_label_lower": "", "after": "", "choices": "", "hosts": "",
        "given": "", "after_long": "",
    }
    filled.update(slots)
    kwargs: dict[str, Any] = {}
    if show and value is not None:
        kwargs["value"] = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value
    return Finding(rel, line, path or spec.name, message.problem.format(**filled), message.fix.format(**filled),
                   key=key, form=message.form.format(**filled), notice=notice, **kwargs)


def _noun(spec: Field, title: str, item_label: str) -> str:
    """How a sentence names the field: its noun ("the start date and time"),
    then the item it belongs to ("for session 2")."""
    if not spec.noun:
        return f"the {title[:1].lower() + title[1:]}"
    return f"{spec.noun} for {item_label[:1].lower() + item_label[1:]}" if item_label else spec.noun


def _label(spec: Field, item_label: str, n: int | None = None) -> str:
    own = spec.title()
    if n is not None:
        own = own.replace("{n}", str(n))
    return f"{item_label} {own[:1].lower() + own[1:]}" if item_label else own


def _is_choice(spec: Field) -> bool:
    return spec.kind in ("choice", "bool") or (spec.kind == "list" and spec.item is not None and
                                               spec.item.kind == "choice")


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _pages(kinds: tuple[str, ...]) -> str:
    return " and ".join(f"{k} pages" for k in kinds)


def _hosts(hosts: Collection[str]) -> str:
    named = [f"{h[1:]} or a host under it" if h.startswith(".") else h for h in sorted(hosts)]
    return ", ".join(named) or "a reviewed host"


def _or_list(choices: Collection[str]) -> str:
    items = list(choices)
    return ", ".join(items[:-1]) + f" or {items[-1]}" if len(items) > 1 else "".join(items)


def _when(value: Any, spec: Field | None) -> Any:
    if spec is not None and spec.kind == "datetime":
        return parse_datetime(value)
    return value if is_date(value) else None


def _iso(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _long(value: Any) -> str:
    """A date as a form says it: 1 December 2026 (with the time, for a date and time)."""
    if isinstance(value, dt.datetime):
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}, {value:%H:%M}"
    if isinstance(value, dt.date):
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    return str(value)


def _plain(value: Any) -> str:
    if value is None:
        return "None"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _shown(example: Any) -> str:
    if isinstance(example, (list, tuple)):
        return ", ".join(map(str, example))
    return "" if example is None else str(example)


def _number(value: float) -> str:
    return f"{value:g}"


_INVISIBLE = {ord(c): None for c in INVISIBLE}


def phone_problem(value: Any) -> tuple[str, dict]:
    """The message key for a phone number that is not a UK number in the
    usual groups, or one of a class that costs more or can be redirected
    (PHONE_CLASSES, SHORT_NUMBERS); ("", {}) for a good one."""
    if not isinstance(value, str) or not re.fullmatch(PATTERNS["phone"], value):
        return "phone", {"show": True}
    digits = value.replace(" ", "")
    if len(digits) == 3:
        return ("", {}) if digits in SHORT_NUMBERS else ("phone-class", {"show": True})
    # the same classes as a number written in text (one rule: number_class_ok)
    return ("", {}) if number_class_ok(value) else ("phone-class", {"show": True})


# A number written in text, read as a phone reads it: any decimal digit
# (fullwidth, Arabic-Indic…) is its digit, and any run of up to three
# spaces (no-break and thin ones too), dashes, dots, brackets, slashes or
# invisible characters between digits is a gap. The text is first mapped
# one character to one (:func:`_dialled`), so a match's place is the
# number's place as written. From +44, a leading 0 or 11 (the 11x short
# codes); each repeat must take a digit, so every character is read once.
_NUMBER_IN_TEXT = re.compile(PATTERNS["number-in-text"])
MIN_NUMBER_DIGITS = 5
# Line breaks (a paragraph's lines run on as one), and the marks Markdown
# takes away (emphasis, code, escapes) are gaps too (sixth blind attack,
# P02, P05, P09, P11: "0909" and "879 0000" on two lines, "**0909** 879 0000").
_GAPS = "\t\n\r.()/-\u2212*_`\\~"
_GAP_CATEGORIES = ("Zs", "Pd", "Cf")  # spaces of every width, dashes, invisible format characters


def _dialled(text: str) -> str:
    """``text`` as a dialler reads it, one character for one: decimal digits
    as ASCII digits, every gap character as a space (one str.translate over a
    table that learns each character once)."""
    return text.translate(_DIAL)


class _DialTable(dict):
    def __missing__(self, code: int) -> str:
        self[code] = mapped = _dialled_char(chr(code))
        return mapped


def _dialled_char(c: str) -> str:
    if c.isdecimal():
        return str(unicodedata.decimal(c))
    if c in plus_signs():
        return "+"
    if c in _GAPS or unicodedata.category(c) in _GAP_CATEGORIES:
        return " "
    return c


_DIAL = _DialTable()


@functools.lru_cache(maxsize=1)
def plus_signs() -> str:
    """Every character that is a plus sign once compatibility forms are
    folded (+, fullwidth ＋, small ﹢, superscript ⁺…): a dialler reads each
    as '+' (fifth blind attack, A03: ＋44 909…)."""
    return "".join(chr(cp) for cp in range(0x1FC00) if unicodedata.normalize("NFKC", chr(cp)) == "+")


@functools.lru_cache(maxsize=1)
def digit_zeros() -> tuple[int, ...]:
    """The code point of each decimal digit zero (ASCII, Arabic-Indic,
    fullwidth, mathematical…): each begins a run of ten, 0 to 9, so the
    browser maps any digit as this module does (published as ``dial``)."""
    return tuple(cp for cp in range(0x1FC00) if unicodedata.decimal(chr(cp), -1) == 0)


def dial_description() -> dict:
    """What the browser's interpreter needs to read numbers in text as this
    module does (:func:`numbers_in_text`, :func:`number_class_ok`)."""
    return {"gaps": _GAPS, "gap_categories": list(_GAP_CATEGORIES), "zeros": list(digit_zeros()), "plus": plus_signs(),
            "min_digits": MIN_NUMBER_DIGITS, "short_code_digits": SHORT_CODE_DIGITS,
            "short_codes": list(SHORT_CODES), "classes": list(PHONE_CLASSES)}


def numbers_in_text(value: str) -> list[str]:
    """The phone numbers written in a text (five digits or more, so "0.5" and
    "999" are not read as one), as written."""
    dialled = _dialled(value)
    return [value[m.start():m.end()] for m in _NUMBER_IN_TEXT.finditer(dialled)
            if sum(c.isdigit() for c in m.group(0)) >= MIN_NUMBER_DIGITS and _a_number(m.group(0))]


SHORT_CODE_DIGITS = 6  # 11x numbers of six digits: 116 123 (of social value), 118 118 (directory enquiries)
SHORT_CODES = ("116", "118")


def _a_number(dialled: str) -> bool:
    """A run from 11 is a number only as a six-digit 116 or 118 code (so
    "years 11 12 13" is not one); a run from +44 or 0 always is."""
    if not dialled.lstrip().startswith("1"):
        return True
    digits = "".join(c for c in dialled if c.isdigit())
    return len(digits) == SHORT_CODE_DIGITS and digits.startswith(SHORT_CODES)


def national_digits(number: str) -> str:
    """A number's digits as dialled within the UK: +44 becomes 0 (and a
    bracketed (0) after it is dropped)."""
    dialled = _dialled(number).strip()
    digits = "".join(c for c in dialled if c.isdigit())
    if dialled.startswith("+"):
        rest = digits[2:]
        return rest if rest.startswith("0") else "0" + rest
    return digits


def number_class_ok(number: str) -> bool:
    """A number written in text is of a class that costs no more than an
    ordinary call and cannot be redirected (the classes phone_problem allows;
    the length is not checked, so Childline's 0800 1111 is fine)."""
    digits = national_digits(number)
    if digits.startswith("11"):
        return digits.startswith("116") and len(digits) == 6
    return digits.startswith(PHONE_CLASSES)


def host_allowed(host: str, hosts: Collection[str]) -> bool:
    """``host`` is on the list; an entry starting with a dot allows that
    domain and every host under it (".gov.uk")."""
    return host in hosts or any(entry.startswith(".") and (host.endswith(entry) or host == entry[1:])
                                for entry in hosts)


def due_date(value: Any) -> dt.date | None:
    """The day a date, or a YYYY-MM month, falls due (a month's last day)."""
    if is_date(value):
        return value
    match = re.fullmatch(r"([0-9]{4})-([0-9]{2})", value) if isinstance(value, str) else None
    if match and 1 <= int(match.group(2)) <= 12:
        year, month = int(match.group(1)), int(match.group(2))
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    return None


def is_date(value: Any) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def parse_datetime(value: Any) -> dt.datetime | None:
    """A session time: London clock time, YYYY-MM-DDTHH:MM, without an offset
    (an offset such as +05:00 would be published as if it were London time).
    YAML reads a time with seconds as a datetime: that is accepted when it has
    no offset."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is None else None
    if isinstance(value, str):
        match = re.fullmatch(PATTERNS["datetime"], value)
        if match:
            try:
                return dt.datetime(*map(int, match.groups()))
            except ValueError:
                return None
    return None


def clock_change(when: dt.datetime) -> str:
    """Whether a London clock time falls in the hour the clocks skip or
    repeat: "forward" for 01:00-01:59 on the last Sunday of March (no such
    time: the clocks go from 01:00 GMT to 02:00 BST), "back" for 01:00-01:59
    on the last Sunday of October (it happens twice: the clocks go from 02:00
    BST back to 01:00 GMT), else "". The Summer Time Act 1972, s.1(2), as the
    Summer Time Order 2002 gives it; computed by date arithmetic alone, as
    the course builder does, so both agree with no time-zone database. (Years
    before 1996 had other dates: no session is dated then.)"""
    if when.hour != 1 or when.month not in (3, 10):
        return ""
    last_sunday = 31 - (dt.date(when.year, when.month, 31).weekday() + 1) % 7  # Monday is 0
    if when.day != last_sunday:
        return ""
    return "forward" if when.month == 3 else "back"


# ----- publishing the declarations -----

def describe(schema: Field) -> dict:
    """A declaration as plain data (JSON), for the browser's interpreter."""
    out = {key: value for key, value in dataclasses.asdict(schema).items()
           if key not in ("item", "fields", "checks") and value not in (None, (), "", False, 0) or key in ("name", "kind")
           or key == "minimum" and value is not None}
    out["required"] = schema.required
    if isinstance(schema.example, tuple):
        out["example"] = list(schema.example)
    if schema.item is not None:
        out["item"] = describe(schema.item)
    if schema.fields:
        out["fields"] = [describe(f) for f in schema.fields]
    if schema.checks:
        out["checks"] = [dataclasses.asdict(c) for c in schema.checks]
    for key in ("only_on", "required_on", "reserved"):
        if key in out:
            out[key] = list(out[key])
    return out


def vocabulary_description() -> dict:
    """Everything about messages and lists the browser's interpreter needs."""
    return {
        "kinds": list(KINDS),
        "checks": list(CHECKS),
        "patterns": dict(PATTERNS),
        "choice_lists": {name: dataclasses.asdict(meta) for name, meta in CHOICES.items()},
        "messages": {key: dataclasses.asdict(m) for key, m in MESSAGES.items()},
        "characters": {"invisible": INVISIBLE, "bidi": BIDI, "control": CONTROL},
        "dial": dial_description(),
        "months": list(MONTHS),
        "spare_fields": SPARE_FIELDS,
    }


def labels(name: str, keys: str = "slug") -> Field:
    """The declaration of a controlled list ``name``: id: label lines (:func:`load_labels`)."""
    return Field(f"{name}-file", "map", rule=f"the header of {name}.yml", fields=(
        Field(name, "table", True, "one 'id: Label' line per entry", label=name, keys=keys, min_items=1, max_items=500,
              item_shape="one 'id: Label' line per entry",
              item=Field("label", "text", True, "the label readers see", "Children in Care", label="label",
                         max_length=200, one_line=True, plain=True)),))


def walk(schema: Field) -> Iterator[Field]:
    """Every Field in a declaration, the declaration first."""
    yield schema
    if schema.item is not None:
        yield from walk(schema.item)
    for sub in schema.fields:
        yield from walk(sub)


def load_labels(file: Path, root: Path, *, keys: str = "slug") -> Loaded:
    """Read a controlled list: a mapping of id: label, one per line, checked
    against its declaration in the field library (:func:`labels`): each
    id matches the pattern named ``keys`` (lower-case words joined by hyphens
    by default; "acronym" for capitals), each label is plain text on one line.

    The one reader of every such list (owners, statuses, age groups, kinds of
    work, the course vocabularies, the allowed acronyms). ``data`` is a plain
    dict of the entries, or empty when there are findings."""
    loaded = load_file(file, root)
    if loaded.findings:
        return loaded
    rel = rel_path(file, root)
    name = Path(rel).stem
    holder = LineMap({name: loaded.data})
    holder.line, holder.lines = 1, {name: getattr(loaded.data, "line", 1) or 1}
    findings = list(check(rel, holder, labels(name, keys), Context(choices={}, today=_EPOCH), what=name))
    if findings:
        return Loaded(data={}, findings=findings)
    return Loaded(data=dict(loaded.data))


_EPOCH = dt.date(1970, 1, 1)
