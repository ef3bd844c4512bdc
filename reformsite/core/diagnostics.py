"""Problems found in the input, reported to editors as ``path:line:col: message`` plus a hint."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str               # relative to the site folder, POSIX separators
    line: int | None
    col: int | None
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def location(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        return where

    def format(self) -> str:
        text = f"{self.location()}: {self.severity}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


def display_path(path: Path, root: Path) -> str:
    """*path* relative to *root* when inside it, for messages that editors can click in their editor."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def sort_diagnostics(items: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Group by file, then by position, so a report reads top to bottom per file."""
    return sorted(items, key=lambda d: (d.path, d.line or 0, d.col or 0, d.message))
