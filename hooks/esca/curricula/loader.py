"""load_curricula: the only reader of curricula files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from esca.curricula.model import Change, Course, Curricula, Programme, Session
from esca.curricula.validate import Context, check_course, check_prerequisites, check_programme, finding, _datetime
from esca.findings import Finding
from esca.safeyaml import LineList, LineMap, load_file, load_labels

VOCABULARIES = ("audiences", "delivery-modes", "pcf-domains", "pcf-levels", "kss", "practice-model", "providers")


class CurriculaError(Exception):
    """The curricula cannot be read at all (a vocabulary is missing or broken)."""


def load_curricula(root: Path, pages: dict[str, set[str]], *, today: dt.date, owners: dict[str, str],
                   hosts: frozenset[str] = frozenset(), folder: str = "curricula") -> tuple[Curricula, list[Finding]]:
    """Read and check every vocabulary, course and programme under ``root/folder``.

    ``pages`` maps role, career and legislation to the page ids that exist;
    ``owners`` is data/owners.yml and ``hosts`` data/allowed-hosts.yml (for
    booking links) as the site model read them.
    Returns the valid courses and programmes, and every finding. Raises
    CurriculaError only when a vocabulary cannot be used.
    """
    base = root / folder
    vocab, problems = read_vocabularies(base, root)
    if problems:
        raise CurriculaError("\n".join(map(str, problems)))
    vocab["owners"] = dict(owners)
    ctx = Context(vocab=vocab, pages=pages, today=today, hosts=frozenset(hosts))
    result = Curricula(vocab=vocab)
    findings: list[Finding] = []
    prereqs: dict[str, tuple[str, list]] = {}
    id_lines: dict[str, int] = {}
    seen: dict[str, str] = {}
    findings += unread_files(base / "courses", root) + unread_files(base / "programmes", root)
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
        # A course whose file has problems still exists: the programme is not
        # told "no such course" on top of the course's own findings.
        known = set(seen) | {f.stem for f in (base / "courses").glob("*.yml")}
        programme, problems = _programme(file, root, ctx, known)
        findings += problems
        if programme:
            result.programmes[programme.id] = programme
    return result, findings


def unread_files(folder: Path, root: Path) -> list[Finding]:
    """Files in a courses or programmes folder the build would not read: a
    course saved as .yaml or .YML, or put in a subfolder, would otherwise be
    silently left out of the site."""
    findings = []
    if not folder.is_dir():
        return findings
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.parent == folder and path.name.endswith(".yml") or path.name.startswith(".") or path.is_dir():
            continue
        where = "in a subfolder" if path.parent != folder else "not a .yml file"
        findings.append(Finding(rel, None, "file", f"is not read: {where}",
                                f"save it as {folder.relative_to(root).as_posix()}/{path.stem.lower()}.yml"))
    return findings


def read_vocabularies(base: Path, root: Path) -> tuple[dict[str, dict[str, str]], list[Finding]]:
    vocab, problems = {}, []
    for name in VOCABULARIES:
        file = base / "vocabularies" / f"{name}.yml"
        if not file.exists():
            problems.append(Finding(file.relative_to(root).as_posix(), None, "vocabulary", "file is missing",
                                    "restore it from version control"))
            continue
        loaded = load_labels(file, root)
        if loaded.findings:
            problems += loaded.findings
            continue
        vocab[name] = loaded.data
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
        changes=tuple(Change(c["date"], c["note"]) for c in data["changes"]), questions=tup("questions"),
        mandatory_for=tup("mandatory_for"), roles=tup("roles"), careers=tup("careers"),
        legislation=tup("legislation"), kss=tup("kss"), prerequisites=tup("prerequisites"), sessions=sessions,
        booking=data.get("booking", "") or "", source=rel, lines=dict(data.lines),
    )


def _programme(file: Path, root: Path, ctx: Context, course_ids: set[str]):
    rel = file.relative_to(root).as_posix()
    loaded = load_file(file, root)
    if loaded.findings:
        return None, loaded.findings
    data = loaded.data
    problems = list(check_programme(rel, file.stem, data, ctx, course_ids))
    if problems:
        return None, problems
    return Programme(id=data["id"], title=data["title"], summary=data["summary"], audience=tuple(data["audience"]),
                     courses=tuple(data["courses"]), owner=data["owner"], last_reviewed=data["last_reviewed"],
                     review_due=data["review_due"], questions=tuple(data.get("questions") or ()), source=rel), []
