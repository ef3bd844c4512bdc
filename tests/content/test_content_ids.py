"""Figure marks go into an article's text only, and its ids never take one the theme's page uses."""

import re

from bs4 import BeautifulSoup
from sitekit import REPO

from reformsite.content.markdown import QuoteMark, mark_quotes, render_markdown, theme_id


def _mark(source: str, quote: str, trusted: bool = False) -> BeautifulSoup:
    r = render_markdown(source, trusted_html=trusted)
    block = next(i for i, text in enumerate(r.blocks) if quote in text)
    start = r.blocks[block].index(quote)
    return BeautifulSoup(mark_quotes(r.html, [QuoteMark(block, start, start + len(quote), "so-lieu-1")],
                                     (r.blocks, r.spans)), "html.parser")


def test_a_mark_skips_an_alt_or_title_holding_the_sentence():
    quote = "Xã tiếp nhận 150 hồ sơ."
    soup = _mark(f'![{quote}](https://example.org/a.png "{quote}") {quote}\n', quote)
    assert soup.find("img")["alt"] == quote and soup.find("img")["title"] == quote
    assert soup.find(id="so-lieu-1").name == "span" and soup.find(id="so-lieu-1").get_text() == quote


def test_a_mark_skips_an_attribute_with_a_bracket_in_it():
    quote = "Tỷ lệ trực tuyến > 90% ở 5 xã."
    soup = _mark(f"<p><abbr title='{quote}'>{quote}</abbr> Hết.</p>\n", quote, trusted=True)
    assert soup.find("abbr")["title"] == quote
    assert soup.find(id="so-lieu-1").parent.name == "abbr"


def test_the_first_words_are_found_in_text_only():
    # a sentence across inline tags gets an anchor at its start, in the text and not in a title
    # that holds its first words
    soup = _mark('<p><abbr title="Trực tuyến 96,4%; số hóa">TT</abbr>: Trực tuyến <b>96,4%</b>; số hóa 88,7%.</p>\n',
                 "Trực tuyến 96,4%; số hóa 88,7%.", trusted=True)
    assert soup.find("abbr")["title"] == "Trực tuyến 96,4%; số hóa"
    anchor = soup.find(id="so-lieu-1")
    assert anchor.name == "span" and anchor.parent.name == "p"
    assert anchor.find_next_sibling(string=True).startswith("Trực tuyến")


def test_content_ids_the_theme_uses_are_renamed_with_their_links():
    r = render_markdown("[lên](#main) [bảng](#so-lieu-1)\n\n## Main {#main}\n\nMột.\n\n"
                        "<div id=\"so-lieu-1\">Hai.</div>\n\n## Số liệu trong bài\n\n## Bình thường\n")
    soup = BeautifulSoup(r.html, "html.parser")
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert ids == ["noi-dung-main", "noi-dung-so-lieu-1", "noi-dung-so-lieu-trong-bai", "binh-thuong"]
    assert [a["href"] for a in soup.select("p a")] == ["#noi-dung-main", "#noi-dung-so-lieu-1"]
    assert [entry.id for entry in r.toc] == ["noi-dung-main", "noi-dung-so-lieu-trong-bai", "binh-thuong"]


def test_every_id_of_the_default_theme_is_known():
    """The templates' ids, literal and templated: a new one must be added to THEME_IDS."""
    for path in (REPO / "themes" / "default" / "templates").glob("*.html"):
        for value in re.findall(r'\bid="([^"]+)"', path.read_text(encoding="utf-8")):
            example = re.sub(r"\{\{[^}]*index[^}]*\}\}", "1", value)
            example = re.sub(r"\{\{[^}]*\}\}", "x", example)
            assert theme_id(example), (path.name, value)


def test_marked_sentences_are_coloured_only_when_a_link_targets_them():
    """A paragraph with figures reads as plain text; following a figure's link highlights its sentence."""
    css = (REPO / "themes" / "default" / "static" / "style.css").read_text(encoding="utf-8")
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", css)
    marking = [(selector, body) for selector, body in rules if re.search(r"figure-quote|quote-anchor", selector)]
    assert any("background" in body for _, body in marking)
    for selector, body in marking:
        if "background" in body or "outline" in body:
            assert all(":target" in part for part in _top_level(selector)), selector


def _top_level(selector: str) -> list[str]:
    """The selectors of a comma-separated list, commas inside :is(…) or :has(…) not splitting."""
    parts, depth, current = [], 0, ""
    for char in selector:
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]
