"""`serve`: build, serve output/ with livereload, rebuild when a source changes, show errors on the page.

Pieces, from pure to stateful:
- `route` maps a request path to a file under output/ (or a redirect, a 404, a refusal).  It is the
  only place a URL becomes a file path, and it refuses anything that could leave output/.
- `overlay_html` / `inject_overlay` put the current build errors on every served HTML page.
- `PreviewSession` runs the builder in this process (imports and caches stay warm between
  rebuilds) and remembers the last build's errors.
- `SiteWatcher` is a livereload Watcher that coalesces one poll's changes into a single rebuild and
  then tells the open pages to reload (also after a failed build, so the overlay appears at once).
- `PreviewServer` runs livereload's tornado application on its own event loop, so it can run in a
  thread (tests, benchmarks) or in the main thread (the CLI), and be stopped from anywhere.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import datetime as dt
import errno
import html
import mimetypes
import os
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal, TextIO
from urllib.parse import urlsplit

from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop, PeriodicCallback

from reformsite.build import BuildOptions, BuildResult, Settings, build
from reformsite.config import ConfigError, ThemeError, load_config, theme_root
from reformsite.core import VIETNAM, Diagnostic

from .check import problem_from_exception
from .preview import PreviewContext, edited_pages
from .progress import ProgressBar, summary_line

POLL_SECONDS = 0.3          # without inotify: how often sources are stat'ed (~140 ms for 10k files)
OVERLAY_ID = "reformsite-errors"
_TEXT_TYPES = ("text/", "application/json", "application/xml", "application/javascript", "image/svg")
_SCRATCH_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".tmp", ".part", ".crdownload")


# --- requests → files ------------------------------------------------------------------------------

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


# --- the error overlay -----------------------------------------------------------------------------

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


_NOT_BUILT = (b"<!DOCTYPE html><html><head><meta charset='utf-8'><title>404</title></head>"
              b"<body><h1>404</h1><p>No such page in output/ (or the site could not be built).</p>"
              b"</body></html>")


# --- the build, kept warm --------------------------------------------------------------------------

def default_base_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def mount_of(base_url: str | None) -> str:
    path = urlsplit(base_url).path if base_url else "/"
    path = path or "/"
    return path if path.endswith("/") else path + "/"


def is_scratch_file(path: str) -> bool:
    """Editors' swap, backup and lock files: saving an article must not trigger three rebuilds."""
    name = os.path.basename(path)
    return name.startswith((".", "#")) or name.endswith(_SCRATCH_SUFFIXES) or name == "4913"


class PreviewSession:
    """The builder, called in this process for every rebuild, and what the last build went wrong on."""

    def __init__(self, options: BuildOptions, out: TextIO = sys.stderr) -> None:
        self.options = options
        self.out = out
        self.root = options.config_path.parent.resolve()
        self.output_dir = (options.output_dir or self.root / "output").resolve()
        self.mount = mount_of(options.base_url)
        self.errors: tuple[Diagnostic, ...] = ()
        self.builds = 0
        self.last_seconds = 0.0            # the builder's own time for the last build
        # URL → (preview number, page) rendered by `preview`, until a build that started after it ends.
        self.fresh: dict[str, tuple[int, bytes]] = {}
        self._previews = 0
        self._fresh_lock = threading.Lock()    # previews run on the server's loop, builds in a thread
        self._told: set[Diagnostic] = set()
        self._preview: PreviewContext | None = None

    def rebuild(self, changed: Iterable[str] = (), *,
                progress: ProgressBar | None = None) -> BuildResult | None:
        """Build once; never raises for a problem in the site, so the server keeps running."""
        self.builds += 1
        verb = "built" if self.builds == 1 else "rebuilt"
        covers = self._previews               # this build reads every file saved before it starts
        if changed:
            shown = ", ".join(sorted({os.path.relpath(p, self.root) for p in changed}))
            print(f"changed: {shown}", file=self.out)
        started = time.perf_counter()
        try:
            result = build(replace(self.options, progress=progress))
        except Exception as exc:          # a template or output problem: show it, keep serving
            self.errors = (problem_from_exception(exc, self.root),)
            self._forget_previews(covers)
            print(self.errors[0].format(), file=self.out)
            print(f"{verb}: failed after {time.perf_counter() - started:.2f} s", file=self.out)
            return None
        finally:
            if progress is not None:
                progress.close()
        self.errors = tuple(result.errors)
        self.last_seconds = result.seconds
        self._forget_previews(covers)
        site = result.site
        self._preview = None
        if site is not None:
            try:
                self._preview = PreviewContext(site, Settings.from_config(site.config)).warm()
            except Exception:              # a template error: the next save rebuilds in full instead
                self._preview = None
        # Errors every time; a warning only the first time, or a big site buries each edit's news.
        for diagnostic in result.diagnostics:
            if diagnostic.is_error or diagnostic not in self._told:
                print(diagnostic.format(), file=self.out)
        self._told = set(result.diagnostics)
        stats = result.stats
        print(summary_line(verb, articles=result.articles, pages=result.pages, files=result.files,
                           warnings=len(result.warnings), errors=len(result.errors), seconds=result.seconds,
                           written=stats.written if stats else None,
                           unchanged=stats.unchanged if stats else None), file=self.out, flush=True)
        return result

    def preview(self, changed: Iterable[str]) -> bool:
        """Render the pages of the edited articles in *changed* into `fresh`, before the full rebuild.

        False when the change needs the full build first (see reformsite.commands.preview)."""
        context = self._preview
        if context is None:
            return False
        started = time.perf_counter()
        content = (self.options.content_dir or self.root / "content")
        try:
            pages = edited_pages(context, content, changed, self.options.now or dt.datetime.now(VIETNAM))
        except Exception:                  # whatever went wrong, the full build reports it properly
            return False
        if pages is None:
            return False
        with self._fresh_lock:
            self._previews += 1
            self.fresh.update((url, (self._previews, page)) for url, page in pages.items())
        print(f"preview: {', '.join(pages)} in {time.perf_counter() - started:.2f} s; rebuilding the rest",
              file=self.out, flush=True)
        return True

    def _forget_previews(self, covers: int) -> None:
        with self._fresh_lock:
            self.fresh = {url: entry for url, entry in self.fresh.items() if entry[0] > covers}

    def watch_paths(self) -> list[Path]:
        """content/, config.yaml, and beside it templates/, static/, strings/, plus the theme in use."""
        content = (self.options.content_dir or self.root / "content").resolve()
        paths = [content, self.options.config_path.resolve(), self.root / "templates", self.root / "static",
                 self.root / "strings"]
        try:
            paths.append(theme_root(load_config(self.options.config_path)))
        except (ConfigError, ThemeError):
            paths.append(self.root / "themes")    # config broken: watch where themes usually are
        return list(dict.fromkeys(p.resolve() for p in paths))

    def respond(self, path: str) -> tuple[int, list[tuple[str, str]], bytes]:
        """Status, headers and body for a GET of *path*, with the error overlay on HTML pages."""
        headers = [("Cache-Control", "no-store")]
        if self.fresh and path.startswith(self.mount):
            entry = self.fresh.get("/" + path[len(self.mount):])
            if entry is not None:
                return 200, [*headers, ("Content-Type", "text/html; charset=utf-8")], inject_overlay(
                    entry[1], overlay_html(self.errors))
        found = route(self.output_dir, self.mount, path)
        if found.kind == "forbidden":
            return 403, [*headers, ("Content-Type", "text/plain; charset=utf-8")], b"403 Forbidden\n"
        if found.kind == "redirect":
            return 301, [*headers, ("Location", found.location or "/"),
                         ("Content-Type", "text/plain; charset=utf-8")], b""
        status, file = 200, found.file
        if file is None:
            status, file = 404, self.output_dir / "404.html"
        try:
            body = file.read_bytes()
        except OSError:                    # no 404.html: the site was never built
            body, file = _NOT_BUILT, Path("404.html")
        kind = content_type(file)
        if kind.startswith("text/html"):
            body = inject_overlay(body, overlay_html(self.errors))
        return status, [*headers, ("Content-Type", kind)], body

    def wsgi(self, environ: dict, start_response: Callable) -> list[bytes]:
        method = environ["REQUEST_METHOD"]
        if method not in ("GET", "HEAD"):
            start_response("405 Method Not Allowed", [("Allow", "GET, HEAD")])
            return [b""]
        # WSGI hands the decoded path over as latin-1; URLs of this site are UTF-8.
        path = environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8", "replace")
        try:
            status, headers, body = self.respond(path)
        except Exception as exc:           # never let one request take the preview down
            status, headers = 500, [("Content-Type", "text/plain; charset=utf-8")]
            body = f"500 Internal Server Error: {type(exc).__name__}: {exc}\n".encode()
        reasons = {200: "OK", 301: "Moved Permanently", 403: "Forbidden", 404: "Not Found",
                   500: "Internal Server Error"}
        start_response(f"{status} {reasons[status]}", headers)
        return [b"" if method == "HEAD" else body]


# --- watching and serving --------------------------------------------------------------------------

class Inotify:
    """Linux inotify through ctypes: no thread and no dependency; the event loop reads its fd.

    Polling stats every source file (livereload's way) costs ~140 ms per 10k files here, every
    period; inotify costs nothing while idle and reports a save at once.  Trees are watched
    recursively (new folders are added as they appear); a file such as config.yaml, or a folder
    that may not exist yet, is watched through its parent with a filter on the name.
    """

    _CHANGES = 0x8 | 0x40 | 0x80 | 0x100 | 0x200 | 0x4   # CLOSE_WRITE MOVED_FROM/TO CREATE DELETE ATTRIB
    _CREATE, _ARRIVED, _ISDIR, _OVERFLOW, _IGNORED = 0x100, 0x100 | 0x80, 0x40000000, 0x4000, 0x8000
    _EVENT = struct.Struct("iIII")

    def __init__(self) -> None:
        libc_name = ctypes.util.find_library("c")
        if sys.platform != "linux" or not libc_name:
            raise OSError("inotify needs Linux")
        self._libc = ctypes.CDLL(libc_name, use_errno=True)
        self.fd = self._libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        self._folders: dict[int, str] = {}
        self._names: dict[int, set[str] | None] = {}   # None: every name in the folder matters
        self._roots: set[str] = set()

    def _add(self, folder: str, names: set[str] | None) -> None:
        wd = self._libc.inotify_add_watch(self.fd, os.fsencode(folder), self._CHANGES | 0x01000000)
        if wd < 0:
            if ctypes.get_errno() in (errno.ENOENT, errno.ENOTDIR):
                return                               # gone meanwhile; its parent will tell
            raise OSError(ctypes.get_errno(), f"cannot watch {folder}")
        self._folders[wd] = folder
        known = self._names.get(wd, set())
        # The same folder may be a tree and a parent: a tree's "everything" wins.
        self._names[wd] = None if names is None or known is None else known | names

    def add_tree(self, root: str) -> None:
        for folder, subfolders, _files in os.walk(root):
            subfolders[:] = [d for d in subfolders if not d.startswith(".")]
            self._add(folder, None)

    def add(self, path: Path) -> None:
        """Watch *path* (a folder tree or a file) and its appearing, disappearing or being replaced."""
        self._roots.add(str(path))
        self._add(str(path.parent), {path.name})
        if path.is_dir():
            self.add_tree(str(path))

    def read(self) -> list[str]:
        """Paths changed since the last read; ["*"] when the kernel's queue overflowed."""
        changed: list[str] = []
        while True:
            try:
                data = os.read(self.fd, 1 << 16)
            except BlockingIOError:
                return changed
            offset = 0
            while offset < len(data):
                wd, mask, _cookie, length = self._EVENT.unpack_from(data, offset)
                name = os.fsdecode(data[offset + 16: offset + 16 + length].rstrip(b"\0"))
                offset += 16 + length
                if mask & self._OVERFLOW:
                    changed.append("*")
                    continue
                if mask & self._IGNORED:
                    self._folders.pop(wd, None)
                    self._names.pop(wd, None)
                    continue
                folder, names = self._folders.get(wd), self._names.get(wd)
                if folder is None or (names is not None and name not in names):
                    continue
                path = os.path.join(folder, name) if name else folder
                if mask & self._ISDIR:
                    if mask & self._ARRIVED and (names is None or path in self._roots):
                        self.add_tree(path)          # a new folder in a tree, or a watched one appearing
                elif mask & self._CREATE:
                    continue                         # a new file: its CLOSE_WRITE follows
                changed.append(path)

    def close(self) -> None:
        os.close(self.fd)


class SiteWatcher(Watcher):
    """Watches the sources (inotify, else polling); one rebuild per batch, then reload the pages."""

    DEBOUNCE = 0.05          # an editor's save is several events; a branch switch, hundreds

    def __init__(self, session: PreviewSession, interval: float = POLL_SECONDS,
                 use_inotify: bool = True) -> None:
        super().__init__()
        self.session = session
        self.interval = interval
        self.inotify: Inotify | None = None
        if use_inotify:
            try:
                self.inotify = Inotify()
            except OSError:
                self.inotify = None          # not Linux, or out of watches: poll instead
        self._pending: set[str] = set()
        self._building: threading.Thread | None = None     # a full rebuild after a preview
        self._queued: set[str] = set()                      # changes saved while it runs
        self._timer: PeriodicCallback | None = None
        self._loop: IOLoop | None = None
        self.watch_all()

    @property
    def mode(self) -> str:
        return "inotify" if self.inotify else f"polling every {self.interval:g} s"

    def watch_all(self) -> None:
        for path in self.session.watch_paths():
            if str(path) not in self._tasks:
                self.watch(str(path), None, ignore=is_scratch_file)
                if self.inotify is not None:
                    self.inotify.add(path)

    def start(self, callback: Callable[[], None]) -> bool:
        self._loop = IOLoop.current()
        if self.inotify is not None:
            def readable(fd: int, events: int) -> None:
                assert self.inotify is not None and self._loop is not None
                found = [p for p in self.inotify.read() if not is_scratch_file(p)]
                if found and not self._pending:
                    self._loop.call_later(self.DEBOUNCE, callback)
                self._pending.update(found)

            self._loop.add_handler(self.inotify.fd, readable, IOLoop.READ)
        else:
            # livereload would poll every 800 ms; the period is most of the edit-to-page latency.
            self._timer = PeriodicCallback(callback, self.interval * 1000)
            self._timer.start()
        return True

    def stop(self) -> None:
        if self._building is not None:       # never leave a build writing output/ behind
            self._building.join()
            self._building = None
        if self._timer is not None:
            self._timer.stop()
        if self.inotify is not None:
            if self._loop is not None:
                self._loop.remove_handler(self.inotify.fd)
            self.inotify.close()
            self.inotify = None

    def changed_paths(self) -> list[str]:
        if self.inotify is not None:
            changed, self._pending = sorted(self._pending), set()
            return changed
        changed = []
        for path, task in list(self._tasks.items()):
            self._task_mtimes = task["mtimes"]
            self.filepath = None
            if self.is_changed(path, task["ignore"]):
                changed.append(self.filepath or path)
        return changed

    def examine(self) -> tuple[str | None, str | None]:
        changed = self.changed_paths()
        if not changed:
            return None, None
        paths = [c for c in changed if c != "*"]
        # Reload here rather than through livereload's poll, which drops reloads less than 3 s apart;
        # "forever" tells livereload to send nothing more itself.
        if self._building is not None:        # a full build is running: preview now, build again after
            self._queued.update(paths)
            if self.session.preview(paths):
                LiveReloadHandler.reload_waiters(changed[0])
            return changed[0], "forever"
        if self.session.preview(paths):
            # The edited pages are served from memory at once; the rest is built in the background,
            # so the server keeps answering (the reload asks for the page right away).
            LiveReloadHandler.reload_waiters(changed[0])
            self._build_in_background(paths)
            return changed[0], "forever"
        self.session.rebuild(paths)
        self.watch_all()                      # config.yaml may have switched to another theme
        LiveReloadHandler.reload_waiters(changed[0])
        return changed[0], "forever"

    def _build_in_background(self, paths: list[str]) -> None:
        loop = IOLoop.current()

        def work() -> None:
            try:
                self.session.rebuild(paths)
            finally:
                with contextlib.suppress(RuntimeError):   # the server stopped meanwhile
                    loop.add_callback(self._built)

        self._building = threading.Thread(target=work, name="preview-rebuild", daemon=True)
        self._building.start()

    def _built(self) -> None:
        if self._building is not None:
            self._building.join()
            self._building = None
        if self._queued:                      # saved while that build ran: build again
            paths, self._queued = sorted(self._queued), set()
            self._build_in_background(paths)
            return
        self.watch_all()
        LiveReloadHandler.reload_waiters("*")


class PreviewServer:
    """livereload's application on a private event loop: `run` blocks until `stop` (thread-safe)."""

    def __init__(self, session: PreviewSession, *, host: str = "127.0.0.1", port: int = 8000,
                 interval: float = POLL_SECONDS, use_inotify: bool = True) -> None:
        self.session = session
        self.host = host
        self.port = port
        self.interval = interval
        self.use_inotify = use_inotify
        self.ready = threading.Event()
        self.watcher: SiteWatcher | None = None
        self._loop: IOLoop | None = None
        self._stopping = False

    @property
    def url(self) -> str:
        return default_base_url(self.host, self.port).rstrip("/") + self.session.mount

    def run(self, on_ready: Callable[[], None] | None = None) -> None:
        """Serve until `stop`; *on_ready* is called once the port is listening."""
        asyncio_loop = asyncio.new_event_loop()
        asyncio.set_event_loop(asyncio_loop)
        loop = IOLoop.current()
        watcher = self.watcher = SiteWatcher(self.session, self.interval, self.use_inotify)
        server = Server(app=self.session.wsgi, watcher=watcher)
        # livereload keeps its clients and start time on the handler class; a previous server in
        # this process (tests, benchmarks) would otherwise stop the new one from polling.
        LiveReloadHandler.waiters = set()
        LiveReloadHandler._last_reload_time = None
        try:
            server.application(self.port, self.host, debug=False)
            LiveReloadHandler.start_tasks()
            print(f"watching {len(watcher._tasks)} sources ({watcher.mode})", file=self.session.out)
            self._loop = loop
            self.ready.set()
            if on_ready is not None:
                on_ready()
            if not self._stopping:
                loop.start()
        finally:
            self.ready.set()
            watcher.stop()
            LiveReloadHandler.waiters = set()
            loop.close(all_fds=True)           # closes the listening sockets and open connections
            asyncio_loop.close()
            asyncio.set_event_loop(None)

    def stop(self) -> None:
        self._stopping = True
        if self._loop is not None:
            self._loop.add_callback(self._loop.stop)
