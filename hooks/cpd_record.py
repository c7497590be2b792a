"""MkDocs hook: My CPD record, a private CPD record kept in the reader's browser.

The site model (esca.site) reads and checks data/cpd-record.yml and writes
cpd/reflection-prompts.json. This hook puts the "Add to my CPD record"
button on every practice-model page (course pages get theirs from
esca.curricula.render), and fills the My CPD page's markers with the
requirement, the form, the places the script fills and the activities the
buttons may fill in (read back from the buttons themselves). In the offline
copy (no directory URLs) the page also says that a file share is not private
and lets the reader choose where the record is kept. The rules live in
esca.cpd.record; the script is docs/assets/js/cpd-record.js.
"""

from __future__ import annotations

import re

from esca import site
from esca.cpd import record as cpd_record
from esca.pages.governance_pages import insert_after_title


def on_page_markdown(markdown, page, config, files):
    src = page.file.src_uri
    if site.of(config).kind(src) == "practice":
        markdown = insert_after_title(markdown, cpd_record.practice_button(src, markdown, config.use_directory_urls))
    return markdown


def on_page_content(html, page, config, files):
    model = site.of(config)
    cfg = model.cpd_record  # data/cpd-record.yml, checked by the site model
    if cfg is None or page.file.src_uri != cpd_record.MY_CPD_PAGE or "esca:cpd-" not in html:
        return html
    prompts = cpd_record.embedded(model.generated[cpd_record.PROMPTS_FILE])
    activities = cpd_record.embedded(cpd_record.activities_json(_button_pages(model), config.use_directory_urls),
                                     "esca-cpd-activities")
    parts = {"requirement": cpd_record.requirement_html(cfg),
             "form": cpd_record.form_html(cfg, offline=not config.use_directory_urls) + prompts + activities,
             "entries": ENTRIES, "export": EXPORT, "delete": DELETE, "status": STATUS}
    return MARKER.sub(lambda m: parts[m.group(1)], html)


def on_post_page(output, page, config):
    """The offline copy's notice goes in after the search index has read the
    page, so both copies' indexes hold the same words."""
    if config.use_directory_urls or page.file.src_uri != cpd_record.MY_CPD_PAGE:
        return output
    return output.replace(STATUS_START, OFFLINE + STATUS_START, 1)


def _button_pages(model) -> dict[str, str]:
    """Every page with an "Add to my CPD record" button, as Markdown with the
    button: the generated course pages, and each practice-model page with the
    button on_page_markdown gives it."""
    pages = {src: text for src, text in model.generated.items() if isinstance(text, str) and src.endswith(".md")}
    pages.update({src: cpd_record.practice_button(src, text, model.directory_urls)
                  for src, text in model.texts.items() if model.kind(src) == "practice"})
    return pages


MARKER = re.compile(r"<!--\s*esca:cpd-(" + "|".join(cpd_record.MARKER_PARTS) + r")\s*-->")
STATUS_START = '<p class="esca-cpd__nojs">'
STATUS = ('<p class="esca-cpd__nojs">This record needs JavaScript, which is turned off or blocked in your browser.</p>'
          '<div class="esca-cpd__status" id="cpd-status" role="status" aria-live="polite"></div>'
          '<div class="esca-cpd__storage admonition warning" id="cpd-storage" role="alert" hidden></div>')
OFFLINE = (
    '<div class="admonition warning esca-cpd__offline" id="cpd-offline">'
    '<p class="admonition-title">This copy of the portal was opened from a file</p>'
    '<p>A file share is not a private place: other people may be able to open the files on it, or change them. '
    'And in most browsers any page opened from a file, from this copy of the portal or from anywhere else, can '
    'read what another such page keeps. So your record is kept only until you close this tab, unless you choose to keep it '
    'on this computer. Choose that only on a computer that is yours, and download a file of your record either '
    'way.</p>'
    '<p>Each copy of the portal keeps its own record, named after the folder it was opened from, so two copies do '
    'not mix their records.</p>'
    '<div class="esca-cpd__keep" hidden><input type="checkbox" id="cpd-keep-local"> '
    '<label for="cpd-keep-local">Keep my record on this computer, in this browser</label></div>'
    '<p class="esca-cpd__keep-status" id="cpd-keep-status" role="status"></p></div>')
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
    '<div class="esca-cpd__import-status" id="cpd-import-status" role="status" aria-live="polite"></div></div>'
    '</div>')
DELETE = (
    '<div class="esca-cpd__delete esca-cpd__noprint" id="cpd-delete" hidden>'
    '<button type="button" class="md-button" id="cpd-delete-start">Delete everything</button>'
    '<div class="esca-cpd__confirm" id="cpd-delete-confirm" hidden>'
    '<p id="cpd-delete-question" tabindex="-1"></p>'
    '<button type="button" class="md-button md-button--primary" id="cpd-delete-yes">Yes, delete everything</button> '
    '<button type="button" class="md-button" id="cpd-delete-no">No, keep my record</button></div></div>')
