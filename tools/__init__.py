"""Command-line tools for people who run the portal, apart from the build core
(hooks/esca). Run from the repository root with PYTHONPATH=hooks, e.g.
`PYTHONPATH=hooks python -m tools.new_course my-course` (the Makefile does).
"""
