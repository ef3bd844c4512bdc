"""`new`: start an article file with the front matter an editor would otherwise type by hand.

The text is made by a pure function and written by `write_new_article`, which never replaces a file:
two editors starting articles with the same title get <slug>.md and <slug>-2.md.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path

from reformsite.core import VIETNAM, nfc, slugify

FALLBACK_SLUG = "bai-viet"


def clean_title(title: str) -> str:
    """One line of NFC text: a title pasted from a web page often carries newlines and double spaces."""
    return " ".join(nfc(title).split())


def _quoted(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar, and keeps titles such as "TP. Tây Ninh: …"
    # or "[Tốt] …" from being read as mappings or lists.
    return json.dumps(value, ensure_ascii=False)


def article_text(title: str, date: dt.datetime, places: Sequence[str] = ()) -> str:
    """The new file's text: YAML front matter (a draft, to be published by flipping `draft`) and an
    empty body."""
    lines = ["---", f"title: {_quoted(title)}",
             f"date: {date.astimezone(VIETNAM).isoformat(timespec='seconds')}"]
    if places:
        lines.append("places:")
        lines += [f"  - {_quoted(place)}" for place in places]
    lines += ["draft: true", "tags: []", "categories: []", "---", "", ""]
    return "\n".join(lines)


def article_folder(content_dir: Path, date: dt.datetime) -> Path:
    local = date.astimezone(VIETNAM)
    return content_dir / f"{local.year:04d}" / f"{local.month:02d}"


def write_new_article(content_dir: Path, title: str, *, date: dt.datetime,
                      places: Sequence[str] = ()) -> Path:
    """Write content/YYYY/MM/<slug>.md (or <slug>-2.md, -3 … when taken) and return its path."""
    title = clean_title(title)
    folder = article_folder(content_dir, date)
    folder.mkdir(parents=True, exist_ok=True)
    slug = slugify(title) or FALLBACK_SLUG
    text = article_text(title, date, [clean_title(p) for p in places if p.strip()])
    number = 1
    while True:
        candidate = folder / (f"{slug}.md" if number == 1 else f"{slug}-{number}.md")
        try:
            # "x" fails if the file exists, even when another editor created it a moment ago.
            with candidate.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except FileExistsError:
            number += 1
            continue
        return candidate
