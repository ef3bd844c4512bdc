"""Stable pagination: pages count from the oldest, so a new article leaves the older pages as they were."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st
from sitekit import article, read_output

from reformsite.pages import kinds
from reformsite.pages.kinds import paginate


@given(st.integers(min_value=0, max_value=60), st.integers(min_value=1, max_value=7))
def test_pages_hold_every_item_once_newest_first(count: int, per_page: int) -> None:
    items = list(range(count, 0, -1))                     # newest (largest) first
    pages = paginate(items, per_page, "/x/")
    assert [i for page in pages for i in page.items] == items
    first, *older = pages
    assert first.url == "/x/" and first.first and first.previous_url is None
    assert (per_page <= len(first.items) < 2 * per_page) if count >= per_page else len(first.items) == count
    assert all(len(page.items) == per_page for page in older)
    # Numbered from the oldest: the last page is /trang/1/, the first one more than the newest numbered.
    assert [page.url for page in older] == [f"/x/trang/{n}/" for n in range(len(older), 0, -1)]
    assert first.number == len(older) + 1
    for newer, older_page in itertools.pairwise(pages):
        assert newer.next_url == older_page.url and older_page.previous_url == newer.url
    assert pages[-1].next_url is None and first.alone == (len(pages) == 1)


@given(st.integers(min_value=0, max_value=60), st.integers(min_value=1, max_value=7),
       st.integers(min_value=1, max_value=10))
def test_newer_items_leave_every_numbered_page_as_it_was(count: int, per_page: int, added: int) -> None:
    items = list(range(count, 0, -1))
    before = {page.url: page for page in paginate(items, per_page, "/")[1:]}
    after = {page.url: page for page in paginate(list(range(count + added, count, -1)) + items, per_page, "/")[1:]}
    for url, page in before.items():
        kept = after[url]
        assert kept.items == page.items and kept.number == page.number and kept.next_url == page.next_url
    assert len(after) - len(before) <= added // per_page + 1


def _articles(count: int) -> dict[str, str]:
    body = "Xã Tân Hòa, huyện Tân Thạnh, tỉnh Long An đã tiếp nhận {n}.234 hồ sơ trong tháng 3 năm 2024."
    return {f"content/2024/bai-{n:02d}.md": article(f"Bài số {n}", f"2024-03-{n:02d}T08:00:00+07:00",
                                                    body.format(n=n), categories="[Tin xã]")
            for n in range(1, count + 1)}


def test_a_new_article_rewrites_no_numbered_page(make_site, monkeypatch) -> None:
    monkeypatch.setattr(kinds, "HISTORY_PER_PAGE", 3)
    site = make_site(_articles(10))
    before = read_output(site.output)
    numbered = sorted(url for url in before if "/trang/" in url)
    # 10 at 3 a page (4 + 3 + 3): the home and the category's (an indicator's history is its newest
    # reports only, see test_figure_pages).
    assert not [url for url in numbered if url.startswith("/chi-so/")]
    for first in ("/", "/chuyen-muc/tin-xa/"):
        assert [url for url in numbered if url.startswith(first + "trang/")] == [
            f"{first}trang/1/index.html", f"{first}trang/2/index.html"], first
    site = make_site({"content/2024/bai-moi.md": article(
        "Bài mới nhất", "2024-03-20T08:00:00+07:00", "Xã Tân Hòa, huyện Tân Thạnh, tỉnh Long An đã tiếp nhận "
        "99 hồ sơ trong tháng 2 năm 2024.", categories="[Tin xã]")})
    after = read_output(site.output)
    assert [url for url in numbered if after[url] != before[url]] == []
    home = site.html("/")
    assert home.select_one(".lead-title a").get_text(strip=True) == "Bài mới nhất"
    assert home.select_one(".pagination a[rel=next]")["href"] == "/trang/2/"
    # The new article's figure, of an older period, heads the first page of the history.
    history = site.html("/chi-so/hs_tiep_nhan/").select("table.figures-table")[-1]
    assert history.select_one("tbody tr td.num").get_text() == "99 hồ sơ"
