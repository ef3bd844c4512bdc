"""Articles' lead images made into pictures of the site's own: responsive variants under IMAGES_URL.

An article's `image:` is one of:
- a file beside the article (`image: anh.jpg`, relative to the article's folder under content/);
- a file of the site's or the theme's static/ folder (`image: /images/anh.jpg`, `/static/…`);
- an address on another host (`image: https://…`), fetched only when the build is asked to
  (`--fetch-images`) and the site takes images from that host (config.yaml's image_hosts).
Each becomes a Picture: the variants' URLs and sizes, for `srcset`, `width` and `height`.  What
cannot be used (no such file, not an image, a download that failed) is a warning naming the
article; its image is left out and the theme's placeholder stands in.  Nothing here writes into
content/: fetched images and variants live in the build cache (see .store).
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Protocol
from urllib.parse import unquote, urlsplit

from reformsite.core import Diagnostic, Severity, inside, slugify

from .fetch import FetchError, fetch_image
from .store import ImageStore
from .variants import DEFAULT_WIDTH, MAX_BYTES, ImageError, Variants, make_variants

IMAGES_URL = "/anh/"        # "ảnh": where the variants are written, beside /bai-viet/ and the rest
_NOT_RASTER = (".svg", ".svgz")


class HasImage(Protocol):
    path: str                   # relative to content/
    image: str | None


@dataclass(frozen=True)
class Picture:
    """A lead image as the site serves it: site-relative URLs of its variants, narrowest first."""

    src: str                                # the variant for browsers that ignore srcset
    width: int                              # of src
    height: int
    srcset: tuple[tuple[str, int], ...]     # (URL, width in px)

    @property
    def largest(self) -> str:
        """The widest variant's URL: for social networks and search engines."""
        return self.srcset[-1][0]


@dataclass
class LeadPictures:
    pictures: dict[str, Picture | None] = field(default_factory=dict)  # article path → picture; None:
    #                                                                    its image is left out
    files: dict[str, bytes] = field(default_factory=dict)              # variant URL → bytes
    problems: list[Diagnostic] = field(default_factory=list)
    incomplete: bool = False        # a download failed: the next build of the same input tries again


@dataclass(frozen=True)
class _Source:
    key: str                    # a file's path, or an address
    name: str                   # the file name the variants are named after
    remote: bool


@dataclass(frozen=True)
class _Outcome:
    variants: Variants | None
    problem: str | None = None
    downloaded: bool = True     # False: the download failed (tried again next build)


def lead_pictures(articles: Iterable[HasImage], *, content_dir: Path, static: Sequence[tuple[Path, str]],
                  shown_dir: str, fetch: Callable[[str], bool] | None, store: ImageStore,
                  workers: int = 4) -> LeadPictures:
    """The pictures of *articles*' lead images (see the module's docstring).  *static* are the
    static folders with their URL prefixes (config.static_trees); *fetch* says which addresses may
    be downloaded (None: none); *shown_dir* is content/ as messages name it."""
    found = LeadPictures()
    sources: dict[str, _Source] = {}
    wanted: list[tuple[HasImage, _Source]] = []
    for article in articles:
        if not article.image:
            continue
        source = _source(article, content_dir, static, fetch, found, shown_dir)
        if source is not None:
            sources.setdefault(source.key, source)
            wanted.append((article, source))
    outcomes = _make_all(list(sources.values()), store, max(1, workers), fetch or (lambda url: False))
    for article, source in wanted:
        outcome = outcomes[source.key]
        if outcome.variants is None:
            found.pictures[article.path] = None
            found.incomplete |= not outcome.downloaded
            found.problems.append(_warning(shown_dir, article, f"the lead image {_shown(article.image)} "
                                           f"is left out: {outcome.problem}", _hint(source, outcome)))
            continue
        picture, files = _picture(source, outcome.variants)
        found.pictures[article.path] = picture
        found.files.update(files)
    store.prune(o.variants.digest for o in outcomes.values() if o.variants is not None)
    return found


def _shown(image: str | None) -> str:
    return repr(image) if image and "://" not in image else str(image)


def _hint(source: _Source, outcome: _Outcome) -> str:
    if not outcome.downloaded:
        return "the next build tries again; check the address, or build without --fetch-images"
    return f"use a JPEG, PNG, WebP or GIF image of at most {MAX_BYTES // (1024 * 1024)} MB"


def _warning(shown_dir: str, article: HasImage, message: str, hint: str) -> Diagnostic:
    return Diagnostic(f"{shown_dir}/{article.path}", None, None, message, hint, Severity.WARNING)


def _source(article: HasImage, content_dir: Path, static: Sequence[tuple[Path, str]],
            fetch: Callable[[str], bool] | None, found: LeadPictures, shown_dir: str) -> _Source | None:
    """Where *article*'s image comes from; None when it is used as written (an address not to be
    fetched, a vector image) or left out (no such file, recorded in *found*)."""
    image = article.image or ""
    if "://" in image:
        if fetch is None or not fetch(image):
            return None
        return _Source(image, PurePosixPath(urlsplit(image).path).name, remote=True)
    written = unquote(urlsplit(image).path)
    if written.lower().endswith(_NOT_RASTER):
        return None
    if written.startswith("/"):
        candidates = [(folder, folder / written[len(prefix):]) for folder, prefix in reversed(static)
                      if written.startswith(prefix)]
        where = "in static/"
    else:
        folder = content_dir / PurePosixPath(article.path).parent
        candidates = [(content_dir, folder / written)]
        where = f"beside the article, in {PurePosixPath(shown_dir, article.path).parent}/"
    for root, path in candidates:
        if path.is_file() and inside(path, [root]):
            return _Source(os.path.realpath(path), path.name, remote=False)
    hint = "put the image beside the article (image: anh.jpg) or under static/, or correct image:"
    message = f"the lead image {image!r} is not found {where}"
    found.problems.append(_warning(shown_dir, article, message, hint))
    if not written.startswith("/"):
        found.pictures[article.path] = None     # a relative address would be read from the page's URL
    return None


def _make_all(sources: list[_Source], store: ImageStore, workers: int,
              allowed: Callable[[str], bool]) -> dict[str, _Outcome]:
    """Each source's variants: local files in parallel; addresses one host at a time each, so that
    a host that does not answer costs one timeout, not one per image.  Downloads follow redirects
    only to addresses *allowed* accepts."""
    by_host: dict[str, list[_Source]] = defaultdict(list)
    for source in sources:
        if source.remote:
            by_host[urlsplit(source.key).hostname or ""].append(source)
    tasks: list[list[_Source]] = [[s] for s in sources if not s.remote] + list(by_host.values())
    outcomes: dict[str, _Outcome] = {}
    if not tasks:
        return outcomes
    # The threads end before the build forks its workers (see core.single_threaded).
    with ThreadPoolExecutor(min(workers, len(tasks)), thread_name_prefix="lead-images") as pool:
        for done in pool.map(lambda task: _make_task(task, store, allowed), tasks):
            outcomes.update(done)
    return outcomes


def _make_task(sources: list[_Source], store: ImageStore,
               allowed: Callable[[str], bool]) -> dict[str, _Outcome]:
    outcomes: dict[str, _Outcome] = {}
    down: str | None = None
    for source in sources:
        if down is not None:
            outcomes[source.key] = _Outcome(None, f"not tried, the host failed for another image ({down})",
                                            downloaded=False)
            continue
        try:
            data = _read(source, store, allowed)
        except ImageError as exc:
            outcomes[source.key] = _Outcome(None, str(exc))
            continue
        except FetchError as exc:
            outcomes[source.key] = _Outcome(None, f"the download failed: {exc}", downloaded=False)
            down = str(exc) if exc.host_down else None
            continue
        except OSError as exc:
            outcomes[source.key] = _Outcome(None, f"cannot read it ({exc.strerror or exc})")
            continue
        outcomes[source.key] = _variants(data, store)
    return outcomes


def _read(source: _Source, store: ImageStore, allowed: Callable[[str], bool]) -> bytes:
    if not source.remote:
        if os.path.getsize(source.key) > MAX_BYTES:     # refused without reading it
            raise ImageError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
        with open(source.key, "rb") as file:
            return file.read()
    if (kept := store.fetched(source.key)) is not None:
        return kept
    data = fetch_image(source.key, allowed=allowed)
    store.keep_fetched(source.key, data)
    return data


def _variants(data: bytes, store: ImageStore) -> _Outcome:
    from .variants import source_digest

    if (kept := store.variants(source_digest(data))) is not None:
        return _Outcome(kept)
    try:
        made = make_variants(data)
    except ImageError as exc:
        return _Outcome(None, str(exc))
    store.keep_variants(made)
    return _Outcome(made)


def _picture(source: _Source, variants: Variants) -> tuple[Picture, dict[str, bytes]]:
    stem = slugify(PurePosixPath(source.name).stem)[:40].strip("-") or "anh"
    files: dict[str, bytes] = {}
    srcset = []
    for variant in variants.variants:
        url = f"{IMAGES_URL}{stem}-{variants.digest}-{variant.width}.webp"
        files[url] = variant.data
        srcset.append((url, variant.width))
    default = max((v for v in variants.variants if v.width <= DEFAULT_WIDTH), key=lambda v: v.width,
                  default=variants.variants[0])
    src = next(url for url, width in srcset if width == default.width)
    return Picture(src, default.width, default.height, tuple(srcset)), files
