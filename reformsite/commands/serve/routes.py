"""Requests → files: the only place a URL of the preview becomes a path under output/."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

_TEXT_TYPES = ("text/", "application/json", "application/xml", "application/javascript", "image/svg")


@dataclass(frozen=True)
class Route:
    kind: Literal["file", "redirect", "missing", "forbidden"]
    file: Path | None = None
    location: str | None = None


def route(root: Path, mount: str, path: str) -> Route:
    """What to answer for *path* (already percent-decoded) when output *root* is served at *mount*.

    Refused: paths that do not start with "/", contain NUL or a backslash, or have a "." or ".."
    segment (decoded %2e%2e included), and anything that resolves outside *root* (symlinks).
    """
    if not path.startswith("/") or "\x00" in path or "\\" in path:
        return Route("forbidden")
    if any(segment in (".", "..") for segment in path.split("/")):
        return Route("forbidden")
    if not path.startswith(mount):
        if path == "/" or path == mount.rstrip("/"):
            return Route("redirect", location=mount)
        return Route("missing")
    root = root.resolve()
    candidate = root.joinpath(*[s for s in path[len(mount):].split("/") if s])
    try:
        resolved = candidate.resolve()
    except (OSError, RuntimeError):          # symlink loops and the like
        return Route("missing")
    if not resolved.is_relative_to(root):
        return Route("forbidden")
    if resolved.is_dir():
        if not path.endswith("/"):
            return Route("redirect", location=path + "/")
        resolved = resolved / "index.html"
    return Route("file", file=resolved) if resolved.is_file() else Route("missing")


def content_type(path: Path) -> str:
    guessed, _ = mimetypes.guess_type(path.name)
    guessed = guessed or "application/octet-stream"
    return f"{guessed}; charset=utf-8" if guessed.startswith(_TEXT_TYPES) else guessed


def default_base_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def mount_of(base_url: str | None) -> str:
    """The path the site is served at: base_url's path, ending in "/"."""
    path = urlsplit(base_url).path if base_url else "/"
    path = path or "/"
    return path if path.endswith("/") else path + "/"
