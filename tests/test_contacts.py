"""Worried about a child?: contact points from one checked data file, shown on
every page and the home page, numbers as tel: links, each with its source."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from esca.checks.links import Link, check_external
from esca.core import fields
from esca.core.safeyaml import load_text
from esca.pages import contacts

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

HOSTS = ("must be an https link to escb.co.uk or a host under it, gov.uk or a host under it, workingforessex.com or "
         "a host under it")
PREMIUM = "is a number that costs more to call, or can be redirected (premium rate, 084, 087, 070, 118 and the like)"
CASES = [
    ("valid", GOOD, []),
    ("no contacts", "contacts: []\n", ["c.yml:1: contacts: needs at least 1 item — add more"]),
    ("not a mapping", "- a\n", ["c.yml:1: contacts: a contacts file must be a list of 'field: value' lines — write one "
                                 "'field: value' line per field, each starting at the left margin (no leading '- ')"]),
    ("contacts not a list", "contacts: hub\n", ["c.yml:1: contacts: must be a list: 'hub' — write one '- value' line "
                                                 "per item, or [a, b]"]),
    ("guessed-looking phone", GOOD.replace('"0345 603 7627"', '"03456037627"'),
     ["c.yml:5: contacts[1].phone: not a UK phone number in the usual groups: '03456037627' — "
      "write it in quotes as on the source, e.g. \"0345 603 7627\""]),
    ("unofficial source", GOOD.replace("https://www.escb.co.uk/", "https://example.org/numbers"),
     [f"c.yml:7: contacts[1].source_url: {HOSTS}: 'https://example.org/numbers' — link the official page, "
      "e.g. https://www.escb.co.uk/"]),
    ("http source", GOOD.replace("https://www.escb.co.uk/", "http://www.escb.co.uk/"),
     [f"c.yml:7: contacts[1].source_url: {HOSTS}: 'http://www.escb.co.uk/' — link the official page, "
      "e.g. https://www.escb.co.uk/"]),
    ("look-alike host", GOOD.replace("https://www.escb.co.uk/", "https://www.escb.co.uk.evil.example/"),
     [f"c.yml:7: contacts[1].source_url: {HOSTS}: 'https://www.escb.co.uk.evil.example/' — link the official page, "
      "e.g. https://www.escb.co.uk/"]),
    ("checked in the future", GOOD.replace("checked: 2026-12-01", "checked: 2027-01-01"),
     ["c.yml:8: contacts[1].checked: is in the future: '2027-01-01' — use the date it was actually reviewed"]),
    ("no checked date", GOOD.replace("    checked: 2026-12-01\n", ""),
     ["c.yml:2: contacts[1].checked: required field is missing — add checked: (the date the number was checked, "
      "YYYY-MM-DD)"]),
    ("unknown field", GOOD.replace("    for:", "    email: a@b.c\n    for:"),
     ["c.yml:4: contacts[1].email: unknown field — remove it, or see data/contacts.yml's header for the names"]),
    ("duplicate id", GOOD + GOOD.split("contacts:\n", 1)[1],
     ["c.yml:9: contacts[2].id: is used twice: 'hub' — give each one its own id"]),
    ("markup in a name", GOOD.replace("name: Essex Children and Families Hub", "name: <b>Hub</b>"),
     ["c.yml:3: contacts[1].name: has markup ('<'): '<b>Hub</b>' — write plain text, without < or HTML tags"]),
    ("a list for a name", GOOD.replace("name: Essex Children and Families Hub", "name: [a, b]"),
     ["c.yml:3: contacts[1].name: must be text: ['a', 'b'] — write it as text on one line, or use >- for longer text"]),
    *[(f"{number} refused", GOOD.replace('"0345 603 7627"', f'"{number}"'),
       [f"c.yml:5: contacts[1].phone: {PREMIUM}: '{number}' — give the official 01, 02, 03 or 0800 number, or 999"])
      for number in ("0909 879 0000", "0871 234 5678", "0845 123 4567", "07012 345678", "07600 123456",
                     "0500 123 4567", "118", "123")],
    *[(f"{number} accepted", GOOD.replace('"0345 603 7627"', f'"{number}"'), [])
      for number in ("999", "111", "116 123", "0800 1111", "0808 800 5000", "01245 123456", "020 7946 0000",
                     "07700 900123")],
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


# Every class of number the phone field accepts (esca.core.fields.PATTERNS["phone"]):
# only a leading 0 (the national prefix) becomes +44 (issue 24, case 84).
TEL_ROWS = [
    ("emergency", "999", "tel:999"), ("European emergency", "112", "tel:112"), ("NHS", "111", "tel:111"),
    ("police non-emergency", "101", "tel:101"), ("116 helpline (case 84)", "116 123", "tel:116123"),
    ("116 missing children", "116 000", "tel:116000"), ("non-geographic 03", "0345 603 7627", "tel:+443456037627"),
    ("freephone", "0800 123 4567", "tel:+448001234567"), ("London", "020 7946 0000", "tel:+442079460000"),
    ("area code of five", "01245 123456", "tel:+441245123456"), ("mobile", "07700 900123", "tel:+447700900123"),
]


@pytest.mark.parametrize("case, phone, href", TEL_ROWS, ids=[row[0] for row in TEL_ROWS])
def test_tel_links(case, phone, href):
    assert re.fullmatch(fields.PATTERNS["phone"], phone)  # every row a form the field accepts
    assert contacts.tel(phone) == href


@settings(max_examples=300, deadline=None)
@given(st.from_regex(fields.PATTERNS["phone"], fullmatch=True))
def test_a_tel_link_dials_the_number_shown(phone):
    href = contacts.tel(phone)
    digits = phone.replace(" ", "")
    dialled = "0" + href[len("tel:+44"):] if href.startswith("tel:+44") else href[len("tel:"):]
    assert dialled == digits
    assert href.startswith("tel:+44") == digits.startswith("0")


def test_the_fingerprint_covers_every_field_of_every_contact():
    """Case 77: a premium-rate number written into 'for:' (or any other
    field) needs a review, as a changed phone does."""
    real = load_text((ROOT / "data/contacts.yml").read_text(encoding="utf-8"), "c.yml").data["contacts"]
    entries = [dict(c) for c in real]
    reviewed = contacts.fingerprint(entries)
    for index, entry in enumerate(entries):
        for key, value in entry.items():
            changed = [dict(e) for e in entries]
            changed[index][key] = value + dt.timedelta(days=1) if isinstance(value, dt.date) else \
                str(value) + " or call 0906 123 4567"
            assert contacts.fingerprint(changed) != reviewed, (index, key)
    extra = [dict(e) for e in entries]
    extra[0]["note"] = "x"
    assert contacts.fingerprint(extra) != reviewed
    assert contacts.fingerprint(entries[::-1]) != reviewed  # the order is shown too


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


def _repo(tmp_path, contacts_text: str):
    import shutil

    (tmp_path / "data").mkdir()
    shutil.copy(ROOT / "data/reviewed-assets.yml", tmp_path / "data/reviewed-assets.yml")
    (tmp_path / "data/contacts.yml").write_text(contacts_text, encoding="utf-8")
    return tmp_path


def test_numbers_change_only_with_a_reviewed_fingerprint(tmp_path):
    real = (ROOT / "data/contacts.yml").read_text(encoding="utf-8")
    root = _repo(tmp_path, real.replace('"0345 603 7627"', '"0345 603 7628"'))
    found, findings = contacts.load(root, today=dt.date(2026, 12, 7))
    assert found == []  # not one number is shown until the change is reviewed
    digest = contacts.fingerprint([dict(c) for c in load_text(
        real.replace('"0345 603 7627"', '"0345 603 7628"'), "c.yml").data["contacts"]])
    assert [str(f) for f in findings] == [
        f"data/contacts.yml:10: contacts: the contact points shown on every page (any field) have changed since "
        f"they were reviewed — have someone other than the author check each number on its official source, then set "
        f"contacts: {digest} in data/reviewed-assets.yml"]
    reviewed = root / "data/reviewed-assets.yml"
    reviewed.write_text(re.sub(r"contacts: [0-9a-f]{64}", f"contacts: {digest}", reviewed.read_text()))
    found, findings = contacts.load(root, today=dt.date(2026, 12, 7))
    assert findings == [] and len(found) == len(load_text(real, "c.yml").data["contacts"])


def test_a_premium_rate_number_is_refused_even_with_a_fingerprint(tmp_path):
    real = (ROOT / "data/contacts.yml").read_text(encoding="utf-8")
    root = _repo(tmp_path, real.replace('"0345 603 7627"', '"0909 603 7627"'))
    found, findings = contacts.load(root, today=dt.date(2026, 12, 7))
    assert found == [] and [f.key for f in findings] == ["phone-class"]


# A number written in a contact's text is held to the phone field's classes
# (third blind attack: a premium number in for: was caught only by review).
NUMBERS_IN_TEXT = [
    # text, the number refused ("" for none)
    ("If a child is in danger out of hours, call 999.", ""),
    ("Call 0345 606 1212 out of hours.", ""),
    ("Childline: 0800 1111.", ""),
    ("Call 0800 028 2233 or +44 345 603 7627.", ""),
    ("NSPCC helpline 116 123 is free.", ""),
    ("Checked on 2026-12-01; costs 0.5 of a call.", ""),
    ("Or call 0906 123 4567 for advice.", "0906 123 4567"),
    ("Or call 09061234567.", "09061234567"),
    ("Or call 0871-234-5678.", "0871-234-5678"),
    ("Or call 0844.123.4567.", "0844.123.4567"),
    ("Or call +44 906 123 4567.", "+44 906 123 4567"),
    ("Or call +44 (0) 906 123 4567.", "+44 (0) 906 123 4567"),
    ("Or call 070 1234 5678, a personal number.", "070 1234 5678"),
    ("Or ask 118 118.", "118 118"),
    ("Fine 0345 603 7627, then 0909 603 7627.", "0909 603 7627"),
    # fourth blind attack: the same numbers written as a phone still dials them
    ("Call (0909) 879 0000.", "0909) 879 0000"),
    ("Call 0871\u2013234\u20135678.", "0871\u2013234\u20135678"),
    ("Ask 118\u00a0118.", "118\u00a0118"),
    ("Call 070\u00a01234\u00a05678.", "070\u00a01234\u00a05678"),
    ("Call \uff10\uff19\uff10\uff19 \uff16\uff10\uff13 \uff17\uff16\uff12\uff17.",
     "\uff10\uff19\uff10\uff19 \uff16\uff10\uff13 \uff17\uff16\uff12\uff17"),
    ("Call 0909  603  7627.", "0909  603  7627"),
    ("Call 0909\u200b603\u200b7627.", "0909\u200b603\u200b7627"),
    ("Call +44 (0) 906 603 7627.", "+44 (0) 906 603 7627"),
    ("Call +44 (0) 345 603 7627.", ""),
    # fifth blind attack: gaps of any length, any plus sign
    ("Ask 118\u00a0\u00a0\u2009\u00a0118.", "118\u00a0\u00a0\u2009\u00a0118"),
    ("Call 070    1234  \u2013  5678.", "070    1234  \u2013  5678"),
    ("Call \uff0b44 909 123 4567.", "\uff0b44 909 123 4567"),
]


@pytest.mark.parametrize("field", ["name", "for", "source"])
@pytest.mark.parametrize("text, refused", NUMBERS_IN_TEXT, ids=[row[0] for row in NUMBERS_IN_TEXT])
def test_a_number_written_in_a_contacts_text_is_held_to_the_phone_classes(tmp_path, field, text, refused):
    real = (ROOT / "data/contacts.yml").read_text(encoding="utf-8")
    before = {"name": "name: Essex Children and Families Hub",
              "for": "for: If a child is in immediate danger",
              "source": "source: Essex Safeguarding Children Board"}[field]
    assert before in real
    root = _repo(tmp_path, real.replace(before, f"{field}: '{text[:75] if field == 'name' else text}'", 1))
    found, findings = contacts.load(root, today=dt.date(2026, 12, 7))
    keys = [f.key for f in findings if f.key != "changed"]
    if refused:
        assert found == [] and keys == ["number-in-text"], findings
        assert f"holds the number {refused}, which costs more" in str(findings[0])
        line = real[:real.index(before)].count("\n") + 1
        assert str(findings[0]).startswith(f"data/contacts.yml:{line}: contacts[") and f"].{field}: " in str(findings[0])
    else:
        assert "number-in-text" not in keys, findings


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["0", "+44 ", "+44", "11"]),
       st.lists(st.tuples(st.sampled_from(["", " ", ".", "-"]), st.integers(0, 9)), min_size=4, max_size=12),
       st.text(alphabet="ab ,;:()", max_size=4), st.text(alphabet="ab ,;:()", max_size=4))
def test_any_number_written_in_text_is_found_and_classed_as_the_phone_field_classes_it(start, groups, left, right):
    written = start + "".join(sep + str(d) for sep, d in groups)
    numbers = fields.numbers_in_text(f"{left}{written}{right}")
    digits = "".join(c for c in written if c.isdigit())
    if len(digits) < 5 or start == "11" and not (len(digits) == 6 and digits.startswith(("116", "118"))):
        assert numbers == []  # a run from 11 is a number only as a six-digit 116 or 118 code
        return
    assert numbers == [written]
    national = (digits[2:] if digits[2:].startswith("0") else "0" + digits[2:]) if start.startswith("+") else digits
    spaced = " ".join([national[:4], national[4:7], national[7:]]) if len(national) == 11 else None
    if national.startswith("11"):
        assert fields.number_class_ok(written) == (national.startswith("116") and len(national) == 6)
    elif spaced and re.fullmatch(fields.PATTERNS["phone"], spaced):  # what the phone field says of the same digits
        assert fields.number_class_ok(written) == (fields.phone_problem(spaced)[0] == "")
    else:
        assert fields.number_class_ok(written) == national.startswith(fields.PHONE_CLASSES)


def test_the_reviewed_list_needs_the_contacts_fingerprint(tmp_path):
    from esca.checks import active_content

    root = _repo(tmp_path, "")
    reviewed = root / "data/reviewed-assets.yml"
    reviewed.write_text(re.sub(r"\ncontacts: [0-9a-f]{64}", "", reviewed.read_text()))
    assert [f.key for f in active_content.load_reviewed(reviewed, root)[1]] == ["missing"]
    reviewed.write_text("contacts: abc\nassets:\n  ../x.js: " + "0" * 64 + "\n  a.js: xyz\n")
    assert [str(f) for f in active_content.load_reviewed(reviewed, root)[1]] == [
        "data/reviewed-assets.yml:1: contacts: is not the SHA-256 of the contact points (the build prints it): 'abc' "
        "— write it like " + "0" * 64,
        "data/reviewed-assets.yml:3: assets.../x.js: not a path: '../x.js' — write each path as path: sha256, one "
        "line per reviewed file",
        "data/reviewed-assets.yml:4: assets.a.js: is not 64 lower-case hex digits (sha256sum): 'xyz' — write it like "
        + "0" * 64]
