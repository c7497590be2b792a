"""Contact points for anyone worried about a child: one data file, checked
and rendered here.

Reads ``data/contacts.yml`` with the project's one YAML reader, checks every
entry (findings in the one shape), finds any change to the names or numbers
since someone reviewed them (their fingerprint in data/reviewed-assets.yml:
:func:`fingerprint_problems`), and renders the "Worried about a child?" block
shown on every page and the sources table. Phone numbers become ``tel:``
links. All text is escaped. No MkDocs imports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import html
import re
from pathlib import Path
from typing import Iterator

from esca.core import fields
from esca.core.browser_url import url_problems
from esca.core.fields import Field
from esca.core.findings import Finding
from esca.core.safeyaml import LineMap, load_file
from esca.curricula.model import text

CONTACTS_FILE = "data/contacts.yml"
REVIEWED_FILE = "data/reviewed-assets.yml"  # holds the reviewed fingerprint of the numbers (``contacts:``)
# Where a number may be checked: the council's and safeguarding board's own sites.
OFFICIAL_HOSTS = (".gov.uk", ".escb.co.uk", ".workingforessex.com")
MARKER = re.compile(r"<!--\s*esca:(worried|contacts-table)\s*-->")
SOURCES_PAGE = "about/worried-about-a-child.md"

CONTACT = Field("contact", "map", rule="data/contacts.yml's header", label="contact", item_shape=(
    "id:, name:, for:, phone:, source:, source_url: and checked:, indented under '- '"), fields=(
    Field("id", "slug", True, "lower-case words joined by hyphens", "children-and-families-hub", label="id"),
    text("name", "name", "the contact point's name", "Essex Children and Families Hub", max_length=80,
         numbers=True),
    text("for", "for", "who should call, in a sentence", "If you are worried about a child in Essex.",
         max_length=400, numbers=True),
    Field("phone", "phone", False, "a UK number in the usual groups, in quotes", "0345 603 7627", label="phone"),
    text("source", "source", "the official page the number was checked on, by name",
         "Essex Safeguarding Children Board", max_length=200, numbers=True),
    Field("source_url", "url", True, "an https link to the official page", "https://www.escb.co.uk/",
          label="source link", choices="official-contacts"),
    Field("checked", "date", True, "the date the number was checked, YYYY-MM-DD", "2026-12-01", label="checked",
          not_future=True),
))
CONTACTS = Field("contacts", "map", rule="data/contacts.yml's header", label="contacts file", fields=(
    Field("contacts", "list", True, "one '- id: …' entry per contact point", label="contacts", min_items=1,
          max_items=12, item=CONTACT, unique_by="id"),
))


def load(root: Path, *, today: dt.date) -> tuple[list[dict], list[Finding]]:
    """The checked contact points, in file order, or the findings that stop
    them. The numbers shown on every page change only with a reviewed
    fingerprint (:func:`fingerprint`, kept in data/reviewed-assets.yml)."""
    loaded = load_file(root / CONTACTS_FILE, root)
    if loaded.findings:
        return [], loaded.findings
    findings = list(check(CONTACTS_FILE, loaded.data, today=today))
    if findings:
        return [], findings
    found = [dict(c) for c in loaded.data["contacts"]]
    findings = fingerprint_problems(found, reviewed_fingerprint(root), loaded.data.line_of("contacts"))
    return ([] if findings else found), findings


def check(rel: str, data, *, today: dt.date) -> Iterator[Finding]:
    """Every finding for the contacts file against its declaration
    (CONTACTS): each contact has an id, a name, what it is for, an official
    https source and the date it was checked (not in the future); a phone,
    when given, is a UK number in the usual groups and of a class that costs
    no more than an ordinary call (esca.core.fields.phone_problem). Ids are unique."""
    ctx = fields.Context(choices={}, today=today, hosts={"official-contacts": OFFICIAL_HOSTS},
                         url_check=lambda url: not url_problems(url))
    yield from fields.check(rel, data, CONTACTS, ctx, what="contacts")


def fingerprint(contacts: list[dict]) -> str:
    """The SHA-256 of every contact's whole entry, every field (issue 24,
    case 77: a number written into ``for:`` changed nothing when only the
    id, name and phone were covered): what a reviewer signs off, as
    scripts are signed off by their hash. The canonical form is JSON with
    the keys sorted and dates as YYYY-MM-DD, one contact a line, in file order."""
    lines = "".join(json.dumps(dict(c), sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                               default=_canonical) + "\n" for c in contacts)
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def _canonical(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"a contact's field holds {type(value).__name__}")


def reviewed_fingerprint(root: Path) -> tuple[str | None, int]:
    """The reviewed fingerprint of the contacts (``contacts:`` in
    data/reviewed-assets.yml) and its line, or (None, 0)."""
    loaded = load_file(root / REVIEWED_FILE, root)
    data = loaded.data if isinstance(loaded.data, LineMap) else {}
    value = data.get("contacts")
    return (value if isinstance(value, str) else None), (data.line_of("contacts") if data else 0)


def fingerprint_problems(contacts: list[dict], reviewed: tuple[str | None, int], line: int) -> list[Finding]:
    """A finding unless the contacts' fingerprint is the reviewed one."""
    digest = fingerprint(contacts)
    if reviewed[0] == digest:
        return []
    return [Finding(CONTACTS_FILE, line, "contacts",
                    "the contact points shown on every page (any field) have changed since they were reviewed",
                    f"have someone other than the author check each number on its official source, then set "
                    f"contacts: {digest} in {REVIEWED_FILE}")]


def tel(phone: str) -> str:
    """The tel: address of a UK number: a leading 0 becomes +44 (the
    national prefix); every other number (999, 111, 116 123) is dialled as
    written (issue 24, case 84: 116 123 became tel:+4416123)."""
    digits = re.sub(r"\D", "", phone)
    return f"tel:+44{digits[1:]}" if digits.startswith("0") else f"tel:{digits}"


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
