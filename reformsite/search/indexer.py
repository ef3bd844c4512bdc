"""The search indexer of a large site, as a process that holds one shard's records and nothing else.

The build forks a child as soon as the articles are placed; the child leaves every shard's job (see
shards.shard_jobs: its digest, and the record inputs of a shard that changed) in a job folder and
replaces itself with this module (`os.execve`).  A forked child copies each page of the model it
touches (the reference counts of what it reads are written), and every page the build touches
afterwards: so it only reads what records are made from, and then becomes a fresh interpreter.
That interpreter makes the records of the shards that changed and indexes them, one shard at a
time, and lists the files of the others (see search.shards.SearchIndex).

The job folder holds, from the build: a `shard-N.pickle` for each shard, a ShardJob, read one at
a time and deleted when read; from this module: the bundle files under `files/`, `files.json`
listing their URLs in order and `ledger.pickle` (the kept files and the manifest, see
ShardLedger), or `error.txt` saying why there are none.
"""

from __future__ import annotations

import json
import os
import pickle
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from reformsite.output import url_to_relpath

from .shards import SearchIndex, ShardJob, ShardLedger

LEDGER = "ledger.pickle"
SHARD = "shard-{}.pickle"
FILES = "files"
LISTING = "files.json"
ERROR = "error.txt"
PACKAGE_PARENT = Path(__file__).resolve().parents[2]


def write_job(folder: Path, shards: Iterable[ShardJob]) -> None:
    """In the build's forked child: each shard's job, a file each, made one at a time."""
    for number, shard in enumerate(shards):
        (folder / SHARD.format(number)).write_bytes(pickle.dumps(shard, protocol=pickle.HIGHEST_PROTOCOL))


def exec_indexer(folder: Path, previous: Path | None) -> None:
    """Replace this process with a fresh interpreter that runs the job in *folder* (see `main`),
    keeping the unchanged shards of the output folder *previous*."""
    path = os.environ.get("PYTHONPATH")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PACKAGE_PARENT), *([path] if path else [])])}
    argv = [sys.executable, "-m", __name__, str(folder), *([str(previous)] if previous is not None else [])]
    os.execve(sys.executable, argv, env)


def _shards(folder: Path) -> Iterator[ShardJob]:
    """The shards' jobs, each read when the one before is done with and deleted after."""
    for path in sorted(folder.glob(SHARD.format("*")), key=lambda p: int(p.stem.removeprefix("shard-"))):
        yield pickle.loads(path.read_bytes())
        path.unlink()


def run_job(folder: Path, previous: Path | None) -> None:
    index = SearchIndex(previous)
    urls = []
    for file in index.files(_shards(folder)):
        target = folder / FILES / url_to_relpath(file.url)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(file.data)
        urls.append(file.url)
    (folder / LEDGER).write_bytes(pickle.dumps(index.ledger()))
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
    ledger: ShardLedger = pickle.loads((folder / LEDGER).read_bytes())
    for url in json.loads((folder / LISTING).read_text()):
        yield url, (folder / FILES / url_to_relpath(url)).read_bytes()
    yield from ledger.rest()


def main(argv: list[str]) -> int:
    folder = Path(argv[1])
    try:
        run_job(folder, Path(argv[2]) if len(argv) > 2 else None)
    except BaseException as error:     # anything: the build reads why instead of a bare exit status
        write_error(folder, error)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
