"""One shape for every problem the build reports.

Every validator in the portal yields :class:`Finding` objects. Rendered, a
finding is one line a person can act on::

    curricula/courses/x.yml:12: cpd_hours: must be a positive number: 'three' — write hours as a number, e.g. 3

With it, what makes a finding's text: the fix that names the choices
(:func:`fix_or_choices`, :func:`did_you_mean`), the line of a key
(:func:`line_of`), one safe line for a CI log (:func:`one_line`,
:func:`log_safe`) and the count the build prints (:func:`count`).

No MkDocs imports here: hooks turn findings into log warnings, tests assert
on them directly.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

class _Missing:
    """No value given (a finding that quotes nothing). One instance, kept one
    when a finding crosses to another process (esca.checker)."""

    def __repr__(self) -> str:
        return "_MISSING"

    def __reduce__(self):
        return "_MISSING"


_MISSING = _Missing()


@dataclass(frozen=True, order=True)
class Finding:
    """A single problem: where it is, which field, what is wrong, how to fix it.

    ``path`` is relative to the repository root (``docs/…``, ``curricula/…``).
    ``line`` is 1-based; ``None`` when the problem has no line (a whole file, a
    rendered page). ``value`` is the offending value, shown quoted; leave it
    as the default when quoting it would not help.

    Findings made by the field library (esca.core.fields) also carry their message
    ``key``, the sentence a form shows (``form``), and ``notice``: a notice is
    reported but does not stop a strict build.
    """

    path: str
    line: int | None
    field: str
    problem: str
    fix: str = ""
    value: object = _MISSING
    key: str = field(default="", compare=False)
    form: str = field(default="", compare=False)
    notice: bool = field(default=False, compare=False)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line or 1}"  # a whole-file problem is reported at its first line
        text = f"{where}: {_field(self.field)}: {self.problem}"
        if self.value is not _MISSING:
            text += f": {_quote(self.value)}"
        if self.fix:
            text += f" — {self.fix}"
        return one_line(text)


class Problems(Exception):
    """Problems that stop the build at once (a controlled list is broken):
    one :class:`Finding` per problem in ``findings``, or one sentence.
    ``str()`` is one line per problem (the command line prints it so); a
    build reports it through :func:`stop`, never as one log record."""

    def __init__(self, problems: "str | Iterable[Finding]"):
        self.findings: list[Finding] = [] if isinstance(problems, str) else list(problems)
        super().__init__(problems if isinstance(problems, str) else "\n".join(map(str, self.findings)))

    def __reduce__(self):  # crosses to the build's process whole (esca.checker)
        return type(self), (self.findings or str(self),)


def stop(error: Exception, report: Callable[[str], None]) -> str:
    """Report each finding of ``error`` (a :class:`Problems`) as its own line
    through ``report`` (a hook's ``log.warning``), and return the one line
    that stops the build (a hook raises it as MkDocs' PluginError). One line
    per problem: several findings never share a log record (fourth blind
    attack, B13, B82)."""
    problems = getattr(error, "findings", None) or []
    for finding in problems:
        report(str(finding))
    if not problems:
        return one_line(str(error))
    return f"the build stopped: {count(len(problems), 'problem')} above must be fixed before the site can be built"


# Characters that show nothing, and those that reorder text (a title can be
# made to read differently from what it is: "Trojan Source").
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
# Control characters no text may hold (a line break and a tab may): the body
# of a character class, the same in Python and in the browser. The field
# library (esca.core.fields) and the text files docs/ publishes
# (esca.core.sources) read this one class.
CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufdd0-\ufdef\ufffe\uffff"  # and the noncharacters a BMP text may not hold


def text_problem(value: object) -> str | None:
    """What is wrong with a piece of published text, or None: it must be
    text, show something, and carry no bidirectional control characters."""
    if not isinstance(value, str):
        return "must be text"
    if any(c in BIDI for c in value):
        return "contains bidirectional control characters, which can make text read differently from what it is"
    if not value.translate({ord(c): None for c in INVISIBLE}).strip():
        return "is empty or only invisible characters"
    return None


def closest(value: object, choices: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The choice closest to ``value``, or None when nothing is close."""
    if not isinstance(value, str):
        return None
    matches = difflib.get_close_matches(value, list(choices), n=1, cutoff=cutoff)
    return matches[0] if matches else None


def did_you_mean(value: object, choices: Iterable[str], *, cutoff: float = 0.6) -> str:
    """Return "did you mean 'x'?" for the closest choice, or "" if none is close."""
    match = closest(value, choices, cutoff=cutoff)
    return f"did you mean '{match}'?" if match else ""


class PathIndex:
    """Files of a site, indexed so "did you mean …?" for a broken link stays
    cheap however many files and broken links there are: a broken path is
    compared with the files in its own folder (and the pages one level
    below it), then with files of the same name anywhere (a moved folder),
    never with every file."""

    def __init__(self, paths: Iterable[str]):
        self.by_folder: dict[str, list[str]] = {}
        self.by_name: dict[str, list[str]] = {}
        for path in paths:
            folder, name = posixpath.split(path)
            self.by_folder.setdefault(folder, []).append(path)
            if name == "index.html" and folder:  # a directory URL page: also its folder's sibling
                parent, name = posixpath.split(folder)
                self.by_folder.setdefault(parent, []).append(path)
            self.by_name.setdefault(posixpath.splitext(name)[0], []).append(path)
        self._seen: dict[str, str | None] = {}

    def closest(self, wanted: str) -> str | None:
        if wanted not in self._seen:
            folder, name = posixpath.split(wanted.rstrip("/"))
            match = closest(wanted, self.by_folder.get(folder, ())[:500])
            if match is None:
                match = closest(wanted, self.by_name.get(posixpath.splitext(name)[0], ())[:500], cutoff=0.0)
            self._seen[wanted] = match
        return self._seen[wanted]

    def did_you_mean(self, wanted: str) -> str:
        match = self.closest(wanted)
        return f"did you mean '{match}'?" if match else ""


def only_known(rel: str, entry, known, block: str):
    """One finding per key of ``entry`` (a LineMap) not in ``known``: a
    misspelt field would otherwise be silently ignored. ``block`` names where
    the fields sit (``legislation``, ``fields[2]``)."""
    for key in entry:
        if key not in known:
            yield Finding(rel, entry.line_of(key), f"{block}.{key}", "unknown field",
                          did_you_mean(str(key), known) or f"use only {', '.join(sorted(known))}")


def fix_or_choices(value: object, choices: Iterable[str], what: str) -> str:
    """A fix text: "did you mean …?" when close, else the list of allowed values."""
    choices = sorted(choices)
    hint = did_you_mean(value, choices)
    if hint:
        return hint
    if not choices:
        return f"there are no {what} yet"
    shown = ", ".join(choices[:12]) + (", …" if len(choices) > 12 else "")
    return f"use one of the {what}: {shown}"


# A field's path is its keys joined ("sessions[2].end"): a key can be as long
# as YAML reads (1,024 characters), so a line shows its first characters only,
# as it does a value's (fourth blind attack, A32 and A33). The course builder
# (docs/assets/js/course-rules.js) shortens it the same way.
MAX_FIELD = 120


def _field(name: object) -> str:
    name = str(name)
    return name if len(name) <= MAX_FIELD else name[: MAX_FIELD - 1] + "…"


def _quote(value: object) -> str:
    if isinstance(value, int) and value.bit_length() > 200:
        return "a number of more than 60 digits"
    text = repr(value) if not isinstance(value, str) else "'" + value + "'"
    return text if len(text) <= 80 else text[:77] + "…'"


def count(number: int, word: str, words: str = "") -> str:
    """``number`` and the word in the right number: "1 page", "2 pages"."""
    return f"{number:,} {word if number == 1 else (words or word + 's')}"


def one_line(text: str) -> str:
    """``text`` with every control, line-break and bidirectional-control
    character written as a Python escape (``\\n``, ``\\x1b``, ``\\u202e``),
    so a value can neither split a finding into two lines nor reach a CI log
    as a raw terminal escape or reordered text."""
    if _UNSAFE.search(text) is not None:
        text = _UNSAFE.sub(_escape, text)
    return no_command(text)


def no_command(line: str) -> str:
    """One log line a CI runner cannot read as a command: GitHub's runner
    reads ``::name::`` at the start of a line (after spaces) and the legacy
    ``##[name]`` anywhere in it. The first starts with a backslash, the
    second is written ``##\\[`` (issue 24, cases 47b and 55)."""
    if "##[" in line:
        line = line.replace("##[", "##\\[")
    if line.lstrip().startswith("::"):
        line = "\\" + line
    return line


def log_safe(text: str) -> str:
    """``text`` as it may reach a build log that CI reads: every control
    character but the line break escaped (so no terminal escape, no GitLab
    section marker, no carriage return that rewrites a line), and no line
    that a CI runner would read as a command (GitHub's ``::error::``,
    ``::add-mask::``, ``::stop-commands::``… at a line's start, or the
    legacy ``##[add-mask]`` anywhere in it): see :func:`no_command`."""
    if _UNSAFE.search(text) is not None:
        text = "\n".join(one_line(part) for part in text.split("\n"))
    if "::" in text or "##[" in text:
        text = "\n".join(no_command(line) for line in text.split("\n"))
    return text


def _escape(match: re.Match) -> str:
    char = match.group(0)
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


# C0 and C1 controls, DEL, line and paragraph separators, and the
# bidirectional controls (Trojan Source, CVE-2021-42574).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def line_of(text: str, needles: Iterable[str]) -> int | None:
    """The first line of ``text`` containing any of ``needles`` (tried in order)."""
    for needle in needles:
        if not needle:
            continue
        index = text.find(needle)
        if index >= 0:
            return text.count("\n", 0, index) + 1
    return None
