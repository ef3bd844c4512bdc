"""Whether this process may fork: the build's pools and search process are forked, which is safe
only while the process runs one thread."""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable, Sequence


def single_threaded() -> bool:
    """Whether this process runs a single thread (counted by the system, so that threads started
    by C code count too).  A forked child holds only the thread that forked it: a lock another
    thread held at that moment (a stream's, the import system's, the allocator's) stays held in the
    child for good, and the child can hang on it.  So the build forks only while this is true, and
    otherwise does the same work in its own process (as `serve` does when it rebuilds in a thread
    while it goes on serving)."""
    return thread_count() == 1


def thread_count() -> int:
    """The threads of this process as the system counts them, C code's included."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:             # no /proc: the threads Python knows of
        return threading.active_count()


def in_two_processes[T, R](work: Callable[[Sequence[T]], list[R]], items: Sequence[T], *,
                           at_least: int = 4096) -> list[R]:
    """work(items), with the second half of *items* worked on by a forked child meanwhile, whose
    results come back pickled through a pipe: for work that one Python thread does one item at a
    time (a system call for each of tens of thousands of files).  In one process when *items* are few, or
    the process may not fork; the second half in this process too when the child fails."""
    if len(items) < at_least or not hasattr(os, "fork") or not single_threaded():
        return work(items)
    half = len(items) // 2
    readable, writable = os.pipe()
    child = os.fork()
    if child == 0:                  # the child: writes its results, and nothing else runs
        os.close(readable)
        status = 1
        try:
            with os.fdopen(writable, "wb") as out:
                pickle.dump(work(items[half:]), out, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)
    os.close(writable)
    results = os.fdopen(readable, "rb")
    try:
        first = work(items[:half])
        try:
            second = pickle.load(results)
        except (EOFError, pickle.UnpicklingError):
            second = None
    finally:
        results.close()             # a child still writing stops (a broken pipe) before the wait
        _, status = os.waitpid(child, 0)
    if second is None or os.waitstatus_to_exitcode(status) != 0:
        second = work(items[half:])
    return first + second


def all_in_halves[T](check: Callable[[Sequence[T]], bool], items: Sequence[T], *,
                     at_least: int = 4096) -> bool:
    """check(items), in two processes as in_two_processes."""
    return all(in_two_processes(lambda part: [check(part)], items, at_least=at_least))
