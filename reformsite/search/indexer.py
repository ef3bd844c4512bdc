"""The search indexer of a large site, as a process that holds the records and nothing else.

The build forks a child as soon as the site model exists; the child plans the index (which shards
changed), leaves the shards to index in a job folder and replaces itself with this module
(`os.execv`).  A forked child that went on indexing would keep the whole model: every page of it
that the build touches afterwards is copied into the child.  A fresh interpreter holds the records
of the shards it indexes and nothing else.

The job folder holds, from the build: `plan.pickle` (the SearchPlan without its records) and a
`shard-N.pickle` for each shard to index, as (URL prefix, records), read one at a time so that
the indexer holds one shard's records at once; from this module: the bundle files under `files/` and
`files.json` listing their URLs in order, or `error.txt` saying why there are none.
"""

from __future__ import annotations

import json
import os
import pickle
import sys
from collections.abc import Iterator
from pathlib import Path

from reformsite.output import url_to_relpath

from .records import SearchRecord
from .shards import SearchPlan, index_shards

PLAN = "plan.pickle"
SHARD = "shard-{}.pickle"
FILES = "files"
LISTING = "files.json"
ERROR = "error.txt"
PACKAGE_PARENT = Path(__file__).resolve().parents[2]


def write_job(folder: Path, plan: SearchPlan) -> None:
    """In the build's forked child: the plan, with the records to index apart from the rest."""
    for number, shard in enumerate(plan.to_index):
        (folder / SHARD.format(number)).write_bytes(pickle.dumps(shard, protocol=pickle.HIGHEST_PROTOCOL))
    (folder / PLAN).write_bytes(pickle.dumps(SearchPlan([], plan.kept, plan.manifest)))


def exec_indexer(folder: Path) -> None:
    """Replace this process with a fresh interpreter that runs the job in *folder* (see `main`)."""
    path = os.environ.get("PYTHONPATH")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PACKAGE_PARENT), *([path] if path else [])])}
    os.execve(sys.executable, [sys.executable, "-m", __name__, str(folder)], env)


def _shards(folder: Path) -> Iterator[tuple[str, list[SearchRecord]]]:
    """The shards to index, each read when the one before is done with and deleted after."""
    for path in sorted(folder.glob(SHARD.format("*")), key=lambda p: int(p.stem.removeprefix("shard-"))):
        yield pickle.loads(path.read_bytes())
        path.unlink()


def run_job(folder: Path) -> None:
    urls = []
    for file in index_shards(_shards(folder)):
        target = folder / FILES / url_to_relpath(file.url)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(file.data)
        urls.append(file.url)
    (folder / LISTING).write_text(json.dumps(urls))


def error_of(folder: Path) -> str | None:
    """What the indexer said went wrong, if it said anything."""
    try:
        return (folder / ERROR).read_text()
    except OSError:
        return None


def write_error(folder: Path, error: BaseException) -> None:
    (folder / ERROR).write_text(f"{type(error).__name__}: {error}")


def results(folder: Path) -> Iterator[tuple[str, bytes | None]]:
    """The finished job's files as (url, bytes), then the unchanged shards' files as (url, None)
    (kept from the previous output), then the manifest."""
    plan: SearchPlan = pickle.loads((folder / PLAN).read_bytes())
    listing = json.loads((folder / LISTING).read_text())
    return plan.output((url, (folder / FILES / url_to_relpath(url)).read_bytes()) for url in listing)


def main(argv: list[str]) -> int:
    folder = Path(argv[1])
    try:
        run_job(folder)
    except BaseException as error:     # anything: the build reads why instead of a bare exit status
        write_error(folder, error)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
