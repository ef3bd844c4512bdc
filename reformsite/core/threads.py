"""Whether this process may fork: the build's pools and search process are forked, which is safe
only while the process runs one thread."""

from __future__ import annotations

import os
import threading


def single_threaded() -> bool:
    """Whether this process runs a single thread (counted by the system, so that threads started
    by C code count too).  A forked child holds only the thread that forked it: a lock another
    thread held at that moment (a stream's, the import system's, the allocator's) stays held in the
    child for good, and the child can hang on it.  So the build forks only while this is true, and
    otherwise does the same work in its own process (as `serve` does when it rebuilds in a thread
    while it goes on serving)."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:             # no /proc: the threads Python knows of
        return threading.active_count() == 1
