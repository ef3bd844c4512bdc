"""Pelican, the peer generator: its own virtual environment, the same articles, an equivalent site.

Pelican reads `Key: value` metadata rather than YAML front matter, so each corpus is converted once
into a sibling folder (not timed).  The configuration mirrors reformsite's defaults where Pelican
has an equivalent: article, tag, category and year-archive URLs, `/trang/N/` pagination by 10,
one Atom feed, absolute URLs, Vietnamese, Asia/Ho_Chi_Minh, and no content cache (a cold build).

Pelican has no search of its own; the peer with search runs the Pagefind CLI on its output
afterwards (`with_pagefind`), with the Pagefind that reformsite's interpreter has installed, so both
tools index with the same version.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from email.utils import parsedate_to_datetime
from pathlib import Path

import yaml

PELICAN_SPEC = "pelican[markdown]==4.12.*"
MARKER = ".converted.json"
CONVERTER_VERSION = 1

PELICANCONF = '''\
# Written by benchmarks/pelican_site.py: the Pelican equivalent of the reformsite benchmark site.
SITENAME = "Benchmark"
SITEURL = "https://example.org"
AUTHOR = "Benchmark"
PATH = {content!r}
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
RELATIVE_URLS = False

# A cold build: nothing read from or written to a cache.
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False

DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{{url}}", "{{save_as}}"),
    (2, "{{base_name}}/trang/{{number}}/", "{{base_name}}/trang/{{number}}/index.html"),
)

# One Atom feed, like reformsite's /feed.xml.
FEED_ALL_ATOM = "feed.xml"
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

ARTICLE_URL = "bai-viet/{{slug}}/"
ARTICLE_SAVE_AS = "bai-viet/{{slug}}/index.html"
TAG_URL = "chu-de/{{slug}}/"
TAG_SAVE_AS = "chu-de/{{slug}}/index.html"
CATEGORY_URL = "chuyen-muc/{{slug}}/"
CATEGORY_SAVE_AS = "chuyen-muc/{{slug}}/index.html"
YEAR_ARCHIVE_URL = "luu-tru/{{date:%Y}}/"
YEAR_ARCHIVE_SAVE_AS = "luu-tru/{{date:%Y}}/index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
'''


def venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def ensure_venv(venv: Path, base_python: str) -> Path:
    """Create Pelican's own virtual environment unless it already works; return its `pelican` script."""
    pelican = venv / "bin" / "pelican"
    if pelican.exists() and installed_version(venv):
        return pelican
    subprocess.run([base_python, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv_python(venv)), "-m", "pip", "install", "--quiet", PELICAN_SPEC], check=True)
    return pelican


def installed_version(venv: Path) -> str | None:
    probe = [str(venv_python(venv)), "-c", "import pelican; print(pelican.__version__)"]
    try:
        done = subprocess.run(probe, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout.strip()


def _split_front_matter(text: str) -> tuple[dict[str, object], str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def to_pelican(text: str, slug: str) -> str:
    """One article, its YAML front matter rewritten as Pelican's Markdown metadata block."""
    meta, body = _split_front_matter(text)
    when = parsedate_to_datetime(str(meta["date"]))
    lines = [f"Title: {str(meta['title']).strip()}", f"Date: {when.isoformat()}", f"Slug: {slug}"]
    categories = meta.get("categories", "")
    categories = categories.split() if isinstance(categories, str) else list(categories)  # type: ignore[arg-type]
    if categories:
        lines.append(f"Category: {categories[0]}")  # Pelican holds one category per article
    tags = meta.get("tags")
    if tags:
        tag_list = tags.split(",") if isinstance(tags, str) else list(tags)  # type: ignore[arg-type]
        lines.append("Tags: " + ", ".join(str(t).strip() for t in tag_list))
    return "\n".join(lines) + "\n\n" + body


def convert_corpus(corpus: Path, site: Path) -> Path:
    """Write Pelican's copy of *corpus* under *site*/content (reused when already done); return it."""
    content = site / "content"
    source = corpus / "content"
    stamp = {"corpus": json.loads((corpus / ".corpus.json").read_text()), "converter": CONVERTER_VERSION}
    marker = site / MARKER
    if marker.exists() and json.loads(marker.read_text()) == stamp:
        return content
    if content.exists():
        shutil.rmtree(content)
    for path in sorted(source.rglob("*.md")):
        target = content / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(to_pelican(path.read_text(encoding="utf-8"), path.stem), encoding="utf-8")
    marker.write_text(json.dumps(stamp) + "\n")
    return content


def write_config(site: Path, content: Path) -> Path:
    conf = site / "pelicanconf.py"
    conf.write_text(PELICANCONF.format(content=str(content)), encoding="utf-8")
    return conf


def build_command(pelican: Path, conf: Path, content: Path, output: Path) -> list[str]:
    return [str(pelican), str(content), "--settings", str(conf), "--output", str(output), "--quiet"]


def prepare_site(corpus: Path, site: Path, output: Path, venv: Path,
                 base_python: str = sys.executable) -> list[str]:
    """Everything Pelican needs before the timed build (venv, converted content, config); returns the
    build command, which writes to *output*."""
    pelican = ensure_venv(venv, base_python)
    site.mkdir(parents=True, exist_ok=True)
    content = convert_corpus(corpus, site)
    conf = write_config(site, content)
    return build_command(pelican, conf, content, output)


def pagefind_command(python: Path | str, site: Path) -> list[str]:
    """The Pagefind CLI indexing *site* in place (into *site*/pagefind/), as its documentation runs it."""
    return [str(python), "-m", "pagefind", "--site", str(site)]


def with_pagefind(build: list[str], output: Path, python: Path | str) -> list[str]:
    """One command that runs *build*, then, if it succeeded, Pagefind on *output*: a single process
    tree for benchmarks/measure.py, so wall time, CPU time and peak memory cover both."""
    script = f"{shlex.join(build)} && {shlex.join(pagefind_command(python, output))}"
    return ["/bin/sh", "-c", script]


def pagefind_version(python: Path | str) -> str | None:
    """The version of the `pagefind` package *python* imports, or None without one."""
    probe = [str(python), "-c", "from importlib.metadata import version; print(version('pagefind'))"]
    try:
        done = subprocess.run(probe, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout.strip() or None


_INDEXED_PAGES = re.compile(r"Indexed (\d+) pages?")


def pagefind_pages(log: Path) -> int | None:
    """How many pages Pagefind says it indexed, from the log of a run of `with_pagefind`'s command."""
    try:
        found = _INDEXED_PAGES.findall(log.read_text(errors="replace"))
    except OSError:
        return None
    return int(found[-1]) if found else None


if __name__ == "__main__":
    # python benchmarks/pelican_site.py CORPUS SITE OUTPUT VENV: prepare, then print the build command.
    print(" ".join(prepare_site(*(Path(a) for a in sys.argv[1:5]))))
