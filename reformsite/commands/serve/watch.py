"""Watching the site's sources: a ctypes binding of Linux inotify, and the livereload watcher that
turns one batch of changes into a preview, a rebuild and a reload of the open pages."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import struct
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop, PeriodicCallback

from .poll import SourcePoller
from .session import PreviewSession

POLL_SECONDS = 0.3          # without inotify: how often the sources are stat'ed
_SCRATCH_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".tmp", ".part", ".crdownload")


def is_scratch_file(path: str) -> bool:
    """Editors' swap, backup and lock files: saving an article must not trigger three rebuilds."""
    name = os.path.basename(path)
    return name.startswith((".", "#")) or name.endswith(_SCRATCH_SUFFIXES) or name == "4913"


class Inotify:
    """Linux inotify through ctypes: no thread and no dependency; the event loop reads its fd.

    Polling (see .poll) stats every source file each period, at a cost that grows with the
    site; inotify costs nothing while idle and reports a save at once.  Trees are watched
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
        self.poller = None if self.inotify else SourcePoller([], ignore=is_scratch_file)
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
                elif self.poller is not None:
                    self.poller.follow([str(path)])

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
            # Our period, shorter than livereload's own: it is most of the time from a save to the page.
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
        if self.poller is not None:
            return self.poller.changes()
        changed, self._pending = sorted(self._pending), set()
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
