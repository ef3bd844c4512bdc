"""`serve`: build, serve output/ with livereload, rebuild when a source changes, show errors on the page.

Modules, from pure to stateful:
- `routes` maps a request path to a file under output/ (or a redirect, a 404, a refusal).  It is the
  only place a URL becomes a file path, and it refuses anything that could leave output/.
- `overlay` puts the current build errors on every served HTML page.
- `poll` finds the changed sources by their stat signatures, where inotify is not available.
- `preview` renders an edited article's page into the last build's site, before the full rebuild.
- `session` runs the builder in this process (imports and caches stay warm between rebuilds) and
  remembers the last build's errors and the previewed pages.
- `watch` watches the sources (inotify through ctypes, else `poll`) and coalesces one batch of
  changes into a single rebuild, then tells the open pages to reload (also after a failed build, so
  the overlay appears at once).
- `server` is the WSGI app and livereload's tornado application on an event loop of its own, and
  `serve_site`, the command.
"""

from .overlay import OVERLAY_ID, inject_overlay, overlay_html
from .routes import route
from .server import PreviewServer, serve_site
from .session import PreviewSession
from .watch import POLL_SECONDS, is_scratch_file

__all__ = [
    "OVERLAY_ID", "POLL_SECONDS", "PreviewServer", "PreviewSession", "inject_overlay", "is_scratch_file",
    "overlay_html", "route", "serve_site",
]
