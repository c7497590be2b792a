"""The checks that only report, run beside the build (esca.checker) on the
pages it makes and on the sources: links and anchors, active markup and
reviewed scripts, the writing rules CONTRIBUTING.md marks (checked). With
them, the Content-Security-Policy: read from the one file nginx sends it
from, and put in each page for hosts that send no headers (csp). Imports
only core/.
"""
