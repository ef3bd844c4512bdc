"""Run one command and report its wall time and peak memory as a JSON line on stdout.

    python benchmarks/measure.py [--cwd DIR] [--log FILE] -- COMMAND [ARG ...]

Run as a fresh process per measurement so that `getrusage(RUSAGE_CHILDREN)` sees only this command.
cpu_s is user + system time of the tree (the processes it waited for): unlike wall time it hardly
moves when other work shares the machine.  Two memory figures, because a build may fan out into a
process pool:
  * max_rss_kb: the largest single process of the tree (kernel accounting, exact, but per process);
  * tree_peak_kb: the largest sum of PSS over the whole tree, sampled every --interval seconds
    (proportional set size, so pages shared between pool workers are not counted twice), or less
    often when sampling is slow: see next_wait.
peak_kb, the figure to report, is the larger of the two.  Linux only (/proc).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue  # the process ended while we looked
        # The command name may hold spaces and brackets; the fields after its closing ")" do not.
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def _memory_kb(pid: int) -> int:
    """PSS of one process, or its RSS where smaps_rollup is unavailable; 0 once it has gone."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_memory_kb(root: int) -> int:
    children = _children_map()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _memory_kb(pid)
        stack.extend(children.get(pid, ()))
    return total


# The most of one core the sampler may take from the build it measures.
SAMPLER_SHARE = 0.05


def next_wait(interval: float, sample_seconds: float) -> float:
    """Seconds to wait before the next memory sample, given how long the last one took.

    Reading a process's PSS makes the kernel walk its page tables: about 24 ms for a 3 GB process on
    this machine, and the build's tree holds several such processes at 10,000 articles.  Sampling
    every 50 ms regardless kept a whole core of a two-core machine busy, and so slowed the build it
    measured.  Waiting in proportion keeps the sampler below SAMPLER_SHARE of one core; memory peaks
    of a build last seconds, so they are still caught."""
    return max(interval, sample_seconds * (1 - SAMPLER_SHARE) / SAMPLER_SHARE)


def measure(command: list[str], cwd: Path | None, log: Path | None, interval: float) -> dict[str, object]:
    out = log.open("wb") if log else subprocess.DEVNULL
    peak, samples, sampling = 0, 0, 0.0
    done = threading.Event()
    try:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)

        def sample() -> None:
            nonlocal peak, samples, sampling
            while not done.is_set():
                began = time.perf_counter()
                peak = max(peak, tree_memory_kb(process.pid))
                took = time.perf_counter() - began
                samples, sampling = samples + 1, sampling + took
                done.wait(next_wait(interval, took))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        returncode = process.wait()
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
    finally:
        if log:
            out.close()  # type: ignore[union-attr]
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime
    return {"returncode": returncode, "wall_s": round(wall, 4), "cpu_s": round(cpu, 3),
            "max_rss_kb": usage.ru_maxrss, "tree_peak_kb": peak, "peak_kb": max(usage.ru_maxrss, peak),
            "memory_samples": samples, "sampling_s": round(sampling, 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cwd", type=Path)
    parser.add_argument("--log", type=Path, help="where the command's stdout and stderr go")
    parser.add_argument("--interval", type=float, default=0.05, help="memory sampling period, seconds")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")
    try:
        result = measure(command, args.cwd, args.log, args.interval)
    except OSError as error:  # the command could not start at all
        result = {"returncode": 127, "error": str(error)}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
