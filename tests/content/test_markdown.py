from bs4 import BeautifulSoup

from reformsite.content.markdown import QuoteMark, mark_quotes, reading_minutes, render_markdown, summarize


def test_tables_footnotes_and_vietnamese_heading_ids():
    r = render_markdown("## Kết quả đạt được\n\nCâu có chú thích.[^1]\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n"
                        "## Kết quả đạt được\n\n[^1]: Ghi chú.\n")
    soup = BeautifulSoup(r.html, "html.parser")
    assert [h["id"] for h in soup.find_all("h2")] == ["ket-qua-dat-duoc", "ket-qua-dat-duoc_1"]
    assert soup.find("table").find_all("td")[1].get_text() == "2"
    assert soup.select_one("div.footnote li")["id"] == "fn:1"
    assert [(e.level, e.id, e.title) for e in r.toc] == [(2, "ket-qua-dat-duoc", "Kết quả đạt được"),
                                                         (2, "ket-qua-dat-duoc_1", "Kết quả đạt được")]


def test_blocks_are_leaf_text_without_anchors_or_footnote_marks():
    r = render_markdown("## Tiêu đề\n\nĐoạn một[^1] có *nhấn mạnh*.\n\n1. Mục\n\n    đoạn trong mục\n\n[^1]: Chú.\n")
    assert r.blocks == ("Tiêu đề", "Đoạn một có nhấn mạnh.", "Mục", "đoạn trong mục", "Chú.")


def test_untrusted_html_is_sanitised_and_trusted_kept():
    source = ('Chữ <script>alert(1)</script><a href="javascript:alert(1)" onclick="x()">bấm</a>'
              '<iframe src="https://x"></iframe><img src="a.png" onerror="x()"><span style="color:red">đỏ</span>')
    html = render_markdown(source).html
    for bad in ("<script", "javascript:", "onclick", "<iframe", "onerror", "style="):
        assert bad not in html
    assert "bấm" in html and 'src="a.png"' in html
    assert "<script>" in render_markdown("<script>x</script>", trusted_html=True).html


def test_summary_skips_captions_and_cuts_on_words():
    blocks = ("Ảnh minh họa", "Một hai ba bốn năm sáu bảy tám chín mười mười một.")
    assert summarize(blocks, 100) == blocks[1]
    assert summarize(blocks, 5) == "Một hai ba bốn năm…"
    assert reading_minutes(1, 200) == 1 and reading_minutes(401, 200) == 3


def test_mark_quotes_wraps_a_sentence_and_survives_entities_and_spaces():
    r = render_markdown("Xã giải quyết 4.572 hồ sơ &amp; đạt 100%. Không có   hồ sơ trễ hẹn.\n")
    block = r.blocks[0]
    quote = "Không có hồ sơ trễ hẹn."
    start = block.index(quote)
    first = block[: block.index("100%.") + 5]
    html = mark_quotes(r.html, [QuoteMark(0, start, start + len(quote), "so-lieu-2"),
                                QuoteMark(0, 0, len(first), "so-lieu-1")])
    soup = BeautifulSoup(html, "html.parser")
    assert " ".join(soup.find(id="so-lieu-2").get_text().split()) == quote
    assert soup.find(id="so-lieu-1").get_text() == first.replace("&", "&")
    assert soup.get_text() == BeautifulSoup(r.html, "html.parser").get_text()


def test_quotes_are_marked_from_the_layout_render_markdown_found():
    """The blocks and spans render_markdown found serve to mark quotes without parsing the HTML again,
    with the same result, through lists, tables, entities and inline markup."""
    r = render_markdown("# Kết quả\n\nXã tiếp nhận **4.572** hồ sơ &amp; đạt 100%.\n\n"
                        "- Trực tuyến 96,4%;\n- Số hóa 88,7%.\n\n| Chỉ tiêu | Kết quả |\n|---|---|\n"
                        "| Đúng hạn | 100% |\n\n> Không có hồ sơ trễ hẹn.\n")
    assert len(r.spans) == len(r.blocks) >= 6
    for block, (start, end) in zip(r.blocks, r.spans, strict=True):
        # (a heading's span also holds its permalink, which is not part of its text)
        assert " ".join(BeautifulSoup(r.html[start:end], "html.parser").get_text().split()).startswith(block)
    marks = [QuoteMark(i, 0, len(block), f"q{i}") for i, block in enumerate(r.blocks)]
    marked = mark_quotes(r.html, marks, (r.blocks, r.spans))
    assert marked == mark_quotes(r.html, marks) != r.html
    assert all(BeautifulSoup(marked, "html.parser").find(id=f"q{i}") for i in range(len(marks)))


def test_mark_quotes_across_inline_tags_uses_an_anchor():
    r = render_markdown("- Trực tuyến **96,4%**; số hóa 88,7%.\n")
    html = mark_quotes(r.html, [QuoteMark(0, 0, len("Trực tuyến 96,4%;"), "q")])
    anchor = BeautifulSoup(html, "html.parser").find(id="q")
    assert anchor.name == "span" and anchor.find_next_sibling(string=True).startswith("Trực tuyến")
