"""Tables of figures among an article's text blocks.

:func:`reformsite.content.markdown.render_markdown` gives every table cell as a block of its own, so a table
reaches the extractor as a run of short blocks: the header row, then each row's label and values.
The extractor reads each value with its row label and column header ("Hồ sơ tiếp nhận 2.736 hồ sơ
(11 tháng năm 2018)") instead of as a lone number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_VALUE = re.compile(r"[\d.,]+\s*%?|[\d.,]+\s*[-–/]\s*[\d.,]+\s*%?")
_LETTER = re.compile(r"[^\W\d_]")
_PARENS = re.compile(r"\s*\([^)]*\)")
_COUNTED = re.compile(r"hồ\s+sơ|thủ\s+tục|tthc|lượt|văn\s+bản|điểm|%", re.IGNORECASE)


@dataclass(frozen=True)
class Cell:
    block: int  # index of the cell's block
    text: str
    row_label: str
    column_header: str

    def sentence(self) -> str:
        """The cell's value as a sentence the extractor can read."""
        label = _PARENS.sub("", self.row_label).strip()
        unit = "" if _COUNTED.search(self.text) or _COUNTED.search(label) else " hồ sơ"
        return f"{label} {self.text.strip()}{unit} ({self.column_header.strip()})"


def _is_cell(text: str) -> bool:
    t = text.strip()
    return 0 < len(t) <= 80 and ". " not in t and t[-1] not in ".!?:;"


def _is_value(text: str) -> bool:
    return bool(_VALUE.fullmatch(text.strip()))


def table_cells(blocks: Sequence[str]) -> list[Cell]:
    """The value cells of every table found in *blocks*, with their row label and column header."""
    cells: list[Cell] = []
    i = 0
    while i < len(blocks):
        j = i
        while j < len(blocks) and _is_cell(blocks[j]):
            j += 1
        if j - i >= 6:
            cells.extend(_read(blocks, i, j))
        i = max(j, i + 1)
    return cells


def _read(blocks: Sequence[str], start: int, end: int) -> list[Cell]:
    """The cells of a run of short blocks, for the narrowest column count that reads as a table: a
    header row, then at least two rows of a label with letters followed by values (the run may go on
    with short blocks that are not part of the table)."""
    for width in range(2, 7):
        rows = []
        for r in range(start + width, end - width + 1, width):
            if not (_LETTER.search(blocks[r]) and all(_is_value(blocks[r + c]) for c in range(1, width))):
                break
            rows.append(r)
        if len(rows) >= 2:
            return [
                Cell(r + c, blocks[r + c], blocks[r], blocks[start + c])
                for r in rows
                for c in range(1, width)
            ]
    return []
