"""The site model (esca.site), the writing rules, the source-file rules, the
`python -m esca check` command and the build on ProperDocs."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys

import pytest

from conftest import GOOD_META, ROOT, run_build_command
from esca import site
from esca.checks import rules
from esca.core import sources


@pytest.mark.parametrize("src, kind", [
    ("index.md", "home"),
    ("roles/index.md", "index"),
    ("roles/children-in-care.md", "team"),
    ("roles/why-essex.md", "page"),
    ("roles/careers/asye.md", "career"),
    ("roles/careers/index.md", "index"),
    ("legislation/children-act-1989.md", "legislation"),
    ("legislation/ledger.md", "ledger"),
    ("legislation/index.md", "index"),
    ("cpd/courses/life-story-work.md", "course"),
    ("cpd/programmes/induction.md", "programme"),
    ("glossary.md", "glossary"),
    ("glossary/a.md", "glossary"),
    ("practice-model/systemic-practice.md", "practice"),
    ("practice-model/index.md", "practice"),
    ("archive/roles/old-team.md", "page"),
])
def test_page_kind_is_decided_from_the_path(src, kind):
    assert site.page_kind(src) == kind


def test_hooks_get_the_model_through_the_accessor_or_a_clear_error():
    """esca.site.of(config): the model hooks/site_model.py put on MkDocs'
    config, or one line naming the missing hook (a config without it, or
    with something else where the model goes)."""
    from types import SimpleNamespace

    config = SimpleNamespace()
    for bad in (config, SimpleNamespace(**{site.MODEL_ATTRIBUTE: "not a model"})):
        with pytest.raises(site.NoModel, match=r"^mkdocs.yml: hooks: .*list hooks/site_model.py in hooks") as error:
            site.of(bad)
        assert "\n" not in str(error.value)
    model = site.load(ROOT)
    site.put(config, model)
    assert site.of(config) is model


def test_the_real_site_model_has_every_kind_and_no_findings():
    model = site.load(ROOT)
    assert model.findings == []
    teams = {p.stem for p in (ROOT / "docs/roles").glob("*.md")} - {"index", "why-essex"}
    assert model.ids("team") == teams and len(teams) == 19
    assert model.ids("career") == {p.stem for p in (ROOT / "docs/roles/careers").glob("*.md")} - {"index"}
    assert {f"cpd/courses/{p.stem}.md" for p in (ROOT / "curricula/courses").glob("*.yml")} <= set(model.generated)
    course = model.records["cpd/courses/life-story-work.md"]
    assert course.owner == "esca" and course.review_due > course.last_reviewed  # from the course file, not the clock
    assert "legislation/ledger.md" not in model.records  # a page built from many pages claims no review of its own


# (case, rule text, expected findings as "line: field: problem")
RULE_CASES = [
    ("clean", "# Title\n\n## Part\n\n### Sub\n\nThe council must act (Children Act 1989, s47).\n", []),
    ("no H1", "## Part\n", ["1: headings: the page has no H1 title"]),
    ("two H1s", "# One\n\n# Two\n", ["3: headings: a second H1 title"]),
    ("skipped level", "# T\n\n## A\n\n#### Deep\n", ["5: headings: H4 follows H2, skipping a level"]),
    ("heading before H1", "## Early\n\n# Title\n", ["1: headings: a heading comes before the H1 title"]),
    ("heading in code is not a heading", "# T\n\n```\n#### not a heading\n```\n", []),
    ("must without section", "# T\n\nYou must book early.\n", ["3: must: 'must' without the section of the law it comes from"]),
    ("must over two lines", "# T\n\nStaff\nmust read it. It is section 1.\n",
     ["4: must: 'must' without the section of the law it comes from"]),
    ("must with regulation", "# T\n\nThe council must notify (regulation 7).\n", []),
    ("must in code", "# T\n\n`must`\n", []),
    ("email", "# T\n\nWrite to jo.bloggs@example.org today.\n", ["3: personal data: an email address in the page"]),
    ("phone", "# T\n\nCall 01245 123456.\n", ["3: personal data: a phone number in the page"]),
    ("phone in brackets", "# T\n\nCall (01245) 123456.\n", ["3: personal data: a phone number in the page"]),
    ("phone with no-break spaces", "# T\n\nCall 01245\u00a0123\u00a0456.\n",
     ["3: personal data: a phone number in the page"]),
    ("premium number", "# T\n\nCall 0909\u2013879\u20130000.\n",
     ["3: phone number: holds the number 0909\u2013879\u20130000, which costs more to call or can be redirected "
      "(premium rate, 084, 087, 070, 118 and the like)"]),
    ("directory enquiries", "# T\n\nOr 118 118.\n", ["3: phone number: holds the number 118 118, which costs more "
                                                       "to call or can be redirected (premium rate, 084, 087, 070, "
                                                       "118 and the like)"]),
    ("helpline and date", "# T\n\nChildline 0800 1111, 116 123, from 01/12/2026.\n", []),
    # fifth blind attack: wide gaps (A02), a fullwidth plus, character references (A04)
    ("premium, wide gaps", "# T\n\nCall 0909  \u2013  123  4567.\n",
     ["3: phone number: holds the number 0909  \u2013  123  4567, which costs more to call or can be redirected (premium rate, 084, 087, 070, 118 and the like)"]),
    ("premium, fullwidth plus", "# T\n\nCall \uff0b44 909 123 4567.\n",
     ["3: phone number: holds the number \uff0b44 909 123 4567, which costs more to call or can be redirected (premium rate, 084, 087, 070, 118 and the like)"]),
    ("premium in references", "# T\n\nCall 0909&nbsp;123&nbsp;4567 or &#48;871 234 5678.\n",
     ["3: phone number: holds the number 0909\u00a0123\u00a04567, which costs more to call or can be redirected (premium rate, 084, 087, 070, 118 and the like)",
      "3: phone number: holds the number 0871 234 5678, which costs more to call or can be redirected (premium rate, 084, 087, 070, 118 and the like)"]),
    # sixth blind attack: gaps inside +44 and 11, line breaks and Markdown marks
    ("premium, gap in +44", "# T\n\nCall +4 4 909 879 0000.\n", ["3: phone number: holds the number +4 4 909 879 0000, which costs more to call or can be redirected (premium rate, 084, 087, 070, 118 and the like)"]),
    ("premium, gap in 118", "# T\n\nAsk 1 18 118.\n", ["3: phone number: holds the number 1 18 118, which costs more to call or can be redirected (premium rate, 084, 087, 070, 118 and the like)"]),
    ("premium over two lines", "# T\n\nCall 0909\n879 0000.\n", ["3: phone number: holds the number 0909\n879 0000, which costs more to call or can be redirected (premium rate, 084, 087, 070, 118 and the like)"]),
    ("premium in bold", "# T\n\nCall **0909** 879 0000.\n", ["3: phone number: holds the number 0909** 879 0000, which costs more to call or can be redirected (premium rate, 084, 087, 070, 118 and the like)"]),
    ("school years are not a number", "# T\n\nYears 11 12 13 and 1 1.\n", []),
    ("references elsewhere", "# T\n\nFees &amp; charges on line one.\n\nCall 0909 123 4567.\n",
     ["5: phone number: holds the number 0909 123 4567, which costs more to call or can be redirected (premium rate, 084, 087, 070, 118 and the like)"]),
    ("not a phone", "# T\n\nIn 2018 and 2023, 70,000 applications.\n", []),
    ("name", "# T\n\nAsk Helen Lincoln.\n", ["3: personal data: a person's name in the page"]),
    ("snippet include", '# T\n\n--8<-- ".git/config"\n', ["3: include: pages cannot include other files"]),
    ("short include", "# T\n\n-8<- 'x.md'\n", ["3: include: pages cannot include other files"]),
    ("image without alt text", "# T\n\nSee ![](pic.png) and\n![ \t][pic].\n",
     ["3: image: has no alt text", "4: image: has no alt text"]),
    ("image with alt text", "# T\n\n![The team at County Hall](pic.png)\n", []),
    ("image for decoration only", '# T\n\n<img src="pic.png" alt="">\n', []),
    ("image in code", "# T\n\n`![](pic.png)`\n\n```\n![](pic.png)\n```\n", []),
]


@pytest.mark.parametrize("case, text, expected", RULE_CASES, ids=[c[0] for c in RULE_CASES])
def test_writing_rules(case, text, expected):
    found = [f"{f.line}: {f.field}: {f.problem}" for f in rules.check_page("docs/x.md", GOOD_META + text)]
    offset = GOOD_META.count("\n")
    assert found == [f"{int(e.split(':')[0]) + offset}:{e.split(':', 1)[1]}" for e in expected]


MARKER_CASES = [
    ("<!-- esca:table budget-by-quadrant -->", []),
    ("<!-- esca:courses audience=new-staff -->", []),
    ("<!-- esca:roles-index -->", []),
    ("<!-- esca:cource audience=new-staff -->", ["esca:cource: unknown marker"]),
    ("<!-- esca:courses audience=nobody -->", ["esca:courses: no such audience"]),
    ("<!-- esca:courses audiences=new-staff -->", ["esca:courses: marker not in the expected form"]),
    ("  <!-- esca:roles-index -->", ["esca:roles-index: marker not in the expected form"]),
    ("<!-- esca:chart district-rates measure=nope -->", ["esca:chart: unknown chart or measure"]),
    ("```\n<!-- esca:anything -->\n```", []),
]


@pytest.fixture(scope="module")
def model():
    return site.load(ROOT)


@pytest.mark.parametrize("text, expected", MARKER_CASES, ids=[c[0] for c in MARKER_CASES])
def test_markers_are_known_complete_and_name_real_data(model, text, expected):
    found = [f"{f.field}: {f.problem}" for f in site.check_markers("docs/x.md", f"# T\n\n{text}\n", model)]
    assert found == expected


PROGRAMME = """id: induction
title: Induction
summary: The first courses.
audience: [new-staff]
courses: [essex-practice-model]
owner: esca
last_reviewed: 2026-11-01
review_due: 2027-11-01
"""


@pytest.mark.parametrize("change, expected", [
    ((), []),
    (("owner: esca", "owner: Jane Smith"), ["curricula/programmes/induction.yml:7: owner: is not in data/owners.yml"]),
    (("last_reviewed: 2026-11-01", "last_reviewed: soon"),
     ["curricula/programmes/induction.yml:8: last_reviewed: not a real date in the form YYYY-MM-DD"]),
    (("review_due: 2027-11-01", "review_due: 2026-02-30"),
     ["curricula/programmes/induction.yml:9: review_due: not a real date in the form YYYY-MM-DD"]),
    (("courses: [essex-practice-model]", "courses: [no-such-course]"),
     ["curricula/programmes/induction.yml:6: courses: no such course"]),
    (("title: Induction", "title: [a, list]"), ["curricula/programmes/induction.yml:3: title: must be text"]),
    (("id: induction", "id: other"), ["curricula/programmes/induction.yml:2: id: must be the same as the file name"]),
])
def test_programmes_go_through_the_model_validators(tmp_path, change, expected):
    root = tmp_path / "root"
    shutil.copytree(ROOT / "curricula", root / "curricula", ignore=shutil.ignore_patterns("programmes"))
    shutil.copytree(ROOT / "data", root / "data")
    (root / "docs").mkdir()
    (root / "curricula/programmes").mkdir()
    text = "# comment\n" + (PROGRAMME.replace(*change) if change else PROGRAMME)
    (root / "curricula/programmes/induction.yml").write_text(text)
    model = site.load(root)
    found = [f"{f.path}:{f.line}: {f.field}: {f.problem}" for f in model.findings
             if f.path.startswith("curricula/programmes")]
    assert found == expected
    assert ("induction" in model.curricula.programmes) is (not expected)


def test_source_files_that_must_not_be_read(tmp_path):
    root = tmp_path / "repo"
    docs = root / "docs"
    (docs / "assets").mkdir(parents=True)
    (docs / "ok.md").write_text("# OK\n")
    (docs / "assets/env.txt").symlink_to("/proc/self/environ")
    (docs / "big.md").write_text("x" * (sources.MAX_PAGE_BYTES + 1))
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# Secret\n")
    (docs / "linked").symlink_to(outside, target_is_directory=True)
    os.mkfifo(docs / "pipe.md")
    accepted, findings = sources.discover(docs, root)
    assert [p.name for p in accepted] == ["ok.md"]
    assert sorted(f"{f.path}: {f.problem}" for f in findings) == [
        "docs/assets/env.txt: is a symbolic link",
        f"docs/big.md: is {sources.MAX_PAGE_BYTES + 1:,} bytes, over the {sources.MAX_PAGE_BYTES:,} byte limit",
        "docs/linked: is a symbolic link",
        "docs/pipe.md: is not a regular file",
    ]


def test_a_data_file_linked_to_a_device_is_refused_without_reading_it(tmp_path):
    (tmp_path / "zero.yml").symlink_to("/dev/zero")
    from esca.core.safeyaml import load_file

    assert [str(f) for f in load_file(tmp_path / "zero.yml", tmp_path).findings] == [
        "zero.yml:1: file: is a symbolic link — commit the file itself: links can point outside the repository"]
    assert [str(f) for f in load_file(tmp_path / "gone.yml", tmp_path).findings] == [
        "gone.yml:1: file: is missing — restore it from version control, or remove what refers to it"]


def test_check_command_prints_the_build_findings_without_mkdocs(tmp_path):
    root = tmp_path / "repo"
    for folder in ("data", "curricula", "docs"):
        shutil.copytree(ROOT / folder, root / folder)
    page = root / "docs/about/index.md"
    page.write_text(page.read_text().replace("owner: esca", "owner: nobody", 1) + "\nYou must read this.\n")
    code = ("import sys; sys.modules['mkdocs'] = None\n"  # any MkDocs import would fail
            "from esca.__main__ import main; sys.exit(main(['check', '--root', sys.argv[1]]))")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks")}
    proc = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True, env=env)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == ("docs/about/index.md:2: owner: is not in data/owners.yml: 'nobody' — "
                        "use one of the ids in data/owners.yml: " + lines[0].split("data/owners.yml: ", 2)[2])
    assert lines[1].startswith("docs/about/index.md:") and ": must: 'must' without the section" in lines[1]
    assert len(lines) == 2 and "2 problems" in proc.stderr and "Traceback" not in proc.stderr
    page.write_text(page.read_text().replace("owner: nobody", "owner: esca").replace("You must read this.", ""))
    clean = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True, env=env)
    assert clean.returncode == 0 and clean.stdout == "", clean.stdout


def test_a_relative_config_path_builds(tiny_site):
    build = tiny_site({"index.md": GOOD_META + "# Home\n"})
    assert build.returncode == 0, build.output
    project = build.site.parent / "project"
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", "rel-site"],
                          cwd=project, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert proc.returncode == 0, proc.stderr
    assert "WARNING" not in proc.stderr and "Traceback" not in proc.stderr
    assert (project / "rel-site/index.html").is_file()


def test_properdocs_builds_the_same_site(site, tmp_path):
    """The platform plan (README): ProperDocs, the continuation of MkDocs 1.x,
    builds this site unchanged; only the generator line differs. It builds
    with the checks and search index in the build's own process
    (ESCA_CHECKER=inline), so this also shows the second process changes
    nothing in the site (the session's build uses it)."""
    other = run_build_command(ROOT / "mkdocs.yml", tmp_path / "pd", {"ESCA_CHECKER": "inline"},
                              command=[sys.executable, "-m", "properdocs"])
    assert "in the build's process" in other.output
    assert other.returncode == 0, other.output
    assert other.warnings == []
    ours = {p.relative_to(site.site).as_posix() for p in site.site.rglob("*") if p.is_file()}
    theirs = {p.relative_to(other.site).as_posix() for p in other.site.rglob("*") if p.is_file()}
    assert ours == theirs and len(ours) > 100
    different = []
    for rel in sorted(ours):
        a, b = (site.site / rel).read_bytes(), (other.site / rel).read_bytes()
        if a != b and _without_generator(a) != _without_generator(b):
            different.append(rel)
    assert different == []


def _without_generator(data: bytes) -> bytes:
    return b"\n".join(line for line in data.split(b"\n") if b'name="generator"' not in line)


@pytest.mark.parametrize("kind", ["course", "programme"])
def test_json_schemas_are_in_lock_step_with_the_model(kind):
    """What `make schema` runs (python -m esca schema KIND) prints the committed file."""
    proc = subprocess.run([sys.executable, "-m", "esca", "schema", kind], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "hooks")})
    assert proc.returncode == 0, proc.stderr
    committed = (ROOT / f"curricula/schema/{kind}.schema.json").read_text()
    assert committed == proc.stdout, "run `make schema` and commit the result"


def test_programme_schema_accepts_real_programmes_and_rejects_a_person_as_owner():
    import json

    import jsonschema
    import yaml

    validator = jsonschema.Draft202012Validator(json.loads((ROOT / "curricula/schema/programme.schema.json").read_text()))
    files = sorted((ROOT / "curricula/programmes").glob("*.yml"))
    assert files
    for path in files:
        data = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
        assert list(validator.iter_errors(data)) == [], path.name
        assert path.read_text().startswith("# yaml-language-server: $schema=../schema/programme.schema.json")
    data["owner"] = "Jane Smith"
    assert [e.path[0] for e in validator.iter_errors(data)] == ["owner"]
