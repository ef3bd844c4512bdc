"""Internal link checking over rendered output: every href and src that points into the site must exist."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit


@dataclass(frozen=True)
class BrokenLink:
    page: str        # site-relative URL of the page holding the link
    target: str      # the link as written
    reason: str


class _LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        for name in ("href", "src"):
            if values.get(name) and not (tag == "link" and values.get("rel") == "canonical"):
                self.links.append(values[name] or "")


def target_file(url: str) -> str:
    """The file a site URL is served from: "/a/" → "/a/index.html"; a file's URL is its own."""
    return url + "index.html" if url.endswith("/") else url


def check_links(files: Mapping[str, bytes], *, base_url: str) -> list[BrokenLink]:
    """Check links in the HTML *files* ({site URL: bytes}) that point inside *base_url*.

    Fragments are checked against the ids of the target page.
    """
    base = urlsplit(base_url)
    base_path = base.path if base.path.endswith("/") else base.path + "/"
    pages: dict[str, _LinkCollector] = {}
    for url, data in files.items():
        if url.endswith((".html", "/")):
            collector = _LinkCollector()
            collector.feed(data.decode("utf-8", "replace"))
            pages[target_file(url)] = collector
    existing = {target_file(url) for url in files}
    broken: list[BrokenLink] = []
    for page_url, collector in sorted(pages.items()):
        page_abs = f"{base.scheme}://{base.netloc}{base_path}{page_url.lstrip('/')}"
        for link in collector.links:
            if link.startswith(("mailto:", "tel:", "data:", "javascript:")):
                continue
            resolved = urlsplit(urljoin(page_abs, link))
            if resolved.netloc != base.netloc or not resolved.path.startswith(base_path):
                if resolved.netloc == base.netloc:
                    broken.append(BrokenLink(page_url, link, f"outside the base path {base_path}"))
                continue
            site_path = "/" + unquote(resolved.path[len(base_path):])
            target = target_file(site_path)
            if target not in existing:
                broken.append(BrokenLink(page_url, link, "no such page or file"))
            elif resolved.fragment and target in pages and resolved.fragment not in pages[target].ids:
                broken.append(BrokenLink(page_url, link, f"no element with id '{resolved.fragment}'"))
    return broken

