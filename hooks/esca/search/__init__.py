"""Site search: the entries each page gives the index (entries), the prebuilt
index the browser loads (index) and the checked list of words readers type
(vocab). Imports core/ and pages/ (the glossary's terms).
"""
