"""The build: per-article work (cached, in a pool), then site → pages → render → output."""

import importlib

from .options import BuildOptions, BuildResult, resolve_dirs
from .state import replay_build

# The stages are imported when first asked for, so that a build with nothing to do (replay_build)
# answers before Markdown, the gazetteer, Jinja2 and Pagefind are loaded.
_LAZY = {"build": "pipeline", "Settings": "process", "process_file": "articles"}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["BuildOptions", "BuildResult", "Settings", "build", "process_file", "replay_build",
           "resolve_dirs"]
