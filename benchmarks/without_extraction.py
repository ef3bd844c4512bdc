"""`build.py` with figure extraction switched off, for the benchmark's extraction-cost scenario.

    python benchmarks/without_extraction.py build --no-cache --config … --output …

The figures issue asks what extraction adds to a cold build.  The product has no switch for that
(`extract: false` in front matter also turns place tagging off), so this harness replaces the
extractor with one that finds nothing and runs the ordinary command line; everything downstream of
extraction (figure boxes, place tables and charts, indicator pages, figure exports) then has nothing
to show, which is the cost being measured too.  The build workers are forked, so they inherit the
replacement.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import reformsite.build.process
from reformsite.commands.cli import main


def _no_figures(*_args: object, **_kwargs: object) -> list[object]:
    return []


if __name__ == "__main__":
    reformsite.build.process.extract_figures = _no_figures  # type: ignore[assignment]
    sys.exit(main())
