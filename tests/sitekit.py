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


@dataclass(frozen=True)
class CorpusArticle:
    """One page of the development corpus (../shared/corpus) as the corpus scorer builds it."""

    label: dict
    title: str
    body: str
    source_url: str | None
    date: dt.date


def corpus_article(article_id: str) -> CorpusArticle:
    """A corpus page by its id ("A11"); the test is skipped when ../shared is not beside the repo."""
    import pytest
    import yaml

    corpus = SHARED / "corpus"
    if not (corpus / "labels.yaml").is_file():
        pytest.skip("../shared/corpus is not beside the repository")
    labels = {entry["id"]: entry for entry in yaml.safe_load((corpus / "labels.yaml").read_text("utf-8"))}
    label = labels[article_id]
    lines = (corpus / label["file"]).read_text("utf-8").splitlines()
    source = label.get("source")
    if lines and lines[0].startswith("source:"):
        source, lines = lines[0].split(":", 1)[1].strip(), lines[1:]
    return CorpusArticle(label, label["title"], "\n".join(lines), source, _corpus_date(label))


def _corpus_date(label: dict) -> dt.date:
    """The date the scorer gives a page: as labelled, the 15th of a labelled month, else mid-year of
    its first figure's period."""
    written = str(label.get("date") or "")
    if len(written) == 10:
        return dt.date.fromisoformat(written)
    if len(written) == 7:
        return dt.date.fromisoformat(written + "-15")
    for figure in label.get("figures") or []:
        if str(figure.get("period") or "")[:4].isdigit():
            return dt.date(int(str(figure["period"])[:4]), 6, 30)
    return dt.date(2020, 1, 1)
