"""Careless or hostile source files: each is one finding at path:line, never a
traceback, a hang or a silent ignore (issue 14, classes 1, 2, 7, 8, 9).

Each row writes files into a small repository (the real data files and
vocabularies, one real course, one real programme, a few pages) and loads
the site model, which is what both the build and `python -m esca check` run.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, small_site_ledger
from esca import site

PAGE = "---\nowner: esca\nlast_reviewed: 2026-11-01\nreview_due: 2027-05-01\n---\n\n# Title\n\nText.\n"
COURSE_FILE = "curricula/courses/life-story-work.yml"
# The real course, less its links to team and law pages this small site lacks.
COURSE = (ROOT / COURSE_FILE).read_text(encoding="utf-8").replace(
    "roles:\n- children-in-care\n- fostering-and-adoption\nlegislation:\n- children-act-1989\n", "")
PROGRAMME_FILE = "curricula/programmes/induction.yml"
_REAL = (ROOT / PROGRAMME_FILE).read_text(encoding="utf-8")
PROGRAMME = _REAL[: _REAL.index("courses:")] + "courses:\n- life-story-work\n" + _REAL[_REAL.index("owner:"):]
RATES = (ROOT / "data/district-rates.yml").read_text(encoding="utf-8")
AREAS = len(yaml.safe_load(RATES)["areas"])
TODAY = dt.date(2026, 12, 1)


def course(old: str, new: str) -> str:
    assert old in COURSE, old
    return COURSE.replace(old, new, 1)


def line(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


# (case, files to write (None deletes, bytes written raw), expected findings)
ROWS = [
    # 1. Files from outside the repository.
    ("symlink to the environment", {"docs/assets/env.txt": ("link", "/proc/self/environ")},
     ["docs/assets/env.txt:1: file: is a symbolic link"]),
    ("course linked to /dev/zero", {"curricula/courses/zero.yml": ("link", "/dev/zero")},
     ["curricula/courses/zero.yml:1: file: is a symbolic link"]),
    ("symlinked folder of pages", {"docs/more": ("link", "/tmp")}, ["docs/more:1: file: is a symbolic link"]),
    ("page that is a named pipe", {"docs/pipe.md": ("fifo", None)}, ["docs/pipe.md:1: file: is not a regular file"]),
    ("page over the size limit", {"docs/big.md": PAGE + "x" * 600_000},
     ["docs/big.md:1: file: is 600,085 bytes, over the 524,288 byte limit"]),
    # 2. Includes.
    ("snippet of .git/config", {"docs/x.md": PAGE + '\n--8<-- ".git/config"\n'},
     ["docs/x.md:11: include: pages cannot include other files"]),
    ("include of a file outside", {"docs/x.md": PAGE + "\n--8<-- \"../../../../etc/passwd\"\n"},
     ["docs/x.md:11: include: pages cannot include other files"]),
    ("include in a list item", {"docs/x.md": PAGE + "\n- item\n\n    --8<-- 'notes.md'\n"},
     ["docs/x.md:13: include: pages cannot include other files"]),
    # 7. Wrong types and odd values.
    ("owner as a list", {"docs/x.md": PAGE.replace("owner: esca", "owner: [esca]")},
     ["docs/x.md:2: owner: is not in data/owners.yml"]),
    ("owner as a mapping", {"docs/x.md": PAGE.replace("owner: esca", "owner: {team: esca}")},
     ["docs/x.md:2: owner: is not in data/owners.yml"]),
    ("review date as a list", {"docs/x.md": PAGE.replace("last_reviewed: 2026-11-01", "last_reviewed: [2026]")},
     ["docs/x.md:3: last_reviewed: not a real date in the form YYYY-MM-DD"]),
    ("page saved as cp1252", {"docs/x.md": PAGE.replace("Text.", "Caf\u00e9 \u2019quote\u2019").encode("cp1252")},
     ["docs/x.md:9: encoding: not UTF-8 text"]),
    ("tags as mappings", {"docs/x.md": PAGE.replace("owner: esca", "owner: esca\ntags: [{a: 1}]")},
     ["docs/x.md:3: tags: must be text"]),
    ("title as a list", {COURSE_FILE: course("title: ", "title: [a, b]\nsummary_old: ")},
     [f"{COURSE_FILE}:3: title: must be text", f"{COURSE_FILE}:4: summary_old: unknown field"]),
    ("hours .nan", {COURSE_FILE: course("cpd_hours: 6", "cpd_hours: .nan")},
     [f"{COURSE_FILE}:{line(COURSE, 'cpd_hours')}: cpd_hours: must be a positive number"]),
    ("hours .inf", {COURSE_FILE: course("cpd_hours: 6", "cpd_hours: .inf")},
     [f"{COURSE_FILE}:{line(COURSE, 'cpd_hours')}: cpd_hours: must be a positive number"]),
    ("an integer of 5,000 digits", {COURSE_FILE: course("duration_minutes: 360", "duration_minutes: " + "9" * 5000)},
     [f"{COURSE_FILE}:{line(COURSE, 'duration_minutes')}: yaml: a number has too many digits to read"]),
    ("nested 5,000 deep", {COURSE_FILE: COURSE + "x: " + "[" * 5000 + "]" * 5000 + "\n"},
     [f"{COURSE_FILE}:{COURSE.count(chr(10)) + 1}: yaml: lists or mappings are nested more than 64 levels deep"]),
    ("a block sequence 200,000 deep on one line", {COURSE_FILE: COURSE + "x:\n  " + "- " * 200_000 + "z\n"},
     [f"{COURSE_FILE}:{COURSE.count(chr(10)) + 2}: yaml: lists or mappings are nested more than 64 levels deep"]),
    ("2026-02-30 in a programme",
     {PROGRAMME_FILE: PROGRAMME.replace("last_reviewed: 2026-11-24", "last_reviewed: 2026-02-30")},
     [f"{PROGRAMME_FILE}:{line(PROGRAMME, 'last_reviewed')}: last_reviewed: not a real date in the form YYYY-MM-DD"]),
    ("a person as a programme's owner",
     {PROGRAMME_FILE: PROGRAMME.replace("owner: esca", "owner: Jane Smith")},
     [f"{PROGRAMME_FILE}:{line(PROGRAMME, 'owner:')}: owner: is not in data/owners.yml"]),
    ("a missing data file", {"data/district-rates.yml": None}, ["data/district-rates.yml:1: file: is missing"]),
    ("a measure without a label", {"data/district-rates.yml": RATES.replace("    label: Section 47 enquiries\n", "")},
     [f"data/district-rates.yml:{line(RATES, '  s47:')}: measures.s47.label: required field is missing"]),
    ("an area named 1234", {"data/district-rates.yml": RATES.replace("  Basildon:", "  1234:")},
     [f"data/district-rates.yml:{line(RATES, '  Basildon:')}: areas.1234: is a figure YAML reads as a number"]),
    ("a team id with spaces", {"data/owners.yml": (ROOT / "data/owners.yml").read_text() + "Jane Smith: Jane Smith\n"},
     [f"data/owners.yml:{(ROOT / 'data/owners.yml').read_text().count(chr(10)) + 1}: owners.Jane Smith: not an id"]),
    ("a vocabulary label that is a list",
     {"curricula/vocabularies/kss.yml": (ROOT / "curricula/vocabularies/kss.yml").read_text() + "kss-extra: [a, b]\n"},
     [f"curricula/vocabularies/kss.yml:{(ROOT / 'curricula/vocabularies/kss.yml').read_text().count(chr(10)) + 1}: "
      "kss.kss-extra: must be text"]),
    # 8. Silent ignores.
    ("course saved as .yaml", {"curricula/courses/other.yaml": COURSE},
     ["curricula/courses/other.yaml:1: file: is not read: not a .yml file"]),
    ("course saved as .YML", {"curricula/courses/other.YML": COURSE},
     ["curricula/courses/other.YML:1: file: is not read: not a .yml file"]),
    ("course in a subfolder", {"curricula/courses/extra/other.yml": COURSE},
     ["curricula/courses/extra/other.yml:1: file: is not read: in a subfolder"]),
    ("unknown marker", {"docs/x.md": PAGE + "\n<!-- esca:chrat district-rates measure=s47 -->\n"},
     ["docs/x.md:11: esca:chrat: unknown marker"]),
    ("duplicate anchors", {"docs/x.md": PAGE + "\n## One { #same }\n\n## Two { #same }\n"},
     ["docs/x.md:13: anchor: '#same' is already used on line 11"]),
    ("title only a zero-width space", {COURSE_FILE: course("title: ", 'title: "\\u200b"\nsummary_old: ')},
     [f"{COURSE_FILE}:3: title: is empty or only invisible characters", f"{COURSE_FILE}:4: summary_old: unknown field"]),
    ("title with a right-to-left override", {COURSE_FILE: course("title: ", 'title: "abc\\u202edef"\nsummary_old: ')},
     [f"{COURSE_FILE}:3: title: contains bidirectional control characters, which can make text read differently "
      "from what it is", f"{COURSE_FILE}:4: summary_old: unknown field"]),
    ("page heading only a zero-width space", {"docs/x.md": PAGE.replace("# Title", "# \u200b")},
     ["docs/x.md:7: headings: the heading is empty or only invisible characters"]),
    ("session time with an offset",
     {COURSE_FILE: COURSE + "booking: training@example.org\nsessions:\n"
                            "  - {start: 2027-01-05T09:30:00+05:00, end: 2027-01-05T12:30, venue: Hall, capacity: 5}\n"},
     [f"{COURSE_FILE}:{COURSE.count(chr(10)) + 3}: sessions[1].start: not a date and time in the form YYYY-MM-DDTHH:MM"]),
    # 9. Limits.
    ("9,000 sessions",
     {COURSE_FILE: COURSE + "booking: training@example.org\nsessions:\n" + "".join(
         f"  - {{start: 2027-01-05T09:30, end: 2027-01-05T12:30, venue: Hall {n}, capacity: 5}}\n" for n in range(9000))},
     [f"{COURSE_FILE}:{COURSE.count(chr(10)) + 2}: sessions: has 9000 items, more than 50"]),
    ("10,000 chart rows", {"data/district-rates.yml": RATES.replace("areas:\n", "areas:\n" + "".join(
        f"  Area {n}: {{referrals: 1, s47: 1, cin: 1, cp: 1, cic: 1}}\n" for n in range(10_000)), 1)},
     [f"data/district-rates.yml:{line(RATES, 'areas:')}: areas: has {AREAS + 10_000} items, more than 60"]),
    # 10. Files no reader opens: data/, releases/ and curricula/ hold only the
    # files declared for them (esca.core.sources.DECLARED_FOLDERS; fifth blind
    # attack, A34, B15, B17).
    ("an undeclared data file", {"data/extra.yml": 'a: "<script>alert(1)</script>"\n'},
     ["data/extra.yml:1: file: is not a data file the portal reads — remove it, or declare it in DATA_FILES in "
      "hooks/esca/core/sources.py with the code that reads it"]),
    ("a data file linked to /etc/hosts", {"data/extra.yml": ("link", "/etc/hosts")},
     ["data/extra.yml:1: file: is not a data file the portal reads (a symbolic link)"]),
    ("a folder in data/", {"data/more/x.yml": "a: 1\n"},
     ["data/more:1: file: is not a data file the portal reads (a folder)"]),
    ("a named pipe in data/", {"data/pipe.yml": ("fifo", None)},
     ["data/pipe.yml:1: file: is not a data file the portal reads (not a regular file)"]),
    ("a declared data file linked out: its reader's one line", {"data/readers.yml": ("link", "/etc/hosts")},
     ["data/readers.yml:1: file: is a symbolic link"]),
    ("a search set the build does not read, linked out", {"data/search-eval-twelfth.yml": ("link", "/etc/hosts")},
     ["data/search-eval-twelfth.yml:1: file: is a symbolic link"]),
    ("a new search set", {"data/search-eval-twelfth.yml": "queries: []\n"}, []),
    ("an editor's hidden swap file", {"data/.contacts.yml.swp": b"\x00\x01"}, []),
    ("a stray file in the release snapshot", {"releases/previous/evil.html": "<script>alert(1)</script>\n"},
     ["releases/previous/evil.html:1: file: is not a file make release-snapshot writes — remove it: the folder "
      "holds only courses.json, cpd-record.yml, ledger.json, release.yml (run make release-snapshot after a "
      "release)"]),
    ("a folder in the release snapshot", {"releases/previous/old/courses.json": "{}\n"},
     ["releases/previous/old:1: file: is not a file make release-snapshot writes (a folder)"]),
    ("a stray file beside the release snapshot", {"releases/notes.txt": "x\n"},
     ["releases/notes.txt:1: file: is not part of the previous release"]),
    ("the release snapshot's folder a link", {"releases/previous": ("link", "/tmp")},
     ["releases/previous:1: file: is a symbolic link"]),
    ("a release dated after the site's day", {"releases/previous/release.yml": "released: 2099-01-01\n"},
     ["releases/previous/release.yml:1: released: is after the site's day (2026-12-01): '2099-01-01' — write the "
      "day the release was made, or run make release-snapshot again after the release (it writes the site's day)"]),
    ("a release dated the site's day", {"releases/previous/release.yml": "released: 2026-12-01\n"}, []),
    ("a stray file in curricula/", {"curricula/extra.yml": "a: 1\n"},
     ["curricula/extra.yml:1: file: is not part of the curricula"]),
    ("an undeclared vocabulary", {"curricula/vocabularies/extra.yml": "a: A\n"},
     ["curricula/vocabularies/extra.yml:1: file: is not a vocabulary the portal reads"]),
    ("a stray file among the schemas", {"curricula/schema/evil.html": "<script></script>\n"},
     ["curricula/schema/evil.html:1: file: is not a schema python -m esca schema writes"]),
    ("the curricula's README linked out", {"curricula/README.md": ("link", "/etc/passwd")},
     ["curricula/README.md:1: file: is a symbolic link"]),
    # 11. The theme's folder: every file MkDocs would publish from it is held
    # to docs/'s rules (esca.core.sources.THEME_TYPES; fifth blind attack, A08).
    ("a PDF saved as a theme image", {"overrides/assets/leaflet.png": b"%PDF-1.4\n1 0 obj<</OpenAction 2 0 R>>\n"},
     ["overrides/assets/leaflet.png:1: file: is named .png but its bytes are not a PNG image"]),
    ("a PDF saved as theme text", {"overrides/assets/leaflet.txt": b"%PDF-1.4\n1 0 obj<</OpenAction 2 0 R>>\n"},
     ["overrides/assets/leaflet.txt:1: file: holds a document's header, which a viewer opens whatever the name: "
      "'%PDF-'"]),
    ("a theme PDF not reviewed", {"overrides/assets/leaflet.pdf": b"%PDF-1.4\n"},
     ["overrides/assets/leaflet.pdf:1: file: document (PDF or office file) is not on the reviewed list"]),
    ("a theme file of a type not published", {"overrides/assets/font.woff2": b"wOF2"},
     ["overrides/assets/font.woff2:1: file: type .woff2 is not published"]),
    ("a theme page named .MD", {"overrides/x.MD": "# x\n"},
     ["overrides/x.MD:1: file: ends in '.MD', which MkDocs does not read as a page"]),
    ("a theme template linked out", {"overrides/partials/x.html": ("link", "/etc/hostname")},
     ["overrides/partials/x.html:1: file: is a symbolic link"]),
    ("a real PNG in the theme", {"overrides/assets/logo.png": b"\x89PNG\r\n\x1a\n" + bytes(24)}, []),
]


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("base") / "repo"
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "curricula/vocabularies", root / "curricula/vocabularies")
    for rel in (COURSE_FILE, PROGRAMME_FILE):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / rel, root / rel)
    (root / COURSE_FILE).write_text(COURSE, encoding="utf-8")
    (root / PROGRAMME_FILE).write_text(PROGRAMME, encoding="utf-8")
    (root / "data/glossary.yml").write_text("[]\n")  # the real one names pages this small site lacks
    small_site_ledger(root / "data")  # so does the statistics ledger
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text(PAGE.replace("# Title", "# Home"))
    return root


@pytest.mark.parametrize("case, files, expected", ROWS, ids=[row[0] for row in ROWS])
def test_hostile_source_gives_exactly_its_findings(base, tmp_path, case, files, expected):
    root = tmp_path / "repo"
    shutil.copytree(base, root, symlinks=True)
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if content is None:
            path.unlink()
        elif isinstance(content, tuple) and content[0] == "link":
            path.unlink(missing_ok=True)  # a real file replaced by a link
            path.symlink_to(content[1])
        elif isinstance(content, tuple) and content[0] == "fifo":
            os.mkfifo(path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    try:
        found = sorted(str(f) for f in site.load(root, today=TODAY).findings)
    except site.SiteError as error:  # a broken controlled list stops the build: one line each, no traceback
        found = sorted(str(error).splitlines())
    assert len(found) == len(expected), found
    for want in expected:
        assert any(f == want or f.startswith(want + ":") or f.startswith(want + " —") for f in found), (want, found)
    assert all("\n" not in f for f in found)
