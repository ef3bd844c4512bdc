"""What a build is asked to do and what it reports: light types shared by the CLI and the builder."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reformsite.core import Diagnostic, Severity
from reformsite.output import WriteStats

if TYPE_CHECKING:
    from reformsite.config import Config

if TYPE_CHECKING:
    from reformsite.site import Site


@dataclass(frozen=True)
class BuildOptions:
    config_path: Path = Path("config.yaml")
    content_dir: Path | None = None          # default: content/ beside config.yaml
    output_dir: Path | None = None           # default: output/ beside config.yaml
    base_url: str | None = None
    drafts: bool = False
    future: bool = False
    strict: bool = False
    write: bool = True                       # False for `check`: validate everything, write nothing
    now: dt.datetime | None = None           # the build's idea of "now", for hiding future articles
    progress: Callable[[str, int, int], None] | None = None   # (stage, done, total), for progress bars
    use_cache: bool = True                   # False: --no-cache, recompute every article
    replay: bool = False                     # when no input changed, repeat the last report (the CLI)
    jobs: int | None = None                  # processes to work in (--jobs); None: every core, up to 8
    fetch_images: bool = False               # download lead images from the hosts config.yaml allows

    @property
    def processes(self) -> int:
        """How many processes may work at once: --jobs, else one per core (at most 8, beyond which
        a build gains little and each render worker holds its own copy of part of the model)."""
        return self.jobs or min(os.cpu_count() or 1, 8)


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    articles: int = 0
    pages: int = 0
    files: int = 0
    seconds: float = 0.0
    stats: WriteStats | None = None
    site: Site | None = None
    strict: bool = False
    outputs: list[tuple[str, bytes]] | None = None   # rendered (url, bytes), kept when write=False (check)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    @property
    def exit_code(self) -> int:
        return 1 if self.errors or (self.strict and self.warnings) else 0


    @property
    def replayed(self) -> bool:
        """True when nothing changed and the previous build's report was given again."""
        return self.stats is not None and self.stats.replayed


def resolve_dirs(options: BuildOptions, config: Config) -> tuple[Path, Path]:
    content = options.content_dir or config.root / "content"
    output = options.output_dir or config.root / "output"
    return content.resolve(), output.resolve()
