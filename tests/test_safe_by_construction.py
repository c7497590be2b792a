"""Safe by construction (issue 24): logs, file names and links that act.

Table-driven rows over the one place each class is closed: every log record
(esca.core.findings.log_safe, installed by hooks/site_model.py), every file read or
published (esca.core.sources.discover), and the CI files that run the build.
"""

from __future__ import annotations

import hashlib
import re

import pytest
import yaml

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import GOOD_META, ROOT
from esca.core import sources
from esca.core.findings import Finding, log_safe

LOG_ROWS = [
    ("plain", "docs/a.md:3: title: too long", "docs/a.md:3: title: too long"),
    ("line break kept, command refused", "a\n::error file=x::pwned", "a\n\\::error file=x::pwned"),
    ("indented command", "a\n   ::add-mask::x", "a\n\\   ::add-mask::x"),
    ("stop-commands", "::stop-commands::abc", "\\::stop-commands::abc"),
    ("colons inside a line", "a :: b", "a :: b"),
    ("carriage return", "ok\r::error::x", "ok\\r::error::x"),
    ("GitLab section marker", "\x1b[0Ksection_start:1:x\r\x1b[0K", "\\x1b[0Ksection_start:1:x\\r\\x1b[0K"),
    ("terminal escape", "\x1b]8;;https://evil.example\x07x", "\\x1b]8;;https://evil.example\\x07x"),
    ("bidi", "a\u202eb", "a\\u202eb"),
    ("next line (C1)", "a\x85::error::x", "a\\x85::error::x"),
    # issue 24 case 55: GitHub's runner reads the legacy form anywhere in a line
    ("legacy command mid-line", "docs/a.md:2: ##[add-mask]secret: unknown field",
     "docs/a.md:2: ##\\[add-mask]secret: unknown field"),
    ("legacy command, many", "###[error]x##[set-output name=a]", "###\\[error]x##\\[set-output name=a]"),
    ("both forms", "::add-mask::a ##[add-mask]b", "\\::add-mask::a ##\\[add-mask]b"),
]


@pytest.mark.parametrize("case, text, expected", LOG_ROWS, ids=[r[0] for r in LOG_ROWS])
def test_log_lines_are_safe_for_ci(case, text, expected):
    assert log_safe(text) == expected
    assert not any(line.lstrip().startswith("::") for line in log_safe(text).split("\n"))


# What a CI runner reads as a line: .NET's ReadLine ends one at \r, \n or
# \r\n; Python's splitlines also at \x85, \u2028 and the other separators.
def _runner_lines(text: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", text) + text.splitlines()


def _no_runner_command(line: str) -> bool:
    return "##[" not in line and not line.lstrip().startswith("::")


# Arbitrary text, the pieces of a command (and what splits or hides a line) likely.
_HOSTILE = st.lists(st.one_of(st.sampled_from(["##[", "::", "#", "[", ":", " ", "\t", "\n", "\r", "\x0b", "\x1c",
                                               "\x85", "\u2028", "\u2029", "\x1b", "\\", "a"]),
                              st.characters()), max_size=16).map("".join)


@settings(max_examples=400, deadline=None)
@given(_HOSTILE)
def test_no_log_line_is_a_ci_command(text):
    safe = log_safe(text)
    assert all(_no_runner_command(line) for line in _runner_lines(safe)), safe
    assert safe.count("\n") == text.count("\n")  # a message's own line breaks are kept, all else escaped
    assert log_safe(safe) == safe


@settings(max_examples=400, deadline=None)
@given(_HOSTILE, st.one_of(st.none(), st.integers(1, 10**6)), _HOSTILE, _HOSTILE, _HOSTILE,
       st.one_of(_HOSTILE, st.lists(_HOSTILE, max_size=3), st.integers()))
def test_a_finding_is_one_line_and_never_a_ci_command(path, line, field, problem, fix, value):
    text = str(Finding(path, line, field, problem, fix, value))
    assert _runner_lines(text) == [text, text] or text == ""
    assert _no_runner_command(text), text


def test_a_multi_line_owner_is_one_finding_line():
    """Case 47b: a multi-line front matter value quoted in a finding."""
    text = str(Finding("docs/about/contact.md", 2, "owner", "is not in data/owners.yml",
                       "use one of the ids", "esca\n::add-mask::secret\n##[add-mask]secret2\n"))
    assert text == ("docs/about/contact.md:2: owner: is not in data/owners.yml: "
                    "'esca\\n::add-mask::secret\\n##\\[add-mask]secret2\\n' — use one of the ids")


def test_every_build_log_record_goes_through_log_safe(tiny_site, expected_warnings, tmp_path):
    # Any logger under MkDocs' (a plugin, the theme, MkDocs itself) logging
    # text that holds a line a CI runner would read as a command.
    hook = tmp_path / "noisy.py"
    hook.write_text("from mkdocs.plugins import get_plugin_logger\n"
                    "def on_page_markdown(markdown, page, config, files):\n"
                    "    get_plugin_logger('noisy').info('%s', 'page:' + chr(10) + markdown.splitlines()[-1])\n"
                    "    return markdown\n", encoding="utf-8")
    build = tiny_site({"index.md": GOOD_META + "# Home\n\nok\n::error file=a::pwned \x1b[31m\n"}, hooks=[hook])
    assert "pwned" in build.output and "\\x1b[31m" in build.output
    assert not any(line.lstrip().startswith("::") for line in build.output.splitlines()), build.output


@pytest.mark.parametrize("target", ["missing%0A::error::pwn.md", "%0A%3A%3Aerror%3A%3A", "x%0A%1B[2J%1B[31m.md",
                                    "a%0D%0A::warning::b.md"])
def test_a_link_target_that_decodes_to_a_line_break_is_reported_once_on_one_line(tiny_site, expected_warnings,
                                                                                   target):
    """MkDocs' own warning decodes %0A in a target (third blind attack, N25): it
    is held back, every warning is one line, and no line starts a CI command."""
    build = tiny_site({"index.md": GOOD_META + f"# Home\n\nSee [x]({target}).\n"})
    assert build.returncode != 0
    assert len(build.warnings) == 1 and f"docs/index.md:9: link '{target}': no such" in build.warnings[0], \
        build.warnings
    lines = build.output.splitlines()
    assert not any(line.lstrip().lstrip("\\").startswith("::") or "\x1b" in line for line in lines), build.output
    assert sum(line.startswith("WARNING") for line in lines) == 1, build.output


NAME_ROWS = [
    ("ordinary", "a-page_2.md", True),
    ("capitals and dots", "LICENSE.v1.txt", True),
    ("newline", "a\n::error::x.md", False),
    ("space", "a page.md", False),
    ("quote", "a'.md", False),
    ("angle bracket", "a<b.md", False),
    ("leading dash", "-rf.md", False),
    ("non-ASCII look-alike", "cаse.md", False),  # Cyrillic а
    ("too long", "a" * 101 + ".md", False),
]


@pytest.mark.parametrize("case, name, ok", NAME_ROWS, ids=[r[0] for r in NAME_ROWS])
def test_only_plain_file_names_are_published(tmp_path, case, name, ok):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / name).write_text("x", encoding="utf-8")
    (docs / "sub dir").mkdir()
    (docs / "sub dir" / "inside.md").write_text("x", encoding="utf-8")
    accepted, findings = sources.discover(docs, tmp_path)
    assert [p.name for p in accepted] == ([name] if ok else [])
    expected = [] if ok else [f"docs/{name}"]
    assert sorted(f.path for f in findings) == sorted(expected + ["docs/sub dir"])
    assert all("\n" not in str(f) for f in findings)


def test_a_refused_name_is_not_published(tiny_site, expected_warnings):
    build = tiny_site({"index.md": GOOD_META + "# Home\n\nText.\n", "a b/page.md": GOOD_META + "# Page\n\nText.\n"})
    assert not (build.site / "a b").exists()
    assert any("docs/a b:1: file: the name holds characters other than" in w for w in build.warnings), build.warnings


def test_a_file_the_portal_writes_is_published_only_under_a_plain_name(monkeypatch):
    """The one place generated files are added (esca.site.load) refuses a
    name outside the files' alphabet, whatever made it."""
    from esca import site

    real = site.generate

    def with_bad_names(model):
        out = real(model)
        out["cpd/calendar/new course.ics"] = b""
        out["cpd/courses/caf\u00e9.md"] = "# x\n"
        return out

    monkeypatch.setattr(site, "generate", with_bad_names)
    model = site.load(ROOT, checks=False)
    refused = [f for f in model.findings if f.field == "file" and "would publish" in f.problem]
    assert sorted(f.path for f in refused) == ["docs/cpd/calendar/new course.ics", "docs/cpd/courses/caf\u00e9.md"]
    assert all(sources.publishable(src) for src in model.generated) and len(model.generated) > 10


def test_github_commands_stop_while_the_build_and_tests_print():
    workflow = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
    steps = {step.get("name", ""): step.get("run", "") for step in workflow["jobs"]["test"]["steps"]}
    runs = [run for run in steps.values() if re.search(r"\bmake (build|test)\b|\.ci/run\b", run)]
    # The tests run through .ci/run, which stops commands itself on GitHub.
    scripts = [run if ".ci/run" not in run else (ROOT / ".ci/run").read_text(encoding="utf-8") for run in runs]
    assert len(scripts) == 2 and any(".ci/run" in run for run in runs), runs  # the build and the tests
    for script in scripts:
        lines = script.splitlines()
        start = next(i for i, line in enumerate(lines) if "::stop-commands::$resume" in line)
        work = next(i for i, line in enumerate(lines) if re.search(r"\bmake (build|test)\b", line))
        end = next(i for i, line in enumerate(lines) if 'echo "::$resume::"' in line)
        assert start < work and (start < end < work and "trap" in lines[end] or start < work < end), script
        assert "/dev/urandom" in script


# ----- data files declared in the field library: one row per rule -----

HOST_ROWS = [
    ("good", "hosts:\n  www.gov.uk: UK government guidance\n", []),
    ("upper case", "hosts:\n  WWW.GOV.UK: x\n",
     ["h.yml:2: hosts.WWW.GOV.UK: not a host: 'WWW.GOV.UK' — write each host as host: the reason it was reviewed, "
      "one per line"]),
    ("a path, not a host", "hosts:\n  www.gov.uk/x: x\n",
     ["h.yml:2: hosts.www.gov.uk/x: not a host: 'www.gov.uk/x' — write each host as host: the reason it was "
      "reviewed, one per line"]),
    ("no reason", "hosts:\n  www.gov.uk:\n",
     ["h.yml:2: hosts.www.gov.uk: must be text — write it as text on one line, or use >- for longer text"]),
    ("markup in a reason", "hosts:\n  www.gov.uk: <b>x</b>\n",
     ["h.yml:2: hosts.www.gov.uk: has markup ('<'): '<b>x</b>' — write plain text, without < or HTML tags"]),
    ("a list", "- www.gov.uk\n",
     ["h.yml:1: allowed-hosts: a hosts file must be a list of 'field: value' lines — write one 'field: value' line per "
      "field, each starting at the left margin (no leading '- ')"]),
    ("hosts as a list", "hosts: [www.gov.uk]\n",
     ["h.yml:1: hosts: must be a mapping — write host.example: why it was reviewed"]),
]


@pytest.mark.parametrize("case, text, expected", HOST_ROWS, ids=[r[0] for r in HOST_ROWS])
def test_allowed_hosts_are_declared(tmp_path, case, text, expected):
    from esca.checks import links

    (tmp_path / "h.yml").write_text(text, encoding="utf-8")
    hosts, findings = links.load_hosts(tmp_path / "h.yml", tmp_path)
    assert [str(f) for f in findings] == expected
    assert hosts == (frozenset({"www.gov.uk"}) if not expected else frozenset())


# Issue 24, cases 25 and 26: docs/ publishes only the types on one allow-list.
TYPE_ROWS = [
    ("page", "a.md", True), ("image", "a.PNG", True), ("PDF: reviewed by hash", "a.pdf", True), ("no dot", "LICENSE", True),
    ("script: reviewed by hash", "a.js", True), ("SVG: reviewed and checked", "a.svg", True), ("HTML: reviewed and checked", "a.html", True),
    ("case 25: gzipped SVG", "evil.svgz", False), ("case 26: Atom", "evil.atom", False),
    ("case 26: RDF", "evil.rdf", False), ("case 26: MathML", "evil.mml", False), ("XHTML-ish", "a.xsd", False),
    ("a trailing dot", "a.svg.", False), ("two endings", "a.svg.gz", False), ("RSS", "a.rss", False),
    ("SVG in capitals, dotted", "A.B.SVGZ", False), ("a web archive", "a.mht", False), ("Flash vector", "a.swf", True),
]


@pytest.mark.parametrize("case, name, ok", TYPE_ROWS, ids=[r[0] for r in TYPE_ROWS])
def test_docs_publish_only_allowed_types(tmp_path, case, name, ok):
    docs = tmp_path / "docs"
    docs.mkdir()
    svg = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"
    (docs / name).write_bytes(PNG if sources.file_type(name) == ".png" else svg)  # a plain file is what it says
    accepted, findings = sources.discover(docs, tmp_path)
    assert [p.name for p in accepted] == ([name] if ok else [])
    if not ok:
        assert [str(f).split(" — ")[0] for f in findings] == [
            f"docs/{name}:1: file: type {sources.file_type(name)} is not published"]


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction 4 0 R >> endobj\n%%EOF\n"  # all ASCII: UTF-8 text
_IS_NOT = "name it for what it is (a PDF or other document is published only when reviewed by hash)"
_NOT_TEXT = "save it as UTF-8 text, or " + _IS_NOT
# Fourth blind attack, A14, A15, A17, B79: a plain file is published only if
# its bytes are what its name says, and a page only under a name MkDocs reads as one.
PLAIN_ROWS = [
    ("PNG", "a.png", PNG, None),
    ("PNG in capitals", "A.PNG", PNG, None),
    ("JPEG", "a.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF", None),
    ("JPEG, long ending", "a.jpeg", b"\xff\xd8\xff\xdb", None),
    ("GIF 89a", "a.gif", b"GIF89a\x01\x00", None),
    ("GIF 87a", "a.gif", b"GIF87a\x01\x00", None),
    ("WebP", "a.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 ", None),
    ("AVIF, major brand", "a.avif", b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf", None),
    ("AVIF, compatible brand", "a.avif", b"\x00\x00\x00\x1cftypmif1\x00\x00\x00\x00mif1avifmiaf", None),
    ("ICO", "favicon.ico", b"\x00\x00\x01\x00\x01\x00", None),
    ("text with tab, CRLF and a lone CR", "notes.txt", "Café\tprix\r\nline\rend\n".encode(), None),
    ("licence without a dot", "LICENSE", b"MIT License\n\nCopyright (c) 2025\n", None),
    ("empty text", "empty.txt", b"", None),
    ("page", "a.md", b"# A\n", None),
    ("A17: a PDF named .png", "guide.png", PDF,
     "docs/guide.png:1: file: is named .png but its bytes are not a PNG image — save it as a PNG image, or " + _IS_NOT),
    ("a PNG named .jpg", "a.jpg", PNG,
     "docs/a.jpg:1: file: is named .jpg but its bytes are not a JPEG image — save it as a JPEG image, or " + _IS_NOT),
    ("an empty image", "a.gif", b"",
     "docs/a.gif:1: file: is named .gif but its bytes are not a GIF image — save it as a GIF image, or " + _IS_NOT),
    ("an SVG named .webp", "a.webp", b"<svg><script>alert(1)</script></svg>",
     "docs/a.webp:1: file: is named .webp but its bytes are not a WebP image — save it as a WebP image, or " + _IS_NOT),
    ("an MP4 named .avif", "a.avif", b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom",
     "docs/a.avif:1: file: is named .avif but its bytes are not an AVIF image — save it as an AVIF image, or " + _IS_NOT),
    ("a cursor named .ico", "a.ico", b"\x00\x00\x02\x00\x01\x00",
     "docs/a.ico:1: file: is named .ico but its bytes are not an ICO icon — save it as an ICO icon, or " + _IS_NOT),
    ("A15: an ASCII PDF named .txt", "guide.txt", PDF,
     "docs/guide.txt:1: file: holds a document's header, which a viewer opens whatever the name: '%PDF-' — name it "
     "for what it is (a PDF is published only when reviewed by hash: data/reviewed-assets.yml), or remove it"),
    ("A14: an ASCII PDF without a dot", "guide", b"\n" + PDF,
     "docs/guide:2: file: holds a document's header, which a viewer opens whatever the name: '%PDF-' — name it "
     "for what it is (a PDF is published only when reviewed by hash: data/reviewed-assets.yml), or remove it"),
    ("an RTF without a dot", "memo", b"{\\rtf1\\ansi x}",
     "docs/memo:1: file: holds a document's header, which a viewer opens whatever the name: '{\\rtf' — name it "
     "for what it is (a PDF is published only when reviewed by hash: data/reviewed-assets.yml), or remove it"),
    ("a binary PDF named .txt", "guide.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
     "docs/guide.txt:2: file: is not UTF-8 text — " + _NOT_TEXT),
    ("a terminal escape in text", "notes.txt", b"ok\nred \x1b[31m",
     "docs/notes.txt:2: file: is not plain text: it holds a control character: '\\x1b' — " + _NOT_TEXT),
    ("a NUL without a dot", "README", b"a\x00b", "docs/README:1: file: is not plain text: it holds a control "
     "character: '\\x00' — " + _NOT_TEXT),
    ("a line separator in text", "a.txt", "a\u2028b".encode(), "docs/a.txt:1: file: is not plain text: it holds a "
     "control character: '\\u2028' — " + _NOT_TEXT),
    ("B79: a page ending in capitals", "evil.MD", b"<script>alert(1)</script>\n",
     "docs/evil.MD:1: file: ends in '.MD', which MkDocs does not read as a page: it would be published as it is, "
     "unchecked — rename it to evil.md"),
    ("a page ending in mixed case", "evil.Md", b"# x\n", "docs/evil.Md:1: file: ends in '.Md', which MkDocs does not "
     "read as a page: it would be published as it is, unchecked — rename it to evil.md"),
]


@pytest.mark.parametrize("case, name, data, expected", PLAIN_ROWS, ids=[r[0] for r in PLAIN_ROWS])
def test_a_plain_file_is_published_only_if_it_is_what_its_name_says(tmp_path, case, name, data, expected):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / name).write_bytes(data)
    accepted, findings = sources.discover(docs, tmp_path)
    assert [p.name for p in accepted] == ([] if expected else [name])
    assert [str(f) for f in findings] == ([expected] if expected else [])


def test_every_plain_type_has_a_rule_for_its_bytes():
    """A plain type is a page, an image (by its first bytes) or text: there
    is no fourth kind a file of could be published unread."""
    assert sources.PLAIN_TYPES == {sources.PAGE_TYPE} | sources.TEXT_TYPES | set(sources.IMAGE_TYPES)


def test_an_image_is_judged_by_its_first_bytes_only(tmp_path, monkeypatch):
    import builtins

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.png").write_bytes(PNG + b"\x00" * 1_000_000)
    sizes = []
    real_open = builtins.open

    class Counting:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def read(self, size=-1):
            sizes.append(size)
            return self.handle.read(size)

    monkeypatch.setattr(builtins, "open", lambda file, *a, **k: Counting(real_open(file, *a, **k))
                        if str(file).endswith("a.png") else real_open(file, *a, **k))
    accepted, findings = sources.discover(docs, tmp_path)
    assert [p.name for p in accepted] == ["a.png"] and not findings
    assert sizes and all(0 < size <= 64 for size in sizes)


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"[a-z]{1,4}\.([mM][dD]|[mM][aA][rR][kK][dD][oO][wW][nN]|[mM][kK][dD]|[mM][dD][oO][wW][nN]|"
                     r"[mM][kK][dD][nN]|[tT][xX][tT])", fullmatch=True))
def test_the_gate_reads_a_page_exactly_when_mkdocs_does(tmp_path_factory, name):
    """Every name the gate publishes is a page for the gate (esca.site reads and
    checks it) exactly when MkDocs reads it as one: never copied as it is."""
    from mkdocs.utils import is_markdown_file

    docs = tmp_path_factory.mktemp("d") / "docs"
    docs.mkdir()
    (docs / name).write_bytes(b"# A\n")
    accepted, _ = sources.discover(docs, docs.parent)
    for file in accepted:
        assert sources.is_page(file.name) == is_markdown_file(file.name)
        assert sources.is_page(file.name) or sources.file_type(file.name) != sources.PAGE_TYPE
    assert accepted or not is_markdown_file(name) or sources.file_type(name) != ".md"  # x.md is always published


def test_a_file_that_is_not_what_its_name_says_is_not_published_by_the_build(tiny_site, expected_warnings):
    """Fourth blind attack, A14, A15, A17, B79, through the build: one line each, nothing published."""
    pdf = PDF.decode("ascii")
    build = tiny_site({"index.md": GOOD_META + "# Home\n\nText.\n", "about/guide": pdf, "about/guide.txt": pdf,
                       "assets/guide.png": pdf, "about/evil.MD": "<script>alert(1)</script>\n"})
    assert build.returncode != 0
    warned = sorted(w.split("hooks/site_model: ", 1)[-1].split(": file: ")[0] for w in build.warnings)
    assert warned == ["docs/about/evil.MD:1", "docs/about/guide.txt:1", "docs/about/guide:1",
                      "docs/assets/guide.png:1"], build.warnings


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[a-z]{1,5}(\.[A-Za-z0-9]{0,6}){0,3}", fullmatch=True))
def test_a_published_type_is_plain_reviewed_or_checked(name):
    """Every name discover publishes is of a type no browser runs, or of one
    esca.checks.active_content reviews by hash or reads like a page."""
    from esca.checks import active_content

    kind = sources.file_type(name)
    published = kind in sources.DOCS_TYPES
    assert published == (kind in sources.PLAIN_TYPES or kind in active_content.REVIEWED_EXTENSIONS
                         or kind in active_content.MARKUP_EXTENSIONS)
    assert not published or kind not in {".svgz", ".atom", ".rdf", ".mml", ".xsd", ".rss", ".mht", ".xbl"}


@pytest.mark.parametrize("name", ["evil.pdf", "notes.ODT", "a.docx"])
def test_a_document_a_viewer_may_act_on_is_published_only_when_reviewed(tiny_site, expected_warnings, name):
    """Third blind attack, N16: a PDF with an /OpenAction script was published as
    a plain file. Documents are reviewed by hash, as scripts are."""
    pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n%%EOF\n"
    build = tiny_site({"index.md": GOOD_META + "# Home\n\nText.\n", f"assets/{name}": pdf.decode("latin-1")})
    assert build.returncode != 0  # make build keeps site/ as it was
    assert [w.split("hooks/site_model: ", 1)[-1] for w in build.warnings] == [
        f"docs/assets/{name}:1: file: document (PDF or office file) is not on the reviewed list — "
        + build.warnings[0].split(" — ", 1)[1]], build.warnings


def test_an_unlisted_type_is_not_published_by_the_build(tiny_site, expected_warnings):
    build = tiny_site({"index.md": GOOD_META + "# Home\n\nText.\n",
                       "assets/evil.svgz": "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"})
    assert not (build.site / "assets/evil.svgz").exists()
    assert any("docs/assets/evil.svgz:1: file: type .svgz is not published — " in w for w in build.warnings), \
        build.warnings


def test_front_matter_nested_too_deep_is_a_finding_not_a_crash(tiny_site, expected_warnings):
    """Issue 24, case 67b: MkDocs reads front matter with libyaml too; the
    page reaches it without the front matter, and the portal reports it."""
    deep = "---\nowner: esca\nx: " + "[" * 30_000 + "\n---\n\n# Deep\n\nText.\n"
    build = tiny_site({"index.md": GOOD_META + "# Home\n\nText.\n", "deep.md": deep})
    assert any("docs/deep.md:3: yaml: lists or mappings are nested more than 64 levels deep" in w for w in
               build.warnings), build.warnings


REFERENCE_ROWS = [
    ("case 66: 300,000 digits", "&#" + "1" * 300_000 + ";", True), ("eight digits", "&#00000065;", True),
    ("hex, seven digits", "&#x0000041;", True), ("hex, long", "&#X" + "f" * 5000, True),
    ("a character", "&#169;", False), ("the largest", "&#1114111;", False), ("hex", "&#x1F600;", False),
    ("named", "&amp;&copy;", False),
]


@pytest.mark.parametrize("case, text, long", REFERENCE_ROWS, ids=[r[0] for r in REFERENCE_ROWS])
def test_references_longer_than_any_character_are_written_as_text(case, text, long):
    import html as html_module

    from esca.checks import active_content

    safe, at = active_content.defuse_references("x " + text)
    assert (at == 2) == long and (safe == "x " + text) != long
    html_module.unescape(safe)  # never a ValueError
    assert "&#" + text[2:] not in safe if long else safe == "x " + text


def test_a_long_reference_is_a_finding_not_a_traceback(tiny_site, expected_warnings):
    page = GOOD_META + "# Long\n\nText\n\n&#" + "1" * 10_000 + ";\n"  # past 4,300 digits, within the block limit
    build = tiny_site({"index.md": GOOD_META + "# Home\n\nText.\n", "long.md": page})
    line = page[:page.index("&#")].count("\n") + 1
    assert any(f"docs/long.md:{line}: &#: a character reference longer than any character needs" in w
               for w in build.warnings), build.warnings


# Issue 24, cases 12 and 52b: a page whose front matter cannot be read is
# one finding; it stays published (MkDocs gets it without the front matter),
# so the nav and the links to it raise nothing more.
FRONT_MATTER_ROWS = [
    ("second changes: key (case 12)", "changes:\n  - date: 2026-11-01\n    note: One.\nchanges: []\n",
     "yaml: duplicate key 'changes' (first at line 5)"),
    ("unclosed flow list (case 52b)", "x: [\n", "yaml: "),
    ("an alias", "a: &x 1\nb: *x\n", "yaml: anchors and aliases"),
    ("nested too deep", "x: " + "[" * 200 + "]" * 200 + "\n", "yaml: lists or mappings are nested more than 64 levels deep"),
]


@pytest.mark.parametrize("case, extra, expected", FRONT_MATTER_ROWS, ids=[r[0] for r in FRONT_MATTER_ROWS])
def test_unreadable_front_matter_is_one_line(tiny_site, expected_warnings, case, extra, expected):
    page = GOOD_META.replace("---\n\n", extra + "---\n\n", 1) + "# Broken\n\nText.\n"
    build = tiny_site({"index.md": GOOD_META + "# Home\n\n[Broken](broken.md)\n", "broken.md": page},
                      config="nav:\n  - index.md\n  - broken.md\n")
    warnings = [w for w in build.warnings if "WARNING" in w or "hooks/" in w]
    assert len(warnings) == 1 and "docs/broken.md:" in warnings[0] and expected in warnings[0], build.warnings
    assert (build.site / "broken/index.html").exists()


# Issue 24, second blind attack (B13, B78, B80, B87, B88, B101, B103-B105,
# B107, B116, B67): a markup file a browser renders on its own, or a CSV a
# spreadsheet runs, is published only as reviewed, by hash: no check of its
# text keeps up with entities, namespace prefixes and other encodings.
UNREVIEWED_ROWS = [
    ("xml with XHTML script (B13)", "assets/a.xml",
     "<r xmlns:h='http://www.w3.org/1999/xhtml'><h:script>alert(1)</h:script></r>"),
    ("svg entity expanding to script (B80)", "assets/a.svg",
     "<!DOCTYPE svg [<!ENTITY s '&#60;script&#62;alert(1)&#60;/script&#62;'>]>"
     "<svg xmlns='http://www.w3.org/2000/svg'>&s;</svg>"),
    ("svg with a link to any host (B78)", "assets/b.svg",
     "<svg xmlns='http://www.w3.org/2000/svg'><a href='https://evil.example/'><text>x</text></a></svg>"),
    ("xhtml file (B103)", "assets/a.xhtml", "<html xmlns='http://www.w3.org/1999/xhtml'><body>x</body></html>"),
    ("an innocent-looking svg", "assets/c.svg", "<svg xmlns='http://www.w3.org/2000/svg'><rect/></svg>"),
    ("csv with a formula cell (B67)", "assets/a.csv", "name,total\n=HYPERLINK(\"https://evil.example\"),1\n"),
]


@pytest.mark.parametrize("case, name, text", UNREVIEWED_ROWS, ids=[r[0] for r in UNREVIEWED_ROWS])
def test_markup_and_data_files_are_published_only_as_reviewed(tmp_path, case, name, text):
    from esca.checks import active_content

    found = active_content.check_file(f"docs/{name}", text.encode("utf-8"), {})
    assert [str(f).split(" — ")[0] for f in found] == [f"docs/{name}:1: file: {active_content._kind(name[name.rindex('.'):])} "
                                                       "is not on the reviewed list"]
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    reviewed = active_content.check_file(f"docs/{name}", text.encode("utf-8"), {f"docs/{name}": digest})
    if name.endswith(".csv") or case == "an innocent-looking svg":
        assert reviewed == []  # reviewed, and nothing in it runs
    changed = active_content.check_file(f"docs/{name}", text.encode("utf-8") + b" ", {f"docs/{name}": digest})
    assert "has changed since it was reviewed" in str(changed[0])


def test_the_sites_own_svg_is_reviewed():
    from esca.checks import active_content
    from esca.core.safeyaml import load_file

    reviewed = load_file(ROOT / "data/reviewed-assets.yml", ROOT).data["assets"]
    for path in sorted((ROOT / "docs").rglob("*.svg")):
        rel = path.relative_to(ROOT).as_posix()
        assert active_content.check_file(rel, path.read_bytes(), dict(reviewed)) == []


# Issue 24, second blind attack (B48, B66, B76): Python-Markdown reads raw HTML
# in time that grows with the square of the tags; a page is capped.
TAG_ROWS = [  # (case, page, line of the finding or None when the page is read)
    ("60,000 '<a '", "<a " * 60_000, 1),
    ("40,000 comments after 5 lines", "x\n" * 5 + "<!--x " * 40_000, 6),
    ("3,000 '<div markdown>'", "<div markdown>\n" * 3_000, 2_001),
    ("end tags", "</p>" * 2_001, 1),
    ("declarations and instructions", "<!x>\n<?x>\n" * 1_001, 2_001),
    ("2,001 tags among 'a < b'", "a < b\n" * 3_000 + "<p>\n" * 2_001, 5_001),
    ("2,000 tags", "<p>x</p>\n" * 1_000, None),
    ("A27: 2,500 'a < b' in code", "```text\n" + "a < b\n" * 2_500 + "```\n", None),
    ("'<' before a digit, space, '<', '=' or '-'", "1 <2 < 3 << 4 <= 5 <- 6\n" * 1_000, None),
    ("2,000 tags and many comparisons", "<b>x</b> a < b\n" * 1_000, None),
]


@pytest.mark.parametrize("case, text, line", TAG_ROWS, ids=[r[0] for r in TAG_ROWS])
def test_a_page_with_too_many_tags_is_refused_at_its_line(case, text, line):
    from esca import site

    found = site.too_many_tags(text, "docs/p.md")
    if line is None:
        assert found is None
    else:
        assert found is not None and str(found) == (
            f"docs/p.md:{line}: page: holds more than 2,000 HTML tags or comments — split it into shorter pages, "
            "or write more of it in Markdown than in HTML: the site's reader slows down with each tag")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["<", "a", " ", "\n", "/", "!", "?", "=", "1", "-"]), max_size=60), st.integers(0, 3))
def test_the_tag_limit_counts_what_starts_markup(pieces, tags):
    """The limit counts a '<' exactly when Python's HTML reader would read
    markup there (a tag, end tag, comment, declaration or instruction)."""
    from esca import site

    text = "".join(pieces)
    starts = sum(1 for at, char in enumerate(text) if char == "<" and text[at + 1:at + 2].isascii()
                 and (text[at + 1:at + 2].isalpha() or text[at + 1:at + 2] in "/!?") and text[at + 1:at + 2] != "")
    filler = "<i>" * (site.MAX_TAGS - starts + tags)
    found = site.too_many_tags(text + filler, "docs/p.md")
    assert (found is None) == (tags == 0)


@pytest.mark.parametrize("body", ["<a " * 60_000, "<!--x " * 40_000, "<div markdown>\n" * 3_000])
def test_a_page_with_too_many_tags_stops_the_build_quickly_with_one_line(tiny_site, expected_warnings, body):
    """The limit's line is the only one: the page stays in the nav and its links
    resolve (third blind attack: two follow-on lines named the page missing)."""
    build = tiny_site({"index.md": GOOD_META + "# Home\n\nSee [P](about/p.md).\n",
                       "about/p.md": GOOD_META + "# P\n\n" + body},
                      config="nav:\n  - Home: index.md\n  - P: about/p.md\n")
    assert build.returncode != 0
    assert len(build.warnings) == 1 and "docs/about/p.md:" in build.warnings[0] \
        and "holds more than 2,000 HTML tags or comments" in build.warnings[0], build.warnings


@pytest.mark.parametrize("body, said", [
    (" ".join(["[a](https://www.gov.uk/x)"] * 11_000), "holds more than 500 links or '['"),
    ("[a]( " * 20_000, "holds more than 500 links or '['"),
    ("x" * (512 * 1024), "524,288"),
    # sixth blind attack, L11, L14, L15, L16: one long paragraph of inline marks
    ("`a " * 150_000, "has a paragraph or block of 450,000 characters, over the limit of 20,000"),
    ("*a* " * 120_000, "has a paragraph or block of 480,000 characters"),
    ("&copy; " * 70_000, "has a paragraph or block of 490,000 characters"),
    ("Fine.\n\n" + "\\* " * 150_000, "p.md:11: page: has a paragraph or block of 450,000 characters"),
])
def test_a_page_refused_before_it_is_read_has_one_line(tiny_site, expected_warnings, body, said):
    """Fifth blind attack, B67, B68 (links read in time that grows with their
    square) and B33 (a page over the size limit was followed by two lines
    naming it missing): one line each, quickly, the page kept in the nav."""
    build = tiny_site({"index.md": GOOD_META + "# Home\n\nSee [P](about/p.md).\n",
                       "about/p.md": GOOD_META + "# P\n\n" + body},
                      config="nav:\n  - Home: index.md\n  - P: about/p.md\n")
    assert build.returncode != 0
    assert len(build.warnings) == 1 and "docs/about/p.md:" in build.warnings[0] and said in build.warnings[0], \
        build.warnings


def test_a_page_of_code_with_many_comparisons_is_built(tiny_site):
    """Fourth blind attack, A27: '<' in code is not a tag."""
    build = tiny_site({"index.md": GOOD_META + "# Home\n\n```text\n" + "a < b\n" * 2_500 + "```\n"})
    assert build.returncode == 0 and not build.warnings, build.output
    assert build.page("").count("a &lt; b") == 2_500


# Fourth blind attack, B13, B74, B82: several problems that stop the build are
# one log line each, then one line that stops it; every broken data file is
# reported in the same build.
STOP_ROWS = [
    ("B82: three bad hosts", {"data/allowed-hosts.yml": (ROOT / "data/allowed-hosts.yml").read_text(encoding="utf-8")
                              .replace("hosts:\n", "hosts:\n  www.gov.uk@evil.example: x\n  \"*.example\": y\n"
                                       "  evil.example/path: z\n", 1)},
     ["data/allowed-hosts.yml:{}: hosts.www.gov.uk@evil.example: not a host:",
      "data/allowed-hosts.yml:{}: hosts.*.example: not a host:",
      "data/allowed-hosts.yml:{}: hosts.evil.example/path: not a host:"]),
    ("B74: owners a string, readers a number", {"data/owners.yml": "just a string\n", "data/readers.yml": "42\n"},
     ["data/owners.yml:1: owners: must be a mapping — write one 'id: Label' line per entry",
      "data/readers.yml:1: readers: must be a mapping — write one 'id:' entry per reader, with label: under it"]),
]


@pytest.mark.parametrize("case, files, expected", STOP_ROWS, ids=[r[0] for r in STOP_ROWS])
def test_problems_that_stop_the_build_are_one_line_each(tiny_site, expected_warnings, case, files, expected):
    build = tiny_site({"index.md": GOOD_META + "# Home\n\nText.\n", **files})
    assert build.returncode != 0
    warnings = [w.split("hooks/site_model: ", 1)[-1] for w in build.output.splitlines() if w.startswith("WARNING")]
    assert len(warnings) == len(expected), build.output
    for line, start in zip(warnings, expected):
        assert re.match(re.escape(start).replace(r"\{\}", r"\d+"), line), (line, start)
    assert "\\n" not in build.output, build.output  # no finding joined to another
    errors = [line for line in build.output.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1 and errors[0].endswith(
        f"the build stopped: {len(expected)} problems above must be fixed before the site can be built"), build.output


def test_a_symlinked_vocabulary_folder_is_one_finding_per_file(tmp_path):
    """B13: a curricula/vocabularies folder that is a link: each file is its
    own finding, carried whole by the error that stops the build."""
    import os
    import pickle
    import shutil

    from esca import checker, site
    from esca.core.findings import stop

    outside, repo = tmp_path / "outside", tmp_path / "repo"
    shutil.copytree(ROOT / "curricula/vocabularies", outside)
    (repo / "curricula").mkdir(parents=True)
    os.symlink(outside, repo / "curricula/vocabularies")
    shutil.copytree(ROOT / "data", repo / "data")
    (repo / "docs").mkdir()
    with pytest.raises(site.SiteError) as caught:
        site.load(repo, checks=False)
    vocab = [f for f in caught.value.findings if f.path.startswith("curricula/vocabularies/")]
    assert len(vocab) == 8 and all(f.problem.startswith("is outside the repository") for f in vocab)
    crossed = pickle.loads(pickle.dumps(checker.CheckerError(caught.value.findings)))  # from the checks' process
    for error in (caught.value, crossed):
        lines: list[str] = []
        summary = stop(error, lines.append)
        assert lines == [str(f) for f in caught.value.findings] and all("\n" not in line for line in lines)
        assert summary == f"the build stopped: {len(lines)} problems above must be fixed before the site can be built"


def test_the_declared_data_files_are_the_ones_the_code_reads():
    """DATA_FILES (esca.core.sources) is the list of what data/ may hold: each
    one is in the repository, and every data/NAME.yml the portal's code names
    is on it (or is a search set the tests read), so a new reader cannot be
    added without declaring its file (fifth blind attack, A34, B15)."""
    named = set()
    for file in (ROOT / "hooks").rglob("*.py"):
        named |= set(re.findall(r"data/([a-z0-9-]+\.yml)", file.read_text(encoding="utf-8")))
    named |= {f"{name}.yml" for name in ("owners", "kinds-of-work", "age-groups", "legislation-status")}  # by name
    assert named - {"search-eval.yml"} <= sources.DATA_FILES, named - sources.DATA_FILES
    present = {p.name for p in (ROOT / "data").iterdir()}
    assert sources.DATA_FILES <= present, sources.DATA_FILES - present
    assert {n for n in present if not sources.SEARCH_SETS.fullmatch(n)} == sources.DATA_FILES
    assert sources.check_declared(ROOT) == []
