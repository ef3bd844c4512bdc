"""The editors' commands: build, check, serve, new, import and clean."""

from .cli import main, run

__all__ = ["main", "run"]
