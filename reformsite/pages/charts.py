"""Small bar charts as inline SVG, drawn at build time: no JavaScript, readable without colour.

Each chart carries a <title> and <desc> for screen readers; the page also gives the same numbers as
a table, so the chart is never the only way to read them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Bar:
    label: str          # under the bar: "quý I/2024"
    value: float | None  # None: sources disagree, and the bar is left out rather than one picked
    text: str           # above the bar: "96,4%", or the values that disagree


def bar_chart(bars: Sequence[Bar], *, title: str, description: str, chart_id: str,
              width: int = 560, height: int = 220, ranked_of: int | None = None) -> str:
    """An accessible SVG bar chart; values are drawn from zero so bar lengths compare honestly.

    Ranks (*ranked_of* given: the number of units ranked, 0 when not said) are drawn so that the
    better rank is the taller bar: first of 63 is 63 units high, last of 63 one unit."""
    if not bars:
        return ""
    if ranked_of is not None:
        places = max(ranked_of, *(b.value or 0 for b in bars))
        bars = [Bar(b.label, None if b.value is None else places + 1 - b.value, b.text) for b in bars]
    kind = "chart" if ranked_of is None else "chart chart-ranks"
    top, bottom, side = 28, 48, 12
    plot_height = height - top - bottom
    highest = max((b.value or 0 for b in bars), default=0) or 1
    slot = (width - 2 * side) / len(bars)
    bar_width = min(56.0, slot * 0.6)
    parts = [
        f'<svg class="{kind}" id="{escape(chart_id)}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-t {escape(chart_id)}-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-t">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-d">{escape(description)}</desc>',
        f'<line class="axis" x1="{side}" y1="{top + plot_height}" x2="{width - side}" '
        f'y2="{top + plot_height}"/>',
    ]
    # The texts after the bars, in one group that centres them all: written once, not on each.
    texts = ['<g text-anchor="middle">']
    for index, bar in enumerate(bars):
        bar_height = 0.0 if bar.value is None else max(1.0, plot_height * max(bar.value, 0) / highest)
        x = side + slot * index + (slot - bar_width) / 2
        y = top + plot_height - bar_height
        centre = x + bar_width / 2
        if bar.value is not None:
            parts.append(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_width:.1f}" '
                         f'height="{bar_height:.1f}"/>')
        texts.append(f'<text class="value" x="{centre:.1f}" y="{y - 6:.1f}">{escape(bar.text)}</text>')
        texts.append(f'<text class="label" x="{centre:.1f}" y="{top + plot_height + 18:.1f}">'
                     f'{escape(bar.label)}</text>')
    parts += [*texts, "</g></svg>"]
    return "".join(parts)
