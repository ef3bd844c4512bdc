"""The preview's web server: a WSGI app over output/ (and the freshly previewed pages) with the error
overlay on every HTML page, run by livereload's tornado application on an event loop of its own, so
that it can run in a thread (tests, benchmarks) or in the main thread (the CLI) and be stopped from
anywhere."""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from livereload import Server
from livereload.handlers import LiveReloadHandler
from tornado.ioloop import IOLoop

from reformsite.build import BuildOptions

from ..progress import progress_for
from .overlay import inject_overlay, overlay_html
from .routes import content_type, default_base_url, route
from .session import PreviewSession
from .watch import POLL_SECONDS, SiteWatcher

_NOT_BUILT = (b"<!DOCTYPE html><html><head><meta charset='utf-8'><title>404</title></head>"
              b"<body><h1>404</h1><p>No such page in output/ (or the site could not be built).</p>"
              b"</body></html>")
_REASONS = {200: "OK", 301: "Moved Permanently", 403: "Forbidden", 404: "Not Found",
            500: "Internal Server Error"}
_LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def respond(session: PreviewSession, path: str) -> tuple[int, list[tuple[str, str]], bytes]:
    """Status, headers and body for a GET of *path*, with the error overlay on HTML pages."""
    headers = [("Cache-Control", "no-store")]
    if (fresh := session.fresh_page(path)) is not None:
        return 200, [*headers, ("Content-Type", "text/html; charset=utf-8")], inject_overlay(
            fresh, overlay_html(session.errors))
    found = route(session.output_dir, session.mount, path)
    if found.kind == "forbidden":
        return 403, [*headers, ("Content-Type", "text/plain; charset=utf-8")], b"403 Forbidden\n"
    if found.kind == "redirect":
        return 301, [*headers, ("Location", found.location or "/"),
                     ("Content-Type", "text/plain; charset=utf-8")], b""
    status, file = 200, found.file
    if file is None:
        status, file = 404, session.output_dir / "404.html"
    try:
        body = file.read_bytes()
    except OSError:                    # no 404.html: the site was never built
        body, file = _NOT_BUILT, Path("404.html")
    kind = content_type(file)
    if kind.startswith("text/html"):
        body = inject_overlay(body, overlay_html(session.errors))
    return status, [*headers, ("Content-Type", kind)], body


def wsgi_app(session: PreviewSession) -> Callable[[dict, Callable], list[bytes]]:
    """The WSGI application answering GET and HEAD from *session*."""

    def app(environ: dict, start_response: Callable) -> list[bytes]:
        method = environ["REQUEST_METHOD"]
        if method not in ("GET", "HEAD"):
            start_response("405 Method Not Allowed", [("Allow", "GET, HEAD")])
            return [b""]
        # WSGI hands the decoded path over as latin-1; URLs of this site are UTF-8.
        path = environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8", "replace")
        try:
            status, headers, body = respond(session, path)
        except Exception as exc:           # never let one request take the preview down
            status, headers = 500, [("Content-Type", "text/plain; charset=utf-8")]
            body = f"500 Internal Server Error: {type(exc).__name__}: {exc}\n".encode()
        start_response(f"{status} {_REASONS[status]}", headers)
        return [b"" if method == "HEAD" else body]

    return app


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
        server = Server(app=wsgi_app(self.session), watcher=watcher)
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


def serve_site(options: BuildOptions, *, host: str, port: int) -> int:
    """`serve`: build, then serve on *host*:*port* until Ctrl+C, rebuilding on every save."""
    # Pages link to each other under the base URL's path: serve at "/" unless told otherwise.
    options = replace(options, base_url=options.base_url or default_base_url(host, port))
    # tornado logs every 404 (favicon.ico on each page load) as a warning: noise in an editor's terminal.
    logging.getLogger("tornado.access").setLevel(logging.ERROR)
    session = PreviewSession(options, out=sys.stderr)
    session.rebuild(progress=progress_for(sys.stderr))
    server = PreviewServer(session, host=host, port=port)
    if host not in _LOCAL_HOSTS:
        print(f"warning: listening on {host}: other computers on the network can open the preview",
              file=sys.stderr)
    try:
        server.run(on_ready=lambda: print(f"serving {server.url} (Ctrl+C to stop)", file=sys.stderr,
                                          flush=True))
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    except OSError as exc:
        print(f"build.py: error: cannot listen on {host}:{port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0
