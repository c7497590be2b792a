"""My CPD record: a private record of CPD kept in the reader's browser.

Pure functions, no MkDocs imports. ``data/cpd-record.yml`` defines the fields
of an entry, the Social Work England requirement the record counts against and
the sources checked. Its schema is :data:`CPD_RECORD`, a declaration in the
one field library (esca.core.fields), so its findings are worded like every
other file's; :func:`check_config` runs it, then the few rules across fields
(:func:`check_across`). From the checked file come the form on the My CPD
page (:func:`form_html`), the "Add to my CPD record" buttons on course and
practice-model pages (:func:`add_button`) and ``cpd/reflection-prompts.json``
(:func:`prompts_json`), which carries each course's reflection questions from
the course files to the page's script.

Entries saved in readers' browsers hold the field ids of the release they were
saved under, so a field is never simply removed: :func:`check_previous`
compares the file with the one kept by the last release
(``releases/previous/cpd-record.yml``), and a field taken out of the form moves
under ``retired:``, where the script still reads, keeps and exports it.

Nothing here stores anything: ``docs/assets/js/cpd-record.js`` keeps entries
in the browser (local storage on the site; the tab's session storage in the
offline copy unless the reader chooses otherwise).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from esca.core import fields
from esca.core.browser_url import url_problems
from esca.core.fields import Field as Spec
from esca.core.findings import Finding
from esca.core.markdown import page_title
from esca.core.safeyaml import LineList, LineMap, load_file
from esca.core.urls import page_href

CONFIG_FILE = "data/cpd-record.yml"
MY_CPD_PAGE = "cpd/my-cpd.md"
PROMPTS_FILE = "cpd/reflection-prompts.json"
FORMAT = "esca-cpd-record"  # the "format" of an exported file
FORMAT_VERSION = 1
PREVIOUS_FILE = "releases/previous/cpd-record.yml"  # the data file as the last release had it
KINDS = ("text", "textarea", "date", "number", "url")
SOURCE_HOST = "www.socialworkengland.org.uk"
# An entry's own keys beside its fields, and names JavaScript objects treat
# specially: no field may take one.
RESERVED_IDS = {"id", "key", "created", "updated", "__proto__", "constructor", "prototype"}
# The script relies on these: the title and date place an entry in the list
# and in its registration year; the peer field decides peer reflection.
NEEDED_FIELDS = ("title", "type", "date")
# The My CPD page's markers, each filled by hooks/cpd_record.py.
MARKER_PARTS = ("status", "requirement", "entries", "form", "export", "delete")
MARKER = re.compile(r"^<!--\s*esca:cpd-(" + "|".join(MARKER_PARTS) + r")\s*-->[ \t]*$", re.MULTILINE)

# The limit each kind of field needs (the script refuses an entry past it).
LIMITS = {"text": "max_length", "textarea": "max_length", "url": "max_length", "number": "max_value"}
LIMIT_WORDS = {"max_length": "the most characters a reader may type",
               "max_value": "the largest number a reader may enter"}
HEADER = "the header comment of data/cpd-record.yml"

# The whole file, declared in the field library (esca.core.fields): a value of
# the wrong type or range, a missing field or a key not declared here is a
# finding in the library's words. The rules across fields are check_across's.
FIELD = Spec("field", "map", rule="the comment above fields: in data/cpd-record.yml", label="field", item_shape=(
    "id:, kind:, label: and the field's limit, indented under '- '"), fields=(
    Spec("id", "text", True, "lower-case letters and '_'", "learning", label="id", pattern="field-id"),
    Spec("kind", "choice", True, f"one of {', '.join(KINDS)}", "textarea", label="kind", choices="cpd-field-kinds"),
    Spec("label", "text", True, "the question the reader sees", "What you learnt", label="label", max_length=200),
    Spec("hint", "text", False, "a line under the label that helps answer it", "The difference it has made.",
         label="hint", max_length=400),
    Spec("required", "bool", False, "true when an entry cannot be saved without it", True, label="required"),
    Spec("max_length", "int", False, "the most characters a reader may type", 5000, label="max_length"),
    Spec("max_value", "int", False, "the largest number a reader may enter", 1000, label="max_value"),
    Spec("export", "text", False, "the label in the text copied for Social Work England's form", "What you learnt",
         label="export", max_length=200),
    Spec("answer", "bool", False, "true for a question every piece needs before it counts", True, label="answer"),
    Spec("peer", "bool", False, "true for the peer reflection question", True, label="peer"),
))
SOURCE = Spec("source", "map", rule=HEADER, label="source", item_shape="url:, title: and supports:, indented under '- '",
              fields=(
    Spec("url", "url", True, f"an https link to a page on {SOURCE_HOST}",
         f"https://{SOURCE_HOST}/cpd/peer-reflection/", label="url", choices="cpd-sources"),
    Spec("title", "text", True, "the page's title, as the My CPD page cites it", "Peer reflection (Social Work England)",
         label="title"),
    Spec("supports", "text", True, "what the page supports in this file", "who counts as a peer", label="supports"),
))
CHECKED_SOURCE = Spec("source", "map", rule=HEADER, label="source", item_shape="url: and supports:, indented under '- '",
                      fields=(
    Spec("url", "text", True, "an https link", "https://researchinpractice.org.uk/", label="url", pattern="https"),
    Spec("supports", "text", True, "what the page supports in this file", "the questions on the online CPD form",
         label="supports"),
))
CPD_RECORD = Spec("cpd-record", "map", rule=HEADER, label="CPD record", fields=(
    Spec("checked", "date", True, "the date the sources were checked, YYYY-MM-DD", "2026-12-01", label="checked"),
    Spec("sources", "list", True, "one '- url: …' item per page cited on the My CPD page", label="sources",
         min_items=1, item=SOURCE),
    Spec("also_checked", "list", False, "one '- url: …' item per page checked but not cited", label="also_checked",
         min_items=1, item=CHECKED_SOURCE),
    Spec("registration_year", "map", True, "start_month: and start_day:, indented under it", label="registration_year",
         item_shape="start_month: and start_day:, indented under it", fields=(
        Spec("start_month", "int", True, "the month the registration year starts, 1 to 12", 12, label="start_month",
             maximum=12),
        Spec("start_day", "int", True, "the day of the month it starts, 1 to 28", 1, label="start_day", maximum=28),
    )),
    Spec("requirement", "map", True, "pieces: and with_peer_reflection:, indented under it", label="requirement",
         item_shape="pieces: and with_peer_reflection:, indented under it", fields=(
        Spec("pieces", "int", True, "the pieces of CPD a registration year needs, 1 to 50", 2, label="pieces",
             maximum=50),
        Spec("with_peer_reflection", "int", True, "how many of them need a peer reflection, 0 to 50", 1,
             label="with_peer_reflection", minimum=0, maximum=50),
    )),
    Spec("fields", "list", True, "one '- id: …' item per field of the form", label="fields", min_items=1, item=FIELD),
    Spec("retired", "list", False, "each field taken out of the form, as it was, or []", label="retired", item=FIELD),
    Spec("earliest_year", "int", False, "the first year a reader could plausibly have done CPD, 1900 to 2199", 2000,
         label="earliest_year", minimum=1900, maximum=2199),
))


@dataclass(frozen=True)
class Field:
    id: str
    kind: str
    label: str
    hint: str = ""
    required: bool = False
    max_length: int = 0
    max_value: float = 0
    export: str = ""
    answer: bool = False
    peer: bool = False


@dataclass(frozen=True)
class Source:
    url: str
    title: str
    supports: str


@dataclass(frozen=True)
class Config:
    checked: dt.date
    sources: tuple[Source, ...]
    start_month: int
    start_day: int
    pieces: int
    with_peer: int
    fields: tuple[Field, ...]
    retired: tuple[Field, ...] = ()  # fields no longer asked, still read from saved entries
    earliest_year: int = 0  # an activity dated before this year is an error in the form (0: no check)


def load_config(root: Path) -> tuple[Config | None, list[Finding]]:
    """Read and check data/cpd-record.yml; a Config only when the file itself
    has no problem. A change that would strand saved entries (see
    :func:`check_previous`) is reported with the Config, so the strict build
    stops on it."""
    loaded = load_file(root / CONFIG_FILE, root)
    if loaded.findings:
        return None, loaded.findings
    findings = list(check_config(loaded.data, CONFIG_FILE))
    if findings:
        return None, findings
    return build_config(loaded.data), list(check_previous_file(root, loaded.data))


def check_previous_file(root: Path, data: LineMap) -> Iterator[Finding]:
    """:func:`check_previous` against releases/previous/cpd-record.yml, when
    the last release kept one (``make release-snapshot``)."""
    file = root / PREVIOUS_FILE
    if not file.exists():
        return
    loaded = load_file(file, root)
    if loaded.findings:
        yield from loaded.findings
        return
    yield from check_previous(data, loaded.data)


def check_config(data: Any, rel: str = CONFIG_FILE) -> Iterator[Finding]:
    """Every rule for the CPD record's data file: first its declaration
    (:data:`CPD_RECORD`) through the field library, so each value's type,
    range and unknown keys are reported in the library's words
    (esca.core.fields.MESSAGES); then the rules across fields
    (:func:`check_across`), which no one value can break alone."""
    ctx = fields.Context(choices={"cpd-field-kinds": KINDS}, today=dt.date.min,
                         hosts={"cpd-sources": (SOURCE_HOST,)}, url_check=lambda url: not url_problems(url))
    yield from fields.check(rel, data, CPD_RECORD, ctx, what="CPD record")
    if isinstance(data, LineMap):
        yield from check_across(rel, data)


def check_across(rel: str, data: LineMap) -> Iterator[Finding]:
    """The rules across fields, on a file whose values may still be wrong
    (each is skipped where the declaration has already said so):

    - ``requirement.with_peer_reflection`` is not more than ``pieces``;
    - ``fields`` has title, type and date, each required, and date is a date;
    - exactly one field is the peer reflection, and it is a textarea;
    - each field (and retired field) has its limit: ``max_length`` for text,
      textarea and url, ``max_value`` for number;
    - an id is used once across ``fields`` and ``retired``, and is none of the
      names the record keeps for itself or scripts treat specially;
    - a retired field is never required nor the peer reflection."""
    req = data.get("requirement")
    if isinstance(req, LineMap) and _whole(req.get("pieces")) and _whole(req.get("with_peer_reflection")) \
            and req["with_peer_reflection"] > req["pieces"]:
        yield Finding(rel, req.line_of("with_peer_reflection"), "requirement.with_peer_reflection",
                      "is more than pieces", "it counts pieces, so it cannot be more than pieces",
                      req["with_peer_reflection"])
    current = _items(data, "fields")
    retired = _items(data, "retired")
    seen: dict[str, int] = {}
    for where, item in [*current, *retired]:
        yield from _check_own(rel, where, item, seen)
    for where, item in retired:
        for key in ("required", "peer"):
            if item.get(key) is True:
                yield Finding(rel, item.line_of(key), f"{where}.{key}", "a retired field cannot be " +
                              ("required" if key == "required" else "the peer reflection"),
                              f"remove {key}: from the retired field")
    listed = data.get("fields")
    if not isinstance(listed, LineList) or not listed:
        return  # the declaration has said what is wrong with the list itself
    by_id = {item.get("id"): item for _, item in current if isinstance(item.get("id"), str)}
    for needed in NEEDED_FIELDS:
        item = by_id.get(needed)
        if item is None:
            yield Finding(rel, listed.line, "fields", f"has no '{needed}' field", f"add a field with id: {needed}")
        elif item.get("required") is not True:
            yield Finding(rel, item.line_of("required"), f"fields.{needed}", "must be required", "add required: true")
    date = by_id.get("date")
    if date is not None and date.get("kind") in KINDS and date["kind"] != "date":
        yield Finding(rel, date.line_of("kind"), "fields.date.kind", "must be date", "write kind: date", date["kind"])
    peers = [(where, item) for where, item in current if item.get("peer") is True]
    for where, item in peers:
        if item.get("kind") in KINDS and item["kind"] != "textarea":
            yield Finding(rel, item.line_of("kind"), f"{where}.kind", "the peer reflection field must be a textarea",
                          "write kind: textarea", item["kind"])
    if len(peers) != 1:
        yield Finding(rel, listed.line, "fields", f"has {len(peers)} peer reflection fields, not 1",
                      "mark exactly one field with peer: true")


def _items(data: LineMap, name: str) -> list[tuple[str, LineMap]]:
    """The fields listed under ``name`` that are mappings, each with its path (``fields[2]``)."""
    value = data.get(name)
    if not isinstance(value, LineList):
        return []
    return [(f"{name}[{index + 1}]", item) for index, item in enumerate(value) if isinstance(item, LineMap)]


def _check_own(rel: str, where: str, item: LineMap, seen: dict[str, int]) -> Iterator[Finding]:
    """One field's id against the others' and the reserved names, and its limit against its kind."""
    fid = item.get("id")
    if isinstance(fid, str) and re.fullmatch(fields.PATTERNS["field-id"], fid):
        if fid in RESERVED_IDS:
            yield Finding(rel, item.line_of("id"), f"{where}.id", "is a name the record keeps for itself or scripts "
                          "treat specially", "choose another id, like learning", fid)
        elif fid in seen:
            yield Finding(rel, item.line_of("id"), f"{where}.id", "is used by another field",
                          f"give each field its own id (the other is on line {seen[fid]})", fid)
        else:
            seen[fid] = item.line_of("id")
    kind = item.get("kind")
    limit = LIMITS.get(kind) if isinstance(kind, str) else None
    if limit and limit not in item:
        message = fields.MESSAGES["missing"]
        yield Finding(rel, item.line, f"{where}.{limit}", message.problem,
                      f"add {limit}: ({LIMIT_WORDS[limit]}; a {kind} field needs it)", key="missing")


def build_config(data: LineMap) -> Config:
    """A Config from data that :func:`check_config` passed."""
    def field(f: LineMap) -> Field:
        return Field(
            id=f["id"], kind=f["kind"], label=" ".join(f["label"].split()), hint=" ".join(f.get("hint", "").split()),
            required=f.get("required", False), max_length=f.get("max_length", 0), max_value=f.get("max_value", 0),
            export=f.get("export", ""), answer=f.get("answer", False), peer=f.get("peer", False))

    fields = tuple(field(f) for f in data["fields"])
    retired = tuple(field(f) for f in data.get("retired") or ())
    return Config(
        checked=data["checked"],
        sources=tuple(Source(s["url"], s["title"], " ".join(s["supports"].split())) for s in data["sources"]),
        start_month=data["registration_year"]["start_month"], start_day=data["registration_year"]["start_day"],
        pieces=data["requirement"]["pieces"], with_peer=data["requirement"]["with_peer_reflection"],
        fields=fields, retired=retired, earliest_year=data.get("earliest_year", 0))


# Kinds whose saved values the new kind still takes (and keeps whole: a one-line
# text box would drop a textarea's line breaks, so textarea -> text is not here).
KIND_TAKES = {("text", "textarea"), ("url", "text"), ("url", "textarea")}


def check_previous(current: LineMap, previous: Any, rel: str = CONFIG_FILE) -> Iterator[Finding]:
    """Entries that readers saved under the last release must still load.

    Every field the last release's file had (under ``fields`` or ``retired``)
    is still there, under either; its kind still takes the values it took; its
    limit is not lowered; and no field that entries may lack has become
    required. Renaming a field is removing it. ``current`` has passed
    :func:`check_config`; ``previous`` is the last release's file as read."""
    before = _shape(previous)
    if before is None:
        yield Finding(PREVIOUS_FILE, 1, "fields", "not a CPD record data file with a list of fields",
                      "run make release-snapshot again, or restore the file from the last release")
        return
    now = {f["id"]: f for f in [*current["fields"], *(current.get("retired") or ())]}
    for fid, old in before.items():
        new = now.get(fid)
        if new is None:
            yield Finding(rel, current.line_of("fields"), f"fields.{fid}",
                          "removed, but entries readers saved under the last release may hold it",
                          f"put the field back, or move it as it was under retired: (the last release's file is "
                          f"{PREVIOUS_FILE})")
            continue
        if new["kind"] != old.get("kind") and (old.get("kind"), new["kind"]) not in KIND_TAKES:
            yield Finding(rel, new.line_of("kind"), f"fields.{fid}.kind",
                          f"changed from {old.get('kind')}, which entries saved under the last release may not pass",
                          f"keep kind: {old.get('kind')}, or retire this field and add one with a new id", new["kind"])
        limit = "max_value" if new["kind"] == "number" else "max_length"
        if _whole(old.get(limit)) and _whole(new.get(limit)) and new[limit] < old[limit]:
            yield Finding(rel, new.line_of(limit), f"fields.{fid}.{limit}",
                          f"lowered from {old[limit]}, so entries saved under the last release that go over it would be "
                          "refused",
                          f"keep {limit}: {old[limit]} or more", new[limit])
    for new in current["fields"]:
        fid = new["id"]
        if new.get("required") is True and not (fid in before and before[fid].get("required") is True):
            yield Finding(rel, new.line_of("required"), f"fields.{fid}.required",
                          "new since the last release, so entries saved under it may lack this field and would "
                          "not load", "leave required: out for this field")


def _shape(data: Any) -> dict[str, dict] | None:
    """The last release's fields (and retired fields) by id, or None when the
    file is not the shape this module writes."""
    if not isinstance(data, dict) or not isinstance(data.get("fields"), list):
        return None
    items = [*data["fields"], *(data.get("retired") or ())] if isinstance(data.get("retired") or [], list) else None
    if items is None or not all(isinstance(i, dict) and isinstance(i.get("id"), str) for i in items):
        return None
    return {i["id"]: i for i in items}


def registration_year(day: dt.date, config: Config) -> tuple[dt.date, dt.date]:
    """The registration year ``day`` falls in: (first day, last day).

    With Social Work England's year (1 December to 30 November), 5 March 2027
    falls in 1 December 2026 to 30 November 2027. The script does the same
    sum; the tests hold both to the same table."""
    start = dt.date(day.year, config.start_month, config.start_day)
    if day < start:
        start = dt.date(day.year - 1, config.start_month, config.start_day)
    end = dt.date(start.year + 1, config.start_month, config.start_day) - dt.timedelta(days=1)
    return start, end


def add_button(*, title: str, kind: str, hours: float | None, key: str, from_src: str,
               directory_urls: bool = True) -> str:
    """The "Add to my CPD record" link for a page built from ``from_src``.

    It goes to the My CPD page's form. The script reads the activity from the
    data attributes (and the page's own address) when it is followed, so none
    of it is put in the address the server sees."""
    href = page_href(from_src, MY_CPD_PAGE, directory_urls)
    attrs = {"data-cpd-title": title, "data-cpd-type": kind, "data-cpd-key": key,
             "data-cpd-hours": "" if hours is None else f"{hours:g}"}
    data = " ".join(f'{name}="{_attr(value)}"' for name, value in attrs.items())
    return (f'<p class="esca-cpd-add"><a class="md-button" href="{html.escape(href)}#add-entry" {data}>'
            f'Add to my CPD record</a></p>')


PRACTICE_KIND = "Reading (ESCA practice model)"


def practice_button(src: str, markdown: str, directory_urls: bool = True) -> str:
    """The button on a practice-model page (``src``, its Markdown ``markdown``)."""
    title = page_title(markdown) or ""
    return add_button(title=title, hours=None, kind=PRACTICE_KIND, key=f"page/{src[:-3]}", from_src=src,
                      directory_urls=directory_urls)


BUTTON = re.compile(r'<a class="md-button" href="[^"]*#add-entry" data-cpd-title="([^"]*)" data-cpd-type="([^"]*)" '
                    r'data-cpd-key="([^"]*)" data-cpd-hours="([^"]*)">')


def buttons_in(markdown: str) -> list[dict[str, str]]:
    """What the "Add to my CPD record" buttons in a page carry (the inverse of
    :func:`add_button`): title, type, key and hours, as text."""
    return [dict(zip(("title", "type", "key", "hours"), map(html.unescape, m.groups())))
            for m in BUTTON.finditer(markdown)]


KEY = re.compile(r"(course|page)/[a-z0-9/-]{1,200}")  # the script's safeKey() takes the same


def activities_json(pages: dict[str, str], directory_urls: bool = True) -> str:
    """The activities a button on the site's own pages may fill in, by key:
    ``{"key": {"title", "type", "hours", "href"}}``, ``href`` relative to the
    My CPD page. ``pages`` maps a page's src to its Markdown with its buttons.

    The My CPD page prefills from this and nothing else: a key that reaches
    it (from the button followed, or the tab) fills the form only when it is
    here, and the text comes from here, never from the address or the tab."""
    found: dict[str, dict] = {}
    for src in sorted(pages):
        for button in buttons_in(pages[src]):
            if KEY.fullmatch(button["key"]) and button["key"] not in found:
                found[button["key"]] = {"title": button["title"], "type": button["type"], "hours": button["hours"],
                                        "href": page_href(MY_CPD_PAGE, src, directory_urls)}
    return json.dumps({"version": FORMAT_VERSION, "activities": found}, ensure_ascii=False, sort_keys=True)


def form_html(config: Config, *, offline: bool = False) -> str:
    """The My CPD page's form, from the fields in the data file, in GOV.UK's
    patterns: an error summary at the top (filled by the script), then each
    field's label, hint, error message (empty until there is one) and
    control, and under each text box its character count.

    Limits are ``data-max-length`` (never ``maxlength``, which cuts a paste
    short without a word): the reader may type past a limit, the count says
    by how much, and the entry is not saved until it fits. The script checks
    imported files against the same limits."""
    retired = json.dumps([{"id": f.id, "kind": f.kind, "export": f.export or f.label,
                           "max": f.max_value if f.kind == "number" else f.max_length} for f in config.retired])
    out = [f'<form class="esca-cpd__form" id="cpd-form" data-pieces="{config.pieces}" data-peer="{config.with_peer}" '
           f'data-year-start="{config.start_month:02d}-{config.start_day:02d}" '
           + (f'data-earliest-year="{config.earliest_year}" ' if config.earliest_year else "")
           + f'data-retired="{html.escape(retired)}"' + (' data-offline="1"' if offline else "") + ' hidden novalidate>',
           '<input type="hidden" name="id" value="">',
           '<input type="hidden" name="key" value="">',
           '<div class="esca-cpd__summary" id="cpd-error-summary" tabindex="-1" data-error-summary hidden>'
           '<div role="alert"><h3 class="esca-cpd__summary-title">There is a problem</h3>'
           '<ul class="esca-cpd__summary-list"></ul></div></div>',
           '<div class="esca-cpd__prompts" hidden></div>']
    for f in config.fields:
        fid = f"cpd-{f.id}"
        counted = f.kind in ("text", "textarea", "url") and f.max_length
        hint = f'<p class="esca-cpd__hint" id="{fid}-hint">{html.escape(f.hint)}</p>' if f.hint else ""
        described = " ".join(([f"{fid}-hint"] if f.hint else []) + ([f"{fid}-count"] if counted else []))
        common = (f'id="{fid}" name="{f.id}"' + (f' aria-describedby="{described}"' if described else "")
                  + (' required aria-required="true"' if f.required else "")
                  + f' data-kind="{f.kind}"'
                  + (f' data-max-length="{f.max_length}"' if counted else "")
                  + (f' data-export="{html.escape(f.export)}"' if f.export else "")
                  + (' data-answer="1"' if f.answer else "") + (' data-peer="1"' if f.peer else ""))
        if f.kind == "textarea":
            control = f'<textarea {common} rows="4"></textarea>'
        elif f.kind == "number":
            control = f'<input type="number" {common} min="0" max="{f.max_value:g}" step="0.25" inputmode="decimal">'
        elif f.kind == "date":
            control = f'<input type="date" {common}>'
        else:
            control = f'<input type="{f.kind}" {common} autocomplete="off">'
        # GOV.UK's character count: shown under a text box; under a one-line
        # box only once three quarters of the limit is used (read out always).
        count = (f'<div class="esca-cpd__count{" esca-cpd__count--quiet" if f.kind != "textarea" else ""}" '
                 f'id="{fid}-count" data-threshold="{75 if f.kind != "textarea" else 0}">You can enter up to '
                 f'{f.max_length:,} characters</div>') if counted else ""
        error = f'<p class="esca-cpd__message" id="{fid}-error" hidden></p>'
        label = html.escape(f.label) + (' <span class="esca-cpd__req">(required)</span>' if f.required else "")
        out.append(f'<div class="esca-cpd__field"><label for="{fid}">{label}</label>{hint}{error}{control}{count}</div>')
    out += ['<div class="esca-cpd__hidden" id="cpd-count-spoken" aria-live="polite"></div>',
            '<p class="esca-cpd__error" id="cpd-form-error" role="alert" hidden></p>',
            '<div class="esca-cpd__actions"><button type="submit" class="md-button md-button--primary">'
            'Save entry</button> <button type="reset" class="md-button" id="cpd-clear">Clear the form</button></div>',
            '<div class="esca-cpd__confirm" id="cpd-clear-confirm" hidden>'
            '<p id="cpd-clear-question" tabindex="-1">Clear the form? What you have written in it and not saved will '
            'be lost.</p>'
            '<button type="button" class="md-button md-button--primary" id="cpd-clear-yes">Yes, clear the form</button> '
            '<button type="button" class="md-button" id="cpd-clear-no">No, keep what I have written</button></div>',
            "</form>"]
    return "\n".join(out)


def requirement_html(config: Config) -> str:
    """The requirement in words, citing Social Work England's pages."""
    cites = "; ".join(f'<a href="{html.escape(s.url)}">{html.escape(s.title)}</a>' for s in config.sources)
    start = dt.date(2000, config.start_month, config.start_day)
    end = start - dt.timedelta(days=1)
    return (f"<p>Social Work England's registration year runs from {start.day} {start:%B} to {end.day} {end:%B}. "
            f"In each year you need to record at least {_words(config.pieces)} pieces of CPD on your Social Work "
            f"England online account, and at least {_words(config.with_peer)} of them with a peer reflection: "
            f"what you learnt from discussing it with a peer. Sources, checked {config.checked.day} "
            f"{config.checked:%B %Y}: {cites}.</p>")


def prompts_json(courses: dict, pages: dict[str, str] | None = None) -> str:
    """cpd/reflection-prompts.json: each course's reflection questions, taken
    from the course files (``reflection_prompts``), keyed like the buttons
    ("course/<id>"). Sorted, so the same data gives the same bytes."""
    prompts = {f"course/{c.id}": {"title": c.title, "prompts": list(c.reflection_prompts)}
               for c in sorted(courses.values(), key=lambda c: c.id)}
    return json.dumps({"version": FORMAT_VERSION, "prompts": prompts}, ensure_ascii=False, indent=1) + "\n"


def _attr(value: str) -> str:
    """An attribute value with no character Markdown or HTML could act on:
    HTML's specials escaped, Markdown's as numeric references (the browser
    gives the script the original text)."""
    return "".join(f"&#{ord(c)};" if c in SPECIALS else c for c in value)


SPECIALS = set("&<>\"'\\`*_{}[]()#+!|")


def embedded(text: str, block_id: str = "esca-cpd-prompts") -> str:
    """JSON as data in the My CPD page, so it works offline and from file://
    too: an attribute of an empty hidden element, escaped as any attribute.
    Not a <script type="application/json"> block: Material's instant
    navigation re-creates every script in the page it swaps in as a plain
    script, without its type or id, and runs it."""
    return f'<div id="{block_id}" data-json="{html.escape(text)}" hidden></div>'


def _words(number: int) -> str:
    return ("none", "one", "two", "three", "four", "five")[number] if number <= 5 else str(number)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
