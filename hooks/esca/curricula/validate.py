"""Course and programme checks: the declarations in esca.curricula.model,
applied by the field library (esca.core.fields).

Nothing here states a rule: ``check_course`` and ``check_programme`` give the
library the declaration and the context (vocabularies, the pages that exist,
the build's day, the reviewed hosts, the other courses). ``cycles`` finds
prerequisites that go round in a circle across every course file at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterator, Mapping

from esca.core import fields
from esca.core.fields import MESSAGES, Check
from esca.core.findings import Finding
from esca.curricula.model import COURSE, PROGRAMME, STATUSES

__all__ = ["MESSAGES", "Context", "check_course", "check_programme", "cycles", "finding", "vocab_file"]


@dataclass
class Context:
    """What the checks need to know beyond the file itself."""

    vocab: dict[str, dict[str, str]]
    pages: dict[str, set[str]]  # role, career, legislation -> page ids
    today: dt.date
    hosts: frozenset[str] = frozenset()  # data/allowed-hosts.yml, for booking links
    courses: Mapping[str, str] = field(default_factory=dict)  # every course id that exists -> its file
    graph: Mapping[str, tuple] = field(default_factory=dict)  # course id -> its prerequisites (builder only)

    def library(self, stem: str, others: Mapping[str, str] | None = None) -> fields.Context:
        choices = {name: tuple(values) for name, values in self.vocab.items()}
        choices.update({kind: tuple(sorted(ids)) for kind, ids in self.pages.items()})
        choices["statuses"] = STATUSES
        choices["course"] = tuple(sorted(set(self.courses) | {stem}))
        choices["hosts"] = tuple(sorted(self.hosts))
        return fields.Context(choices=choices, today=self.today, stem=stem, others=dict(others or {}),
                              graph=self.graph)


def check_course(rel: str, stem: str, data: object, ctx: Context,
                 others: Mapping[str, str] | None = None) -> Iterator[Finding]:
    """Every rule for one course file, in field order then check order.
    ``others`` maps the ids of other course files to their paths (an id used
    twice is a finding)."""
    yield from fields.check(rel, data, COURSE, ctx.library(stem, others), what="course")


def check_programme(rel: str, stem: str, data: object, ctx: Context) -> Iterator[Finding]:
    """Every rule for one programme file: the programme model, and every
    course it lists exists."""
    yield from fields.check(rel, data, PROGRAMME, ctx.library(stem), what="programme")


def cycles(graph: Mapping[str, tuple], files: Mapping[str, tuple[str, int]]) -> Iterator[Finding]:
    """One finding per group of courses whose prerequisites go round in a
    circle, at the group's first course (by id), naming one circle. Linear in
    the number of courses and prerequisites (esca.core.fields.components)."""
    for group in fields.components(graph):
        members = set(group)
        inside = {cid: [p for p in graph[cid] if p in members] for cid in group}
        loop = fields.find_cycle(group[0], inside) or group
        rel, line = files[group[0]]
        yield finding(rel, line, "prerequisites", "cycle", circle=" → ".join(loop + [loop[0]]))


def finding(rel: str, line: int, field_name: str, key: str, value: object = None, **slots) -> Finding:
    """A finding from the one message table, for checks the loader makes
    across files."""
    message = MESSAGES[key]
    slots = {"value": "" if value is None else str(value), **slots}
    kwargs = {} if value is None else {"value": value}
    form = message.form.format_map(_Blank(slots))
    return Finding(rel, line, field_name, message.problem.format_map(_Blank(slots)),
                   message.fix.format_map(_Blank(slots)), key=key, form=form, **kwargs)


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def vocab_file(name: str) -> str:
    """Where a vocabulary's ids are kept, as findings name it."""
    return fields.CHOICES[name].where


CHECK_KINDS = tuple(c.kind for c in COURSE.checks)
assert all(isinstance(c, Check) for c in COURSE.checks)
