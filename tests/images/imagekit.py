"""Helpers for the image tests: pictures made with Pillow, and a web server on 127.0.0.1 that serves
them (no test reaches the internet)."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from PIL import Image, ImageDraw


def photo(width: int, height: int, kind: str = "JPEG", *, orientation: int | None = None,
          maker: str | None = None, mode: str = "RGB") -> bytes:
    """A picture with shapes on it (so that resizing has work to do), optionally with EXIF."""
    image = Image.new(mode, (width, height), (30, 90, 160, 0) if mode == "RGBA" else (30, 90, 160))
    draw = ImageDraw.Draw(image)
    draw.ellipse((width // 10, height // 10, width // 2, height // 2), fill=(240, 200, 40))
    draw.rectangle((width // 2, height // 2, width - 10, height - 10), fill=(200, 30, 30))
    exif = Image.Exif()
    if orientation is not None:
        exif[0x0112] = orientation
    if maker is not None:
        exif[0x010F] = maker
    buffer = io.BytesIO()
    options = {"exif": exif} if len(exif) else {}
    image.save(buffer, kind, **options)
    return buffer.getvalue()


@dataclass
class Served:
    """What the test server answers: path → (status, content type, body, extra headers)."""

    answers: dict[str, tuple[int, str, bytes, dict[str, str]]] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)
    port: int = 0

    def image(self, path: str, data: bytes, kind: str = "image/jpeg") -> str:
        self.answers[path] = (200, kind, data, {})
        return self.url(path)

    def redirect(self, path: str, to: str) -> str:
        self.answers[path] = (302, "text/plain", b"", {"Location": to})
        return self.url(path)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


@contextmanager
def image_server() -> Iterator[Served]:
    """A web server on a free port of 127.0.0.1, in a thread, stopped on leaving."""
    served = Served()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            served.asked.append(self.path)
            status, kind, body, headers = served.answers.get(self.path, (404, "text/html", b"<p>404</p>", {}))
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    served.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, name="image-server", daemon=True)
    thread.start()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)
