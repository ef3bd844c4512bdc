"""Build benchmark: reformsite beside Pelican on the same generated corpus, in one command.

    .venv/bin/python benchmarks/run.py --articles 1000 [--articles 10000] [--skip-pelican]
                                       [--repeat 3] [--seed 1] [--only SCENARIO]
                                       [--out benchmarks/results.json]

For each size: generate the corpus (cached under benchmarks/work/), then measure every scenario as
a fresh process tree (benchmarks/measure.py: wall time, peak memory), print a table with ratios to
Pelican's cold build and the targets of the performance issue, and write everything as JSON.
A failing build is reported (with the tail of its log) and the run goes on.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import corpus
import pelican_site

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"

# The reformsite build; {placeholders} are filled per size.  Run with the corpus folder as the working
# directory, so anything reformsite keeps relative to it (a cache) stays under benchmarks/work/.
REFORMSITE_BUILD = ["{python}", "{root}/build.py", "build", "--config", "{corpus}/config.yaml",
                    "--content", "{corpus}/content", "--output", "{output}"]
NO_CACHE = "--no-cache"

# The performance issue's targets.
COLD_RATIO_MAX = 1 / 3
ONE_EDIT_MAX_S = 1.5
NO_CHANGE_MAX_S = 1.0
SERVE_RELOAD_MAX_S = 1.0     # the editors' workflow issue: an edit shows in the browser within 1 s
PEAK_MAX_MB = 1024.0
EXTRACTION_ADDS_MAX_S = 15.0  # the figures issue: extraction adds < 15 s to a cold build of 10,000
EXTRACTION_TARGET_ARTICLES = 10_000  # (other sizes are held to the same budget per article)


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
    note: str | None = None


@dataclass(frozen=True)
class Size:
    """Everything the scenarios of one corpus size need."""

    articles: int
    seed: int
    corpus: Path
    out: Path  # benchmarks/work/out-<N>/
    logs: Path
    repeat: int

    def reformsite_command(self, *extra: str, output: str = "reformsite",
                           script: str = "{root}/build.py") -> list[str]:
        python = VENV_PYTHON if VENV_PYTHON.exists() else Path(sys.executable)
        values = {"python": str(python), "root": str(ROOT), "corpus": str(self.corpus),
                  "output": str(self.out / output)}
        command = [script if part == "{root}/build.py" else part for part in REFORMSITE_BUILD]
        return [part.format(**values) for part in command] + list(extra)


# ---------------------------------------------------------------- measuring


def measure_once(command: list[str], cwd: Path, log: Path) -> dict[str, object]:
    """One run of *command* under benchmarks/measure.py, in its own process."""
    wrapper = [sys.executable, str(HERE / "measure.py"), "--cwd", str(cwd), "--log", str(log), "--", *command]
    done = subprocess.run(wrapper, capture_output=True, text=True, check=False)
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return {"returncode": -1, "error": f"measure.py failed: {done.stderr.strip()[-500:]}"}


def _log_tail(log: Path, lines: int = 12) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def measure(size: Size, tool: str, scenario: str, command: list[str],
            before_each: Callable[[int], None] | None = None,
            after_each: Callable[[int], None] | None = None) -> Result:
    """Run *command* size.repeat times (setup and cleanup around each run are not timed)."""
    runs: list[dict[str, object]] = []
    for attempt in range(size.repeat):
        log = size.logs / f"{tool}-{scenario}-{attempt + 1}.log"
        if before_each:
            before_each(attempt)
        try:
            run = measure_once(command, size.corpus, log)
        finally:
            if after_each:
                after_each(attempt)
        run["log"] = str(log)
        runs.append(run)
        if run.get("returncode") != 0:
            error = str(run.get("error") or _log_tail(log) or f"exit status {run.get('returncode')}")
            return Result(tool, scenario, ok=False, runs=runs, error=error)
    walls = [float(r["wall_s"]) for r in runs]  # type: ignore[arg-type]
    cpus = [float(r.get("cpu_s", 0.0)) for r in runs]  # type: ignore[arg-type]
    peaks = [int(r["peak_kb"]) / 1024 for r in runs]  # type: ignore[call-overload]
    return Result(tool, scenario, ok=True, wall_s=round(statistics.median(walls), 3),
                  cpu_s=round(statistics.median(cpus), 3), peak_mb=round(max(peaks), 1), runs=runs)


def output_stats(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []
    return len(files), sum(p.stat().st_size for p in files)


def _with_output(result: Result, folder: Path) -> Result:
    if result.ok:
        result.output_files, result.output_bytes = output_stats(folder)
    return result


def _prime(size: Size, name: str) -> str | None:
    """An untimed build that fills reformsite's cache; returns the error, if any."""
    run = measure_once(size.reformsite_command(), size.corpus, size.logs / f"reformsite-{name}-prime.log")
    if run.get("returncode") == 0:
        return None
    return str(run.get("error") or _log_tail(size.logs / f"reformsite-{name}-prime.log"))


# ---------------------------------------------------------------- scenarios


def fresh_output(output: Path) -> None:
    """A cold build's starting point, as in CI on a fresh clone: no output folder, and nothing an
    earlier build kept beside it (reformsite keeps the output it replaced as `.<name>.spare`, a whole
    site that a build would otherwise have to delete first)."""
    shutil.rmtree(output, ignore_errors=True)
    for kept in sorted(output.parent.glob(f".{output.name}.*")):
        if kept.is_dir():
            shutil.rmtree(kept, ignore_errors=True)
        else:
            kept.unlink(missing_ok=True)


def pelican_cold(size: Size) -> Result:
    site = WORK / f"pelican-{size.articles}-s{size.seed}"
    output = size.out / "pelican"
    try:
        command = pelican_site.prepare_site(size.corpus, site, output, WORK / "pelican-venv")
    except (OSError, subprocess.CalledProcessError, ValueError) as error:
        return Result("pelican", "cold", ok=False, error=f"could not prepare Pelican: {error}")
    result = measure(size, "pelican", "cold", command, before_each=lambda _: fresh_output(output))
    return _with_output(result, output)


def reformsite_cold(size: Size) -> Result:
    output = size.out / "reformsite"
    result = measure(size, "reformsite", "cold", size.reformsite_command(NO_CACHE),
                     before_each=lambda _: fresh_output(output))
    return _with_output(result, output)


def reformsite_cold_without_extraction(size: Size) -> Result:
    """The cold build with the figure extractor finding nothing (benchmarks/without_extraction.py):
    the difference to the cold build is what extraction, and showing its figures, adds."""
    output = size.out / "reformsite-no-figures"
    command = size.reformsite_command(NO_CACHE, output="reformsite-no-figures",
                                      script=str(HERE / "without_extraction.py"))
    result = measure(size, "reformsite", "cold-no-figs", command,
                     before_each=lambda _: fresh_output(output))
    return _with_output(result, output)


def reformsite_no_change(size: Size) -> Result:
    if error := _prime(size, "no-change"):
        return Result("reformsite", "no-change", ok=False, error=f"priming build failed: {error}")
    return measure(size, "reformsite", "no-change", size.reformsite_command())


def edited_article(size: Size) -> Path:
    """The article the one-edit scenario touches: the middle one in path order, so always the same."""
    paths = sorted((size.corpus / "content").rglob("*.md"))
    return paths[len(paths) // 2]


def reformsite_one_edit(size: Size) -> Result:
    if error := _prime(size, "one-edit"):
        return Result("reformsite", "one-edit", ok=False, error=f"priming build failed: {error}")
    article = edited_article(size)
    original = article.read_bytes()

    def edit(attempt: int) -> None:  # a different sentence each time, so every run sees a change
        sentence = f"\nCập nhật: số liệu được bổ sung theo báo cáo của UBND (lần {attempt + 1}).\n"
        article.write_bytes(original + sentence.encode())

    def restore(_: int) -> None:
        article.write_bytes(original)

    result = measure(size, "reformsite", "one-edit", size.reformsite_command(), edit, restore)
    result.note = f"appended one sentence to {article.relative_to(size.corpus)}"
    return result


def reformsite_serve_reload(size: Size) -> Result:
    """Dev-server latency: one article saved → `serve` answers its URL with the new text.

    benchmarks/serve_latency.py does the measuring (the server as `serve` runs it, in its own process
    here) on a copy of the corpus with its build cache; wall s is the median over three saves.  The
    full rebuild that follows each save runs in the background and is reported in the note.
    """
    report = size.out / "serve-latency.json"
    command = [sys.executable, str(HERE / "serve_latency.py"), "--no-bundled", "--site", str(size.corpus),
               "--edits", "3", "--json", str(report)]
    log = size.logs / "reformsite-serve-reload.log"
    with log.open("w") as out:
        done = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, check=False, cwd=ROOT)
    if done.returncode != 0 or not report.is_file():
        return Result("reformsite", "serve-reload", ok=False, error=f"exit {done.returncode}; see {log}")
    figures = json.loads(report.read_text())[0]
    return Result("reformsite", "serve-reload", ok=True, wall_s=figures["median_s"],
                  runs=[figures], note=f"edit → page, median of 3 saves (min {figures['min_s']} s, "
                  f"max {figures['max_s']} s); the whole site was rebuilt {figures['settled_s']} s "
                  "after the last save")


# Order matters: the warm scenarios prime the cache themselves, but run after the cold build.
PELICAN_SCENARIOS: list[Callable[[Size], Result]] = [pelican_cold]
REFORMSITE_SCENARIOS: list[Callable[[Size], Result]] = [
    reformsite_cold, reformsite_cold_without_extraction, reformsite_no_change, reformsite_one_edit,
    reformsite_serve_reload,
]


# ---------------------------------------------------------------- targets and report


@dataclass(frozen=True)
class Target:
    name: str
    met: bool | None  # None: could not be judged
    detail: str


def _find(results: list[Result], tool: str, scenario: str) -> Result | None:
    return next((r for r in results if r.tool == tool and r.scenario == scenario and r.ok), None)


def check_targets(results: list[Result], articles: int = EXTRACTION_TARGET_ARTICLES) -> list[Target]:
    pelican = _find(results, "pelican", "cold")
    cold = _find(results, "reformsite", "cold")
    targets = []
    if pelican and cold and pelican.wall_s and cold.wall_s is not None:
        ratio = cold.wall_s / pelican.wall_s
        targets.append(Target("cold ≤ ⅓ Pelican cold", ratio <= COLD_RATIO_MAX, f"ratio {ratio:.2f}"))
    else:
        targets.append(Target("cold ≤ ⅓ Pelican cold", None, "needs both cold builds"))
    for scenario, limit in (("one-edit", ONE_EDIT_MAX_S), ("no-change", NO_CHANGE_MAX_S),
                            ("serve-reload", SERVE_RELOAD_MAX_S)):
        found = _find(results, "reformsite", scenario)
        name = f"{scenario} ≤ {limit:g} s"
        if found and found.wall_s is not None:
            targets.append(Target(name, found.wall_s <= limit, f"{found.wall_s:.2f} s"))
        else:
            targets.append(Target(name, None, "not measured"))
    bare = _find(results, "reformsite", "cold-no-figs")
    budget = EXTRACTION_ADDS_MAX_S * articles / EXTRACTION_TARGET_ARTICLES
    name = f"extraction adds < {budget:.3g} s"
    if cold and bare and cold.wall_s is not None and bare.wall_s is not None:
        added = cold.wall_s - bare.wall_s
        targets.append(Target(name, added < budget,
                              f"{added:.2f} s wall, {(cold.cpu_s or 0) - (bare.cpu_s or 0):.2f} s cpu"))
    else:
        targets.append(Target(name, None, "needs both cold builds"))
    peaks = [r.peak_mb for r in results if r.tool == "reformsite" and r.ok and r.peak_mb is not None]
    if peaks:
        targets.append(Target("peak ≤ 1 GB", max(peaks) <= PEAK_MAX_MB, f"{max(peaks):.0f} MB"))
    else:
        targets.append(Target("peak ≤ 1 GB", None, "not measured"))
    return targets


def _cell(value: float | None, fmt: str) -> str:
    return "—" if value is None else format(value, fmt)


def format_table(articles: int, results: list[Result], targets: list[Target]) -> str:
    pelican = _find(results, "pelican", "cold")
    header = f"{'tool':<11} {'scenario':<13} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} {'× Pelican':>9} " \
             f"{'files':>7} {'MB out':>7}  status"
    lines = [f"{articles:,} articles", header, "-" * len(header)]
    for r in results:
        ratio = (r.wall_s / pelican.wall_s if r.tool != "pelican" and r.wall_s is not None
                 and pelican and pelican.wall_s else None)
        status = "ok" if r.ok else (r.note or "FAILED")
        mb_out = r.output_bytes / 1e6 if r.output_bytes is not None else None
        lines.append(f"{r.tool:<11} {r.scenario:<13} {_cell(r.wall_s, '.2f'):>8} {_cell(r.cpu_s, '.2f'):>8} "
                     f"{_cell(r.peak_mb, '.0f'):>8} {_cell(ratio, '.2f'):>9} {_cell(r.output_files, 'd'):>7} "
                     f"{_cell(mb_out, '.1f'):>7}  {status}")
    for r in results:
        if r.error:
            indented = "\n    ".join(r.error.splitlines()[-8:])
            lines.append(f"  ! {r.tool} {r.scenario}:\n    {indented}")
    verdict = {True: "met", False: "NOT met", None: "n/a"}
    lines.append("targets: " + "; ".join(f"{t.name}: {verdict[t.met]} ({t.detail})" for t in targets))
    return "\n".join(lines)


def machine_info() -> dict[str, object]:
    cpu = "unknown"
    memory_kb = 0
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
        memory_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                         if line.startswith("MemTotal:"))
    except (OSError, StopIteration):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "usable_cores": len(os.sched_getaffinity(0)),
            "memory_gb": round(memory_kb / 1024**2, 1), "python": platform.python_version(),
            "platform": platform.platform(), "date": datetime.now(UTC).isoformat(timespec="seconds")}


def _git_commit() -> str | None:
    done = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True, check=False)
    return done.stdout.strip() or None


# ---------------------------------------------------------------- main


def prepare_corpus(articles: int, seed: int) -> Path:
    folder = WORK / f"corpus-{articles}-s{seed}"
    if not corpus.is_complete(folder, articles, seed):
        print(f"generating {articles:,} articles in {folder} …", file=sys.stderr, flush=True)
        corpus.write_corpus(folder, articles, seed)
    return folder


def scenario_name(scenario: Callable[[Size], Result]) -> str:
    """"pelican-cold", "cold", "cold-no-figs", …: the names --only takes."""
    name = scenario.__name__.removeprefix("reformsite_").replace("_", "-")
    return {"cold-without-extraction": "cold-no-figs"}.get(name, name)


def run_size(articles: int, seed: int, repeat: int, skip_pelican: bool,
             skip_reformsite: bool, only: Sequence[str] = ()) -> dict[str, object]:
    folder = prepare_corpus(articles, seed)
    out = WORK / f"out-{articles}-s{seed}"
    logs = out / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    size = Size(articles, seed, folder, out, logs, repeat)
    load = os.getloadavg()
    if load[0] > 0.5 * (os.cpu_count() or 1):
        print(f"warning: load average {load[0]:.1f} before measuring; wall times will be inflated "
              "(cpu s is less affected)", file=sys.stderr)
    scenarios = [*([] if skip_pelican else PELICAN_SCENARIOS),
                 *([] if skip_reformsite else REFORMSITE_SCENARIOS)]
    if only:
        scenarios = [s for s in scenarios if scenario_name(s) in only]
    results = []
    for scenario in scenarios:
        print(f"  {articles:,}: {scenario.__name__} …", file=sys.stderr, flush=True)
        results.append(scenario(size))
    targets = check_targets(results, articles)
    print(format_table(articles, results, targets) + "\n", flush=True)
    corpus_files, corpus_bytes = output_stats(folder / "content")
    return {"articles": articles, "load_average_before": [round(x, 2) for x in load],
            "corpus": str(folder), "corpus_files": corpus_files,
            "corpus_bytes": corpus_bytes, "results": [asdict(r) for r in results],
            "targets": [asdict(t) for t in targets]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, action="append", help="corpus size; repeat for several")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1, help="runs per scenario (median wall, max peak)")
    parser.add_argument("--skip-pelican", action="store_true")
    parser.add_argument("--skip-reformsite", action="store_true")
    parser.add_argument("--only", action="append", default=[], metavar="SCENARIO",
                        choices=[scenario_name(s) for s in PELICAN_SCENARIOS + REFORMSITE_SCENARIOS],
                        help="run only this scenario; repeat for several")
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    args = parser.parse_args(argv)
    machine = machine_info()
    sizes = [run_size(n, args.seed, args.repeat, args.skip_pelican, args.skip_reformsite, args.only)
             for n in args.articles or [1000]]
    report = {
        "machine": machine,
        "seed": args.seed,
        "repeat": args.repeat,
        "versions": {
            "reformsite_commit": _git_commit(),
            "corpus_generator": corpus.GENERATOR_VERSION,
            "pelican": None if args.skip_pelican else pelican_site.installed_version(WORK / "pelican-venv"),
        },
        "targets": {"cold_ratio_max": COLD_RATIO_MAX, "one_edit_max_s": ONE_EDIT_MAX_S,
                    "no_change_max_s": NO_CHANGE_MAX_S, "peak_max_mb": PEAK_MAX_MB,
                    "extraction_adds_max_s": EXTRACTION_ADDS_MAX_S},
        "sizes": sizes,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
