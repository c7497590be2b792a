"""What every rule is made of: findings (one line each, never a traceback),
the field library that declares and checks every value a contributor writes,
the safe YAML reader, the source files and their size limits, the site's day,
addresses (the site's own and a reader's browser's), plain text, tag reading
and a page's Markdown title. Imports nothing from the other packages.
"""
