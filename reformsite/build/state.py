"""Has anything changed since the last build?  Answered before the heavy stages are even imported.

A build's inputs are the package's code and data, config.yaml, the theme and the site's own
templates/static/strings, every content file (path, size, modification time) and the options.  When
they are all as they were for the last successful build of the same output folder, that output is
still right, and the build only repeats its report.  Time is an input too: an article dated in the
future appears once its date has come, so the state also remembers when that next happens.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path

from reformsite.config import Config, ConfigError, load_config, theme_root
from reformsite.core import VIETNAM, Diagnostic, Severity
from reformsite.output import MARKER, WriteStats

from .cache import code_fingerprint
from .options import BuildOptions, BuildResult, resolve_dirs


def _tree_stats(folder: Path, digest: hashlib._Hash) -> None:
    if not folder.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            stat = os.stat(path) if os.path.exists(path) else os.lstat(path)   # a link to nothing
            line = f"{os.path.relpath(path, folder)}\0{stat.st_size}\0{stat.st_mtime_ns}\n"
            digest.update(line.encode("utf-8", "surrogateescape"))      # names need not be UTF-8


def input_state(options: BuildOptions, config: Config, content_dir: Path, config_bytes: bytes) -> str:
    digest = hashlib.sha256()
    digest.update(code_fingerprint().encode())
    digest.update(config_bytes)
    digest.update(repr((options.base_url, options.drafts, options.future, str(content_dir))).encode())
    for folder in (theme_root(config), config.root / "templates", config.root / "static",
                   config.root / "strings", content_dir):
        digest.update(f"\n[{folder}]\n".encode())
        _tree_stats(folder, digest)
    return digest.hexdigest()


def _record_path(config: Config, output_dir: Path) -> Path:
    key = hashlib.sha256(str(output_dir).encode()).hexdigest()[:16]
    return config.root / config.cache_dir / f"last-build-{key}.json"


def remember(options: BuildOptions, config: Config, content_dir: Path, output_dir: Path, config_bytes: bytes,
             result: BuildResult, visible_until: dt.datetime | None) -> None:
    """Record a finished build (written, not --no-cache) so an unchanged next build can be skipped."""
    record = {
        "state": input_state(options, config, content_dir, config_bytes),
        "marker_inode": (output_dir / MARKER).stat().st_ino,
        "visible_until": visible_until.isoformat() if visible_until else None,
        "articles": result.articles, "pages": result.pages, "files": result.files,
        "diagnostics": [{**asdict(d), "severity": str(d.severity)} for d in result.diagnostics],
    }
    path = _record_path(config, output_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)


def forget(config: Config, output_dir: Path) -> None:
    _record_path(config, output_dir).unlink(missing_ok=True)


def replay(options: BuildOptions, config: Config, content_dir: Path, output_dir: Path, config_bytes: bytes,
           now: dt.datetime) -> BuildResult | None:
    """The last build's report when none of its inputs changed and its output is still there; else None."""
    if not options.write or not options.use_cache or options.drafts:
        return None   # undated drafts are dated "now" in previews: never the same twice
    try:
        record = json.loads(_record_path(config, output_dir).read_text(encoding="utf-8"))
        if (output_dir / MARKER).stat().st_ino != record["marker_inode"]:
            return None
    except (OSError, ValueError, KeyError):
        return None
    if record["visible_until"] and now >= dt.datetime.fromisoformat(record["visible_until"]):
        return None
    if record["state"] != input_state(options, config, content_dir, config_bytes):
        return None
    diagnostics = [Diagnostic(**{**d, "severity": Severity(d["severity"])}) for d in record["diagnostics"]]
    return BuildResult(diagnostics=diagnostics, articles=record["articles"], pages=record["pages"],
                       files=record["files"], stats=WriteStats(0, 0, 0, 0, replayed=True),
                       strict=options.strict)


def replay_build(options: BuildOptions) -> BuildResult | None:
    """The whole no-change check from options alone: cheap enough to run before importing the builder."""
    if not options.replay:
        return None
    try:
        config = load_config(options.config_path).with_overrides(base_url=options.base_url)
    except ConfigError:
        return None        # the real build reports it
    content_dir, output_dir = resolve_dirs(options, config)
    config_bytes = options.config_path.read_bytes() if options.config_path.is_file() else b""
    now = options.now or dt.datetime.now(VIETNAM)
    return replay(options, config, content_dir, output_dir, config_bytes, now)
