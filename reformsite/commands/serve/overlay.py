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

# The box's own words, in the site's language; each error stays as the terminal prints it
# (file:line:col, message and hint in English, as the command line speaks), marked lang="en".
_WORDS = {
    "vi": {"heading": "Lỗi khi dựng trang: {count} lỗi ở lần dựng gần nhất",
           "footer": "Sửa tệp rồi lưu lại: trang sẽ tự tải lại và khung này sẽ biến mất.",
           "missing": "Không có trang này trong output/ (hoặc chưa dựng được trang)."},
    "en": {"heading": "Build failed: {count} in the last build",
           "footer": "Fix the file and save it: the page reloads and this box goes away.",
           "missing": "No such page in output/ (or the site could not be built)."},
}


def _words(language: str) -> dict[str, str]:
    return _WORDS.get(language, _WORDS["vi"])


def _count(errors: int, language: str) -> str:
    if language == "en":
        return f"{errors} error" + ("s" if errors > 1 else "")
    return str(errors)


def overlay_html(errors: Iterable[Diagnostic], language: str = "vi") -> bytes:
    """A self-contained box (inline styles, no script) listing file:line:col, message and hint; its
    heading and footer in the site's *language* ("vi" or "en")."""
    items = []
    for d in errors:
        hint = f'<div style="color:#555">hint: {html.escape(d.hint)}</div>' if d.hint else ""
        items.append(f'<li style="margin:0 0 8px"><code style="font-weight:bold">'
                     f'{html.escape(d.location())}</code> {html.escape(d.message)}{hint}</li>')
    if not items:
        return b""
    words = _words(language)
    lang = "en" if language == "en" else "vi"
    heading = words["heading"].format(count=_count(len(items), lang))
    box = (
        f'<div id="{OVERLAY_ID}" role="alert" lang="{lang}" style="position:fixed;left:0;right:0;bottom:0;'
        'z-index:2147483647;max-height:60vh;overflow:auto;margin:0;padding:12px 16px;'
        'background:#fff4f4;color:#1b1b1b;'
        'border-top:4px solid #c62828;box-shadow:0 -4px 16px rgba(0,0,0,.25);'
        'font:14px/1.5 system-ui,sans-serif;text-align:left">'
        f'<strong style="color:#c62828">{html.escape(heading)}</strong>'
        f'<ul lang="en" style="margin:8px 0;padding-left:20px">{"".join(items)}</ul>'
        f'<small>{html.escape(words["footer"])}</small></div>'
    )
    return box.encode()


def not_built_page(language: str = "vi") -> bytes:
    """The 404 page of a site that has none yet (never built, or its last build failed)."""
    lang = "en" if language == "en" else "vi"
    return (f"<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset='utf-8'><title>404</title></head>"
            f"<body><h1>404</h1><p>{html.escape(_words(lang)['missing'])}</p></body></html>").encode()


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
