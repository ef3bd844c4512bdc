"""The garbage collector and the build's long-lived objects.

A build makes millions of objects that live until it ends (the articles, the site model, the pages)
and almost no cyclic garbage while it makes them.  CPython's cyclic collector runs after every few
hundred new objects, and a full collection walks every tracked object: while the model grows, its
collections walk the same objects again and again.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

_FROZEN_DEPTH = 0


@contextlib.contextmanager
def frozen_heap() -> Iterator[None]:
    """Every object made so far moved out of the garbage collector's reach (gc.freeze) until the
    outermost of these blocks ends.  The site model lives for the whole build and holds millions of
    objects, and each full collection would walk them all.  Forked processes gain too: their
    collector leaves the pages they share with the parent uncopied.  Objects made inside the block
    are collected as usual."""
    global _FROZEN_DEPTH
    gc.freeze()
    _FROZEN_DEPTH += 1
    try:
        yield
    finally:
        _FROZEN_DEPTH -= 1
        if _FROZEN_DEPTH == 0:
            gc.unfreeze()


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside the block (reference counting still frees what is let go), for
    the stages that make the build's long-lived objects: reading the articles and modelling the
    site.  The collector runs again as it did after the block."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
