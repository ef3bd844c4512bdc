"""Build benchmark: reformsite beside Pelican + Pagefind on the same generated corpus, in one command.

    .venv/bin/python benchmarks/run.py --articles 1000 [--articles 10000] [--skip-pelican]
                                       [--repeat 3] [--seed 1] [--only SCENARIO]
                                       [--out benchmarks/results.json]

For each size: generate the corpus (cached under benchmarks/work/), then measure every scenario as
a fresh process tree (benchmarks/measure.py: wall time, CPU time, peak memory), print a table with
ratios to the peer's cold build (Pelican, then the Pagefind CLI on its output) and the targets of
issue #30 (benchmarks/targets.py), and write everything as JSON.  A failing build is reported (with
the tail of its log) and the run goes on.
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
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import corpus
import corpus_edits
import pelican_site
import targets
from targets import PEER, PELICAN, REFORMSITE, Result, Target, check_targets, format_table, with_output

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"

# The reformsite build; {placeholders} are filled per size.  Run with the corpus folder as the working
# directory, so anything reformsite keeps relative to it (a cache) stays under benchmarks/work/.
REFORMSITE_BUILD = ["{python}", "{root}/build.py", "build", "--config", "{corpus}/config.yaml",
                    "--content", "{corpus}/content", "--output", "{output}"]
NO_CACHE = "--no-cache"

__all__ = ["Result", "Target", "check_targets", "format_table"]


def reformsite_python() -> Path:
    """The interpreter of reformsite's builds, whose Pagefind the peer runs too."""
    return VENV_PYTHON if VENV_PYTHON.exists() else Path(sys.executable)


@dataclass(frozen=True)
class Size:
    """Everything the scenarios of one corpus size need."""

    articles: int
    seed: int
    corpus: Path
    out: Path  # benchmarks/work/out-<N>-s<seed>/
    logs: Path
    repeat: int

    def reformsite_command(self, *extra: str, output: str = "reformsite",
                           script: str = "{root}/build.py") -> list[str]:
        values = {"python": str(reformsite_python()), "root": str(ROOT), "corpus": str(self.corpus),
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


def _pelican_build(size: Size, output: Path) -> list[str] | str:
    """Pelican's build command writing to *output*, once its venv, content and configuration are
    ready (untimed); or why they could not be made."""
    site = WORK / f"pelican-{size.articles}-s{size.seed}"
    try:
        return pelican_site.prepare_site(size.corpus, site, output, WORK / "pelican-venv")
    except (OSError, subprocess.CalledProcessError, ValueError) as error:
        return f"could not prepare Pelican: {error}"


def pelican_cold(size: Size) -> Result:
    output = size.out / "pelican"
    command = _pelican_build(size, output)
    if isinstance(command, str):
        return Result(PELICAN, "cold", ok=False, error=command)
    result = measure(size, PELICAN, "cold", command, before_each=lambda _: fresh_output(output))
    return with_output(result, output)


def pelican_pagefind_cold(size: Size) -> Result:
    """The peer with search: Pelican's cold build, then the Pagefind CLI on its output, as one
    measured command (pelican_site.with_pagefind); Pagefind is the one reformsite's interpreter has."""
    output = size.out / "pelican-pagefind"
    build = _pelican_build(size, output)
    if isinstance(build, str):
        return Result(PEER, "cold", ok=False, error=build)
    command = pelican_site.with_pagefind(build, output, reformsite_python())
    result = measure(size, PEER, "cold", command, before_each=lambda _: fresh_output(output))
    if result.ok:
        pages = pelican_site.pagefind_pages(Path(str(result.runs[-1]["log"])))
        version = pelican_site.pagefind_version(reformsite_python())
        result.note = f"Pagefind {version} indexed {pages if pages is not None else '?'} pages"
    return with_output(result, output)


def reformsite_cold(size: Size) -> Result:
    output = size.out / "reformsite"
    result = measure(size, REFORMSITE, "cold", size.reformsite_command(NO_CACHE),
                     before_each=lambda _: fresh_output(output))
    return with_output(result, output)


def reformsite_cold_without_extraction(size: Size) -> Result:
    """The cold build with the figure extractor finding nothing (benchmarks/without_extraction.py):
    the difference to the cold build is what extraction, and showing its figures, adds."""
    output = size.out / "reformsite-no-figures"
    command = size.reformsite_command(NO_CACHE, output="reformsite-no-figures",
                                      script=str(HERE / "without_extraction.py"))
    result = measure(size, REFORMSITE, "cold-no-figs", command,
                     before_each=lambda _: fresh_output(output))
    return with_output(result, output)


def reformsite_no_change(size: Size) -> Result:
    if error := _prime(size, "no-change"):
        return Result(REFORMSITE, "no-change", ok=False, error=f"priming build failed: {error}")
    return measure(size, REFORMSITE, "no-change", size.reformsite_command())


def reformsite_one_edit(size: Size) -> Result:
    if error := _prime(size, "one-edit"):
        return Result(REFORMSITE, "one-edit", ok=False, error=f"priming build failed: {error}")
    article = corpus_edits.edited_article(size.corpus / "content")
    original = article.read_text(encoding="utf-8")

    def edit(attempt: int) -> None:  # a different sentence each time, so every run sees a change
        sentence = f"Cập nhật lần {attempt + 1}: số liệu được bổ sung theo báo cáo của UBND."
        article.write_text(corpus_edits.with_lead_edit(original, sentence), encoding="utf-8")

    def restore(_: int) -> None:
        article.write_text(original, encoding="utf-8")

    result = measure(size, REFORMSITE, "one-edit", size.reformsite_command(), edit, restore)
    result.note = f"one sentence written at the start of the lead of {article.relative_to(size.corpus)}"
    return result


def reformsite_one_add(size: Size) -> Result:
    """One new article, dated after every other (corpus_edits.added_article), then the build; after
    each run the article is removed and the site rebuilt (untimed), so the corpus, the cache and the
    output are as before."""
    if error := _prime(size, "one-add"):
        return Result(REFORMSITE, "one-add", ok=False, error=f"priming build failed: {error}")
    content = size.corpus / "content"
    written: list[Path] = []  # what the article added, a year folder with it if there was none
    added: list[str] = []
    failures: list[str] = []

    def add(attempt: int) -> None:
        relative, text = corpus_edits.added_article(size.seed, size.articles, attempt)
        path = content / relative
        if not path.parent.exists():
            path.parent.mkdir(parents=True)
            written.append(path.parent)
        path.write_text(text, encoding="utf-8")
        written.append(path)
        added.append(relative)

    def remove(attempt: int) -> None:
        while written:
            path = written.pop()
            if path.is_dir():
                path.rmdir()
            else:
                path.unlink(missing_ok=True)
        if error := _prime(size, f"one-add-removed-{attempt + 1}"):
            failures.append(error.strip() or "?")

    result = measure(size, REFORMSITE, "one-add", size.reformsite_command(), add, remove)
    result.note = (f"added content/{added[-1]} dated {corpus_edits.ADDED_DATE:%Y-%m-%d %H:%M %z}; "
                   "removed and rebuilt after each run")
    if failures:
        result.note += f"; the rebuild after removing it failed: {failures[-1].splitlines()[-1]}"
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
        return Result(REFORMSITE, "serve-reload", ok=False, error=f"exit {done.returncode}; see {log}")
    figures = json.loads(report.read_text())[0]
    return Result(REFORMSITE, "serve-reload", ok=True, wall_s=figures["median_s"],
                  runs=[figures], note=f"edit → page, median of 3 saves (min {figures['min_s']} s, "
                  f"max {figures['max_s']} s); the whole site was rebuilt {figures['settled_s']} s "
                  "after the last save")


# Order matters: the warm scenarios prime the cache themselves, but run after the cold build.
PELICAN_SCENARIOS: list[Callable[[Size], Result]] = [pelican_cold, pelican_pagefind_cold]
REFORMSITE_SCENARIOS: list[Callable[[Size], Result]] = [
    reformsite_cold, reformsite_cold_without_extraction, reformsite_no_change, reformsite_one_edit,
    reformsite_one_add, reformsite_serve_reload,
]


def annotate_peer(results: list[Result]) -> None:
    """Split the peer's time into its two parts, from Pelican's own cold build in the same run."""
    alone, peer = targets.find(results, PELICAN, "cold"), targets.find(results, PEER, "cold")
    if alone and peer and alone.wall_s is not None and peer.wall_s is not None:
        split = (f"Pelican {alone.wall_s:.2f} s (its own cold build) + Pagefind about "
                 f"{peer.wall_s - alone.wall_s:.2f} s")
        peer.note = f"{peer.note}; {split}" if peer.note else split


# ---------------------------------------------------------------- report


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


def target_limits() -> dict[str, float]:
    return {"one_add_max_s": targets.ONE_ADD_MAX_S, "one_edit_max_s": targets.ONE_EDIT_MAX_S,
            "no_change_max_s": targets.NO_CHANGE_MAX_S, "cold_ratio_max": targets.COLD_RATIO_MAX,
            "peak_max_mb": targets.PEAK_MAX_MB, "bytes_ratio_max": targets.BYTES_RATIO_MAX,
            "file_max_bytes": targets.FILE_MAX_BYTES, "html_max_bytes": targets.HTML_MAX_BYTES,
            "serve_reload_max_s": targets.SERVE_RELOAD_MAX_S,
            "extraction_adds_max_s": targets.EXTRACTION_ADDS_MAX_S}


# ---------------------------------------------------------------- main


def prepare_corpus(articles: int, seed: int) -> Path:
    folder = WORK / f"corpus-{articles}-s{seed}"
    if not corpus.is_complete(folder, articles, seed):
        print(f"generating {articles:,} articles in {folder} …", file=sys.stderr, flush=True)
        corpus.write_corpus(folder, articles, seed)
    for change in corpus_edits.tidy(folder, articles, seed):
        print(f"corpus left changed by a stopped run: {change}", file=sys.stderr)
    return folder


def scenario_name(scenario: Callable[[Size], Result]) -> str:
    """"pelican-cold", "pelican-pagefind-cold", "cold", "cold-no-figs", …: the names --only takes."""
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
        print(f"  {articles:,}: {scenario_name(scenario)} …", file=sys.stderr, flush=True)
        results.append(scenario(size))
    annotate_peer(results)
    verdicts = check_targets(results, articles)
    print(format_table(articles, results, verdicts) + "\n", flush=True)
    corpus_out = targets.output_stats(folder / "content")
    return {"articles": articles, "load_average_before": [round(x, 2) for x in load],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "corpus": str(folder), "corpus_files": corpus_out.files,
            "corpus_bytes": corpus_out.bytes, "results": [asdict(r) for r in results],
            "targets": [asdict(t) for t in verdicts]}


def compile_package() -> None:
    """Byte-compile reformsite as ./scripts/build does (and pip, for an installed wheel; Pelican's
    are): the builds measure the package as installed, not the compiling of its modules, which an
    interpreter with PYTHONDONTWRITEBYTECODE set would otherwise do in every process."""
    subprocess.run([str(reformsite_python()), "-m", "compileall", "-q", str(ROOT / "reformsite")],
                   check=True, stdout=subprocess.DEVNULL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, action="append", help="corpus size; repeat for several")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1, help="runs per scenario (median wall, max peak)")
    parser.add_argument("--skip-pelican", action="store_true", help="leave out both Pelican scenarios")
    parser.add_argument("--skip-reformsite", action="store_true")
    parser.add_argument("--only", action="append", default=[], metavar="SCENARIO",
                        choices=[scenario_name(s) for s in PELICAN_SCENARIOS + REFORMSITE_SCENARIOS],
                        help="run only this scenario; repeat for several")
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    args = parser.parse_args(argv)
    compile_package()
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
            "pagefind": pelican_site.pagefind_version(reformsite_python()),
        },
        "targets": target_limits(),
        "sizes": sizes,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
