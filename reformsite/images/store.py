"""The images' part of the build cache: fetched originals and the variants made of each image.

    <cache>/images/fetched/<hash of the URL>          the bytes a lead image's address gave
    <cache>/images/variants/<digest>/meta.json         the source's size and each variant's
    <cache>/images/variants/<digest>/<width>.webp

A fetched image is kept until the cache is deleted: the next build uses it rather than the network,
so the same input gives the same site.  Variants are named by the digest of their source's bytes
(see variants.source_digest): an edited image gets new ones, and those no build uses are pruned.
Every file is written under a temporary name and renamed into place, so a build that dies leaves
no half-written file.  Without a folder (--no-cache), nothing is kept.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .variants import Variant, Variants


class ImageStore:
    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def _fetched_path(self, url: str) -> Path | None:
        if self.folder is None:
            return None
        return self.folder / "fetched" / hashlib.sha256(url.encode()).hexdigest()[:32]

    def fetched(self, url: str) -> bytes | None:
        """The bytes an earlier build fetched from *url*, or None."""
        path = self._fetched_path(url)
        try:
            return path.read_bytes() if path is not None else None
        except OSError:
            return None

    def keep_fetched(self, url: str, data: bytes) -> None:
        if (path := self._fetched_path(url)) is not None:
            _write_atomically(path, data)

    def variants(self, digest: str) -> Variants | None:
        """The variants made earlier of the source whose digest is *digest*, or None."""
        if self.folder is None:
            return None
        folder = self.folder / "variants" / digest
        try:
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
            made = tuple(Variant(w, h, (folder / f"{w}.webp").read_bytes()) for w, h in meta["variants"])
            return Variants(digest, meta["width"], meta["height"], made)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def keep_variants(self, variants: Variants) -> None:
        if self.folder is None:
            return
        final = self.folder / "variants" / variants.digest
        final.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".new-", dir=final.parent))
        try:
            for variant in variants.variants:
                (staging / f"{variant.width}.webp").write_bytes(variant.data)
            meta = {"width": variants.width, "height": variants.height,
                    "variants": [[v.width, v.height] for v in variants.variants]}
            (staging / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
            shutil.rmtree(final, ignore_errors=True)
            os.rename(staging, final)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)      # another build kept them first: as good

    def prune(self, used: Iterable[str]) -> None:
        """Delete the variants of sources no longer used (by digest)."""
        if self.folder is None or not (self.folder / "variants").is_dir():
            return
        keep = set(used)
        for entry in (self.folder / "variants").iterdir():
            if entry.name not in keep:
                shutil.rmtree(entry, ignore_errors=True)


def _write_atomically(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".new-", dir=path.parent)
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except OSError:
        pass            # a cache that cannot be written costs the next build a download, no more
