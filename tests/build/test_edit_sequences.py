"""After any sequence of edits, additions and deletions, a build with the cache writes exactly what a
cold build of the same content writes, byte for byte."""

from __future__ import annotations

import random
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sitekit import NOW, REPO, read_output

from reformsite.build.pipeline import BuildOptions, build
from reformsite.pages import kinds

sys.path.insert(0, str(REPO / "benchmarks"))

import corpus

ARTICLES = 30
STEPS = 8


def _body_start(text: str) -> int:
    return text.index("\n---\n", 4) + 5


def edit_lead(rng: random.Random, text: str) -> str:
    """A sentence added to the lead paragraph."""
    end = text.index("\n\n", text.index("\n\n", _body_start(text)) + 2)
    return text[:end] + f" Đến nay, xã đã tiếp nhận {rng.randint(10, 999)} hồ sơ trực tuyến." + text[end:]


def edit_figure(rng: random.Random, text: str) -> str:
    """A number of the body changed."""
    start = _body_start(text)
    numbers = list(re.finditer(r"\d+", text[start:]))
    found = numbers[rng.randrange(len(numbers))]
    return text[:start + found.start()] + str(int(found.group()) + 1) + text[start + found.end():]


def retitle(rng: random.Random, text: str) -> str:
    return re.sub(r"^title: .*$", f'title: "Bài được đổi tên số {rng.randint(1, 99)}"', text, count=1,
                  flags=re.MULTILINE)


def redate(rng: random.Random, text: str) -> str:
    """The article moved to the top of every newest-first list."""
    return re.sub(r"^date: .*$", f"date: 2026-11-{rng.randint(1, 28):02d}T08:00:00+07:00", text, count=1,
                  flags=re.MULTILINE)


def retag(rng: random.Random, text: str) -> str:
    tag = rng.choice(["Một cửa", "Chuyển đổi số", "Dịch vụ công"])
    return text.replace("\n---\n", f"\ntags: [{tag}]\n---\n", 1) if "\ntags:" not in text else text


def reslug(rng: random.Random, text: str) -> str:
    """The article moved to another URL: the pages that link to it by reference must follow."""
    text = re.sub(r"^slug: .*\n", "", text, flags=re.MULTILINE)
    return text.replace("\n---\n", f"\nslug: bai-doi-dia-chi-{rng.randint(1, 999)}\n---\n", 1)


EDITS: tuple[Callable[[random.Random, str], str], ...] = (edit_lead, edit_figure, retitle, redate, retag,
                                                          reslug)


def _linked_to(content: Path) -> list[str]:
    """The articles (under *content*) that another one links to by reference, and that still exist."""
    found = {m.group(1) for path in content.rglob("*.md")
             for m in re.finditer(r"\{% link (\S+) %\}", path.read_text(encoding="utf-8"))}
    return sorted(rel for rel in found if (content / rel).is_file())


def link_to(text: str, target: str) -> str:
    """A sentence linking by reference ({% link %}) to the article at *target* (under content/)."""
    return text.rstrip("\n") + f"\n\nXem thêm [bài liên quan]({{% link {target} %}}).\n"


def apply_step(rng: random.Random, content: Path, added: int) -> str:
    """One random change to *content*; returns what it did, for the failure message."""
    files = sorted(content.rglob("*.md"))
    choice = rng.random()
    if choice < 0.2:
        new = corpus.make_article(seed=99, index=added)
        path = content / new.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(new.text, encoding="utf-8")
        return f"added {new.path}"
    target = rng.choice(files)
    if choice < 0.35:
        target.unlink()
        return f"deleted {target.name}"
    if choice < 0.5:
        other = rng.choice(files).relative_to(content).as_posix()
        target.write_text(link_to(target.read_text(encoding="utf-8"), other), encoding="utf-8")
        return f"linked {target.name} to {other}"
    edit = rng.choice(EDITS)
    if edit is reslug and (linked := _linked_to(content)):
        target = content / rng.choice(linked)      # the case that matters: a page links to it
    target.write_text(edit(rng, target.read_text(encoding="utf-8")), encoding="utf-8")
    return f"{edit.__name__} {target.name}"


def _build(site: Path, output: Path, *, cache: bool) -> dict[str, bytes]:
    result = build(BuildOptions(config_path=site / "config.yaml", output_dir=output, now=NOW,
                                use_cache=cache, jobs=1))
    assert result.exit_code == 0, [d.format() for d in result.diagnostics if d.severity == "error"]
    return read_output(output)


@pytest.mark.parametrize(("seed", "history"), [(4, None), (7, 2)])   # both link, then move the target
def test_a_cached_build_after_random_edits_equals_a_cold_build(tmp_path: Path, seed: int, history: int | None,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """With *history*, an indicator's page lists that many reports: its other parts (the places'
    comparison) then change with articles its list does not show, as on a large site."""
    if history is not None:
        monkeypatch.setattr(kinds, "HISTORY_PER_PAGE", history)
    site = tmp_path / "site"
    corpus.write_corpus(site, ARTICLES, seed=seed)
    _build(site, tmp_path / "output", cache=True)
    rng = random.Random(seed)
    done: list[str] = []
    for step in range(STEPS):
        done.append(apply_step(rng, site / "content", added=step))
        warm = _build(site, tmp_path / "output", cache=True)
        cold_dir = tmp_path / f"cold-{step}"
        cold = _build(site, cold_dir, cache=False)
        shutil.rmtree(cold_dir)
        differ = sorted(url for url in warm.keys() | cold.keys() if warm.get(url) != cold.get(url))
        assert not differ, f"after {done}: {differ[:10]}"


def test_a_link_by_reference_follows_the_page_it_names_when_that_page_moves(tmp_path):
    """A's file is unchanged when B, which A links to with {% link %}, gets a new slug: the rebuild
    must still render A again, with B's new URL, as a cold build would."""
    content = tmp_path / "content" / "2024"
    content.mkdir(parents=True)
    (tmp_path / "config.yaml").write_text("title: Thử\nbase_url: https://example.org/\n", encoding="utf-8")
    (content / "a.md").write_text("---\ntitle: Bài A\ndate: 2024-05-01 08:00:00 +0700\n---\n"
                                  "Xem [bài B]({% link 2024/b.md %}).\n", encoding="utf-8")
    b = content / "b.md"
    b.write_text("---\ntitle: Bài B\ndate: 2024-09-02 08:00:00 +0700\n---\nNội dung B.\n", encoding="utf-8")
    for number in range(5):          # between A and B: neither is the other's neighbour
        (content / f"c{number}.md").write_text(
            f"---\ntitle: Tin thời tiết số {number}\ndate: 2024-06-0{number + 1} 08:00:00 +0700\n---\n"
            f"Trời mưa nhẹ ở vùng núi số {number}.\n", encoding="utf-8")
    options = {"config_path": tmp_path / "config.yaml", "now": NOW}
    build(BuildOptions(**options))
    b.write_text(b.read_text(encoding="utf-8").replace("title: Bài B\n", "title: Bài B\nslug: bai-b-moi\n"),
                 encoding="utf-8")
    rebuilt = build(BuildOptions(**options))
    assert not rebuilt.diagnostics
    page = (tmp_path / "output/bai-viet/bai-a/index.html").read_text(encoding="utf-8")
    assert 'href="/bai-viet/bai-b-moi/"' in page and 'href="/bai-viet/bai-b/"' not in page
    build(BuildOptions(**options, use_cache=False, output_dir=tmp_path / "cold"))
    assert read_output(tmp_path / "output") == read_output(tmp_path / "cold")
