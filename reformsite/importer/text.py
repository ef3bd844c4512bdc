"""Cleaning of scraped article text: keep the article, drop the page around it.

The steps run in order over the page's lines (see ``clean_scraped_text``); each judges lines by
their shape (``importer_lines``) and by where they stand: above the headline is a banner, after the
last paragraph come the byline, ads and links, between paragraphs stand photo captions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from .dates import meta_date
from .lines import (
    BULLET,
    CREDIT,
    LINK_LINE,
    RELATED,
    Line,
    byline,
    ends_sentence,
    is_banner,
    is_headline,
    is_noise,
    is_paragraph,
    sentences,
    short_caption,
    split_lines,
    words,
)


@dataclass(frozen=True)
class CleanText:
    title: str | None
    published: datetime | None
    author: str | None
    lead_code: str | None  # "BTNO" from "BTNO - Ngày 12.4, …"
    summary: str | None
    paragraphs: tuple[str, ...]  # Markdown blocks
    source_url: str | None  # from a "source: <url>" line or a leading link line
    image: str | None = None  # the lead image: a Markdown image line above the article's text


# --- the cleaner ---------------------------------------------------------------------------------

_SOURCE_LINE = re.compile(r"^(?:source|nguồn|url)\s*:\s*(?P<url>https?://\S+)$", re.IGNORECASE)
# "BTNO - ", "(ĐTO) - ", "(Baohatinh.vn) - " in front of the lead.
_LEAD_CODE = re.compile(
    r"^(?:\((?P<paren>[^()\s]{2,30})\)|(?P<code>[A-ZĐ][A-ZĐ.]{1,9}))\s*[-–—]+\s*(?=[^\W\d_])")
_PHOTO_CREDIT = re.compile(r"[(\-–]\s*(ảnh|nguồn|video)\s*:\s*[^)]{1,40}\)?\s*$", re.IGNORECASE)
_END_MARK = re.compile(r"\s*/\s*\.\s*$")
_TRAILING_DATE = re.compile(r"[\s|–-]+\(?\d{1,2}/\d{1,2}/(?:19|20)\d{2}(?:[\s,-]+\d{1,2}:\d{2})?\)?$")
_HEADING = re.compile(r"^(?:\d{1,2}|[IVX]{1,4}|[a-zđ])[.)]\s+\S")


def clean_scraped_text(raw: str, *, title: str | None = None) -> CleanText:
    """Split scraped *raw* text into title, date, byline and the article's paragraphs.

    *title*, when the caller already knows it (HTML metadata), is not searched for; lines that
    repeat it are dropped like any caption that restates the headline.
    """
    lines = split_lines(raw)
    source_url, lines = _take_source_line(lines)
    image = _lead_image(lines)
    published, dateline, lines = _take_dates(lines)
    lines = _drop_noise(lines)
    found_title, body = _take_title(lines, title, dateline)
    if found_title and not title and (tail := _TRAILING_DATE.search(found_title)):
        # "Cà Mau: … mức phí 0 đồng 22/11/2025 20:59": the page prints the date on the headline's line.
        found_title, stamped = found_title[: tail.start()].rstrip(" -–|,"), meta_date(tail.group(0).strip())
        published = published or (stamped[0] if stamped else None)
    title = title or found_title
    author, body = _take_credit_lines(body)
    body = _rejoin_broken(body)
    body_author, body = _take_tail(body)
    author = author or body_author
    lead_is_clear = bool(body) and _lead_is_clear(body)
    body = _drop_captions(body, title)
    lead_code, paragraphs = _take_lead_code([line.text for line in body])
    paragraphs = [_drop_end_mark(p) for p in paragraphs]
    summary = paragraphs[0] if (lead_is_clear or lead_code) and _can_summarise(paragraphs) else None
    return CleanText(title, published, author, lead_code, summary, _markdown_blocks(paragraphs), source_url,
                     image)


def _drop_end_mark(text: str) -> str:
    # "… của địa phương./." — the "/." marks the article's end; the sentence keeps its period.
    bare = _END_MARK.sub("", text)
    return bare if bare == text or ends_sentence(bare) else bare + "."


def _can_summarise(paragraphs: list[str]) -> bool:
    lead = paragraphs[0] if paragraphs else ""
    return len(paragraphs) > 1 and words(lead) <= 150 and ends_sentence(lead) and not BULLET.match(lead)


def _take_source_line(lines: list[Line]) -> tuple[str | None, list[Line]]:
    # An editor's "source: <url>" line, or the aggregator convention of a first line that is only a
    # Markdown link to the original article.
    if lines and (match := _SOURCE_LINE.match(lines[0].text) or LINK_LINE.match(lines[0].text)):
        url = match.group("url")
        if url.startswith(("http://", "https://")):
            return url, lines[1:]
    return None, lines


_IMAGE_LINE = re.compile(r"^!\[[^\]]*\]\((?P<url>https?://[^)\s]+)(?:\s+\"[^\"]*\")?\)$")


def _lead_image(lines: list[Line]) -> str | None:
    """The address of the first Markdown image line above the article's first paragraph (the
    aggregator convention: the link to the original, then its lead image)."""
    for line in lines[:_TOP]:
        if match := _IMAGE_LINE.match(line.text):
            return match.group("url")
        if is_paragraph(line.text) and words(line.text) >= 15:
            break
    return None


def _take_dates(lines: list[Line]) -> tuple[datetime | None, int | None, list[Line]]:
    """The publication date, the number of the dateline it came from, and the lines without
    datelines."""
    kept: list[Line] = []
    published = updated = None
    published_at = updated_at = None
    for line in lines:
        found = meta_date(line.text)
        if found is None:
            kept.append(line)
            continue
        when, is_published = found
        if when is not None and is_published and published is None:
            published, published_at = when, line.number
        elif when is not None and updated is None:
            updated, updated_at = when, line.number
    # "Cập nhật ngày" is the only date most of these pages show; it stands in for publication.
    if published is not None:
        return published, published_at, kept
    return updated, updated_at, kept


def _drop_noise(lines: list[Line]) -> list[Line]:
    kept: list[Line] = []
    in_related = False
    for line in lines:
        text = line.text
        if is_noise(text):
            continue
        if RELATED.match(text) and not ends_sentence(text) and words(text) <= 8:
            in_related = True  # a "Tin liên quan" box: its headlines follow
            continue
        if in_related:
            # The box ends where the article resumes: a real paragraph, or the byline.
            if (is_paragraph(text) and words(text) >= 15) or (byline(text) and not LINK_LINE.match(text)):
                in_related = False
            else:
                continue
        kept.append(line)
    return _drop_link_lists(kept)


def _drop_link_lists(lines: list[Line]) -> list[Line]:
    """Runs of two or more headline links or unpunctuated bullets are related-article lists,
    unless a sentence ending in a colon introduces them (then they are the article's own list)."""
    def linkish(line: Line) -> bool:
        return bool(LINK_LINE.match(line.text)) or (
            bool(BULLET.match(line.text)) and not ends_sentence(line.text))

    kept: list[Line] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and linkish(lines[j]):
            j += 1
        introduced = bool(kept) and kept[-1].text.rstrip().endswith(":")
        if j - i >= 2 and not introduced:
            i = j
            continue
        if j > i:
            kept.extend(line for line in lines[i:j] if not LINK_LINE.match(line.text))
            i = j
            continue
        kept.append(lines[i])
        i += 1
    return kept


_TOP = 12  # lines of a page in which its headline is looked for


def _take_title(lines: list[Line], known: str | None, dateline: int | None) -> tuple[str | None, list[Line]]:
    """The headline and the lines below it.  A page opens with its chrome (skip link, masthead,
    menus, breadcrumb), which may look like a headline too, so the headline is looked for upwards
    from where the article starts: its dateline when one stands at the top, else its lead."""
    if known:
        return known, lines
    lead = next((k for k, line in enumerate(lines[:_TOP])
                 if is_paragraph(line.text) and not is_banner(line) and not is_headline(line)),
                min(len(lines), _TOP))
    index = None
    if dateline is not None:
        at = sum(1 for line in lines if line.number < dateline)
        # Below the headline, or below a headline written as a sentence (which reads as the lead).
        if at <= lead + 1:
            index = _title_above(lines, at, dated=True)
    if index is None:
        index = _title_above(lines, lead, dated=False)
    if index is None:       # no headline: the page's chrome still goes
        return None, [line for line in lines[:lead] if not is_banner(line)] + lines[lead:]
    return lines[index].text, lines[index + 1:]  # whatever stood above the headline was chrome


def _title_above(lines: list[Line], at: int, *, dated: bool) -> int | None:
    """The index of the nearest headline above line *at*, past bylines, captions and chrome.  Right
    above a dateline, a shorter line or one ending in a period is the headline too."""
    for index in range(at - 1, max(at - _TOP, 0) - 1, -1):
        line = lines[index]
        if _is_printed_twice(lines, index) or byline(line.text):
            continue        # an image's alt text and caption; the author under the headline
        if is_headline(line):
            return index
        if dated and _reads_as_headline(line):
            return index
        if words(line.text) >= 3 and not is_banner(line):
            dated = False   # only the line right above the dateline may be a short or sentence headline
    return None


def _is_printed_twice(lines: list[Line], index: int) -> bool:
    text = lines[index].text
    return any(0 <= k < len(lines) and lines[k].text == text for k in (index - 1, index + 1))


def _reads_as_headline(line: Line) -> bool:
    text = line.text
    if is_noise(text) or is_banner(line) or LINK_LINE.match(text) or BULLET.match(text):
        return False
    return 3 <= words(text) <= 40 and len(text) >= 15 and sentences(text) == 1


def _take_credit_lines(lines: list[Line]) -> tuple[str | None, list[Line]]:
    # "Bài, ảnh: Huỳnh Đức" can stand anywhere (some pages print it under the headline).
    author = None
    kept = []
    for line in lines:
        if CREDIT.match(line.text) and words(line.text) <= 10:
            author = author or byline(line.text)
            continue
        kept.append(line)
    return author, kept


def _starts_lower(text: str) -> bool:
    first = text.lstrip("“\"'(")[:1]
    return first.isalpha() and first.islower()


def _rejoin_broken(lines: list[Line]) -> list[Line]:
    """Mend paragraphs the scraper cut mid-sentence ("… Hệ thống hợp" / "trực tuyến tiếp tục …"),
    even when a photo caption landed between the two halves."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        while not ends_sentence(line.text) and not BULLET.match(line.text) and is_paragraph(line.text):
            between = lines[i:i + 3]
            cont = next((k for k, nxt in enumerate(between) if _starts_lower(nxt.text)), None)
            if cont is None or any(is_paragraph(b.text) for b in between[:cont]):
                break
            line = Line(f"{line.text} {between[cont].text}", line.raw, line.gap, line.number)
            i += cont + 1
        out.append(line)
    return out


def _take_tail(lines: list[Line]) -> tuple[str | None, list[Line]]:
    """After the last paragraph come the byline, ads and links: keep the byline's name only."""
    last = max((k for k, line in enumerate(lines) if is_paragraph(line.text)
                and not (BULLET.match(line.text) and not ends_sentence(line.text))), default=-1)
    author = None
    for line in lines[last + 1:]:
        if author is None and not BULLET.match(line.text):
            author = byline(line.text)
    if author is None and last >= 0 and (name := byline(lines[last].text)):
        # A byline ending with a period ("Linh Thuỳ.") looks like a paragraph.
        return name, lines[:last]
    return author, lines[: last + 1]


def _lead_is_clear(lines: list[Line]) -> bool:
    # Newspapers print the lead (sapo) and then the first photo: a caption or the blank lines an
    # image left behind mark where the lead ends.
    if len(lines) < 2 or not is_paragraph(lines[0].text):
        return False
    after = lines[1]
    return after.gap >= 2 or not is_paragraph(after.text) or short_caption(after.text)


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _ngrams(text: str, n: int = 8) -> set[tuple[str, ...]]:
    tokens = _tokens(text)
    return {tuple(tokens[k:k + n]) for k in range(len(tokens) - n + 1)}


def _drop_captions(lines: list[Line], title: str | None) -> list[Line]:
    title_key = " ".join(_tokens(title or ""))
    seen: set[str] = set()
    kept: list[Line] = []
    for index, line in enumerate(lines):
        text = line.text
        key = " ".join(_tokens(text))
        restates_title = bool(title_key and key) and (key in title_key or title_key in key)
        if key in seen or (restates_title and words(text) <= 40):
            continue  # a repeated caption, or one that restates the headline
        seen.add(key)
        if _is_caption(text, lines, index, title):
            continue
        kept.append(line)
    return kept


def _is_caption(text: str, lines: list[Line], index: int, title: str | None) -> bool:
    if BULLET.match(text) or _HEADING.match(text) or _is_upper_heading(text):
        return False
    if _PHOTO_CREDIT.search(text) and words(text) <= 45:
        return True  # "Người dân làm thủ tục tại Một cửa. (Ảnh: Minh Khoa)"
    if text.lstrip().startswith(("“", '"')):
        return False  # a quotation is the article speaking
    if not is_paragraph(text):
        return True
    # A one-sentence line without commas that copies a run of words from elsewhere in the article
    # is a caption restating the text next to its photo.
    if sentences(text) == 1 and words(text) <= 35 and not re.search(r"[,;:]", text):
        grams = _ngrams(text)
        others = [line.text for k, line in enumerate(lines) if k != index] + [title or ""]
        return any(grams & _ngrams(other) for other in others)
    return False


def _is_upper_heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 6 and all(c.isupper() for c in letters) and words(text) >= 2


def _take_lead_code(paragraphs: list[str]) -> tuple[str | None, list[str]]:
    if not paragraphs or not (match := _LEAD_CODE.match(paragraphs[0])):
        return None, paragraphs
    code = match.group("paren") or match.group("code")
    if match.group("code") and not match.group("code").replace(".", "").isupper():
        return None, paragraphs
    return code, [paragraphs[0][match.end():], *paragraphs[1:]]


# Characters that make Markdown (or, through attr_list, attributes) wherever they stand, and what
# does at the start of a line: a heading, quote, list, fence or rule.
_SPECIALS = re.compile(r"([\\`*_{}\[\]])")
_LINE_MARKS = re.compile(r"^([ \t]*)([#>+-])", re.MULTILINE)
_LINE_NUMBER = re.compile(r"^([ \t]*\d+)([.)])", re.MULTILINE)
_LINE_FENCE = re.compile(r"^([ \t]*)~", re.MULTILINE)
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#>+\-.!])")


def escape_markdown(text: str) -> str:
    """Scraped *text* as Markdown that shows it as it is: a page's "&lt;img …&gt;" or "[xem](…)" shown
    as text stays text, never markup (HTML specials as entities, Markdown's behind a backslash)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    text = _SPECIALS.sub(r"\\\1", text)
    text = _LINE_MARKS.sub(r"\1\\\2", text)
    text = _LINE_NUMBER.sub(r"\1\\\2", text)
    return _LINE_FENCE.sub(r"\1&#126;", text)


def unescape_markdown(text: str) -> str:
    """The text escape_markdown was given (for a title or summary taken from a block)."""
    text = _ESCAPED.sub(r"\1", text)
    return text.replace("&lt;", "<").replace("&#126;", "~").replace("&amp;", "&")


def _markdown_blocks(paragraphs: list[str]) -> tuple[str, ...]:
    """Paragraphs as Markdown: bullets become one list, numbered or upper-case lines headings; the
    text itself is escaped (see escape_markdown)."""
    blocks: list[str] = []
    for text in paragraphs:
        if BULLET.match(text):
            item = "- " + escape_markdown(BULLET.sub("", text))
            if blocks and blocks[-1].startswith("- "):
                blocks[-1] += "\n" + item
            else:
                blocks.append(item)
            continue
        if not ends_sentence(text) and (_HEADING.match(text) or _is_upper_heading(text)):
            blocks.append("## " + escape_markdown(text))
            continue
        blocks.append(escape_markdown(text))
    return tuple(blocks)
