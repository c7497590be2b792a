"""MkDocs hook: build the one model of the site (esca.site) for this build.

Runs first. It reads every data file and page source once, reports every
finding, drops from the build any file that must not be published (symbolic
links, devices, oversized files), adds the pages built from data, and hands
the model to the other hooks (they read it with ``esca.site.of(config)``).
"""

from __future__ import annotations

import gc
import logging
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File
from mkdocs.utils import meta

from esca import checker, site
from esca.checks import active_content
from esca.core import clock, findings, safeyaml, sources
from esca.core.findings import count
from esca.pages import gaps, governance, governance_pages

log = get_plugin_logger(__name__)
_state: dict = {}


def on_startup(command, dirty):
    # Every line the build logs, MkDocs' and Material's too, is made safe for
    # a CI log once, where records are made (esca.core.findings.log_safe): no
    # contributed text can start a line a CI runner reads as a command.
    _safe_log_records()


def on_config(config):
    _safe_log_records()  # also when a build is started without the command line (tests)
    return config


@event_priority(100)  # before every other hook reads the model
def on_files(files, config):
    root = Path(config.config_file_path).resolve().parent
    docs_dir = Path(config.docs_dir).resolve()
    pages = {f.src_uri: Path(f.abs_src_path) for f in files.documentation_pages()
             if f.abs_src_path and not f.generated_by}
    try:
        today = clock.today()
    except clock.ClockError as error:  # ESCA_TODAY is not a day: one line, no traceback
        raise PluginError(str(error)) from None
    setup = checker.Setup(str(root), str(docs_dir), {src: str(path) for src, path in pages.items()}, today,
                          config.use_directory_urls, config.site_url or "")
    _close_checker()
    if not checker.inline_wanted():
        # The second process starts first, so it loads its copy of the model
        # while this one loads the build's (esca.checker): on two cores the
        # two loads overlap rather than follow each other.
        _state["checker"] = checker.Checker(setup, inline=False)
    try:
        model = site.load(root, docs_dir=docs_dir, pages=pages, today=today,
                          strict_reviews=os.environ.get("ESCA_STRICT_REVIEWS") == "1",
                          directory_urls=config.use_directory_urls, site_url=config.site_url or "", checks=False)
    except site.SiteError as error:
        _close_checker()
        raise PluginError(findings.stop(error, log.warning)) from None
    for finding in model.findings:  # a notice (a session already past) is told, and does not stop the build
        (log.info if finding.notice else log.warning)(str(finding))
    for file in list(files):
        from_docs = file.abs_src_path and not file.generated_by and \
            os.path.abspath(file.src_dir or "") == os.path.abspath(config.docs_dir)
        # The one gate (esca.core.sources): a file from docs/ is published only if it accepted it.
        if from_docs and (file.src_uri not in model.published or file.src_uri in model.refused
                          or not _publishable(file.abs_src_path, root)):
            files.remove(file)
    for src, content in model.generated.items():
        files.append(File.generated(config, src, content=content))
    site.put(config, model)
    # The sitemap's dates follow the site's day (esca.core.clock), not a commit's or the clock's.
    os.environ["SOURCE_DATE_EPOCH"] = str(clock.source_date_epoch(model.today))
    # The rules that only report run beside the build (esca.checker):
    # hooks/links.py hands them each page and reports the pages' findings;
    # the source rules' findings are reported here, at the end.
    if _state.get("checker") is None:
        try:  # inline (ESCA_CHECKER=inline), the source checks run now and may find a broken reviewed list
            _state["checker"] = checker.Checker(setup, inline=True, model=model)
        except site.SiteError as error:
            raise PluginError(findings.stop(error, log.warning)) from None
    config.esca_checker = _state["checker"]
    # What is alive now lives until the build ends: keep the collector from
    # walking it again and again while pages are built (undone after the build).
    gc.freeze()
    log.info(f"{gaps.count(model.records.values())} content gaps for page owners; see {gaps.GAPS_PAGE}")
    late = governance.overdue(model.records.values(), model.today)
    if late:
        log.info(f"{count(len(late), 'page')} with the review date passed; see {governance_pages.REVIEW_PAGE}")
    log.info(f"site model: {count(len(model.texts), 'page')}, {len(model.generated)} generated, "
             f"{count(len(model.curricula.courses), 'course')} in {model.seconds:.3f} s")
    return files


@event_priority(-200)  # last: after hooks/links.py has handed the checks every page
def on_post_build(config):
    gc.unfreeze()
    running = _state.pop("checker")
    try:
        result = running.finish(config.site_dir)  # already collected by hooks/links.py when it runs
    except checker.CheckerError as error:
        raise PluginError(findings.stop(error, log.warning)) from None
    for finding in result.sources:
        log.warning(str(finding))


@event_priority(-100)  # last: after every hook has added its Markdown
def on_page_markdown(markdown, page, config, files):
    """A numeric character reference longer than any character needs would
    stop MkDocs' own HTML reading with a traceback (issue 24, case 66): it
    is written as text, and reported at its line in the source."""
    safe, at = active_content.defuse_references(markdown)
    if at is None:
        return markdown
    path, line = page.file.src_uri, None
    if page.file.abs_src_path and not page.file.generated_by:
        root = Path(config.config_file_path).resolve().parent
        path = sources.rel_path(Path(page.file.abs_src_path), root)
        try:
            source = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig")
        except (OSError, ValueError):
            source = ""
        found = active_content._LONG_REFERENCE.search(source)
        line = source.count("\n", 0, found.start()) + 1 if found else None
    log.warning(str(findings.Finding(path, line, "&#", "a character reference longer than any character needs",
                                     "write the character itself, or &amp;# to show the text")))
    return safe


def on_page_read_source(page, config):
    """MkDocs reads a page's front matter with libyaml as well, which dies on
    lists nested tens of thousands deep (issue 24, case 67b) and would
    expand aliases. A front matter esca.core.safeyaml refused (the site model's
    ``unread_front_matter``, or nested too deep) is not handed to MkDocs:
    the portal's own check reports it, with its line, and the build stops."""
    path = page.file.abs_src_path
    if not path or page.file.generated_by:
        return None  # MkDocs reads it as usual
    model = site.of(config)
    source = model.texts.get(page.file.src_uri)  # as the model read it, through the one gate: not read again
    if source is None:
        return None  # MkDocs reads it, and reports why it cannot
    source = source.removeprefix("\ufeff")  # as MkDocs reads it (utf-8-sig)
    match = meta.YAML_RE.match(source)
    unread = page.file.src_uri in model.unread_front_matter
    if match and (unread or safeyaml.too_deep(match.group(1)) is not None):
        return source[match.end():]
    return source


def on_build_error(error):
    gc.unfreeze()
    _close_checker()


def _safe_log_records() -> None:
    make = logging.getLogRecordFactory()
    if getattr(make, "esca_log_safe", False):
        return

    def safe_record(*args, **kwargs):
        record = make(*args, **kwargs)
        if record.name.startswith(("mkdocs", "properdocs")):
            try:
                message = record.getMessage()
            except Exception:  # noqa: BLE001 - a bad format string is logged as it is, as logging would
                return record
            # A warning is one line, whatever a decoded link put in it (%0A in a
            # target, third blind attack N25); longer notes (the nav list) keep their lines.
            safe = findings.one_line if record.levelno >= logging.WARNING else findings.log_safe
            record.msg, record.args = safe(message), ()
        return record

    safe_record.esca_log_safe = True
    logging.setLogRecordFactory(safe_record)


def _close_checker() -> None:
    if _state.get("checker") is not None:
        _state.pop("checker").close()


def _publishable(path: str, root: Path) -> bool:
    """Only regular files inside the repository are published from docs/ (the
    theme's own files come from the installed theme)."""
    return sources.inside(path, root)
