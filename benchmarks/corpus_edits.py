"""The changes the one-edit and one-add scenarios make to a corpus, and how a corpus is put back.

one-edit writes a sentence at the start of one article's lead, the first paragraph of its body after
the source link and lead image that aggregated posts begin with, so the summary shown in every list
of that article changes.  one-add writes a generated article (another seed, an index past the
corpus's last) dated after every article of the corpus, so it tops every newest-first list, and
removes it after the measurement.  `tidy` undoes both when a run was stopped before it could.
"""

from __future__ import annotations

import itertools
import re
from datetime import datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import corpus

# After the generator's last date, so after every article; before the build's "now", or the build
# would hold the article back as scheduled.
ADDED_DATE = corpus.LAST_DATE + timedelta(days=1)

_LINK_OR_IMAGE = re.compile(r"!?\[[^\]\n]*\]\([^)\s]+(?:\s+\"[^\"]*\")?\)")
_DATE_LINE = re.compile(r"^date: (.*)$", re.MULTILINE)
_INDEX = re.compile(r"-(\d+)$")


def with_lead_edit(text: str, sentence: str) -> str:
    """*text*, an article file with front matter, with *sentence* at the start of its lead."""
    front, separator, body = text.partition("\n---\n")
    paragraphs = body.split("\n\n")
    for number, paragraph in enumerate(paragraphs):
        if paragraph.strip() and not _LINK_OR_IMAGE.fullmatch(paragraph.strip()):
            paragraphs[number] = f"{sentence} {paragraph.lstrip()}"
            return front + separator + "\n\n".join(paragraphs)
    raise ValueError("the article has no paragraph besides its source link and image")


def edited_article(content: Path) -> Path:
    """The article one-edit touches: the middle one in path order, so always the same."""
    paths = sorted(content.rglob("*.md"))
    return paths[len(paths) // 2]


def article_date(text: str) -> datetime:
    found = _DATE_LINE.search(text)
    if found is None:
        raise ValueError("no date in the front matter")
    return parsedate_to_datetime(found.group(1).strip())


def added_article(seed: int, articles: int, attempt: int) -> tuple[str, str]:
    """(path under content/, text) of the article one-add writes on its *attempt*-th run.

    Generated with another seed from the indexes past the corpus's last, keeping the ones the
    generator dates in the new administrative era, so the new article names today's units; a
    different article on each attempt, so no run finds it in the build cache."""
    fresh = (corpus.make_article(seed + 1, index) for index in itertools.count(articles))
    recent = (a for a in fresh if article_date(a.text) >= corpus.NEW_ERA)
    article = next(itertools.islice(recent, attempt, None))
    text = _DATE_LINE.sub(f"date: {format_datetime(ADDED_DATE)}", article.text, count=1)
    return f"{ADDED_DATE.year}/{article.path.split('/', 1)[1]}", text


def is_added(path: Path, articles: int) -> bool:
    """True for an article past the corpus's last index: one one-add wrote."""
    found = _INDEX.search(path.stem)
    return found is not None and int(found.group(1)) > articles


def tidy(folder: Path, articles: int, seed: int) -> list[str]:
    """Put the corpus in *folder* back as generated after a run stopped mid-scenario: remove added
    articles, restore the edited one.  Returns what was done, one line a change."""
    content = folder / "content"
    done = []
    for path in sorted(content.rglob("*.md")):
        if is_added(path, articles):
            path.unlink()
            done.append(f"removed {path.relative_to(folder)}")
    edited = edited_article(content)
    found = _INDEX.search(edited.stem)
    if found is not None:
        original = corpus.make_article(seed, int(found.group(1)) - 1)
        ours = original.path == edited.relative_to(content).as_posix()
        if ours and edited.read_text(encoding="utf-8") != original.text:
            edited.write_text(original.text, encoding="utf-8")
            done.append(f"restored {edited.relative_to(folder)}")
    return done
