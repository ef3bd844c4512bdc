"""The one policy for addresses that content or settings give the site (a link's href, an image's
src, og:image, JSON-LD): http(s) addresses and paths inside the site, nothing else.

Every place an address enters goes through url_problem: front matter fields, the lead image and
source link lifted from a body, Jekyll's and Hugo's fields read as ours, the importer, the menu of
config.yaml."""

from __future__ import annotations

import re

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# Browsers drop these anywhere in an address ("java\tscript:" is javascript:), so none may be there.
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


def url_problem(value: str) -> str | None:
    """Why *value* may not be used as a link or image address (href/src), or None when it is safe."""
    if not value.strip():
        return "is empty"
    if any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in value):
        return "contains control characters"
    bare = _INVISIBLE.sub("", value)
    scheme = _SCHEME.match(bare) or _SCHEME.match(value)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        return f"uses the '{scheme.group(1)}:' scheme, which is not allowed"
    if not scheme and ":" in re.split(r"[/?#]", bare, maxsplit=1)[0]:
        return "has a ':' before its first '/', which browsers may read as a scheme"
    if bare.startswith(("//", "\\", "/\\")) or (not scheme and ".." in value.split("/")):
        return "must be an http(s) address or a path inside the site"
    if _INVISIBLE.search(value.strip().replace(" ", "")):
        return "contains invisible characters"
    if scheme and not re.match(r"^https?://[^/\\\s]", value, re.IGNORECASE):
        return "must be an http(s) address with a host, or a path inside the site"
    return None
