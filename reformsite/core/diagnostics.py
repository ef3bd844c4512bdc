"""Problems found in the input, reported to editors as ``path:line:col: message`` plus a hint."""

from __future__ import annotations

import re
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

    @property
    def kind(self) -> str:
        """What sort of problem this is, the same for every diagnostic made from one message
        template ("same slug … as …"): see message_kind."""
        return message_kind(self.message)

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


# The parts of a message that differ between diagnostics of one kind: quoted text and template code,
# asides in parentheses, and words holding a path, a file name, a number or an identifier.
_QUOTED = re.compile(r"""(?<!\w)(['"])(?:(?!\1).)*\1(?!\w)|\{\{.*?\}\}|\{%.*?%\}""")
_ASIDE = re.compile(r"\s*\([^()]*\)")
_VARYING_WORD = re.compile(r"[^\s,;]*(?:[/\d_@]|\w\.\w)[^\s,;]*")
_ELLIPSES = re.compile(r"…(?:[\s,]*…)+")


def message_kind(message: str) -> str:
    """The fixed wording of *message*: its head (up to the first ": " or "; ", the rest being
    details, unless the head is a single word) with the parts that vary masked as "…".
    Diagnostics need no code of their own to be counted by kind: every message written from one
    template gives the same kind."""
    masked = _ASIDE.sub("", _QUOTED.sub("…", message))
    head = ""
    for part in re.split(r"[:;]\s", masked):
        head = f"{head}: {part}" if head else part
        head = _ELLIPSES.sub("…", _VARYING_WORD.sub("…", head)).strip()
        # A head of masked parts alone, or of one word ("skipped"), does not say enough yet.
        if len([word for word in head.split() if any(c.isalpha() for c in word)]) > 1:
            break
    return " ".join(head.split())


def display_path(path: Path, root: Path) -> str:
    """*path* relative to *root* when inside it, for messages that editors can click in their editor."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def sort_diagnostics(items: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Group by file, then by position, so a report reads top to bottom per file."""
    return sorted(items, key=lambda d: (d.path, d.line or 0, d.col or 0, d.message))
