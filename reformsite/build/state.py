"""Has anything changed since the last build?  Answered before the heavy stages are even imported.

A build's inputs are the package's code and data, config.yaml, the theme and the site's own
templates/static/strings, every content file (path, size, modification time) and the options.  When
they are all as they were for the last successful build of the same output folder, and that output
is as the build left it (every file's path, size, modification time and inode), the output is still
right, and the build only repeats its report.  The output is checked against the listing the build
recorded (see .left.still_as_listed): a stat of each file and folder, without listing the folders.
For its pages to be reused, the output may instead hold the same bytes (see .left).  Time is an
input too: an article dated in the future appears once its date has come, so the state also
remembers when that next happens.

The inputs' state is taken before the build reads any of them, so an edit saved while it runs
differs from the state recorded.  A modification time only tells edits apart that are further
apart than the clock's step (coarse on some file systems): files modified within RACY_NS of
the state being taken are vouched for by their bytes' hash instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from reformsite.config import Config, ConfigError, load_config, theme_root
from reformsite.core import VIETNAM, Diagnostic, Severity, file_hash
from reformsite.output import MARKER, WriteStats

from .cache import RACY_NS, code_fingerprint
from .left import (
    Stat,
    as_left,
    dump_left,
    dump_listing,
    load_left,
    load_listing,
    output_stats,
    output_walk,
    stats_digest,
    still_as_listed,
    what_was_left,
)
from .options import BuildOptions, BuildResult, resolve_dirs


@dataclass(frozen=True)
class InputState:
    """The build's inputs as they were before it read them (see the module's docstring)."""

    digest: str                                             # every input's path, size and mtime
    recent: dict[str, str] = field(default_factory=dict)    # path → sha256 of files modified lately


def _tree_stats(folder: Path, digest: hashlib._Hash, recent_after: int, recent: list[str]) -> None:
    """Each file under *folder* (path, size, modification time) into *digest*, folders depth first and
    names sorted (os.walk's order), links to folders not followed; files modified at *recent_after*
    (ns) or later are added to *recent*.  The stats come with the folder's listing (os.scandir)."""
    if not folder.is_dir():
        return
    stack = [(os.fspath(folder), "")]
    while stack:
        path, prefix = stack.pop()
        with os.scandir(path) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
        below = []
        for entry in entries:
            if entry.is_dir():
                if not entry.is_symlink():
                    below.append((entry.path, prefix + entry.name + "/"))
                continue
            try:
                stat = entry.stat()
            except OSError:                 # a link to nothing
                stat = entry.stat(follow_symlinks=False)
            line = f"{prefix}{entry.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n"
            digest.update(line.encode("utf-8", "surrogateescape"))      # names need not be UTF-8
            if stat.st_mtime_ns >= recent_after:
                recent.append(entry.path)
        stack.extend(reversed(below))


def _stats(options: BuildOptions, config: Config, content_dir: Path, config_bytes: bytes,
           recent_after: int) -> tuple[str, list[str]]:
    """The digest of the inputs' stats, and the files modified at *recent_after* (ns) or later."""
    digest = hashlib.sha256()
    digest.update(code_fingerprint().encode())
    digest.update(config_bytes)
    digest.update(repr((options.base_url, options.drafts, options.future, str(content_dir),
                        options.fetch_images)).encode())
    recent: list[str] = []
    for folder in (theme_root(config), config.root / "templates", config.root / "static",
                   config.root / "strings", content_dir):
        digest.update(f"\n[{folder}]\n".encode())
        _tree_stats(folder, digest, recent_after, recent)
    return digest.hexdigest(), recent


def input_state(options: BuildOptions, config: Config, content_dir: Path, config_bytes: bytes) -> InputState:
    """The inputs' state now: take it before reading them."""
    digest, recent = _stats(options, config, content_dir, config_bytes, time.time_ns() - RACY_NS)
    return InputState(digest, {path: file_hash(path, "sha256") or "" for path in recent})


def output_state(output_dir: Path) -> str:
    """A digest of every file under *output_dir*: its path, size, modification time and inode."""
    return stats_digest(output_stats(output_dir))


def _record_path(config: Config, output_dir: Path) -> Path:
    key = hashlib.sha256(str(output_dir).encode()).hexdigest()[:16]
    return config.root / config.cache_dir / f"last-build-{key}.json"


def _left_path(config: Config, output_dir: Path) -> Path:
    return _record_path(config, output_dir).with_suffix(".left")


def _remember_left(config: Config, output_dir: Path, stats: dict[str, Stat] | None) -> str:
    """Record each output file's stat and hash (see .left); the digest of the record."""
    path = _left_path(config, output_dir)
    try:
        before = load_left(path.read_text(encoding="utf-8", errors="surrogateescape"))
    except (OSError, ValueError):
        before = {}
    text = dump_left(what_was_left(output_dir, stats or {}, before))
    temporary = path.with_suffix(".left-tmp")
    temporary.write_text(text, encoding="utf-8", errors="surrogateescape")
    os.replace(temporary, path)
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _listing_path(config: Config, output_dir: Path) -> Path:
    return _record_path(config, output_dir).with_suffix(".listing")


def _remember_listing(config: Config, output_dir: Path,
                      walked: tuple[dict[str, Stat], dict[str, Stat]]) -> str:
    """Record the output's files and folders with their stats (see .left.still_as_listed); the
    digest of the record."""
    data = dump_listing(*walked)
    path = _listing_path(config, output_dir)
    temporary = path.with_suffix(".listing-tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
    return hashlib.sha256(data).hexdigest()


def remember(config: Config, output_dir: Path, inputs: InputState, result: BuildResult,
             visible_until: dt.datetime | None) -> None:
    """Record a finished build (written, not --no-cache) so an unchanged next build can be skipped;
    *inputs* is the state taken before the build read them."""
    _record_path(config, output_dir).parent.mkdir(parents=True, exist_ok=True)
    walked = output_walk(output_dir)
    stats = walked and walked[0]
    record = {
        "state": inputs.digest,
        "recent": inputs.recent,
        "output": stats_digest(stats),
        "listing": _remember_listing(config, output_dir, walked) if walked else "",
        "left": _remember_left(config, output_dir, stats),
        "visible_until": visible_until.isoformat() if visible_until else None,
        "articles": result.articles, "pages": result.pages, "files": result.files,
        "diagnostics": [{**asdict(d), "severity": str(d.severity)} for d in result.diagnostics],
    }
    _write_record(config, output_dir, record)


def _write_record(config: Config, output_dir: Path, record: dict) -> None:
    path = _record_path(config, output_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    # ASCII: a path that is not UTF-8 (a surrogate escape) is written as \\udcXX and read back.
    temporary.write_text(json.dumps(record), encoding="ascii")
    os.replace(temporary, path)


_FIELDS = frozenset({"state", "recent", "output", "visible_until", "articles", "pages", "files",
                     "diagnostics"})


def _record(config: Config, output_dir: Path) -> dict | None:
    try:
        record = json.loads(_record_path(config, output_dir).read_text(encoding="utf-8"))
        if not isinstance(record, dict) or not record.keys() >= _FIELDS:
            return None
    except (OSError, ValueError):
        return None
    return record


def output_as_left(config: Config, output_dir: Path) -> bool:
    """Whether *output_dir* is as the last recorded build left it: only then do the build cache's
    page digests vouch for its files (a file deleted or edited by hand, a build killed while it
    wrote, a `clean` killed halfway all break that).  Files whose stat changed are compared by
    their bytes' hash: an output restored from a CI cache is as it was left."""
    record = _record(config, output_dir)
    if record is None or not record["output"]:
        return False
    if _listed_as_left(config, output_dir, record):
        return True
    stats = output_stats(output_dir)
    if stats is None:
        return False
    if record["output"] == stats_digest(stats):
        return True
    try:
        text = _left_path(config, output_dir).read_text(encoding="utf-8", errors="surrogateescape")
    except OSError:
        return False
    if hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest() != record.get("left"):
        return False
    return as_left(output_dir, stats, load_left(text))


def _listed_as_left(config: Config, output_dir: Path, record: dict) -> bool | None:
    """Whether *output_dir* is as the listing recorded with *record* says; None without a listing
    to trust."""
    try:
        data = _listing_path(config, output_dir).read_bytes()
    except OSError:
        return None
    if not record.get("listing") or hashlib.sha256(data).hexdigest() != record["listing"]:
        return None
    listing = load_listing(data)
    return listing is not None and still_as_listed(output_dir, *listing)


def _output_as_recorded(config: Config, output_dir: Path, record: dict) -> bool:
    """Whether *output_dir* is as the recorded build left it, by its files' stats."""
    if not record["output"]:
        return False
    listed = _listed_as_left(config, output_dir, record)
    return listed if listed is not None else record["output"] == output_state(output_dir)


def forget(config: Config, output_dir: Path) -> None:
    _record_path(config, output_dir).unlink(missing_ok=True)
    _listing_path(config, output_dir).unlink(missing_ok=True)


def replay(options: BuildOptions, config: Config, content_dir: Path, output_dir: Path, config_bytes: bytes,
           now: dt.datetime) -> BuildResult | None:
    """The last build's report when none of its inputs changed and its output is still there; else None."""
    if not options.write or not options.use_cache or options.drafts:
        return None   # undated drafts are dated "now" in previews: never the same twice
    record = _record(config, output_dir)
    if record is None or not (output_dir / MARKER).is_file():
        return None
    if record["visible_until"] and now >= dt.datetime.fromisoformat(record["visible_until"]):
        return None
    digest, still_recent = _stats(options, config, content_dir, config_bytes, time.time_ns() - RACY_NS)
    recent: dict[str, str] = record["recent"]
    if record["state"] != digest or any(file_hash(path, "sha256") != known for path, known in recent.items()):
        return None
    if not _output_as_recorded(config, output_dir, record):
        return None
    if recent and not still_recent:
        # Their times now vouch for the files hashed: the next replays need not read them.
        _write_record(config, output_dir, {**record, "recent": {}})
    diagnostics = [Diagnostic(**{**d, "severity": Severity(d["severity"])}) for d in record["diagnostics"]]
    return BuildResult(diagnostics=diagnostics, articles=record["articles"], pages=record["pages"],
                       files=record["files"], stats=WriteStats(0, 0, 0, replayed=True),
                       strict=options.strict)


def replay_build(options: BuildOptions) -> BuildResult | None:
    """The whole no-change check from options alone: cheap enough to run before importing the builder."""
    if not options.replay:
        return None
    started = time.perf_counter()
    try:
        config = load_config(options.config_path).with_overrides(base_url=options.base_url)
    except ConfigError:
        return None        # the real build reports it
    content_dir, output_dir = resolve_dirs(options, config)
    config_bytes = options.config_path.read_bytes() if options.config_path.is_file() else b""
    now = options.now or dt.datetime.now(VIETNAM)
    result = replay(options, config, content_dir, output_dir, config_bytes, now)
    if result is not None:
        result.seconds = time.perf_counter() - started
    return result
