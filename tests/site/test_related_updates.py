"""The related table found again for what changed equals the table found from scratch."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest
from sitekit import NOW, REPO

from reformsite.build.pipeline import BuildOptions, build
from reformsite.site import related_inputs, related_table, updated_related_table

sys.path.insert(0, str(REPO / "benchmarks"))

import corpus


def _site(root: Path):
    result = build(BuildOptions(config_path=root / "config.yaml", now=NOW, write=False, use_cache=False, jobs=1))
    return result.site


def _change(rng: random.Random, content: Path, step: int) -> None:
    files = sorted(content.rglob("*.md"))
    target = rng.choice(files)
    text = target.read_text(encoding="utf-8")
    kind = step % 4
    if kind == 0:
        new = corpus.make_article(seed=77, index=step)
        (content / new.path).parent.mkdir(parents=True, exist_ok=True)
        (content / new.path).write_text(new.text, encoding="utf-8")
    elif kind == 1:
        target.unlink()
    elif kind == 2:
        target.write_text(re.sub(r"^date: .*$", f"date: 2022-0{rng.randint(1, 9)}-15T08:00:00+07:00", text,
                                 count=1, flags=re.MULTILINE), encoding="utf-8")
    else:
        target.write_text(text.replace("\n---\n", "\ntags: [Một cửa]\n---\n", 1), encoding="utf-8")


@pytest.mark.parametrize("seed", [3, 4])
def test_updated_table_equals_the_table_from_scratch(tmp_path: Path, seed: int) -> None:
    corpus.write_corpus(tmp_path, 160, seed=seed)
    site = _site(tmp_path)
    before = (related_inputs(site.articles, site.places), related_table(site.articles, site.places))
    rng = random.Random(seed)
    for step in range(4):
        _change(rng, tmp_path / "content", step)
    site = _site(tmp_path)
    inputs = related_inputs(site.articles, site.places)
    assert inputs != before[0]
    scratch = related_table(site.articles, site.places)
    assert updated_related_table(site.articles, site.places, inputs, before) == scratch
    # Taken as it was, the earlier table is wrong for some article: the test can tell.
    assert {url: before[1].get(url) for url in scratch} != scratch


def test_an_article_found_again_sorts_only_the_pools_it_looks_in(tmp_path: Path, monkeypatch) -> None:
    """A rebuild finds the related articles of the few articles near what changed: the pools of the
    site's other places and indicators, thousands on a large site, are never sorted."""
    import reformsite.site.related as related_module

    corpus.write_corpus(tmp_path, 60, seed=5)
    site = _site(tmp_path)
    sorted_pools: list[int] = []
    real = related_module._Pool.__init__

    def counting(self, articles, when):
        sorted_pools.append(len(articles))
        real(self, articles, when)

    monkeypatch.setattr(related_module._Pool, "__init__", counting)
    article = site.articles[len(site.articles) // 2]
    found = related_module.related_finder(site.articles, site.places)(article)
    looked_in = (len(related_module.main_chain(site.places, article))
                 + len({r.figure.indicator for r in article.figures}))
    assert 0 < len(sorted_pools) <= looked_in < len(site.places.entries)
    # The same articles as the table from scratch, whose finder sorts every pool.
    assert [a.url for a in found] == list(related_table(site.articles, site.places)[article.url])
