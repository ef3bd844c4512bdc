"""Requests → files: the only place a URL of the preview becomes a path under output/."""

from __future__ import annotations

import ipaddress
import mimetypes
import socket
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
    elif path.endswith("/"):        # a file asked for as a folder, which a static host does not find
        return Route("missing")
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


# --- who may ask ------------------------------------------------------------------------------------

# A page of any web site can make the reader's browser send requests to the preview; DNS rebinding
# even makes them same-origin, under the attacker's name resolving to this computer.  Requests are
# answered only when they name the preview by a name DNS cannot rebind (a loopback name or an
# address) or by the name it was told to listen on.


def host_name(header: str) -> str:
    """The name in a Host header, without the port: "[::1]:8000" → "::1", "Localhost." → "localhost"."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else ""
    if header.count(":") == 1:
        header = header.split(":", 1)[0]
    return header.rstrip(".")


def _address(name: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(name.split("%", 1)[0])
    except ValueError:
        return None


def is_loopback(name: str) -> bool:
    """Whether *name* (a host name or an address) can only mean this computer."""
    if name == "localhost" or name.endswith(".localhost"):
        return True
    address = _address(name)
    return address is not None and address.is_loopback


def allowed_host(header: str | None, listening_on: str) -> bool:
    """Whether a request whose Host header is *header* may be answered by a preview listening on
    *listening_on* (the --host address): loopback names always; when the preview listens on the
    network, also that name, any address, and this computer's own names."""
    name = host_name(header or "")
    if not name:
        return False
    if is_loopback(name):
        return True
    bound = host_name(listening_on) if listening_on.startswith("[") else listening_on.strip().lower()
    if is_loopback(bound):
        return False
    if name == bound.rstrip(".") or _address(name) is not None:
        return True
    return name in {socket.gethostname().lower(), socket.getfqdn().lower()}


def same_origin(origin: str | None, header: str | None) -> bool:
    """Whether a request's Origin is the preview itself (its scheme, Host and port); a request with
    no Origin is not a browser's cross-origin one."""
    if origin is None:
        return True
    parts = urlsplit(origin.strip().lower())
    return parts.scheme in ("http", "https") and bool(parts.netloc) and parts.netloc == (header or "").lower()
