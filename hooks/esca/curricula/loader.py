"""load_curricula: the only reader of curricula files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from esca.core.fields import load_labels, parse_datetime
from esca.core.findings import Finding, Problems
from esca.core.safeyaml import MAX_BYTES, LineMap, load_file, load_text
from esca.core.sources import CURRICULA_VOCABULARIES, read_text, rel_path
from esca.curricula.model import Change, Course, Curricula, Programme, Session
from esca.curricula.validate import Context, check_course, check_programme, cycles

VOCABULARIES = CURRICULA_VOCABULARIES  # declared with the folder's other files (esca.core.sources.DECLARED_FOLDERS)


class CurriculaError(Problems):
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
        raise CurriculaError(problems)
    vocab["owners"] = dict(owners)
    result = Curricula(vocab=vocab)
    findings: list[Finding] = []
    findings += unread_files(base / "courses", root) + unread_files(base / "programmes", root)
    read: list[tuple[Path, str, object]] = []
    unreadable: dict[Path, list[Finding]] = {}
    texts: dict[Path, str] = {}
    for file in sorted((base / "courses").glob("*.yml")):
        raw = read_text(file, root, max_bytes=MAX_BYTES)  # as load_file reads it, keeping the text
        loaded = load_text(raw.text, rel_path(file, root)) if raw.finding is None else None
        if raw.finding is not None or loaded.findings:
            unreadable[file] = [raw.finding] if raw.finding is not None else loaded.findings
        else:
            read.append((file, file.relative_to(root).as_posix(), loaded.data))
            texts[file] = raw.text
    # Every course that exists, even one whose file has problems: a programme
    # or prerequisite naming it is not told "no such course" on top of them.
    known = {file.stem: rel for file, rel, _ in read}
    known.update({f.stem: f.relative_to(root).as_posix() for f in (base / "courses").glob("*.yml") if f.stem not in known})
    for _, rel, data in read:
        if isinstance(data, LineMap) and isinstance(data.get("id"), str):
            known.setdefault(data["id"], rel)
    ctx = Context(vocab=vocab, pages=pages, today=today, hosts=frozenset(hosts), courses=known)
    seen: dict[str, str] = {}
    graph: dict[str, tuple] = {}
    places: dict[str, tuple[str, int]] = {}
    checked = {file: (rel, data) for file, rel, data in read}
    for file in sorted([*checked, *unreadable]):  # findings in file order, as the files are listed
        if file in unreadable:
            findings += unreadable[file]
            continue
        rel, data = checked[file]
        problems = list(check_course(rel, file.stem, data, ctx, others=seen))
        findings += problems
        course_id = data.get("id") if isinstance(data, LineMap) else None
        if not isinstance(course_id, str) or course_id in seen:
            continue
        seen[course_id] = rel
        items = data.get("prerequisites")
        graph[course_id] = tuple(p for p in items if isinstance(p, str) and p != course_id) \
            if isinstance(items, list) else ()
        places[course_id] = (rel, data.line_of("prerequisites") if "prerequisites" in data else data.line_of("id"))
        if not any(not p.notice for p in problems):
            result.courses[course_id] = _course(data, rel)
            result.texts[course_id] = texts[file]
    findings += cycles(graph, places)
    for file in sorted((base / "programmes").glob("*.yml")):
        programme, problems = _programme(file, root, ctx)
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
        Session(start=parse_datetime(s["start"]), end=parse_datetime(s["end"]), capacity=s["capacity"],
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
        booking=data.get("booking", "") or "", certificate=data.get("certificate", "") or "", source=rel,
        lines=dict(data.lines),
    )


def _programme(file: Path, root: Path, ctx: Context):
    rel = file.relative_to(root).as_posix()
    loaded = load_file(file, root)
    if loaded.findings:
        return None, loaded.findings
    data = loaded.data
    problems = list(check_programme(rel, file.stem, data, ctx))
    if problems:
        return None, problems
    return Programme(id=data["id"], title=data["title"], summary=data["summary"], audience=tuple(data["audience"]),
                     courses=tuple(data["courses"]), owner=data["owner"], last_reviewed=data["last_reviewed"],
                     review_due=data["review_due"], questions=tuple(data.get("questions") or ()), source=rel), []
