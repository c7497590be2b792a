"""The platform: Python 3.11.5 or later, stated and checked first; the pages
built from data written by an engine-neutral step (python -m esca generate)
that is the build's own path; templates both Jinja engines read; Zensical
(the newest release that installs from PyPI here, pinned in
requirements-test.in) builds the site from the generated pages."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import jinja2
import minijinja
import pytest

from conftest import ROOT

ENV = {**os.environ, "PYTHONPATH": str(ROOT / "hooks")}


def generate(out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "esca", "generate", "--out", str(out), *extra],
                          cwd=ROOT, capture_output=True, text=True, env=ENV)


def test_generate_writes_what_the_build_publishes(site, tmp_path):
    """Every file the build adds from data, from the same function: each
    Markdown page is a page of the built site, each data file is the built
    site's byte for byte (same day, same address)."""
    out = tmp_path / "generated"
    run = generate(out, "--site-url", "http://127.0.0.1:8000/")
    assert run.returncode == 0, run.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    pages = [name for name in written if name.endswith(".md")]
    others = [name for name in written if not name.endswith(".md") and name != ".esca-generated"]
    assert len(pages) > 40 and {"cpd/catalogue.md", "cpd/dashboard.md", "whats-changed.md"} <= set(pages)
    assert {"cpd/courses.json", "cpd/courses.csv", "cpd/sessions.ics", "whats-changed.xml"} <= set(others)
    for name in pages:
        built = site.site / (name[:-len("index.md")] if name.endswith("index.md") else name[:-3] + "/") / "index.html"
        assert built.is_file(), name
    for name in others:
        assert (out / name).read_bytes() == (site.site / name).read_bytes(), name
    assert re.search(r"Wrote \d+ pages and \d+ other files", run.stderr)
    again = generate(out)  # a folder it wrote is replaced, not refused
    assert again.returncode == 0, again.stderr


def test_the_build_adds_the_generated_files_through_the_same_function():
    hook = (ROOT / "hooks/site_model.py").read_text()
    assert "model.generated.items()" in hook and "File.generated(" in hook
    main = (ROOT / "hooks/esca/__main__.py").read_text()
    assert "model.generated.items()" in main and "site.load(" in main
    assert "def on_post_build" not in (ROOT / "hooks/curricula.py").read_text()  # the feeds are generated too


@pytest.mark.parametrize("where", ["docs", "docs/cpd/generated", "."])
def test_generate_never_writes_into_docs(where, tmp_path):
    before = sorted(p.as_posix() for p in (ROOT / "docs").rglob("*"))
    run = generate(ROOT / where)
    assert run.returncode == 2
    assert run.stderr.startswith(f"--out: {ROOT / where} is docs/ or holds it") and "Traceback" not in run.stderr
    assert sorted(p.as_posix() for p in (ROOT / "docs").rglob("*")) == before


def test_generate_leaves_a_folder_it_did_not_write(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    run = generate(tmp_path)
    assert run.returncode == 2 and "already holds files this command did not write" in run.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_python_requirement_is_stated_once_everywhere():
    assert tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"] == ">=3.11.5"
    assert "Python 3.11.5 or later" in (ROOT / "README.md").read_text()
    assert "(3, 11, 5)" in (ROOT / "Makefile").read_text()


def test_the_check_command_stops_at_once_on_an_older_python():
    code = ("import runpy, sys; sys.version_info = (3, 11, 4, 'final', 0); "
            "runpy.run_module('esca', run_name='__main__')")
    run = subprocess.run([sys.executable, "-c", code, "check"], cwd=ROOT, capture_output=True, text=True, env=ENV)
    assert run.returncode == 1
    assert run.stderr.strip().startswith("Python 3.11.4 is too old: the portal needs Python 3.11.5 or later")
    assert "Traceback" not in run.stderr


def test_make_stops_at_once_on_an_older_python(tmp_path):
    """A Python that reports 3.11.4: make says what to do before it makes a venv."""
    fake = tmp_path / "python3"
    fake.write_text(f"#!/bin/sh\nexec {sys.executable} -c 'import sys; sys.version_info = (3, 11, 4); "
                    f"sys.version = \"3.11.4\"; exec(sys.argv[2])' -c \"$2\"\n")
    fake.chmod(0o755)
    project = tmp_path / "project"
    project.mkdir()
    for name in ("Makefile", "requirements-build.txt", "requirements-test.txt"):
        (project / name).write_bytes((ROOT / name).read_bytes())
    run = subprocess.run(["make", "check", f"PYTHON={fake}"], cwd=project, capture_output=True, text=True)
    assert run.returncode != 0
    assert "Python 3.11.4 is too old: the pinned packages need Python 3.11.5 or later" in run.stderr
    assert not (project / ".venv").exists()


HOME = re.compile(r"\{%-? set home = .*?%\}")


@pytest.mark.parametrize("base_url, home", [("/", "/"), ("/esca", "/esca/"), ("/esca/", "/esca/"), ("", "/"),
                                             ("..", "../")])
def test_the_404_pages_home_link_is_the_same_in_both_template_engines(base_url, home):
    """Zensical renders templates with MiniJinja, which has no Python string
    methods (base_url.endswith stopped its build): the 404 page's home link
    reads the same in Jinja2 (MkDocs) and MiniJinja without Python
    compatibility, as Zensical runs it."""
    statement = HOME.search((ROOT / "overrides/404.html").read_text()).group(0)
    assert jinja2.Environment().from_string(statement + "{{ home }}").render(base_url=base_url) == home
    assert minijinja.Environment(pycompat=False).render_str(statement + "{{ home }}", base_url=base_url) == home


def test_minijinja_would_have_stopped_on_a_python_string_method():
    with pytest.raises(Exception, match="endswith"):
        minijinja.Environment(pycompat=False).render_str('{{ base_url.endswith("/") }}', base_url="/")


TEMPLATES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "overrides").rglob("*")
                   if p.suffix in (".html", ".xml"))


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_override_template_reads_in_minijinja(template):
    minijinja.Environment(pycompat=False).add_template(template, (ROOT / template).read_text())
    assert not re.search(r"\.(endswith|startswith|split|strip|lower|upper|format)\(", (ROOT / template).read_text())


def pins(path: Path) -> dict[str, str]:
    return {m.group(1).lower().replace("_", "-"): m.group(2)
            for m in re.finditer(r"^([A-Za-z0-9_.-]+)==([^\s\\;#]+)", path.read_text(), re.MULTILINE)}


def test_the_lock_files_pin_every_package_by_hash_and_agree():
    build, test = pins(ROOT / "requirements-build.txt"), pins(ROOT / "requirements-test.txt")
    for name in ("requirements-build", "requirements-test"):
        text = (ROOT / f"{name}.txt").read_text()
        entries = re.split(r"\n(?=[A-Za-z0-9_.-]+==)", text.split("\n", 6)[-1].strip())
        assert all("--hash=sha256:" in entry for entry in entries), name
        wanted = pins(ROOT / f"{name}.in")
        locked = pins(ROOT / f"{name}.txt")
        assert {k: locked.get(k) for k in wanted} == wanted, name
    assert build.items() <= test.items()  # the tests run on the build's very versions
    assert build["mkdocs-material"] == "9.8.2" and build["pymdown-extensions"] == "13.1.2"
    assert not {"pytest", "playwright", "check-jsonschema"} & build.keys()  # the build installs no test tool


def test_the_templates_checked_include_the_sitemap():
    assert "overrides/sitemap.xml" in TEMPLATES and "overrides/404.html" in TEMPLATES


ZENSICAL_VERSION = "0.0.73"


def zensical_build(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zensical", "build", "--config-file", "mkdocs.yml"], cwd=project,
                          capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})


def test_zensical_is_the_version_the_readme_names():
    """The newest Zensical that installs from PyPI here: 0.0.74 and the 0.1
    releases pin a zensical-ui release the index does not offer."""
    from importlib.metadata import version

    assert version("zensical") == ZENSICAL_VERSION
    assert f"zensical=={ZENSICAL_VERSION}" in (ROOT / "requirements-test.in").read_text()
    assert f"Zensical {ZENSICAL_VERSION}" in (ROOT / "README.md").read_text()


def test_zensical_builds_the_site_from_the_generated_pages(site, tmp_path):
    """README, "Platform plan": Zensical ignores `hooks:`, so on its own it
    builds no page made from data and finds links to them broken; with
    `python -m esca generate`'s output copied into a copy of docs/, it builds
    every page MkDocs builds, with no issues, and the data files as the build
    publishes them."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for folder in ("docs", "overrides"):
        shutil.copytree(ROOT / folder, project / folder)
    alone = zensical_build(project)
    assert alone.returncode == 0, alone.stdout + alone.stderr
    assert re.search(r"\b\d+ issues? found", alone.stdout + alone.stderr) and "page does not exist" in alone.stdout + alone.stderr
    assert not (project / "site/cpd/catalogue/index.html").exists()

    generated = tmp_path / "generated"
    run = generate(generated, "--site-url", "http://127.0.0.1:8000/")
    assert run.returncode == 0, run.stderr
    shutil.rmtree(project / "site")
    for path in generated.rglob("*"):
        if path.is_file() and path.name != ".esca-generated":
            target = project / "docs" / path.relative_to(generated)
            assert not target.exists(), target  # generated files are never kept in docs/
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    built = zensical_build(project)
    output = built.stdout + built.stderr
    assert built.returncode == 0 and "No issues found" in output, output
    zensical_pages = sorted(p.relative_to(project / "site").as_posix() for p in (project / "site").rglob("*.html"))
    mkdocs_pages = sorted(p.relative_to(site.site).as_posix() for p in site.site.rglob("*.html"))
    assert len(zensical_pages) > 100 and zensical_pages == mkdocs_pages
    for path in generated.rglob("*"):
        if path.is_file() and path.suffix != ".md" and path.name != ".esca-generated":
            name = path.relative_to(generated).as_posix()
            assert (project / "site" / name).read_bytes() == (site.site / name).read_bytes(), name
    sitemap = (project / "site/sitemap.xml").read_text()
    assert sitemap.count("<url>") == (site.site / "sitemap.xml").read_text().count("<url>") and "owners/" not in sitemap
