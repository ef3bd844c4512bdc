"""Fetching an image over the network: http(s) only, with timeouts and a size cap.

A failure is a FetchError whose message says what went wrong, for the warning that names the
article; `host_down` tells a host that did not answer (no point trying its other images in the same
build) from one that answered with an error.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from email.message import Message

from .variants import MAX_BYTES

TIMEOUT = 10.0          # seconds to connect, and between two reads
USER_AGENT = "reformsite/0.1 (static site generator: lead images)"
_ACCEPT = "image/webp,image/jpeg,image/png,image/gif;q=0.9,*/*;q=0.1"


class FetchError(Exception):
    def __init__(self, message: str, *, host_down: bool = False) -> None:
        super().__init__(message)
        self.host_down = host_down


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to an http(s) address that *allowed* accepts."""

    def __init__(self, allowed: Callable[[str], bool]) -> None:
        self.allowed = allowed

    def redirect_request(self, req: urllib.request.Request, fp: object, code: int, msg: str,
                         headers: Message, newurl: str) -> urllib.request.Request | None:
        if not newurl.lower().startswith(("http://", "https://")) or not self.allowed(newurl):
            raise FetchError(f"the server redirects to {newurl}, which the site does not take images from")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_image(url: str, *, allowed: Callable[[str], bool] = lambda url: True,
                timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes at *url* (http or https), when the server says they are an image of at most
    *max_bytes*; FetchError otherwise.  Redirects are followed to addresses *allowed* accepts."""
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError("only http(s) addresses are fetched")
    opener = urllib.request.build_opener(_Redirects(allowed))
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT})
    try:
        with opener.open(request, timeout=timeout) as response:
            kind = (response.headers.get_content_type() or "").lower()
            if not kind.startswith("image/"):
                raise FetchError(f"the server sent {kind or 'something'}, not an image")
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FetchError(f"the image is larger than {_megabytes(max_bytes)}")
            data = response.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"the server answered {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise FetchError(f"no answer within {timeout:g} s", host_down=True) from None
        raise FetchError(f"cannot connect ({getattr(reason, 'strerror', None) or reason})",
                         host_down=True) from None
    except TimeoutError:
        raise FetchError(f"no answer within {timeout:g} s", host_down=True) from None
    except (OSError, ValueError) as exc:       # a connection cut mid-way, a malformed answer
        raise FetchError(f"the download failed ({exc})", host_down=True) from None
    if len(data) > max_bytes:
        raise FetchError(f"the image is larger than {_megabytes(max_bytes)}")
    return data


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"
