"""MkDocs hook: My CPD record, a private CPD record kept in the reader's browser.

The site model (esca.site) reads and checks data/cpd-record.yml and writes
cpd/reflection-prompts.json. This hook puts the "Add to my CPD record"
button on every practice-model page (course pages get theirs from
esca.curricula.render), and fills the My CPD page's markers with the
requirement, the form and the places the script fills. The rules live in
esca.cpd_record; the script is docs/assets/js/cpd-record.js.
"""

from __future__ import annotations

import re

from esca import cpd_record
from esca.governance import page_title
from esca.governance_pages import insert_after_title


def on_page_markdown(markdown, page, config, files):
    src = page.file.src_uri
    if config.esca_site.kind(src) == "practice":
        button = cpd_record.add_button(title=page_title(markdown) or page.title or "", hours=None,
                                       kind="Reading (ESCA practice model)", key=f"page/{src[:-3]}", from_src=src,
                                       directory_urls=config.use_directory_urls)
        markdown = insert_after_title(markdown, button)
    return markdown


def on_page_content(html, page, config, files):
    cfg = config.esca_site.cpd_record  # data/cpd-record.yml, checked by the site model
    if cfg is None or page.file.src_uri != cpd_record.MY_CPD_PAGE or "esca:cpd-" not in html:
        return html
    prompts = cpd_record.embedded(config.esca_site.generated[cpd_record.PROMPTS_FILE])
    parts = {"requirement": cpd_record.requirement_html(cfg), "form": cpd_record.form_html(cfg) + prompts,
             "entries": ENTRIES, "export": EXPORT, "delete": DELETE, "status": STATUS}
    return MARKER.sub(lambda m: parts[m.group(1)], html)


MARKER = re.compile(r"<!--\s*esca:cpd-(" + "|".join(cpd_record.MARKER_PARTS) + r")\s*-->")
STATUS = ('<p class="esca-cpd__nojs">This record needs JavaScript, which is turned off or blocked in your browser.</p>'
          '<div class="esca-cpd__status" id="cpd-status" role="status" aria-live="polite"></div>'
          '<div class="esca-cpd__storage admonition warning" id="cpd-storage" role="alert" hidden></div>')
ENTRIES = '<div class="esca-cpd__entries" id="cpd-entries" hidden><p>You have no entries yet.</p></div>'
EXPORT = (
    '<div class="esca-cpd__export" id="cpd-export" hidden>'
    '<div class="esca-cpd__field esca-cpd__noprint"><label for="cpd-export-year">Registration year to copy or print'
    '</label><select id="cpd-export-year"></select></div>'
    '<div class="esca-cpd__actions esca-cpd__noprint">'
    '<button type="button" class="md-button" id="cpd-copy">Copy the text</button> '
    '<button type="button" class="md-button" id="cpd-print">Print</button></div>'
    '<h3 class="esca-cpd__print-title" id="cpd-text-title">Text for Social Work England\'s form</h3>'
    '<pre class="esca-cpd__text" id="cpd-text" tabindex="0" role="region" aria-labelledby="cpd-text-title"></pre>'
    '<div class="esca-cpd__noprint"><h3 id="cpd-move">Move your record to another device</h3>'
    '<p>Download a file of every entry, then import it on the other device. Importing adds entries to the '
    'record there and never removes any.</p>'
    '<div class="esca-cpd__actions"><button type="button" class="md-button" id="cpd-download">'
    'Download a file of my record</button></div>'
    '<div class="esca-cpd__field"><label for="cpd-import">Import a file of a CPD record (JSON)</label>'
    '<input type="file" id="cpd-import" accept=".json,application/json"></div>'
    '<p class="esca-cpd__import-status" id="cpd-import-status" role="status" aria-live="polite"></p></div>'
    '</div>')
DELETE = (
    '<div class="esca-cpd__delete esca-cpd__noprint" id="cpd-delete" hidden>'
    '<button type="button" class="md-button" id="cpd-delete-start">Delete everything</button>'
    '<div class="esca-cpd__confirm" id="cpd-delete-confirm" hidden>'
    '<p id="cpd-delete-question" tabindex="-1"></p>'
    '<button type="button" class="md-button md-button--primary" id="cpd-delete-yes">Yes, delete everything</button> '
    '<button type="button" class="md-button" id="cpd-delete-no">No, keep my record</button></div></div>')
