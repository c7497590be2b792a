"""Contact points for anyone worried about a child: one data file, checked
and rendered here.

Reads ``data/contacts.yml`` with the project's one YAML reader, checks every
entry (findings in the one shape), and renders the "Worried about a child?"
block shown on every page and the sources table. Phone numbers become
``tel:`` links. All text is escaped. No MkDocs imports.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Iterator

from esca.findings import Finding
from esca.safeyaml import LineList, LineMap, load_file

CONTACTS_FILE = "data/contacts.yml"
KEYS = {"id", "name", "for", "phone", "source", "source_url", "checked"}
REQUIRED = ("id", "name", "for", "source", "source_url", "checked")
PHONE = re.compile(r"999|0\d{3} \d{3} \d{4}|0\d{4} \d{6}|0\d{2} \d{4} \d{4}")
OFFICIAL_HOST = re.compile(r"(?:[a-z0-9-]+\.)*(?:gov\.uk|escb\.co\.uk|workingforessex\.com)")
MARKER = re.compile(r"<!--\s*esca:(worried|contacts-table)\s*-->")
SOURCES_PAGE = "about/worried-about-a-child.md"


def load(root: Path, *, today: dt.date) -> tuple[list[dict], list[Finding]]:
    """The checked contact points, in file order, or the findings that stop them."""
    loaded = load_file(root / CONTACTS_FILE, root)
    if loaded.findings:
        return [], loaded.findings
    findings = list(check(CONTACTS_FILE, loaded.data, today=today))
    return ([] if findings else [dict(c) for c in loaded.data["contacts"]]), findings


def check(rel: str, data, *, today: dt.date) -> Iterator[Finding]:
    """Each contact has an id, name, what it is for, an official https source
    and the date it was checked (not in the future); a phone, when given, is a
    UK number written in the usual groups. Ids are unique."""
    if not isinstance(data, LineMap) or not isinstance(data.get("contacts"), LineList) or not data["contacts"]:
        yield Finding(rel, getattr(data, "line", 1) or 1, "contacts", "missing or not a list",
                      "write contacts: then one '- id: …' entry per contact point")
        return
    seen: set[str] = set()
    for index, entry in enumerate(data["contacts"]):
        line = data["contacts"].line_of(index)
        if not isinstance(entry, LineMap):
            yield Finding(rel, line, "contacts", "each contact must be a mapping", "write id:, name:, for:, …")
            continue
        where = f"contacts.{entry.get('id', index)}"
        for key in entry:
            if key not in KEYS:
                yield Finding(rel, entry.line_of(key), f"{where}.{key}", "unknown field",
                              f"use only {', '.join(sorted(KEYS))}")
        for key in REQUIRED:
            value = entry.get(key)
            if value is None or (isinstance(value, str) and not value.strip()):
                yield Finding(rel, entry.line, f"{where}.{key}", "missing", f"add {key}:")
        if entry.get("id") in seen:
            yield Finding(rel, entry.line_of("id"), f"{where}.id", "used twice", "give each contact its own id")
        seen.add(entry.get("id"))
        phone = entry.get("phone")
        if phone is not None and not (isinstance(phone, str) and PHONE.fullmatch(phone)):
            yield Finding(rel, entry.line_of("phone"), f"{where}.phone", "not a UK phone number in the usual groups",
                          "write it in quotes as on the source, e.g. \"0345 603 7627\"", phone)
        url = entry.get("source_url")
        if url is not None:
            match = re.fullmatch(r"https://([^/\s]+)(/\S*)?", str(url))
            if not match or not OFFICIAL_HOST.fullmatch(match.group(1)):
                yield Finding(rel, entry.line_of("source_url"), f"{where}.source_url",
                              "must be an https link to an official council or safeguarding board page",
                              "link the official page the number was checked on", url)
        checked = entry.get("checked")
        if checked is not None:
            if not isinstance(checked, dt.date) or isinstance(checked, dt.datetime):
                yield Finding(rel, entry.line_of("checked"), f"{where}.checked", "not a real date in the form YYYY-MM-DD",
                              "write the date you checked the source, e.g. 2026-12-01", checked)
            elif checked > today:
                yield Finding(rel, entry.line_of("checked"), f"{where}.checked", "is in the future",
                              "use the date you actually checked the source", checked.isoformat())


def tel(phone: str) -> str:
    """The tel: address of a UK number: +44 and the digits without the 0 (999 as it is)."""
    digits = re.sub(r"\D", "", phone)
    return f"tel:{digits}" if len(digits) <= 3 else f"tel:+44{digits[1:]}"


def worried_block(contacts: list[dict], *, sources_href: str, heading_level: int = 2) -> str:
    """The "Worried about a child?" block: each contact, its number as a tel: link."""
    h = f"h{heading_level}"
    out = ['<section class="esca-worried" aria-labelledby="esca-worried-title">',
           f'<{h} id="esca-worried-title">Worried about a child?</{h}>', "<ul>"]
    for contact in contacts:
        name = html.escape(contact["name"])
        text = " ".join(str(contact["for"]).split())
        text = html.escape(text if text.endswith((".", "?", "!")) else text + ".")
        phone = contact.get("phone")
        number = (f': <a href="{html.escape(tel(phone))}">{html.escape(phone)}</a>' if phone else "")
        out.append(f"<li><strong>{name}</strong>{number}. {text}</li>")
    out += ["</ul>",
            f'<p><a href="{html.escape(sources_href)}">Where these contact points come from</a></p>',
            "</section>"]
    return "".join(out)


def sources_table(contacts: list[dict]) -> str:
    """Every contact point with its official source and the date it was checked."""
    out = ['<div class="esca-table"><table>', "<caption>Contact points and their official sources</caption>",
           '<thead><tr><th scope="col">Contact point</th><th scope="col">Phone</th>'
           '<th scope="col">Official source</th><th scope="col">Checked</th></tr></thead><tbody>']
    for contact in contacts:
        phone = contact.get("phone")
        number = f'<a href="{html.escape(tel(phone))}">{html.escape(phone)}</a>' if phone else "—"
        checked = contact["checked"]
        out.append(f'<tr><th scope="row">{html.escape(contact["name"])}</th><td>{number}</td>'
                   f'<td><a href="{html.escape(str(contact["source_url"]))}">{html.escape(contact["source"])}</a></td>'
                   f"<td>{checked.day} {checked:%B %Y}</td></tr>")
    out.append("</tbody></table></div>")
    return "".join(out)
