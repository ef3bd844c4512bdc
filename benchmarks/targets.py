"""What one run measured, the targets it is held to, and the table that shows both.

The targets are issue #30's (incremental and lean output), checked against the peer measured in the
same run, Pelican's cold build followed by the Pagefind CLI on its output: this machine's speed
moves between runs, so ratios are only taken within one.  Two targets of earlier issues are still
checked after them (#8: the dev server's reload; #4: what figure extraction adds to a cold build).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

# Issue #30.  Times are the wall time of the whole command, interpreter start-up included.
ONE_ADD_MAX_S = 2.0
ONE_EDIT_MAX_S = 2.0
NO_CHANGE_MAX_S = 0.5
COLD_RATIO_MAX = 0.75          # of the peer's wall time
PEAK_MAX_MB = 1024.0           # summed PSS of the process tree (measure.py), in every reformsite scenario
BYTES_RATIO_MAX = 1.25         # of the peer's output bytes
FILE_MAX_BYTES = 20 * 10**6    # decimal units, the stricter reading of "20 MB" and "250 KB"
HTML_MAX_BYTES = 250 * 10**3
# Earlier issues' targets.
SERVE_RELOAD_MAX_S = 1.0       # #8: an edit shows in the browser within this
EXTRACTION_ADDS_MAX_S = 15.0   # #4: what extraction adds to a cold build of EXTRACTION_TARGET_ARTICLES
EXTRACTION_TARGET_ARTICLES = 10_000  # other sizes are held to the same budget per article

PELICAN = "pelican"
PEER = "pelican+pagefind"
REFORMSITE = "reformsite"


@dataclass
class Result:
    tool: str
    scenario: str
    ok: bool
    wall_s: float | None = None  # median over the runs
    cpu_s: float | None = None  # median user + system time of the process tree
    peak_mb: float | None = None  # largest over the runs
    runs: list[dict[str, object]] = field(default_factory=list)
    error: str | None = None
    output_files: int | None = None
    output_bytes: int | None = None
    largest_file: str | None = None  # site path, "/data/articles.json"
    largest_file_bytes: int | None = None
    largest_html: str | None = None
    largest_html_bytes: int | None = None
    files_over_limit: int | None = None  # files over FILE_MAX_BYTES
    html_over_limit: int | None = None  # HTML pages over HTML_MAX_BYTES
    note: str | None = None


@dataclass(frozen=True)
class Output:
    """What a build wrote: counts, bytes, and its largest file and HTML page."""

    files: int = 0
    bytes: int = 0
    largest_file: str | None = None
    largest_file_bytes: int = 0
    largest_html: str | None = None
    largest_html_bytes: int = 0
    files_over_limit: int = 0
    html_over_limit: int = 0


def output_stats(folder: Path) -> Output:
    """Regular files under *folder* (symbolic links are not followed); an absent folder is empty."""
    files = total = over = html_over = 0
    largest: tuple[int, str | None] = (0, None)
    largest_html: tuple[int, str | None] = (0, None)
    for parent, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(parent, name)
            if os.path.islink(path) or not os.path.isfile(path):
                continue
            size = os.path.getsize(path)
            site_path = "/" + Path(path).relative_to(folder).as_posix()
            files, total, over = files + 1, total + size, over + (size > FILE_MAX_BYTES)
            largest = max(largest, (size, site_path), key=lambda pair: pair[0])
            if name.endswith((".html", ".htm")):
                html_over += size > HTML_MAX_BYTES
                largest_html = max(largest_html, (size, site_path), key=lambda pair: pair[0])
    return Output(files, total, largest[1], largest[0], largest_html[1], largest_html[0], over, html_over)


def with_output(result: Result, folder: Path) -> Result:
    """*result* with what its build wrote in *folder*, when it succeeded."""
    if result.ok:
        out = output_stats(folder)
        result.output_files, result.output_bytes = out.files, out.bytes
        result.largest_file, result.largest_file_bytes = out.largest_file, out.largest_file_bytes
        result.largest_html, result.largest_html_bytes = out.largest_html, out.largest_html_bytes
        result.files_over_limit, result.html_over_limit = out.files_over_limit, out.html_over_limit
    return result


# ---------------------------------------------------------------- targets


@dataclass(frozen=True)
class Target:
    name: str
    met: bool | None  # None: could not be judged
    detail: str  # what was measured, against what
    issue: int = 30


def find(results: list[Result], tool: str, scenario: str) -> Result | None:
    return next((r for r in results if r.tool == tool and r.scenario == scenario and r.ok), None)


def _time_limit(results: list[Result], scenario: str, limit: float, issue: int = 30) -> Target:
    found = find(results, REFORMSITE, scenario)
    name = f"{scenario} ≤ {limit:g} s"
    if found and found.wall_s is not None:
        return Target(name, found.wall_s <= limit, f"{found.wall_s:.2f} s", issue)
    return Target(name, None, "not measured", issue)


def _cold_builds(results: list[Result]) -> tuple[Result | None, Result | None]:
    """The peer's cold build and reformsite's, each None when it was not measured."""
    return find(results, PEER, "cold"), find(results, REFORMSITE, "cold")


def _cold_ratio(results: list[Result]) -> Target:
    peer, cold = _cold_builds(results)
    name = f"cold ≤ {COLD_RATIO_MAX:g}× Pelican + Pagefind"
    if not (peer and cold and peer.wall_s and cold.wall_s is not None):
        return Target(name, None, "needs both cold builds")
    ratio = cold.wall_s / peer.wall_s
    detail = f"{ratio:.2f}× wall ({cold.wall_s:.2f} s against {peer.wall_s:.2f} s)"
    if cold.cpu_s is not None and peer.cpu_s:
        detail += f"; {cold.cpu_s / peer.cpu_s:.2f}× cpu ({cold.cpu_s:.2f} s against {peer.cpu_s:.2f} s)"
    return Target(name, ratio <= COLD_RATIO_MAX, detail)


def _peak(results: list[Result]) -> Target:
    name = f"peak ≤ {PEAK_MAX_MB / 1024:g} GB in every reformsite scenario"
    measured = [r for r in results if r.tool == REFORMSITE and r.ok and r.peak_mb is not None]
    if not measured:
        return Target(name, None, "not measured")
    top = max(measured, key=lambda r: r.peak_mb or 0.0)
    assert top.peak_mb is not None
    return Target(name, top.peak_mb <= PEAK_MAX_MB,
                  f"{top.peak_mb:,.0f} MB at most ({top.scenario}; {len(measured)} scenarios)")


def _bytes_ratio(results: list[Result]) -> Target:
    peer, cold = _cold_builds(results)
    name = f"output ≤ {BYTES_RATIO_MAX:g}× the bytes of Pelican + Pagefind"
    if not (peer and cold and peer.output_bytes and cold.output_bytes is not None):
        return Target(name, None, "needs both cold builds")
    ratio = cold.output_bytes / peer.output_bytes
    return Target(name, ratio <= BYTES_RATIO_MAX,
                  f"{ratio:.2f}× ({size_text(cold.output_bytes)} in {cold.output_files:,} files against "
                  f"{size_text(peer.output_bytes)} in {peer.output_files:,})")


def _largest(results: list[Result], html: bool) -> Target:
    cold = find(results, REFORMSITE, "cold")
    limit = HTML_MAX_BYTES if html else FILE_MAX_BYTES
    name = f"no {'HTML page' if html else 'file'} over {size_text(limit, digits=0)}"
    if cold is None or cold.output_files is None:
        return Target(name, None, "needs the cold build")
    if html:
        path, size, over = cold.largest_html, cold.largest_html_bytes or 0, cold.html_over_limit or 0
    else:
        path, size, over = cold.largest_file, cold.largest_file_bytes or 0, cold.files_over_limit or 0
    if path is None:
        return Target(name, True, "none written")
    return Target(name, size <= limit, f"{over:,} over; the largest is {path}, {size_text(size)}")


def _extraction(results: list[Result], articles: int) -> Target:
    cold, bare = find(results, REFORMSITE, "cold"), find(results, REFORMSITE, "cold-no-figs")
    budget = EXTRACTION_ADDS_MAX_S * articles / EXTRACTION_TARGET_ARTICLES
    name = f"extraction adds < {budget:.3g} s"
    if not (cold and bare and cold.wall_s is not None and bare.wall_s is not None):
        return Target(name, None, "needs both cold builds", issue=4)
    added = cold.wall_s - bare.wall_s
    return Target(name, added < budget,
                  f"{added:.2f} s wall, {(cold.cpu_s or 0) - (bare.cpu_s or 0):.2f} s cpu", issue=4)


def check_targets(results: list[Result], articles: int = EXTRACTION_TARGET_ARTICLES) -> list[Target]:
    """Every target, issue #30's first, judged on the results of one run."""
    return [
        _time_limit(results, "one-add", ONE_ADD_MAX_S),
        _time_limit(results, "one-edit", ONE_EDIT_MAX_S),
        _time_limit(results, "no-change", NO_CHANGE_MAX_S),
        _cold_ratio(results),
        _peak(results),
        _bytes_ratio(results),
        _largest(results, html=False),
        _largest(results, html=True),
        _time_limit(results, "serve-reload", SERVE_RELOAD_MAX_S, issue=8),
        _extraction(results, articles),
    ]


# ---------------------------------------------------------------- the table


def size_text(count: int, digits: int = 1) -> str:
    """Bytes in decimal units: "132.0 MB", "350.2 KB", "20 MB"."""
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if count >= scale:
            return f"{count / scale:.{digits}f} {unit}"
    return f"{count} B"


def _cell(value: float | None, fmt: str) -> str:
    return "—" if value is None else format(value, fmt)


def _rows(results: list[Result]) -> list[str]:
    peer = find(results, PEER, "cold")
    header = (f"{'tool':<16} {'scenario':<13} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} {'× P+Pf':>7} "
              f"{'files':>7} {'MB out':>7}  status")
    lines = [header, "-" * len(header)]
    for r in results:
        ratio = (r.wall_s / peer.wall_s if r is not peer and r.wall_s is not None and peer and peer.wall_s
                 else None)
        status = "ok" if r.ok else "FAILED"
        mb_out = r.output_bytes / 1e6 if r.output_bytes is not None else None
        lines.append(f"{r.tool:<16} {r.scenario:<13} {_cell(r.wall_s, '.2f'):>8} {_cell(r.cpu_s, '.2f'):>8} "
                     f"{_cell(r.peak_mb, '.0f'):>8} {_cell(ratio, '.2f'):>7} {_cell(r.output_files, 'd'):>7} "
                     f"{_cell(mb_out, '.1f'):>7}  {status}")
    return lines


def _outputs(results: list[Result]) -> list[str]:
    lines = []
    for r in results:
        if r.ok and r.output_bytes is not None:
            largest = f"{r.largest_file} ({size_text(r.largest_file_bytes or 0)})" if r.largest_file else "—"
            html = f"{r.largest_html} ({size_text(r.largest_html_bytes or 0)})" if r.largest_html else "—"
            lines.append(f"  {r.tool} {r.scenario}: {r.output_files:,} files, {size_text(r.output_bytes)}; "
                         f"largest file {largest}; largest HTML page {html}")
    return ["outputs:", *lines] if lines else []


def format_table(articles: int, results: list[Result], targets: list[Target]) -> str:
    """The run's results side by side, what each build wrote, then each target as measured."""
    lines = [f"{articles:,} articles", *_rows(results), *_outputs(results)]
    notes = [f"  {r.tool} {r.scenario}: {r.note}" for r in results if r.note]
    if notes:
        lines += ["notes:", *notes]
    for r in results:
        if r.error:
            indented = "\n    ".join(r.error.splitlines()[-8:])
            lines.append(f"  ! {r.tool} {r.scenario}:\n    {indented}")
    verdict = {True: "met", False: "NOT met", None: "n/a"}
    lines.append("targets (ratios against Pelican + Pagefind in this run):")
    for t in targets:
        issue = "" if t.issue == 30 else f" (#{t.issue})"
        lines.append(f"  {verdict[t.met]:<8} {t.name}{issue}: {t.detail}")
    return "\n".join(lines)
