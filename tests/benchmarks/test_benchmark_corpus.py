"""The benchmark corpus generator: deterministic, valid front matter, realistic places and figures."""

from __future__ import annotations

import re
import sys
from email.utils import parsedate_to_datetime
from pathlib import Path

import frontmatter
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import corpus

COUNT = 30


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    corpus.write_corpus(out, COUNT, seed=1)
    return out


@pytest.fixture(scope="module")
def posts(generated: Path) -> list[frontmatter.Post]:
    return [frontmatter.load(p) for p in sorted((generated / "content").rglob("*.md"))]


def test_same_seed_gives_identical_bytes(generated: Path, tmp_path: Path) -> None:
    corpus.write_corpus(tmp_path, COUNT, seed=1)
    assert _files(tmp_path) == _files(generated)


def test_other_seed_differs_and_prefix_is_stable() -> None:
    assert corpus.make_article(2, 0) != corpus.make_article(1, 0)
    # Articles are independent: the first n of a bigger corpus are the corpus of size n.
    assert [a.text for a in corpus.generate(5)] == [corpus.make_article(1, i).text for i in range(5)]


def test_layout_and_config(generated: Path) -> None:
    paths = sorted((generated / "content").rglob("*.md"))
    assert len(paths) == COUNT
    assert all(re.fullmatch(r"20(19|2[0-6])/[a-z0-9-]+\.md", str(p.relative_to(generated / "content")))
               for p in paths)
    assert (generated / "config.yaml").read_text() == "title: Benchmark\nbase_url: https://example.org/\n"
    assert corpus.is_complete(generated, COUNT, 1)
    assert not corpus.is_complete(generated, COUNT + 1, 1)


def test_front_matter(posts: list[frontmatter.Post]) -> None:
    labels = 0
    for post in posts:
        assert post["layout"] == "post"
        assert post["categories"] == "entries VN"
        when = parsedate_to_datetime(post["date"])
        assert 2019 <= when.year <= 2026 and when.utcoffset() is not None
        assert re.fullmatch(r"( \[[A-Za-z ]+\] )?\S.*", post["title"])
        labels += post["title"].startswith(" [")
    assert 0 < labels < len(posts)  # some labelled, some not


def test_body_starts_with_source_link_then_image(posts: list[frontmatter.Post]) -> None:
    outlets = tuple(corpus.text.OUTLETS.values())
    for post in posts:
        first, second = post.content.split("\n\n")[:2]
        link = re.fullmatch(r"\[[^\]]+\]\((https://([^/]+)/\S+)\)", first)
        assert link and link.group(2) in outlets
        assert re.fullmatch(r"!\[[^\]]+\]\(https://\S+\.(webp|jpg)\)", second)


def test_figures_in_press_notation(posts: list[frontmatter.Post]) -> None:
    bodies = "\n".join(post.content for post in posts)
    assert re.search(r"\b\d{1,3}(\.\d{3})+ hồ sơ", bodies)  # 4.572 hồ sơ
    assert re.search(r"\b\d{1,3}(\.\d{3})*/\d{1,3}(\.\d{3})* hồ sơ", bodies)  # 4.572/4.572 hồ sơ
    assert re.search(r"\b\d{1,2},\d{1,2} ?%", bodies)  # 96,4%
    assert re.search(r"xếp thứ \d+/\d+", bodies)
    assert re.search(r"không có hồ sơ (trễ hẹn|quá hạn|trễ hạn)", bodies)
    assert re.search(r"(\d+ tháng (đầu )?năm|quý [IV]+[. ])", bodies)


def test_place_names_come_from_the_gazetteer(posts: list[frontmatter.Post]) -> None:
    old, new = corpus.load_era("old"), corpus.load_era("new")
    real_pairs = {(commune.full, district) for (_, district), units in old.communes.items() for commune in units}
    pairs, named = [], 0
    for post in posts:
        era = new if parsedate_to_datetime(post["date"]) >= corpus.NEW_ERA else old
        # The province is named in the text, or only implied by the outlet, as in real articles.
        outlet = re.match(r"\[[^\]]+\]\(https://([^/]+)/", post.content).group(1)  # type: ignore[union-attr]
        assert outlet in {corpus.text.OUTLETS[p.name] for p in era.provinces}
        named += any(p.name in post.content for p in era.provinces)
        if era is new:
            assert "huyện " not in post.content  # no districts after 1 July 2025
        else:
            # "xã X, huyện Y, …" or "xã X (huyện Y)": the district must really hold the commune.
            pairs += re.findall(r"\b(xã [^,()]+?)(?:, | \()huyện ([^,()]+)[,)]", post.content)
    assert named >= len(posts) * 0.3  # often named; the real example leaves it to the outlet
    assert pairs, "no 'xã X, huyện Y' mention in the sample"
    assert all(pair in real_pairs for pair in pairs), [p for p in pairs if p not in real_pairs]


def test_sizes_are_about_5_kb(generated: Path) -> None:
    sizes = [p.stat().st_size for p in (generated / "content").rglob("*.md")]
    assert all(3500 <= s <= 7000 for s in sizes)
    assert 4500 <= sum(sizes) / len(sizes) <= 5500


def test_press_number_helpers() -> None:
    assert corpus.dotted(4572) == "4.572"
    assert corpus.decimal(96.4, 1) == "96,4"
    assert corpus.decimal(87.602, 3) == "87,602"
    assert corpus.rounded_down(5650) == "5,6 ngàn"
