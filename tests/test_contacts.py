"""Worried about a child?: contact points from one checked data file, shown on
every page and the home page, numbers as tel: links, each with its source."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from conftest import ROOT
from esca import contacts
from esca.links import Link, check_external
from esca.safeyaml import load_text

TODAY = dt.date(2026, 12, 1)
GOOD = """contacts:
  - id: hub
    name: Essex Children and Families Hub
    for: If you are worried about a child
    phone: "0345 603 7627"
    source: Essex Safeguarding Children Board
    source_url: https://www.escb.co.uk/
    checked: 2026-12-01
"""

CASES = [
    ("valid", GOOD, []),
    ("no contacts", "contacts: []\n",
     ["c.yml:1: contacts: missing or not a list — write contacts: then one '- id: …' entry per contact point"]),
    ("guessed-looking phone", GOOD.replace('"0345 603 7627"', '"03456037627"'),
     ["c.yml:5: contacts.hub.phone: not a UK phone number in the usual groups: '03456037627' — "
      "write it in quotes as on the source, e.g. \"0345 603 7627\""]),
    ("unofficial source", GOOD.replace("https://www.escb.co.uk/", "https://example.org/numbers"),
     ["c.yml:7: contacts.hub.source_url: must be an https link to an official council or safeguarding board page: "
      "'https://example.org/numbers' — link the official page the number was checked on"]),
    ("http source", GOOD.replace("https://www.escb.co.uk/", "http://www.escb.co.uk/"),
     ["c.yml:7: contacts.hub.source_url: must be an https link to an official council or safeguarding board page: "
      "'http://www.escb.co.uk/' — link the official page the number was checked on"]),
    ("checked in the future", GOOD.replace("checked: 2026-12-01", "checked: 2027-01-01"),
     ["c.yml:8: contacts.hub.checked: is in the future: '2027-01-01' — use the date you actually checked the source"]),
    ("no checked date", GOOD.replace("    checked: 2026-12-01\n", ""),
     ["c.yml:2: contacts.hub.checked: missing — add checked:"]),
    ("unknown field", GOOD.replace("    for:", "    email: a@b.c\n    for:"),
     ["c.yml:4: contacts.hub.email: unknown field — use only checked, for, id, name, phone, source, source_url"]),
    ("duplicate id", GOOD + GOOD.split("contacts:\n", 1)[1],
     ["c.yml:9: contacts.hub.id: used twice — give each contact its own id"]),
]


@pytest.mark.parametrize("case, text, expected", CASES, ids=[c[0] for c in CASES])
def test_contact_checks(case, text, expected):
    loaded = load_text(text, "c.yml")
    assert loaded.findings == []
    assert [str(f) for f in contacts.check("c.yml", loaded.data, today=TODAY)] == expected


def test_the_real_contacts_file_is_valid_and_sourced():
    found, findings = contacts.load(ROOT, today=dt.date.today())
    assert findings == []
    by_id = {c["id"]: c for c in found}
    assert by_id["children-and-families-hub"]["phone"] == "0345 603 7627"
    assert by_id["emergency"]["phone"] == "999"
    assert all(c["source_url"].startswith("https://") and c["checked"] for c in found)


@pytest.mark.parametrize("phone, href", [("999", "tel:999"), ("0345 603 7627", "tel:+443456037627")])
def test_tel_links(phone, href):
    assert contacts.tel(phone) == href


def test_block_escapes_and_links_numbers():
    block = contacts.worried_block([{"name": "A <b>", "for": "Call & ask", "phone": "0345 603 7627"}],
                                   sources_href="x/")
    assert "A &lt;b&gt;" in block and "Call &amp; ask." in block and "<b>" not in block
    assert '<a href="tel:+443456037627">0345 603 7627</a>' in block


@pytest.mark.parametrize("url, problems", [("tel:+443456037627", []), ("tel:999", []),
                                           ("tel:0345 603", ["not a well-formed phone number"])])
def test_links_accept_well_formed_tel(url, problems):
    link = Link("a", url, "call")
    assert [f.problem for f in check_external("p.md", 1, link, frozenset())] == problems


def test_every_page_and_the_home_page_say_who_to_call(site):
    missing = []
    for path in site.site.rglob("index.html"):
        text = path.read_text(encoding="utf-8")
        if path.parent == site.site / "404":
            continue
        if 'class="esca-worried"' not in text and path.parent != site.site / "about/worried-about-a-child":
            missing.append(path.relative_to(site.site).as_posix())
    assert missing == []
    home = site.page("")
    block = home[home.index('<section class="esca-worried"'):]
    block = block[:block.index("</section>")]
    assert '<a href="tel:999">999</a>' in block and '<a href="tel:+443456037627">0345 603 7627</a>' in block
    assert 'href="about/worried-about-a-child/"' in block
    assert home.count('class="esca-worried"') == 1  # near the top, not twice


def test_sources_page_lists_each_contact_with_source_and_date(site):
    html = site.page("about/worried-about-a-child")
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>(.*?)</td><td><a href="(https://[^"]+)">[^<]+</a></td>'
                      r"<td>(\d{1,2} \w+ \d{4})</td></tr>", html)
    assert [name for name, *_ in rows] == ["Police or ambulance", "Essex Children and Families Hub",
                                           "Emergency Duty Service"]
