"""Pending dossiers and their state: "còn 2.104 hồ sơ đang giải quyết, trong đó 1.980 chưa đến hạn và
124 đã quá hạn".

After a count of dossiers in progress, the counts of a sentence that say "on time" or "late" tell the
state of those pending dossiers (still within their time limit, already overdue), not how many were
resolved on time or late. A count of another outcome (received, resolved) ends the pending part.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .figure import Figure

_PENDING = "hs_dang_giai_quyet"
_STATE_OF_PENDING = {
    "hs_tre_han": "hs_dang_giai_quyet_qua_han",
    "hs_dung_han": "hs_dang_giai_quyet_trong_han",
    "hs_dang_giai_quyet_trong_han": "hs_dang_giai_quyet_trong_han",
    "hs_dang_giai_quyet_qua_han": "hs_dang_giai_quyet_qua_han",
}


def pending_states(figures: list[Figure]) -> list[Figure]:
    """One sentence's *figures* (in reading order) with the on-time and late counts that follow a
    count of pending dossiers read as the state of those dossiers."""
    out: list[Figure] = []
    pending = False
    for figure in figures:
        if figure.indicator == _PENDING and figure.unit == "ho_so":
            pending = True
        elif pending and figure.unit == "ho_so" and figure.indicator in _STATE_OF_PENDING:
            figure = replace(figure, indicator=_STATE_OF_PENDING[figure.indicator])
        elif figure.unit == "ho_so":
            pending = False
        out.append(figure)
    return out
