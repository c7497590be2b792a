"""My CPD record: a private record of CPD kept in the reader's browser.

Pure functions, no MkDocs imports. ``data/cpd-record.yml`` defines the fields
of an entry, the Social Work England requirement the record counts against and
the sources checked; :func:`check_config` is its one schema. From it come the
form on the My CPD page (:func:`form_html`), the "Add to my CPD record"
buttons on course and practice-model pages (:func:`add_button`) and
``cpd/reflection-prompts.json`` (:func:`prompts_json`), which carries each
course's reflection questions from the course files to the page's script.

Nothing here stores anything: ``docs/assets/js/cpd-record.js`` keeps entries
in the browser's local storage only.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

from esca.findings import Finding, did_you_mean, only_known
from esca.safeyaml import LineList, LineMap, load_file
from esca.urls import page_href

CONFIG_FILE = "data/cpd-record.yml"
MY_CPD_PAGE = "cpd/my-cpd.md"
PROMPTS_FILE = "cpd/reflection-prompts.json"
FORMAT = "esca-cpd-record"  # the "format" of an exported file
FORMAT_VERSION = 1
KINDS = ("text", "textarea", "date", "number", "url")
TOP_KEYS = {"checked", "sources", "also_checked", "registration_year", "requirement", "fields"}
FIELD_KEYS = {"id", "kind", "label", "hint", "required", "max_length", "max_value", "export", "answer", "peer"}
SOURCE_HOST = "www.socialworkengland.org.uk"
# The script relies on these: the title and date place an entry in the list
# and in its registration year; the peer field decides peer reflection.
NEEDED_FIELDS = ("title", "type", "date")
# The My CPD page's markers, each filled by hooks/cpd_record.py.
MARKER_PARTS = ("status", "requirement", "entries", "form", "export", "delete")
MARKER = re.compile(r"^<!--\s*esca:cpd-(" + "|".join(MARKER_PARTS) + r")\s*-->[ \t]*$", re.MULTILINE)


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


def load_config(root: Path) -> tuple[Config | None, list[Finding]]:
    """Read and check data/cpd-record.yml; a Config only when it has no problem."""
    loaded = load_file(root / CONFIG_FILE, root)
    if loaded.findings:
        return None, loaded.findings
    findings = list(check_config(loaded.data, CONFIG_FILE))
    if findings:
        return None, findings
    return build_config(loaded.data), []


def check_config(data: Any, rel: str = CONFIG_FILE) -> Iterator[Finding]:
    """Every rule for the CPD record's data file, top to bottom.

    The file is a mapping with ``checked`` (a date), ``sources`` (https links
    to Social Work England, each with title and supports), ``also_checked``
    (links, optional), ``registration_year`` (start_month 1-12, start_day
    1-28), ``requirement`` (pieces and with_peer_reflection, whole numbers, the
    second not above the first) and ``fields`` (see :func:`check_fields`)."""
    if not isinstance(data, LineMap):
        yield Finding(rel, 1, "cpd record", "must be a mapping of 'key: value' lines",
                      "start each key at the left margin")
        return
    for key in data:
        if key not in TOP_KEYS:
            yield Finding(rel, data.line_of(key), str(key), "unknown field",
                          did_you_mean(str(key), TOP_KEYS) or f"use only {', '.join(sorted(TOP_KEYS))}")
    for key in ("checked", "sources", "registration_year", "requirement", "fields"):
        if key not in data:
            yield Finding(rel, data.line, key, "missing", f"add {key}: (see the header comment)")
    if "checked" in data and not _is_date(data["checked"]):
        yield Finding(rel, data.line_of("checked"), "checked", "not a real date in the form YYYY-MM-DD",
                      "write the date the sources were checked, e.g. 2026-12-01", data["checked"])
    if "sources" in data:
        yield from check_sources(rel, data["sources"], data.line_of("sources"), cited=True)
    if "also_checked" in data:
        yield from check_sources(rel, data["also_checked"], data.line_of("also_checked"), cited=False)
    if "registration_year" in data:
        yield from _check_numbers(rel, "registration_year", data["registration_year"],
                                  data.line_of("registration_year"), {"start_month": (1, 12), "start_day": (1, 28)})
    if "requirement" in data:
        req = data["requirement"]
        yield from _check_numbers(rel, "requirement", req, data.line_of("requirement"),
                                  {"pieces": (1, 50), "with_peer_reflection": (0, 50)})
        if (isinstance(req, dict) and _whole(req.get("pieces")) and _whole(req.get("with_peer_reflection"))
                and req["with_peer_reflection"] > req["pieces"]):
            yield Finding(rel, req.line_of("with_peer_reflection"), "requirement.with_peer_reflection",
                          "is more than pieces", "it counts pieces, so it cannot be more than pieces",
                          req["with_peer_reflection"])
    if "fields" in data:
        yield from check_fields(rel, data["fields"], data.line_of("fields"))


def check_sources(rel: str, value: Any, line: int, *, cited: bool) -> Iterator[Finding]:
    """A list of sources, each an https ``url`` and what it ``supports``.
    Cited sources also have a ``title`` and are on Social Work England's site."""
    name = "sources" if cited else "also_checked"
    if not isinstance(value, LineList) or not value:
        yield Finding(rel, line, name, "must be a list of sources", "write one '- url: …' item per source")
        return
    needed = ("url", "title", "supports") if cited else ("url", "supports")
    for index, item in enumerate(value):
        where = f"{name}[{index + 1}]"
        if not isinstance(item, LineMap):
            yield Finding(rel, value.line_of(index), where, "must be a mapping", "give url: and supports:")
            continue
        yield from only_known(rel, item, needed, where)
        for key in needed:
            if not (isinstance(item.get(key), str) and item[key].strip()):
                yield Finding(rel, item.line_of(key) if key in item else item.line, f"{where}.{key}",
                              "missing or not text", f"add {key}: as text")
        url = item.get("url")
        if isinstance(url, str):
            parts = urlsplit(url)
            if parts.scheme != "https" or (cited and parts.hostname != SOURCE_HOST):
                fix = f"link a page on https://{SOURCE_HOST}/" if cited else "use the https address you checked"
                yield Finding(rel, item.line_of("url"), f"{where}.url", "not an https link to the source", fix, url)


def check_fields(rel: str, value: Any, line: int) -> Iterator[Finding]:
    """The entry's fields: each has an ``id`` (unique, lower-case), a ``kind``
    (text, textarea, date, number or url) and a ``label``; text kinds have a
    ``max_length``, number a ``max_value``. title, type and date must exist and
    be required; exactly one field is the peer reflection (a textarea)."""
    if not isinstance(value, LineList) or not value:
        yield Finding(rel, line, "fields", "must be a list of fields", "write one '- id: …' item per field")
        return
    seen: dict[str, int] = {}
    peers = 0
    for index, item in enumerate(value):
        where = f"fields[{index + 1}]"
        if not isinstance(item, LineMap):
            yield Finding(rel, value.line_of(index), where, "must be a mapping", "give id:, kind: and label:")
            continue
        yield from only_known(rel, item, FIELD_KEYS, where)
        fid, kind = item.get("id"), item.get("kind")
        if not (isinstance(fid, str) and fid.isascii() and fid.replace("_", "").isalpha() and fid.islower()):
            yield Finding(rel, item.line_of("id") if "id" in item else item.line, f"{where}.id",
                          "must be lower-case letters", "write it like learning", fid)
        elif fid in seen:
            yield Finding(rel, item.line_of("id"), f"{where}.id", "is used by another field",
                          f"give each field its own id (the other is on line {seen[fid]})", fid)
        else:
            seen[fid] = item.line_of("id")
        if kind not in KINDS:
            yield Finding(rel, item.line_of("kind") if "kind" in item else item.line, f"{where}.kind",
                          "not a known kind", did_you_mean(kind, KINDS) or f"use one of {', '.join(KINDS)}", kind)
        for key in ("label", "hint", "export"):
            if key in item and not (isinstance(item[key], str) and item[key].strip()):
                yield Finding(rel, item.line_of(key), f"{where}.{key}", "must be text", f"write {key}: as text")
        if "label" not in item:
            yield Finding(rel, item.line, f"{where}.label", "missing", "add label: the question the reader sees")
        for key in ("required", "answer", "peer"):
            if key in item and not isinstance(item[key], bool):
                yield Finding(rel, item.line_of(key), f"{where}.{key}", "must be true or false", "write true or false",
                              item[key])
        limit = "max_value" if kind == "number" else "max_length" if kind in ("text", "textarea", "url") else None
        if limit and not (_whole(item.get(limit)) and item[limit] > 0):
            yield Finding(rel, item.line_of(limit) if limit in item else item.line, f"{where}.{limit}",
                          "missing or not a whole number above 0", f"add {limit}: e.g. 5000", item.get(limit))
        if item.get("peer") is True:
            peers += 1
            if kind != "textarea":
                yield Finding(rel, item.line_of("kind"), f"{where}.kind", "the peer reflection field must be a textarea",
                              "write kind: textarea", kind)
    for needed in NEEDED_FIELDS:
        if needed not in seen:
            yield Finding(rel, value.line, "fields", f"has no '{needed}' field", f"add a field with id: {needed}")
        else:
            item = next(i for i in value if isinstance(i, LineMap) and i.get("id") == needed)
            if item.get("required") is not True:
                yield Finding(rel, item.line, f"fields.{needed}", "must be required", "add required: true")
    if "date" in seen:
        item = next(i for i in value if isinstance(i, LineMap) and i.get("id") == "date")
        if item.get("kind") != "date":
            yield Finding(rel, item.line_of("kind") if "kind" in item else item.line, "fields.date.kind",
                          "must be date", "write kind: date", item.get("kind"))
    if peers != 1:
        yield Finding(rel, value.line, "fields", f"has {peers} peer reflection fields, not 1",
                      "mark exactly one field with peer: true")


def build_config(data: LineMap) -> Config:
    """A Config from data that :func:`check_config` passed."""
    fields = tuple(Field(
        id=f["id"], kind=f["kind"], label=" ".join(f["label"].split()), hint=" ".join(f.get("hint", "").split()),
        required=f.get("required", False), max_length=f.get("max_length", 0), max_value=f.get("max_value", 0),
        export=f.get("export", ""), answer=f.get("answer", False), peer=f.get("peer", False)) for f in data["fields"])
    return Config(
        checked=data["checked"],
        sources=tuple(Source(s["url"], s["title"], " ".join(s["supports"].split())) for s in data["sources"]),
        start_month=data["registration_year"]["start_month"], start_day=data["registration_year"]["start_day"],
        pieces=data["requirement"]["pieces"], with_peer=data["requirement"]["with_peer_reflection"],
        fields=fields)


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


def form_html(config: Config) -> str:
    """The My CPD page's form, from the fields in the data file.

    Labels are tied to their fields, hints to ``aria-describedby``, and
    limits are attributes the script also checks imported files against."""
    out = [f'<form class="esca-cpd__form" id="cpd-form" data-pieces="{config.pieces}" data-peer="{config.with_peer}" '
           f'data-year-start="{config.start_month:02d}-{config.start_day:02d}" hidden novalidate>',
           '<input type="hidden" name="id" value="">',
           '<input type="hidden" name="key" value="">',
           '<div class="esca-cpd__prompts" hidden></div>']
    for f in config.fields:
        fid = f"cpd-{f.id}"
        hint = f'<p class="esca-cpd__hint" id="{fid}-hint">{html.escape(f.hint)}</p>' if f.hint else ""
        common = (f'id="{fid}" name="{f.id}"' + (f' aria-describedby="{fid}-hint"' if f.hint else "")
                  + (' required aria-required="true"' if f.required else "")
                  + f' data-kind="{f.kind}"'
                  + (f' data-export="{html.escape(f.export)}"' if f.export else "")
                  + (' data-answer="1"' if f.answer else "") + (' data-peer="1"' if f.peer else ""))
        if f.kind == "textarea":
            control = f'<textarea {common} rows="4" maxlength="{f.max_length}"></textarea>'
        elif f.kind == "number":
            control = f'<input type="number" {common} min="0" max="{f.max_value:g}" step="0.25" inputmode="decimal">'
        elif f.kind == "date":
            control = f'<input type="date" {common}>'
        else:
            control = f'<input type="{f.kind}" {common} maxlength="{f.max_length}" autocomplete="off">'
        label = html.escape(f.label) + (' <span class="esca-cpd__req">(required)</span>' if f.required else "")
        out.append(f'<div class="esca-cpd__field"><label for="{fid}">{label}</label>{hint}{control}</div>')
    out += ['<p class="esca-cpd__error" id="cpd-form-error" role="alert" hidden></p>',
            '<div class="esca-cpd__actions"><button type="submit" class="md-button md-button--primary">'
            'Save entry</button> <button type="reset" class="md-button">Clear the form</button></div>',
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


def embedded(text: str) -> str:
    """The prompts as a non-executed data block for the My CPD page, so they
    work offline and from file:// too ('<', '>' and '&' escaped so no text
    can end the block)."""
    body = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="esca-cpd-prompts">{body}</script>'


def _words(number: int) -> str:
    return ("none", "one", "two", "three", "four", "five")[number] if number <= 5 else str(number)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_numbers(rel: str, name: str, value: Any, line: int, ranges: dict) -> Iterator[Finding]:
    if not isinstance(value, LineMap):
        yield Finding(rel, line, name, "must be a mapping", f"indent {', '.join(ranges)} under {name}:")
        return
    for key in value:
        if key not in ranges:
            yield Finding(rel, value.line_of(key), f"{name}.{key}", "unknown field", f"use only {', '.join(ranges)}")
    for key, (low, high) in ranges.items():
        number = value.get(key)
        if not (_whole(number) and low <= number <= high):
            yield Finding(rel, value.line_of(key) if key in value else value.line, f"{name}.{key}",
                          f"must be a whole number from {low} to {high}", f"write {key}: {low}", number)


def _is_date(value: Any) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
