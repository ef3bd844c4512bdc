"""Run by test_fork.py in a fresh interpreter: build a site with every pool and the search process
on (however few its articles), print how many times the build forked, as JSON.

    fork_probe.py SITE OUTPUT terminal   a build with a progress bar on a terminal, as `build` draws
    fork_probe.py SITE OUTPUT thread     a build in a thread while another one waits, as `serve` rebuilds
"""

import io
import json
import os
import sys
import threading
from pathlib import Path

import reformsite.build.articles as articles
import reformsite.build.indexing as indexing
import reformsite.render.pool as renderpool
from reformsite.build import BuildOptions, build
from reformsite.commands.progress import ProgressBar

forks = 0


def _forked() -> None:
    global forks
    forks += 1


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def main(root: Path, output: Path, mode: str) -> int:
    articles.POOL_THRESHOLD = renderpool.POOL_THRESHOLD = indexing.SEARCH_PROCESS_THRESHOLD = 0
    renderpool.SLICE = 3
    os.register_at_fork(after_in_parent=_forked)
    options = BuildOptions(config_path=root / "config.yaml", output_dir=output, use_cache=False, jobs=2,
                           progress=ProgressBar(Terminal(), show_after=0))
    results = []
    if mode == "terminal":
        results.append(build(options))
    else:
        stop = threading.Event()
        serving = threading.Thread(target=stop.wait)
        serving.start()
        building = threading.Thread(target=lambda: results.append(build(options)))
        building.start()
        building.join()
        stop.set()
        serving.join()
    print(json.dumps({"forks": forks, "exit_code": results[0].exit_code}))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]))
