"""Helpers for tests: throwaway sites written inline in a test, built end to end (the Hugo/MkDocs way)."""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

from reformsite.build.pipeline import BuildResult
from reformsite.core.dates import VIETNAM

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATA = REPO / "tests" / "data"
NOW = dt.datetime(2026, 1, 1, 12, 0, tzinfo=VIETNAM)


def read_output(root: Path) -> dict[str, bytes]:
    """An output folder as {site URL: bytes}, for checking after the fact."""
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return {"/" + p.relative_to(root).as_posix(): p.read_bytes() for p in files}


@dataclass
class BuiltSite:
    root: Path
    result: BuildResult

    @property
    def output(self) -> Path:
        return self.root / "output"

    def file(self, url: str) -> Path:
        rel = url.lstrip("/")
        if url.endswith("/"):
            rel += "index.html"
        return self.output / rel

    def html(self, url: str) -> BeautifulSoup:
        return BeautifulSoup(self.file(url).read_text(encoding="utf-8"), "html.parser")

    def exists(self, url: str) -> bool:
        return self.file(url).is_file()


def write_site(root: Path, files: dict[str, str], config: str | None = None) -> None:
    (root / "config.yaml").write_text(
        textwrap.dedent(config) if config is not None else
        "title: Thử nghiệm\nbase_url: https://example.org/\npaginate: 3\n", encoding="utf-8")
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")




def article(title: str, date: str = "2024-05-01T08:00:00+07:00", body: str = "Nội dung bài viết.",
            **fields: str) -> str:
    lines = ["---", f'title: "{title}"', f"date: {date}"]
    lines += [f"{key}: {value}" for key, value in fields.items()]
    return "\n".join([*lines, "---", "", body, ""])
