"""Figures: the indicator vocabulary, numbers and periods as the press writes them, the extractor,
and figures as the site shows them (tied to a place and to their sentence)."""

from .extract import extract_figures
from .figure import Figure
from .front_matter import figures_from_front_matter, merge_figures
from .labels import breakdown_label, breakdowns_label, grade_label, tier_label, unit_label
from .matcher import prepare_extractor
from .reported import (
    Reported,
    attach_figures,
    formatted_decimal,
    period_end,
    period_label,
    period_start,
    value_label,
)
from .vocabulary import Indicator, Vocabulary, load_vocabulary

__all__ = [
    "Figure", "Indicator", "Reported", "Vocabulary", "attach_figures", "breakdown_label", "breakdowns_label",
    "extract_figures", "figures_from_front_matter", "formatted_decimal", "grade_label", "load_vocabulary",
    "merge_figures", "period_end", "period_label", "period_start", "prepare_extractor", "tier_label",
    "unit_label", "value_label",
]
