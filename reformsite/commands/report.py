"""The problems a build prints before its summary line: every one when the warnings are few (or with
--verbose), else every error in full and the warnings counted by kind with the first few of each.

A large site's build finds hundreds of warnings each time (same slugs, ambiguous place names); printed
one by one they bury the errors and the summary line, in a terminal and in a CI log alike.  Hugo and
Zola print counts too.  `check` is the validator and lists every problem.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from collections.abc import Iterable
from typing import TextIO

from reformsite.core import Diagnostic, sort_diagnostics

SHOW_ALL = 10       # up to this many warnings, each is printed in full, hint and all
EXAMPLES = 3        # warnings shown of each kind in the summary
LOG_WIDTH = 160     # characters of an example shown where no terminal gives a width (a CI log)


def line_width(stream: TextIO) -> int:
    """How much of an example line fits: the terminal's width, or LOG_WIDTH in a log or a pipe."""
    isatty = getattr(stream, "isatty", None)
    if isatty and isatty():
        return max(shutil.get_terminal_size((LOG_WIDTH, 24)).columns, 40)
    return LOG_WIDTH


def problem_lines(diagnostics: Iterable[Diagnostic], *, verbose: bool = False,
                  width: int = LOG_WIDTH) -> list[str]:
    """What a build prints of *diagnostics*: each in full when *verbose* or the warnings are at most
    SHOW_ALL, else the errors in full (each stops a file; they are few) and the warnings summarised."""
    diagnostics = list(diagnostics)
    warnings = [d for d in diagnostics if not d.is_error]
    if verbose or len(warnings) <= SHOW_ALL:
        return [d.format() for d in diagnostics]
    return [d.format() for d in diagnostics if d.is_error] + warning_summary(warnings, width=width)


def by_kind(diagnostics: Iterable[Diagnostic]) -> list[tuple[str, list[Diagnostic]]]:
    """The diagnostics grouped by kind (see Diagnostic.kind), each group in file order, the largest first."""
    groups: dict[str, list[Diagnostic]] = defaultdict(list)
    for diagnostic in sort_diagnostics(diagnostics):
        groups[diagnostic.kind].append(diagnostic)
    return sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))


def warning_summary(warnings: list[Diagnostic], *, width: int = LOG_WIDTH,
                    examples: int = EXAMPLES) -> list[str]:
    """A count per kind, the largest first, each with its first *examples* as `where: message`
    cut to *width*:

        105 warnings of 4 kinds, the first 3 of each (--verbose or the check command lists all):
           84  same slug … as …
                 content/2019/a.md: same slug 'a' as content/2020/a.md: both would be /bai-viet/a/; …
    """
    groups = by_kind(warnings)
    kinds = f"{len(groups)} kind{'s' if len(groups) != 1 else ''}"
    lines = [f"{len(warnings)} warnings of {kinds}, the first {examples} of each "
             "(--verbose or the check command lists all):"]
    digits = len(str(len(groups[0][1]))) if groups else 1
    indent = " " * (digits + 7)
    for kind, group in groups:
        lines.append(f"  {len(group):>{digits}}  {kind}")
        lines += [_clip(f"{indent}{d.location()}: {d.message}", width) for d in group[:examples]]
    return lines


def _clip(line: str, width: int) -> str:
    return line if len(line) <= width else line[:width - 1].rstrip() + "…"
