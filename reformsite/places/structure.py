"""Where in an article a name stands: the headline, the page's masthead, the lead, the body, or the
links that follow the article.  A name in the headline or the lead says what the article is about;
a name in a masthead says who published it; one among "related news" links says nothing of it.

Scraped pages keep their masthead and menus above the headline and their link lists below the
article, so the headline's line in the body, when there is one, splits the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Zone = Literal["title", "masthead", "dateline", "lead", "body", "tail"]

# How far down a scraped page the headline may stand below its masthead and menus.
_HEADLINE_WITHIN = 15
# A lead is the first line of running text: a paragraph, not a menu, dateline or caption.
_LEAD_WORDS = 12
# Lists of other articles that close a news page.
_TAIL = re.compile(
    r"^[^\w\n]*(tin liên quan|tin cùng chuyên mục|các tin khác|tin khác|bài liên quan|tin mới nhất|"
    r"tin đọc nhiều|xem thêm|related news|related articles|other news|more news)\b",
    re.IGNORECASE)
_TAIL_FIRST = frozenset("tTbBcCxXrRoOmM*-#•[>")      # what a line of those lists can begin with
_WORD = re.compile(r"\w+")
_LABEL = re.compile(r"^\s*\[[^\]]{1,40}\]\s*")     # an editorial label before a title: "[Tot] "
# After a place that opens a paragraph, the mark of a dateline: where the story was filed, not what
# it is about ("Hà Nội (TTXVN 18/4/2024) Năm 2023, …", "TP.HCM - Sáng 5/3, …").
DATELINE = re.compile(r"[^\S\n]*(?:\([^()\n]{2,40}\)[^\S\n]*[-–—:]?|[-–—][^\S\n])")


@dataclass(frozen=True)
class Shape:
    headline: int | None      # the body line that repeats the title (scraped pages), 1-based
    lead: int | None          # the body line of the lead paragraph
    tail: int | None          # the first body line of the links after the article

    def zone(self, line: int) -> Zone:
        """The zone of a 1-based body line; line 0 is the title."""
        if line == 0 or line == self.headline:
            return "title"
        if self.tail is not None and line >= self.tail:
            return "tail"
        if self.headline is not None and line < self.headline:
            return "masthead"
        if line == self.lead:
            return "lead"
        return "body"


def article_shape(title: str, body: str) -> Shape:
    lines = body.split("\n")
    headline = _headline_line(title, lines)
    lead = next((n for n in range(headline or 0, len(lines)) if len(lines[n].split()) >= _LEAD_WORDS), None)
    start = lead if lead is not None else (headline or 0)
    tail = next((n for n in range(start + 1, len(lines))
                 if lines[n][:1] in _TAIL_FIRST and _TAIL.match(lines[n])), None)
    return Shape(headline, None if lead is None else lead + 1, None if tail is None else tail + 1)


def _headline_line(title: str, lines: list[str]) -> int | None:
    """The 1-based line near the top that says what the title says (most of its words, in a line
    not much longer than it)."""
    wanted = _words(title)
    if len(wanted) < 3:
        return None
    longest = 3 * len(title) + 20
    for number, line in enumerate(lines[:_HEADLINE_WITHIN], start=1):
        if not line or len(line) > longest:
            continue
        words = _words(line)
        if words and len(words) <= 2 * len(wanted) and len(wanted & words) >= 0.8 * len(wanted):
            return number
    return None


def _words(text: str) -> set[str]:
    """Lower-case words (of NFC text): a headline and its repetition in the page are written alike."""
    return set(_WORD.findall(_LABEL.sub("", text).casefold()))
