"""The preview's web server: a WSGI app over output/ (and the freshly previewed pages) with the error
overlay on every HTML page, run by livereload's tornado application on an event loop of its own, so
that it can run in a thread (tests, benchmarks) or in the main thread (the CLI) and be stopped from
anywhere."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

from livereload.handlers import ForceReloadHandler, LiveReloadHandler, LiveReloadJSHandler
from tornado import web
from tornado.httputil import HTTPServerRequest
from tornado.ioloop import IOLoop

from reformsite.build import BuildOptions

from ..progress import progress_for
from .overlay import hide_paths, inject_overlay, not_built_page, overlay_html
from .routes import allowed_host, content_type, default_base_url, route, same_origin
from .session import PreviewSession
from .watch import POLL_SECONDS, SiteWatcher

_REASONS = {200: "OK", 301: "Moved Permanently", 403: "Forbidden", 404: "Not Found",
            500: "Internal Server Error"}
_LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def respond(session: PreviewSession, path: str) -> tuple[int, list[tuple[str, str]], bytes]:
    """Status, headers and body for a GET of *path*, with the error overlay on HTML pages."""
    headers = [("Cache-Control", "no-store")]
    if (fresh := session.fresh_page(path)) is not None:
        return 200, [*headers, ("Content-Type", "text/html; charset=utf-8")], inject_overlay(
            fresh, overlay_html(session.errors, session.language))
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
        body, file = not_built_page(session.language), Path("404.html")
    kind = content_type(file)
    if kind.startswith("text/html"):
        body = inject_overlay(body, overlay_html(session.errors, session.language))
    return status, [*headers, ("Content-Type", kind)], body


# livereload's snippet: loads its client from the port the page came from (it may be any address).
_LIVE_SCRIPT = (b'<script type="text/javascript">(function(){var s=document.createElement("script");'
                b"var port=(window.location.port || (window.location.protocol == 'https:' ? 443: 80));"
                b's.src="//"+window.location.hostname+":"+port+ "/livereload.js?port=" + port;'
                b"document.head.appendChild(s);})();</script>")
_HEAD_END = b"</head>"


def answer(session: PreviewSession, path: str) -> tuple[int, list[tuple[str, str]], bytes]:
    """`respond`, or a 500 that names no absolute path: one request never takes the preview down."""
    try:
        return respond(session, path)
    except Exception as exc:
        message = hide_paths(f"{type(exc).__name__}: {exc}", session.root, session.hidden_folders())
        return 500, [("Content-Type", "text/plain; charset=utf-8")], (
            f"500 Internal Server Error: {message}\n".encode())


def refusal(request: HTTPServerRequest, listening_on: str, *, cross_origin: bool = False) -> str | None:
    """Why *request* is not answered, or None: a Host that is not the preview's (DNS rebinding), and,
    for requests that act (reload every page, the reload socket), another site's page asking."""
    headers = request.headers
    if not allowed_host(headers.get("Host"), listening_on):
        return "this preview answers only to its own address (the Host header names another)"
    if cross_origin:
        fetched_from = headers.get("Sec-Fetch-Site")
        if not same_origin(headers.get("Origin"), headers.get("Host")) or (
                fetched_from is not None and fetched_from not in ("same-origin", "none")):
            return "cross-origin requests are refused"
    return None


class _Guarded(web.RequestHandler):
    """Refuses requests that are not the preview's own (see `refusal`) before answering them."""

    ACTS = False          # whether the request changes something, and may not come from another site

    def initialize(self, listening_on: str) -> None:      # (tornado's per-request set-up)
        self.listening_on = listening_on

    def prepare(self) -> None:
        if (why := refusal(self.request, self.listening_on, cross_origin=self.ACTS)) is not None:
            raise web.HTTPError(403, reason="Forbidden", log_message=why)


class PageHandler(_Guarded):
    """A page of output/ (see `respond`), read in a thread so that a long one stalls no other request."""

    def initialize(self, listening_on: str, session: PreviewSession | None = None,
                   executor: ThreadPoolExecutor | None = None) -> None:
        super().initialize(listening_on)
        assert session is not None and executor is not None
        self.session, self.executor = session, executor

    def compute_etag(self) -> None:        # every answer is fresh (Cache-Control: no-store)
        return None

    async def get(self) -> None:
        # The path as sent, percent-decoded; URLs of this site are UTF-8.
        path = unquote(self.request.path, errors="replace")
        loop = IOLoop.current()
        status, headers, body = await loop.run_in_executor(self.executor, answer, self.session, path)
        self.set_status(status, _REASONS[status])
        for name, value in headers:
            self.set_header(name, value)
        if any(value.startswith("text/html") for name, value in headers if name == "Content-Type"):
            body = body.replace(_HEAD_END, _LIVE_SCRIPT + _HEAD_END, 1)
        if self.request.method != "HEAD":
            self.write(body)

    async def head(self) -> None:
        await self.get()


class GuardedReload(_Guarded, ForceReloadHandler):
    ACTS = True


class GuardedScript(_Guarded, LiveReloadJSHandler):
    pass


class GuardedSocket(LiveReloadHandler):
    """livereload's socket, open only to the preview's own pages."""

    def initialize(self, listening_on: str) -> None:
        self.listening_on = listening_on

    def prepare(self) -> None:
        if refusal(self.request, self.listening_on, cross_origin=True) is not None:
            raise web.HTTPError(403, reason="Forbidden")

    def check_origin(self, origin: str) -> bool:
        return same_origin(origin, self.request.headers.get("Host"))


class PreviewServer:
    """livereload's handlers and the pages on a private event loop: `run` blocks until `stop`
    (thread-safe).  The sources are watched from the moment the server is made: made before the
    first build, it sees a save made while that build runs (see serve_site)."""

    THREADS = 8                 # requests answered at once; the event loop itself never waits on a file
    CLIENT_SECONDS = 30.0       # a client that sends nothing for this long is disconnected

    def __init__(self, session: PreviewSession, *, host: str = "127.0.0.1", port: int = 8000,
                 interval: float = POLL_SECONDS, use_inotify: bool = True) -> None:
        self.session = session
        self.host = host
        self.port = port
        self.ready = threading.Event()
        self.watcher = SiteWatcher(session, interval, use_inotify)
        self._loop: IOLoop | None = None
        self._stopping = False

    @property
    def url(self) -> str:
        return default_base_url(self.host, self.port).rstrip("/") + self.session.mount

    def run(self, on_ready: Callable[[], None] | None = None) -> None:
        """Serve until `stop`; *on_ready* is called once the port is listening."""
        asyncio_loop = asyncio.new_event_loop()
        asyncio.set_event_loop(asyncio_loop)
        if threading.current_thread() is threading.main_thread():
            # Ctrl+C stops the loop whatever it is doing: raised as KeyboardInterrupt inside a
            # request's handler, tornado would log it and go on serving.
            asyncio_loop.add_signal_handler(signal.SIGINT, self.stop)
        loop = IOLoop.current()
        watcher = self.watcher
        # livereload keeps its clients, watcher and start time on the handler class; a previous server
        # in this process (tests, benchmarks) would otherwise stop the new one from polling.
        LiveReloadHandler.watcher, LiveReloadHandler.live_css = watcher, True
        LiveReloadHandler.waiters = set()
        LiveReloadHandler._last_reload_time = None
        executor = ThreadPoolExecutor(self.THREADS, thread_name_prefix="preview-request")
        try:
            self.application(executor).listen(
                self.port, self.host, idle_connection_timeout=self.CLIENT_SECONDS,
                body_timeout=self.CLIENT_SECONDS, max_body_size=1 << 16)
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
            executor.shutdown(wait=True, cancel_futures=True)
            asyncio_loop.close()
            asyncio.set_event_loop(None)

    def application(self, executor: ThreadPoolExecutor) -> web.Application:
        """livereload's socket, script and reload request, then the pages, each behind `refusal`."""
        guard = {"listening_on": self.host}
        return web.Application([
            (r"/livereload", GuardedSocket, guard),
            (r"/forcereload", GuardedReload, guard),
            (r"/livereload.js", GuardedScript, guard),
            (r".*", PageHandler, {**guard, "session": self.session, "executor": executor}),
        ], debug=False)

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
    server = PreviewServer(session, host=host, port=port)     # watching from now on
    session.rebuild(progress=progress_for(sys.stderr))
    if host not in _LOCAL_HOSTS:
        print(f"warning: listening on {host}: other computers on the network can open the preview",
              file=sys.stderr)
    try:
        server.run(on_ready=lambda: print(f"serving {server.url} (Ctrl+C to stop)", file=sys.stderr,
                                          flush=True))
        print("stopped", file=sys.stderr)
    except KeyboardInterrupt:           # before the loop took Ctrl+C over
        print("stopped", file=sys.stderr)
    except OSError as exc:
        print(f"build.py: error: cannot listen on {host}:{port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0
