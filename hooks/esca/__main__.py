"""The portal's sources, without MkDocs.

    PYTHONPATH=hooks python -m esca check     (or: make check)
    PYTHONPATH=hooks python -m esca generate --out DIR     (or: make generate DIR=…)
    PYTHONPATH=hooks python -m esca schema course|programme     (or: make schema)

``check`` runs every rule the site model runs in a build (front matter,
writing rules, glossary, acronyms, data files, markers, courses and
programmes, files that must not be published) and prints the same findings,
one line each (a notice, such as a session already past, starts with
"notice:" and is not a problem). Exits 1 when there is any problem, 0 when
there is none, 2 when a controlled list is broken. Links and anchors are checked on the built pages,
so only the build checks them.

``generate`` writes every page the build makes from data, as Markdown, and the
data files it publishes (calendar, CSV, feed, JSON) into DIR, never into
docs/: the same files, from the same function (esca.site.generate, through
esca.site.load), that hooks/site_model.py hands MkDocs. It is the engine-neutral
step an engine without MkDocs' hooks can build from (README, "Platform plan").

``schema`` prints the JSON Schema of a course or programme file
(esca.curricula.schema), with the allowed values the site model reads;
``make schema`` writes both into curricula/schema/.
"""

from __future__ import annotations

import sys

MINIMUM_PYTHON = (3, 11, 5)
if tuple(sys.version_info[:3]) < MINIMUM_PYTHON:  # before anything a newer Python is needed to read
    sys.exit(f"Python {'.'.join(map(str, sys.version_info[:3]))} is too old: the portal needs Python "
             f"{'.'.join(map(str, MINIMUM_PYTHON))} or later (README, 'Two commands'). Install a newer "
             "Python, then: rm -rf .venv && make PYTHON=python3.12")

import argparse  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

from esca import site  # noqa: E402
from esca.curricula.schema import render as render_schema  # noqa: E402

MARKER = ".esca-generated"  # a folder generate wrote, which it may empty and write again
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"  # mkdocs.yml's default: the address of make serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m esca", description="Check the ESCA portal's sources.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="run every source rule and print the findings")
    check.add_argument("--root", default=".", help="the repository root (default: the current folder)")
    generate = sub.add_parser("generate", help="write every page built from data, as Markdown, into a folder")
    generate.add_argument("--out", required=True, help="the folder to write (outside docs/)")
    generate.add_argument("--root", default=".", help="the repository root (default: the current folder)")
    generate.add_argument("--site-url", default=os.environ.get("ESCA_SITE_URL") or DEFAULT_SITE_URL,
                          help="the published address, for feeds and calendars (default: ESCA_SITE_URL, "
                               "else the address of make serve)")
    generate.add_argument("--no-directory-urls", action="store_true",
                          help="links that name .html files, as the offline copy's do")
    schema = sub.add_parser("schema", help="print the JSON Schema of a course or programme file")
    schema.add_argument("kind", choices=("course", "programme"), help="which file's schema")
    schema.add_argument("--root", default=".", help="the repository root (default: the current folder)")
    args = parser.parse_args(argv)
    root = Path(args.root)
    if args.command == "schema":
        sys.stdout.write(render_schema(site.schema_vocabularies(root), args.kind))
        return 0
    if args.command == "generate":
        return _generate(root, Path(args.out), args.site_url, not args.no_directory_urls)
    try:
        model = site.load(root, strict_reviews=os.environ.get("ESCA_STRICT_REVIEWS") == "1")
    except site.SiteError as error:
        print(error, file=sys.stderr)
        return 2
    for finding in model.findings:
        print(f"notice: {finding}" if finding.notice else finding)
    count = sum(not finding.notice for finding in model.findings)
    print(f"{count} problem{'s' if count != 1 else ''} in {len(model.texts)} pages and "
          f"{len(model.curricula.courses)} courses", file=sys.stderr)
    return 1 if count else 0


def _generate(root: Path, out: Path, site_url: str, directory_urls: bool) -> int:
    docs = (root / site.DOCS).resolve()
    target = out.resolve()
    if target == docs or target.is_relative_to(docs) or docs.is_relative_to(target):
        print(f"--out: {out} is docs/ or holds it: generated pages never go into the sources — "
              "name a folder outside docs/, e.g. --out /tmp/generated", file=sys.stderr)
        return 2
    if target.exists() and (not target.is_dir() or (any(target.iterdir()) and not (target / MARKER).exists())):
        print(f"--out: {out} already holds files this command did not write — name a new or empty folder",
              file=sys.stderr)
        return 2
    try:
        model = site.load(root, strict_reviews=os.environ.get("ESCA_STRICT_REVIEWS") == "1",
                          directory_urls=directory_urls, site_url=site_url, checks=False)
    except site.SiteError as error:
        print(error, file=sys.stderr)
        return 2
    if model.findings:  # the build would stop on them: write nothing
        for finding in model.findings:
            print(finding, file=sys.stderr)
        return 1
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    (target / MARKER).write_text("Written by python -m esca generate; the next run replaces this folder.\n")
    for src, content in sorted(model.generated.items()):
        path = target / src
        if not path.resolve().is_relative_to(target):  # never outside the folder, whatever a name holds
            print(f"{src}: generated file: names a place outside --out — report it as a defect", file=sys.stderr)
            return 2
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    pages = sum(1 for src in model.generated if src.endswith(".md"))
    print(f"Wrote {pages} pages and {len(model.generated) - pages} other files to {out} (site's day "
          f"{model.today.isoformat()})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
