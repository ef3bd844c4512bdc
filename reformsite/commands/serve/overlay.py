"""The error overlay: the last build's errors in a box on every served HTML page."""

from __future__ import annotations

import html
import os
import re
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from reformsite.core import Diagnostic

OVERLAY_ID = "reformsite-errors"


def overlay_html(errors: Iterable[Diagnostic]) -> bytes:
    """A self-contained box (inline styles, no script) listing file:line:col, message and hint."""
    items = []
    for d in errors:
        hint = f'<div style="color:#555">hint: {html.escape(d.hint)}</div>' if d.hint else ""
        items.append(f'<li style="margin:0 0 8px"><code style="font-weight:bold">'
                     f'{html.escape(d.location())}</code> {html.escape(d.message)}{hint}</li>')
    if not items:
        return b""
    count = f"{len(items)} error" + ("s" if len(items) > 1 else "")
    box = (
        f'<div id="{OVERLAY_ID}" role="alert" style="position:fixed;left:0;right:0;bottom:0;'
        'z-index:2147483647;max-height:60vh;overflow:auto;margin:0;padding:12px 16px;'
        'background:#fff4f4;color:#1b1b1b;'
        'border-top:4px solid #c62828;box-shadow:0 -4px 16px rgba(0,0,0,.25);'
        'font:14px/1.5 system-ui,sans-serif;text-align:left">'
        f'<strong style="color:#c62828">Lỗi khi dựng trang — {count} in the last build</strong>'
        f'<ul style="margin:8px 0;padding-left:20px">{"".join(items)}</ul>'
        '<small>Fix the file and save it: the page reloads and this box goes away.</small></div>'
    )
    return box.encode()


def inject_overlay(page: bytes, overlay: bytes) -> bytes:
    """Put *overlay* just before the last </body>, or at the end of a page that has none."""
    if not overlay:
        return page
    at = page.lower().rfind(b"</body>")
    return page + overlay if at < 0 else page[:at] + overlay + page[at:]


def _spellings(folder: Path) -> set[str]:
    return {os.path.normpath(os.fspath(folder)), os.path.realpath(folder)} - {"/"}


def hide_paths(text: str, root: Path, others: Iterable[Path] = ()) -> str:
    """*text* with the site folder's absolute path made relative to it, and other absolute folders
    it may name (*others*, the home, temporary and Python folders, the package's and the working
    folder) cut to "…":
    what the preview shows to a browser does not map the computer's folders."""
    known = [(spelling, "") for spelling in _spellings(root)]
    for folder in (*others, Path.home(), Path(tempfile.gettempdir()), Path(sys.prefix), Path(sys.base_prefix),
                   Path(os.__file__).parent, Path(__file__).parents[3], Path.cwd()):
        known.extend((spelling, "…/") for spelling in _spellings(folder)
                     if not any(spelling.startswith(inside + "/") for inside in _spellings(root)))
    for spelling, shown in sorted(known, key=lambda pair: len(pair[0]), reverse=True):
        # The folder itself or a path below it, not a longer name that begins the same.
        text = re.sub(re.escape(spelling) + r"(/|(?![\w.-]))",
                      lambda match, shown=shown: shown if match[1] else shown.rstrip("/") or ".", text)
    return text


def without_paths(diagnostic: Diagnostic, root: Path, others: Iterable[Path] = ()) -> Diagnostic:
    """*diagnostic* with hide_paths applied to its path, message and hint."""
    others = tuple(others)
    return replace(diagnostic, path=hide_paths(diagnostic.path, root, others),
                   message=hide_paths(diagnostic.message, root, others),
                   hint=hide_paths(diagnostic.hint, root, others) if diagnostic.hint else diagnostic.hint)
