"""Feeds and sitemaps are well-formed XML whatever the articles hold, and a large sitemap is split."""

import json
import xml.etree.ElementTree as ET

from sitekit import article

from reformsite.exports import files as exports
from reformsite.exports import opendata

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

AWKWARD = {
    "content/2024/a.md": article(
        "Xã A & B:\\x0b <một cửa> đạt 100%", "2024-05-01T08:00:00+07:00",     # a YAML escape
        "Bài có ký tự điều khiển \x0b giữa câu, & và 3 < 5 là đúng.\n",
        author="'\"Lê\" & Trần'", tags='["a&b", "x\\"y"]'),
    "content/2024/b.md": article("Bài thứ hai", "2024-05-02T08:00:00+07:00", "Nội dung."),
}
CONFIG = "title: Cổng <CCHC> & tin\nbase_url: https://example.org/\nauthor: Ban biên tập & cộng sự\n"


def test_feed_is_well_formed_and_keeps_every_value(make_site):
    site = make_site(AWKWARD, config=CONFIG)
    assert site.result.errors == []
    feed = ET.fromstring(site.file("/feed.xml").read_bytes())       # a strict parser: no control chars
    assert feed.tag == f"{ATOM}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "vi"
    assert feed.findtext(f"{ATOM}title") == "Cổng <CCHC> & tin"
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Ban biên tập & cộng sự"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Bài thứ hai", "Xã A & B: <một cửa> đạt 100%"]
    awkward = entries[1]
    assert awkward.findtext(f"{ATOM}author/{ATOM}name") == '"Lê" & Trần'
    assert {c.get("term") for c in awkward.findall(f"{ATOM}category")} >= {"a&b", 'x"y'}
    assert "\x0b" not in awkward.findtext(f"{ATOM}summary")
    assert "& và 3 < 5 là đúng" in awkward.findtext(f"{ATOM}summary")
    assert awkward.find(f"{ATOM}link").get("href").startswith("https://example.org/bai-viet/")


def test_feed_markup_is_indented_like_elementtree(make_site):
    site = make_site(AWKWARD, config=CONFIG)
    text = site.file("/feed.xml").read_text(encoding="utf-8")
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
                           'xml:lang="vi">\n  <id>https://example.org/feed.xml</id>\n')
    assert '  <link rel="self" href="https://example.org/feed.xml" type="application/atom+xml" />\n' in text
    assert text.endswith("  </entry>\n</feed>\n")


def test_sitemap_splits_past_its_limit(make_site, monkeypatch):
    monkeypatch.setattr(exports, "SITEMAP_LIMIT", 3)
    site = make_site(AWKWARD, config=CONFIG)
    index = ET.fromstring(site.file("/sitemap.xml").read_bytes())
    assert index.tag == f"{SITEMAP}sitemapindex"
    parts = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert parts[0] == "https://example.org/sitemap-1.xml" and len(parts) >= 2
    urls = []
    for n in range(1, len(parts) + 1):
        urlset = ET.fromstring(site.file(f"/sitemap-{n}.xml").read_bytes())
        locs = [u.findtext(f"{SITEMAP}loc") for u in urlset.findall(f"{SITEMAP}url")]
        assert 1 <= len(locs) <= 3
        urls += locs
    assert "https://example.org/" in urls and len(urls) == len(set(urls))
    assert any(u.startswith("https://example.org/bai-viet/xa-a-b") for u in urls)


def test_an_empty_sitemap_is_an_empty_urlset():
    [file] = exports.sitemap_files(None, [])  # type: ignore[arg-type]   # no URL, so no config needed
    assert file.data == (b'<?xml version="1.0" encoding="utf-8"?>\n'
                         b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" />\n')
    assert ET.fromstring(file.data).tag == f"{SITEMAP}urlset"


def test_open_data_has_one_compact_json_line_per_article(make_site):
    """Readable and diff-friendly: one article per line, UTF-8 text as it is, no spaces; a value
    past 64 bits, which orjson refuses, is written whole."""
    site = make_site(AWKWARD, config=CONFIG)
    assert site.result.errors == []
    lines = site.file("/data/articles.json").read_text(encoding="utf-8").split("\n")
    assert lines[0] == '{"articles":[' and lines[-2:] == ["]}", ""]
    rows = [line.removesuffix(",") for line in lines[1:-2]]
    assert len(rows) == 2
    for row in rows:
        assert row == json.dumps(json.loads(row), ensure_ascii=False, separators=(",", ":"))
    assert '"title":"Xã A & B: <một cửa> đạt 100%"' in rows[0]     # the control character left out
    articles = site.result.site.articles
    lines, _ = opendata.part_texts(articles[:1], lambda a: {"url": "", "title": "", "date": "", "n": 10**30})
    assert json.loads(lines)["n"] == 10**30
