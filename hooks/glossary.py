"""MkDocs hook: abbreviation tooltips from the glossary.

The glossary is read, checked and turned into the A–Z pages by the site
model (esca.site); the acronym lint runs there too. This hook only adds the
tooltips. The rules live in esca.pages.glossary.
"""

from __future__ import annotations

from mkdocs.plugins import event_priority

from esca import site


@event_priority(-50)  # after Material's search has read the page
def on_page_context(context, page, config, nav):
    """The tooltips: each short form on the page gets <abbr title="…">.

    Added to the finished content after search has indexed it (the words are
    the same; the markup would only make every page slower to index), and
    from the glossary directly rather than through the abbr extension, whose
    tree walk costs more than one pass over the page's HTML."""
    if page.content:
        page.content = site.of(config).short_forms.add_tooltips(page.content)
    return context
