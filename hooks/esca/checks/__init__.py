"""The checks that only report, run beside the build on the pages it makes
(esca.checker) and on the sources: links and anchors, active markup and
reviewed scripts, the writing rules CONTRIBUTING.md marks (checked), and the
Content-Security-Policy the site is served with. Imports only core/.
"""
