"""core.threads.all_in_halves: a check split with a forked child gives the same verdict as in one
process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reformsite.core import all_in_halves, in_two_processes


def _none_negative(items: list[int]) -> bool:
    if any(item == -2 for item in items):
        raise ValueError("a check that fails")
    return all(item >= 0 for item in items)


@pytest.mark.parametrize(("items", "verdict"), [
    (list(range(100)), True),
    ([-1, *range(99)], False),            # the parent's half
    ([*range(99), -1], False),            # the child's half
])
def test_the_verdict_is_the_same_split_or_not(items: list[int], verdict: bool) -> None:
    assert all_in_halves(_none_negative, items, at_least=1000) is verdict      # in one process
    assert all_in_halves(_none_negative, items, at_least=10) is verdict


def test_work_that_fails_in_the_child_is_done_again_here() -> None:
    """The child's half is worked on again in this process, where its error is raised as it would
    be without a child."""
    with pytest.raises(ValueError, match="a check that fails"):
        all_in_halves(_none_negative, [*range(99), -2], at_least=10)
    assert in_two_processes(_doubled_in_a_child_only, list(range(10)), at_least=2) == [
        0, 2, 4, 6, 8, 10, 12, 14, 16, 18]


_PARENT = os.getpid()


def _doubled_in_a_child_only(items: list[int]) -> list[int]:
    if os.getpid() != _PARENT:
        os._exit(3)                 # dies without a word
    return [item * 2 for item in items]


def test_results_come_back_in_order() -> None:
    items = [f"trang-{n}" for n in range(5000)]
    assert in_two_processes(lambda part: [(os.getpid() == _PARENT, x.upper()) for x in part], items,
                            at_least=10) == [(n < 2500, f"TRANG-{n}") for n in range(5000)]


def test_an_error_here_does_not_hang_on_a_child_with_much_to_send() -> None:
    def work(part: list[int]) -> list[bytes]:
        if os.getpid() == _PARENT:
            raise RuntimeError("failed here")
        return [b"x" * 1_000_000 for _ in part]        # more than a pipe holds

    before = _children()
    with pytest.raises(RuntimeError, match="failed here"):
        in_two_processes(work, list(range(20)), at_least=2)
    assert _children() == before


def _children() -> set[str]:
    """This process's children, exited ones not yet waited for included."""
    return {pid for task in Path("/proc/self/task").iterdir()
            for pid in (task / "children").read_text().split()}


def test_no_child_is_left_behind() -> None:
    before = _children()
    all_in_halves(_none_negative, [-1, *range(99)], at_least=10)
    assert _children() == before
