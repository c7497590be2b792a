"""MkDocs hook: the Content-Security-Policy as a meta element on every page.

The policy comes from deploy/nginx/security-headers.conf, the file nginx
sends it from; esca.checks.csp makes the meta version (what a meta element ignores
left out) and puts it first in <head>, with the Referrer-Policy's meta form,
so hosts that send no headers (GitHub and GitLab Pages, a file share, the
offline copy) still enforce them. A page
with an inline script the policy does not allow stops the build. Not added
while `mkdocs serve` runs: its live-reload script is inline.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

from esca.checks import csp

log = get_plugin_logger(__name__)
_state: dict = {"serving": False}


def on_startup(command, dirty):
    _state["serving"] = command == "serve"


def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    try:
        sent = csp.headers(root)
        _state["policy"] = csp.meta_policy(sent["Content-Security-Policy"])
        _state["referrer"] = sent.get("Referrer-Policy")
        shim = root / csp.SHIM_FILE
        uses_shim = any(str(p).endswith(csp.SHIM_FILE.removeprefix("docs/")) for p in config.extra.get("polyfills", ()))
        _state["shim"] = shim.read_text(encoding="utf-8") if uses_shim else None
    except (csp.CspError, OSError) as error:
        raise PluginError(str(error)) from None
    return config


@event_priority(-90)  # after the hooks that change the page; before hooks/links.py reads it
def on_post_page(output, page, config):
    return _protect(output, page.file.src_uri)


def on_post_template(output_content, template_name, config):
    return _protect(output_content, template_name) if template_name.endswith(".html") else output_content


def _protect(output: str, name: str) -> str:
    if _state["serving"]:
        return output
    policy = _state["policy"]
    for source in csp.not_allowed(output, policy):
        log.warning(f"{name}: script: an inline script the Content-Security-Policy does not allow: {source} — "
                    f"review it, then add {source} to script-src in {csp.HEADERS_FILE}")
    worker = csp.worker_address(output) if _state["shim"] else None
    if worker:
        try:
            policy = csp.meta_policy(policy, (csp.source(csp.shim_script(_state["shim"], worker)),))
        except csp.CspError as error:
            raise PluginError(str(error)) from None
    return csp.with_meta(output, policy, _state["referrer"])
