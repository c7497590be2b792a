"""The portal's rules, in plain Python with no MkDocs imports: the build's
hooks (hooks/*.py), ``python -m esca`` and the tests all call them.

Packages, lowest first; a module imports only from its own package and from
those its row names (tests/test_layout.py proves it, and that there is no
import cycle):

- core/: what every rule is made of (findings, the field library, safe YAML,
  source files, the site's day, addresses, plain text, Markdown titles);
  imports no other package.
- cpd/: the My CPD record's settings and page (core).
- curricula/: courses and programmes: model, loader, checks, pages, feeds
  (core, cpd).
- pages/: the pages and page parts built from the data files: front matter
  and review dates, the ledger, gaps, statistics and charts, contacts, the
  glossary, What's changed (core, cpd, curricula).
- search/: the prebuilt search index, its entries and its vocabulary
  (core, pages).
- checks/: the checks that only report: links and anchors, active markup,
  the writing rules, the Content-Security-Policy (core).

At the top, importing any of them and imported by none: site.py (the one
model of the site per build, and its accessor ``of``), checker.py (the
checks run beside the build) and __main__.py (``python -m esca``).
"""
