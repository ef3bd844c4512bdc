"""The open data split by year and compressed: /data/index.json lists exactly the files there are,
each .gz holds the bytes its uncompressed form would, the years together are the whole site, no file
is over max_file_size, the /du-lieu/ page says what exists, and an edit changes only its year's files."""

import csv
import gzip
import hashlib
import io
import json

from sitekit import article, read_output

from reformsite.commands.links import check_links
from reformsite.exports import make_open_data, open_data_parts
from reformsite.exports.deflate import HEADER

TOWNS = ["xã Tân Thành Bình, huyện Mỏ Cày Bắc, tỉnh Bến Tre", "thành phố Tây Ninh, tỉnh Tây Ninh",
         "huyện Mỏ Cày Bắc, tỉnh Bến Tre"]


def _corpus() -> dict[str, str]:
    """Articles over four years, with figures; the first has a title that would run in a spreadsheet."""
    files = {}
    for n in range(12):
        year, town = 2021 + n % 4, TOWNS[n % 3]
        title = f"=Bài {n} về {town.split(',')[0]}" if n == 0 else f"Bài {n} về {town.split(',')[0]}"
        body = (f"Trong quý I.{year}, {town} tiếp nhận {1000 + n}.245 hồ sơ; {n + 1} hồ sơ trễ hạn, "
                f"tỷ lệ đúng hạn đạt 9{n % 10},5%.\n\nBài số {n} tiếp tục với nội dung khác.\n")
        files[f"content/{year}/bai-{n}.md"] = article(json.dumps(title, ensure_ascii=False)[1:-1],
                                                      f"{year}-0{1 + n % 9}-1{n % 10}T08:00:00+07:00", body)
    return files


def _config(limit: int | None = None) -> str:
    return "title: Thử nghiệm\nbase_url: https://example.org/\n" + (f"max_file_size: {limit}\n" if limit else "")


def _data(site) -> dict[str, bytes]:
    return {url: data for url, data in read_output(site.output).items() if url.startswith("/data/")}


def _index(files: dict[str, bytes]) -> dict:
    return json.loads(files["/data/index.json"])


def _check_index(files: dict[str, bytes]) -> dict:
    """The index lists every file under /data/ but itself, each with its size and SHA-256; each .gz
    is one gzip member without name or time."""
    index = _index(files)
    listed = {"/data/" + entry["path"]: entry for entry in index["files"]}
    assert set(listed) == set(files) - {"/data/index.json"}
    for url, entry in listed.items():
        data = files[url]
        assert entry["bytes"] == len(data) and entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["url"] == "https://example.org" + url
        text = gzip.decompress(data) if url.endswith(".gz") else data
        assert entry["uncompressed_bytes"] == len(text)
        assert (entry["compression"] == "gzip") == url.endswith(".gz")
        if url.endswith(".gz"):
            assert data.startswith(HEADER)                   # no name, mtime 0
            assert (entry["content"], entry["format"]) == (("articles", "json") if ".json" in url
                                                           else ("figures", "csv"))
    return listed


def _csv_rows(text: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))


def test_small_site_keeps_the_whole_files_and_adds_years_and_gz(make_site):
    site = make_site(_corpus(), config=_config())
    assert site.result.errors == []
    files = _data(site)
    listed = _check_index(files)
    whole_json, whole_csv = files["/data/articles.json"], files["/data/figures.csv"]
    assert gzip.decompress(files["/data/articles.json.gz"]) == whole_json
    assert gzip.decompress(files["/data/figures.csv.gz"]) == whole_csv
    articles = json.loads(whole_json)["articles"]
    assert len(articles) == 12 and listed["/data/articles.json"]["articles"] == 12
    assert listed["/data/figures.csv"]["figures"] == len(_csv_rows(whole_csv)) - 1
    # The years, one after another, are the whole site: the same rows, in the same order, as exact text.
    years = sorted(entry["year"] for entry in listed.values() if entry["year"])
    assert years == [2021, 2021, 2022, 2022, 2023, 2023, 2024, 2024]
    by_year, rows = [], [_csv_rows(whole_csv)[0]]
    for year in sorted(set(years)):
        text = gzip.decompress(files[f"/data/{year}/articles.json.gz"])
        assert text.startswith(b'{"articles":[\n') and text.endswith(b"\n]}\n")
        part = json.loads(text)["articles"]
        assert {row["date"][:4] for row in part} == {str(year)}
        assert listed[f"/data/{year}/articles.json.gz"]["articles"] == len(part)
        by_year += part
        year_rows = _csv_rows(gzip.decompress(files[f"/data/{year}/figures.csv.gz"]))
        assert year_rows[0] == rows[0]
        rows += year_rows[1:]
    assert by_year == articles and rows == _csv_rows(whole_csv)
    assert articles[0]["title"].startswith("=Bài 0") and "'=Bài 0" in whole_csv.decode("utf-8-sig")


def test_past_the_limit_only_what_fits_is_published_and_said(make_site):
    small = make_site(_corpus(), config=_config())
    limit = min(len(small.file(url).read_bytes()) for url in ("/data/articles.json", "/data/figures.csv")) // 2
    # Under each whole-site text, over each of the whole-site .gz and the years' files.
    site = make_site(_corpus(), config=_config(limit))
    files = _data(site)
    listed = _check_index(files)
    assert "/data/articles.json" not in files and "/data/figures.csv" not in files
    assert _index(files)["max_file_size"] == limit
    assert all(len(data) <= limit for data in files.values())
    assert "/data/articles.json.gz" in files and json.loads(gzip.decompress(files["/data/articles.json.gz"]))
    # The /du-lieu/ page links every file there is and nothing else; no page links a missing one.
    page = site.html("/du-lieu/")
    linked = {a["href"] for a in page.select("main a[href^='/data/']")}
    assert linked == set(listed) | {"/data/index.json"}
    assert check_links(read_output(site.output), base_url="https://example.org/") == []


def test_no_whole_site_file_when_even_its_gz_is_too_large(make_site):
    sizes = {entry["path"]: entry["bytes"] for entry in _index(_data(make_site(_corpus(), config=_config())))["files"]}
    limit = max(size for path, size in sizes.items() if "/" in path)
    assert limit < min(sizes["articles.json.gz"], sizes["figures.csv.gz"])
    site = make_site(_corpus(), config=_config(limit))
    files = _data(site)
    assert not [url for url in files if url.count("/") == 2 and url != "/data/index.json"]
    assert len(files) == 9 and all(len(data) <= limit for url, data in files.items() if url != "/data/index.json")
    section = site.html("/du-lieu/").select_one("#tep-du-lieu").parent
    assert "kể cả khi nén" in section.get_text() and not section.select("a[href$='/data/articles.json.gz']")
    assert check_links(read_output(site.output), base_url="https://example.org/") == []


def test_open_data_is_the_same_bytes_every_build(make_site, tmp_path):
    first = _data(make_site(_corpus(), config=_config()))
    again = _data(make_site(_corpus(), config=_config(), use_cache=False))
    assert first == again


def test_an_edit_changes_only_its_years_files(make_site, tmp_path):
    before = _data(make_site(_corpus(), config=_config(5_000)))
    edited = tmp_path / "content/2022/bai-1.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("1001.245", "1001.246"), encoding="utf-8")
    after = _data(make_site(_corpus() | {"content/2022/bai-1.md": edited.read_text(encoding="utf-8")},
                            config=_config(5_000)))
    changed = {url for url in before.keys() | after.keys() if before.get(url) != after.get(url)}
    assert changed == {"/data/2022/articles.json.gz", "/data/2022/figures.csv.gz", "/data/articles.json.gz",
                       "/data/figures.csv.gz", "/data/index.json"}


def test_kept_years_come_from_the_previous_files(make_site):
    site = make_site(_corpus(), config=_config()).result.site
    made = make_open_data(site)
    previous = {f.url: f.data for f in made.files}
    parts = open_data_parts(site)
    assert [p.year for p in parts] == [2021, 2022, 2023, 2024]
    assert parts[1].urls == ("/data/2022/articles.json.gz", "/data/2022/figures.csv.gz")
    reads: list[str] = []

    def read(url: str) -> bytes | None:
        reads.append(url)
        return previous.get(url)

    again = make_open_data(site, keep={2021, 2022, 2024}, previous=read)
    assert sorted(reads) == sorted(u for p in parts if p.year != 2023 for u in p.urls)
    assert [(f.url, f.sha256, f.size) for f in again.files] == [(f.url, f.sha256, f.size) for f in made.files]
    assert again.index == made.index
    kept = {f.url for f in again.files if f.data is None}
    assert kept == {u for p in parts if p.year != 2023 for u in p.urls}
    whole = {f.url: f.data for f in again.files if f.year is None}
    assert whole == {f.url: f.data for f in made.files if f.year is None}
    # A previous file that is not as this code makes it is no piece to reuse: its year is made again.
    previous["/data/2021/figures.csv.gz"] = gzip.compress(b"x", mtime=0)
    remade = make_open_data(site, keep={2021}, previous=previous.get)
    assert {f.url for f in remade.files if f.data is None} == set()
    assert [f.sha256 for f in remade.files] == [f.sha256 for f in made.files]
