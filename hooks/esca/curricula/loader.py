"""load_curricula: the only reader of curricula files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from esca.curricula.model import PROGRAMME_FIELDS, Change, Course, Curricula, Programme, Session
from esca.curricula.validate import Context, check_course, check_prerequisites, finding, _datetime
from esca.findings import Finding, did_you_mean, fix_or_choices
from esca.links import load_hosts
from esca.safeyaml import LineList, LineMap, load_file

VOCABULARIES = ("audiences", "delivery-modes", "pcf-domains", "pcf-levels", "kss", "practice-model", "providers")


class CurriculaError(Exception):
    """The curricula cannot be read at all (a vocabulary is missing or broken)."""


def load_curricula(root: Path, pages: dict[str, set[str]], *, today: dt.date,
                   folder: str = "curricula") -> tuple[Curricula, list[Finding]]:
    """Read and check every vocabulary, course and programme under ``root/folder``.

    ``pages`` maps role, career and legislation to the page ids that exist.
    Returns the valid courses and programmes, and every finding. Raises
    CurriculaError only when a vocabulary cannot be used.
    """
    base = root / folder
    vocab, problems = _vocabularies(base, root)
    if problems:
        raise CurriculaError("\n".join(map(str, problems)))
    owners = load_file(root / "data/owners.yml", root)
    vocab["owners"] = {str(k): str(v) for k, v in (owners.data or {}).items()} if owners.ok else {}
    hosts_file = root / "data/allowed-hosts.yml"
    hosts = load_hosts(hosts_file, root)[0] if hosts_file.exists() else frozenset()
    ctx = Context(vocab=vocab, pages=pages, today=today, hosts=hosts)
    result = Curricula(vocab=vocab)
    findings: list[Finding] = []
    prereqs: dict[str, tuple[str, list]] = {}
    id_lines: dict[str, int] = {}
    seen: dict[str, str] = {}
    for file in sorted((base / "courses").glob("*.yml")):
        rel = file.relative_to(root).as_posix()
        loaded = load_file(file, root)
        if loaded.findings:
            findings += loaded.findings
            continue
        data = loaded.data
        problems = list(check_course(rel, file.stem, data, ctx))
        course_id = data.get("id") if isinstance(data, LineMap) else None
        if isinstance(course_id, str):
            if course_id in seen:
                problems.append(finding(rel, data.line_of("id"), "id", "duplicate-id", course_id, other=seen[course_id]))
            else:
                seen[course_id] = rel
                id_lines[course_id] = data.line_of("prerequisites") if "prerequisites" in data else data.line_of("id")
                items = data.get("prerequisites") or []
                if isinstance(items, list):
                    lines = items.lines if isinstance(items, LineList) else [data.line] * len(items)
                    prereqs[course_id] = (rel, list(zip(items, lines)))
        findings += problems
        if not problems:
            result.courses[course_id] = _course(data, rel)
    findings += check_prerequisites(prereqs, id_lines)
    for file in sorted((base / "programmes").glob("*.yml")):
        programme, problems = _programme(file, root, vocab, set(seen))
        findings += problems
        if programme:
            result.programmes[programme.id] = programme
    return result, findings


def _vocabularies(base: Path, root: Path) -> tuple[dict[str, dict[str, str]], list[Finding]]:
    vocab, problems = {}, []
    for name in VOCABULARIES:
        file = base / "vocabularies" / f"{name}.yml"
        if not file.exists():
            problems.append(Finding(file.relative_to(root).as_posix(), None, "vocabulary", "file is missing",
                                    "restore it from version control"))
            continue
        loaded = load_file(file, root)
        if loaded.findings or not isinstance(loaded.data, dict):
            problems += loaded.findings or [Finding(file.relative_to(root).as_posix(), 1, "vocabulary",
                                                    "must be a mapping of id: label", "write one 'id: Label' per line")]
            continue
        vocab[name] = {str(k): str(v) for k, v in loaded.data.items()}
    return vocab, problems


def _course(data: LineMap, rel: str) -> Course:
    def tup(name):
        return tuple(data.get(name) or ())

    sessions = tuple(
        Session(start=_datetime(s["start"]), end=_datetime(s["end"]), capacity=s["capacity"],
                venue=s.get("venue", "") or "", online=s.get("online") is True)
        for s in data.get("sessions") or ()
    )
    return Course(
        id=data["id"], title=data["title"], summary=data["summary"], status=data["status"],
        audience=tup("audience"), practice_model=tup("practice_model"), pcf_domains=tup("pcf_domains"),
        pcf_levels=tup("pcf_levels"), learning_outcomes=tup("learning_outcomes"),
        reflection_prompts=tup("reflection_prompts"), delivery_mode=data["delivery_mode"],
        duration_minutes=data["duration_minutes"], cpd_hours=float(data["cpd_hours"]), provider=data["provider"],
        owner=data["owner"], last_reviewed=data["last_reviewed"], review_due=data["review_due"],
        changes=tuple(Change(c["date"], c["note"]) for c in data["changes"]),
        mandatory_for=tup("mandatory_for"), roles=tup("roles"), careers=tup("careers"),
        legislation=tup("legislation"), kss=tup("kss"), prerequisites=tup("prerequisites"), sessions=sessions,
        booking=data.get("booking", "") or "", source=rel, lines=dict(data.lines),
    )


def _programme(file: Path, root: Path, vocab, course_ids: set[str]):
    rel = file.relative_to(root).as_posix()
    loaded = load_file(file, root)
    if loaded.findings:
        return None, loaded.findings
    data = loaded.data
    if not isinstance(data, LineMap):
        return None, [finding(rel, 1, "programme", "not-mapping")]
    problems = []
    for key in data:
        if key not in PROGRAMME_FIELDS:
            problems.append(finding(rel, data.line_of(key), str(key), "unknown-field",
                                    hint=did_you_mean(str(key), PROGRAMME_FIELDS) or "remove it"))
    for key in PROGRAMME_FIELDS:
        if key not in data:
            problems.append(finding(rel, data.line, key, "missing", name=key))
    courses = data.get("courses") or []
    lines = courses.lines if isinstance(courses, LineList) else []
    for item, line in zip(courses, lines):
        if item not in course_ids:
            problems.append(finding(rel, line, "courses", "reference", item, kind="course",
                                    hint=fix_or_choices(item, course_ids, "course ids")))
    for item in data.get("audience") or []:
        if item not in vocab["audiences"]:
            problems.append(finding(rel, data.line_of("audience"), "audience", "vocab", item,
                                    where="curricula/vocabularies/audiences.yml",
                                    hint=fix_or_choices(item, vocab["audiences"], "audiences")))
    if data.get("id") != file.stem:
        problems.append(finding(rel, data.line_of("id"), "id", "id-file", data.get("id"), stem=file.stem))
    if problems:
        return None, problems
    return Programme(id=data["id"], title=data["title"], summary=data["summary"], audience=tuple(data["audience"]),
                     courses=tuple(courses), owner=data["owner"], last_reviewed=data["last_reviewed"],
                     review_due=data["review_due"], source=rel), []
