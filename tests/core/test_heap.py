"""The garbage collector while a build makes its long-lived objects (reformsite.core.heap)."""

import datetime as dt
import gc

import pytest

from reformsite.build import articles
from reformsite.core import VIETNAM, Diagnostic, collector_paused, frozen_heap


@pytest.fixture
def collecting():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_waits_inside_the_block_and_runs_again_after(collecting):
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()          # an inner block does not end the outer one's pause
    assert gc.isenabled()


def test_a_collector_stopped_before_the_block_stays_stopped(collecting):
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_the_collector_runs_again_when_the_block_fails(collecting):
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("a stage failed")
    assert gc.isenabled()


def test_frozen_objects_are_out_of_reach_until_the_outermost_block_ends(collecting):
    kept = [object() for _ in range(10)]
    with frozen_heap():
        assert gc.get_freeze_count() >= len(kept)
        with frozen_heap():
            pass
        assert gc.get_freeze_count() >= len(kept)
    assert gc.get_freeze_count() == 0


def _report_collector(item, *, settings, now):
    """Stands in for process_file in the workers: says whether the worker's collector runs."""
    return None, [Diagnostic(item[0], None, None, f"collecting={gc.isenabled()}", "")]


class NoGazetteer:
    """Stands in for the build's Settings: there is nothing to load before forking."""

    def gazetteer(self):
        return None


def test_article_workers_collect_while_the_build_process_waits(collecting, monkeypatch):
    monkeypatch.setattr(articles, "process_file", _report_collector)
    monkeypatch.setattr(articles, "prepare_extractor", lambda: None)

    items = [(f"{i}.md", "article", b"") for i in range(articles.POOL_THRESHOLD)]
    now = dt.datetime(2024, 1, 1, tzinfo=VIETNAM)
    with collector_paused():
        results = articles._run(items, NoGazetteer(), now, lambda *a: None, workers=2)
    assert {problems[0].message for _, problems in results} == {"collecting=True"}
