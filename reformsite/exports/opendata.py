"""The open data (DESIGN §8) as files, none larger than config.max_file_size.

Each year's articles are in /data/<year>/articles.json.gz and /data/<year>/figures.csv.gz: the shape
of /data/articles.json and /data/figures.csv, restricted to the articles published that year
(Vietnam time, so that the years one after another are the whole site in its order).  The whole
site's /data/articles.json and /data/figures.csv are published while each of them and its .gz are
under the limit, their .gz alone while it is, and neither past that.  /data/index.json lists every
file with its year, counts, size and SHA-256.  The years are published compressed only: uncompressed,
they would double the site's weight on a large site, and a small site has the whole-site files.

Each file is the same text whatever the build: the whole-site .gz is the years' compressed pieces
joined (see .deflate), so a year whose articles did not change can be kept from the previous output
(see make_open_data), not described nor compressed again.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import time
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from itertools import groupby
from typing import Any

import orjson

from reformsite.core import VIETNAM, thread_count
from reformsite.figures import Reported, period_end, period_start
from reformsite.site import Article, Site, article_places_json

from . import deflate
from .deflate import Piece

INDEX_URL = "/data/index.json"
# New columns go at the end: readers of earlier files find theirs where they were.
FIGURE_COLUMNS = ("article_url", "article_title", "article_date", "indicator", "value", "value_max", "unit",
                  "qualifier", "period", "level", "unit_name", "place_code", "place_era", "rank_of",
                  "flags", "quote_url", "quote", "tier", "breakdown", "period_start", "period_end")
# What a spreadsheet program runs as a formula when a cell begins with it (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Form:
    """A kind of open-data file: its name, what it lists, and the text around and between the rows
    of its years (a year's file is head + rows + tail; the whole site's, head + years joined by sep
    + tail)."""

    name: str
    content: str                    # "articles" or "figures"
    head: bytes
    sep: bytes
    tail: bytes
    empty: bytes                    # the whole-site file of a site without articles


def _csv_text(rows: Sequence[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


JSON = Form("articles.json", "articles", b'{"articles":[\n', b",\n", b"\n]}\n", b'{"articles":[]}\n')
CSV = Form("figures.csv", "figures", _BOM + _csv_text([FIGURE_COLUMNS]), b"", b"",
           _BOM + _csv_text([FIGURE_COLUMNS]))
FORMS = (JSON, CSV)
WHOLE_URLS = tuple(f"/data/{form.name}" for form in FORMS)


@dataclass(frozen=True)
class DataPart:
    """One year's articles, in the order of the files (by date, then URL), and the files made of them."""

    year: int
    articles: tuple[Article, ...]

    @property
    def urls(self) -> tuple[str, ...]:
        return tuple(year_url(self.year, form) for form in FORMS)

    @property
    def figures(self) -> int:
        return sum(len(article.figures) for article in self.articles)


def year_url(year: int, form: Form) -> str:
    return f"/data/{year}/{form.name}.gz"


def open_data_parts(site: Site) -> list[DataPart]:
    """The site's articles by year of publication (Vietnam time), oldest year first."""
    ordered = sorted(site.articles, key=lambda a: (a.date, a.url))
    return [DataPart(year, tuple(group))
            for year, group in groupby(ordered, key=lambda a: a.date.astimezone(VIETNAM).year)]


@dataclass(frozen=True)
class DataFile:
    """One published open-data file."""

    url: str
    form: Form
    year: int | None                # None for the whole site's
    compressed: bool
    articles: int
    figures: int
    size: int
    text_size: int                  # its size once decompressed
    sha256: str
    data: bytes | None              # None: the previous output's file, which is still right

    def entry(self, absolute: Callable[[str], str]) -> dict[str, Any]:
        """The file in /data/index.json."""
        return {"path": self.url.removeprefix("/data/"), "url": absolute(self.url), "year": self.year,
                "content": self.form.content, "format": self.form.name.rsplit(".", 1)[1],
                "compression": "gzip" if self.compressed else None, "articles": self.articles,
                "figures": self.figures, "bytes": self.size, "uncompressed_bytes": self.text_size,
                "sha256": self.sha256}


def _file(url: str, form: Form, part: DataPart | None, counts: tuple[int, int], data: bytes,
          text_size: int, kept: bool = False) -> DataFile:
    return DataFile(url, form, part.year if part else None, url.endswith(".gz"), *counts, len(data),
                    text_size, hashlib.sha256(data).hexdigest(), None if kept else data)


@dataclass(frozen=True)
class OpenData:
    """Every open-data file of a build, in the order of the index, and the index."""

    files: tuple[DataFile, ...]
    index: bytes
    limit: int

    def file(self, url: str) -> DataFile | None:
        return next((f for f in self.files if f.url == url), None)

    @property
    def whole(self) -> list[DataFile]:
        return [f for f in self.files if f.year is None]

    @property
    def years(self) -> list[tuple[int, list[DataFile]]]:
        """Each year with its files, newest year first."""
        by_year = groupby([f for f in self.files if f.year is not None], key=lambda f: f.year)
        return sorted(((year, list(files)) for year, files in by_year), key=lambda item: -item[0])


# ---------------------------------------------------------------- the rows


def csv_cell(value: object) -> object:
    """A figure's field as a cell of figures.csv: text that would start a formula gets a leading
    single quote, which spreadsheets read as "this is text" (numbers are written as they are); a
    breakdown reads "key=value" pairs joined by ";" ("co_che=mot_cua;muc_do=3,4")."""
    if isinstance(value, dict):
        value = ";".join(f"{key}={item}" for key, item in value.items())
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def figure_json(site: Site, article: Article, reported: Reported) -> dict:
    """One figure in the open data (DESIGN §8): as stated, with its quote and a link to it.

    period_start and period_end are the first and last days the figure covers (ISO dates): the
    dates of period_range when the article gives them, else those of the nominal period."""
    figure = reported.figure
    covered = figure.period_range or figure.period
    start, end = period_start(covered), period_end(covered)
    place = site.places.gazetteer.get(reported.place_id) if site.places and reported.place_id else None
    link = article.url + (f"#{reported.anchor}" if reported.anchor else "")
    return {
        "indicator": figure.indicator,
        "value": figure.value,
        "value_max": figure.value_max,
        "unit": figure.unit,
        "qualifier": figure.qualifier,
        "period": figure.period,
        "period_range": figure.period_range,
        "period_start": start.isoformat() if start else None,
        "period_end": end.isoformat() if end else None,
        "level": figure.level,
        "unit_name": figure.unit_name,
        "tier": figure.tier,
        "rank_of": figure.rank_of,
        "breakdown": dict(figure.breakdown) or None,
        "place_code": place.code if place else None,
        "place_era": place.era if place else None,
        "place_id": place.id if place else None,
        "flags": ",".join(figure.flags) or None,
        "source": figure.source,
        "quote": figure.quote,
        "quote_url": site.config.absolute(link),
    }


def article_json(site: Site, article: Article) -> dict[str, Any]:
    """One article of articles.json: its fields, places and figures."""
    config = site.config
    return {"url": config.absolute(article.url), "title": article.title, "date": article.date.isoformat(),
            "label": article.label, "source_url": article.source_url,
            **article_places_json(site.places, article, config.absolute),
            "figures": [figure_json(site, article, r) for r in article.figures]}


def _json_line(row: dict[str, Any]) -> bytes:
    try:
        return orjson.dumps(row)
    except TypeError:           # orjson stops at 64-bit integers; an article's number can be longer
        return json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode()


def part_texts(articles: Sequence[Article],
               describe: Callable[[Article], dict[str, Any]]) -> tuple[bytes, bytes]:
    """The rows of *articles* in articles.json (one compact line each, joined by ",\\n") and in
    figures.csv (one row per figure, the columns of FIGURE_COLUMNS).

    orjson writes a line as json.dumps(ensure_ascii=False, separators=(",", ":")) would (but for
    floats below 1e-4, written without an exponent), several times faster.  figures.csv's text
    cells never start a formula (see csv_cell), where articles.json keeps the text exact; csv
    writes None as an empty field.  *describe* makes an article's row of articles.json; each
    figure's dict serves both files."""
    lines: list[bytes] = []
    rows = io.StringIO()
    writer = csv.writer(rows, lineterminator="\n")
    figure_fields = FIGURE_COLUMNS[3:]
    for article in articles:
        row = describe(article)
        lines.append(_json_line(row))
        url, title, date = row["url"], csv_cell(row["title"]), row["date"]
        writer.writerows([url, title, date, *(csv_cell(figure.get(name)) for name in figure_fields)]
                         for figure in row.get("figures", ()))
    return b",\n".join(lines), rows.getvalue().encode()


# ---------------------------------------------------------------- the files


@dataclass
class _Year:
    """One year's text of one form while the files are made: its piece, its text while the whole
    site's file may still be published (None for a year kept from the previous output), and its file."""

    part: DataPart
    body: Piece
    text: bytes | None
    file: DataFile


def _text(year: _Year) -> bytes:
    """A year's text: as made, or decompressed from the piece kept from the previous output."""
    return year.text if year.text is not None else deflate.inflate(year.body)


def _year_file(form: Form, part: DataPart, text: bytes) -> _Year:
    """A year's file of *form* made of its *text* (in a thread: zlib and hashlib let go of the GIL)."""
    body = deflate.piece(text)
    data = deflate.gzip_of([deflate.piece(form.head), body, deflate.piece(form.tail)])
    counts = (len(part.articles), part.figures)
    return _Year(part, body, text, _file(year_url(part.year, form), form, part, counts, data,
                                         len(form.head) + len(text) + len(form.tail)))


def _kept_years(parts: list[DataPart], keep: Collection[int],
                previous: Callable[[str], bytes | None] | None) -> dict[int, list[_Year]]:
    """The years of *keep* whose previous files are there and framed as this code frames them:
    their pieces, read from the files without decompressing them (see deflate.stored_piece; the
    caller keeps only years whose files this code and zlib made, see build.digest)."""
    kept: dict[int, list[_Year]] = {}
    for part in parts:
        if part.year not in keep or previous is None:
            continue
        years = []
        for form in FORMS:
            url = year_url(part.year, form)
            data = previous(url)
            body = data and deflate.stored_piece(data, deflate.piece(form.head), deflate.piece(form.tail))
            if not body:
                break
            size = len(form.head) + body.size + len(form.tail)
            counts = (len(part.articles), part.figures)
            years.append(_Year(part, body, None, _file(url, form, part, counts, data, size, kept=True)))
        else:
            kept[part.year] = years
    return kept


def make_open_data(site: Site, keep: Collection[int] = (),
                   previous: Callable[[str], bytes | None] | None = None) -> OpenData:
    """Every open-data file of *site*.  The files of the years in *keep* are taken from the previous
    output, whose files *previous* reads ((url) → its bytes, or None): they are given with data
    None, and their compressed pieces go into the whole-site .gz as they are.  A year whose
    files are missing or not as this code makes them is made again."""
    parts = open_data_parts(site)
    limit = site.config.max_file_size
    kept = _kept_years(parts, keep, previous)
    years: list[list[_Year]] = [[] for _ in FORMS]
    sizes = [len(form.head) + len(form.tail) for form in FORMS]     # of the whole-site texts

    def settle(batch: list[tuple[int, Future[_Year] | _Year]]) -> None:
        for number, item in batch:
            year = item.result() if isinstance(item, Future) else item
            if sizes[number] > limit:           # no whole-site text: the years' texts can go
                year.text = None
            years[number].append(year)

    threads = thread_count()
    with ThreadPoolExecutor(max_workers=2) as pool:
        # A year's rows are made while the previous year's files are compressed.
        waiting: list[tuple[int, Future[_Year] | _Year]] = []
        for part in parts:
            batch: list[tuple[int, Future[_Year] | _Year]]
            if part.year in kept:
                batch = list(enumerate(kept[part.year]))
                added = [year.body.size for year in kept[part.year]]
            else:
                texts = part_texts(part.articles, functools.partial(article_json, site))
                batch = [(n, pool.submit(_year_file, form, part, text)) for n, (form, text)
                         in enumerate(zip(FORMS, texts, strict=True))]
                added = [len(text) for text in texts]
                del texts
            for number, form in enumerate(FORMS):
                sizes[number] += added[number] + (len(form.sep) if years[number] or waiting else 0)
                if sizes[number] > limit:
                    for year in years[number]:
                        year.text = None
            settle(waiting)
            waiting = batch
        settle(waiting)
    _wait_for_threads(threads)
    files: list[DataFile] = []
    for form, form_years, size in zip(FORMS, years, sizes, strict=True):
        files += _whole_files(form, form_years, size, limit)
    files += [form_years[n].file for n in range(len(parts)) for form_years in years]
    return OpenData(tuple(files), _index(site, files, limit), limit)


def _wait_for_threads(count: int) -> None:
    """Wait (a moment at most) until the system counts no more threads than *count*: a joined
    thread is gone from Python before it is gone from the system, and the build forks only while
    the system counts one thread (see core.single_threaded)."""
    deadline = time.monotonic() + 1.0
    while thread_count() > count and time.monotonic() < deadline:
        time.sleep(0.001)


def _whole_files(form: Form, years: list[_Year], size: int, limit: int) -> list[DataFile]:
    """The whole site's file of *form* and its .gz, those of them that fit under *limit*: the .gz
    alone when the text does not fit, or its .gz does not."""
    url = f"/data/{form.name}"
    counts = (sum(len(y.part.articles) for y in years), sum(y.part.figures for y in years))
    if not years:
        text: bytes | None = form.empty
        pieces = [deflate.piece(form.empty)]
    else:
        sep = deflate.piece(form.sep)
        pieces = [deflate.piece(form.head)]
        for number, year in enumerate(years):
            pieces += [sep, year.body] if number else [year.body]
        pieces.append(deflate.piece(form.tail))
        text = form.head + form.sep.join(map(_text, years)) + form.tail if size <= limit else None
    packed = deflate.gzip_of(pieces)
    if len(packed) > limit:
        return []
    files = [_file(url, form, None, counts, text, len(text))] if text is not None else []
    return [*files, _file(url + ".gz", form, None, counts, packed, size)]


def _index(site: Site, files: list[DataFile], limit: int) -> bytes:
    """/data/index.json: the limit, then every file, one a line."""
    lines = [_json_line(f.entry(site.config.absolute)) for f in files]
    return b'{"max_file_size":%d,"files":[\n' % limit + b",\n".join(lines) + b"\n]}\n"


# The open data made last, with the site it was made for: the /du-lieu/ page lists its files and
# data_files writes them, in the same build.
_LAST: list[tuple[Site, OpenData]] = []


def prepare_open_data(site: Site, keep: Collection[int] = (),
                      previous: Callable[[str], bytes | None] | None = None) -> OpenData:
    """make_open_data, remembered for *site* (see open_data)."""
    made = make_open_data(site, keep, previous)
    _LAST[:] = [(site, made)]
    return made


def open_data(site: Site) -> OpenData:
    """The open data of *site*: as prepare_open_data made it for this site, else made now."""
    if _LAST and _LAST[0][0] is site:
        return _LAST[0][1]
    return prepare_open_data(site)
