"""Build Jekyll or Hugo sites as they are and count, per site: files in, articles and pages built,
errors, warnings, files lost (neither built nor named in a diagnostic), tracebacks, and pages
that show a template tag outside code.

    python benchmarks/foreign_sites.py SITE_ROOT [SITE_ROOT …]

Files in are the content files the generator itself reads: Markdown and HTML posts and pages with
front matter of a Jekyll site (not _layouts/, _includes/ …), every Markdown file of a Hugo site's
content folder.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bs4 import BeautifulSoup

from reformsite.build import BuildOptions, BuildResult, build
from reformsite.config import detect_origin

_TAG = re.compile(r"\{%.*?%\}|\{\{[<%].*?[>%]\}\}|\{\{\s*(?:site|page|\.)[\w.]*\s*\}\}", re.DOTALL)


_MARKDOWN = {".md", ".markdown", ".mkdn", ".mkd", ".mdown", ".mkdown"}


def _front_matter(path: Path) -> bool:
    return path.read_bytes()[:4] in (b"---\n", b"---\r")


def _files_in(root: Path) -> set[str]:
    """The content files of the site, relative to *root*, found by the generator's rules (not by
    reformsite's listing): Jekyll's posts and drafts, and its pages with front matter outside
    folders starting with "_"; every Markdown or HTML file of Hugo's content folder."""
    origin = detect_origin(root)
    start = root / origin.content_root if origin.generator == "hugo" else root
    found = set()
    for path in start.rglob("*"):
        parts = path.relative_to(root).parts
        if not path.is_file() or any(p.startswith(".") for p in parts):
            continue
        suffix = path.suffix.lower()
        if origin.generator == "hugo":
            if suffix in _MARKDOWN | {".html"}:
                found.add("/".join(parts))
            continue
        posts = any(p in ("_posts", "_drafts") for p in parts[:-1])
        if any(p.startswith("_") and p not in ("_posts", "_drafts") for p in parts[:-1]):
            continue
        if (posts and (suffix in _MARKDOWN or _front_matter(path))) or (
                suffix in _MARKDOWN | {".html"} and _front_matter(path)):
            found.add("/".join(parts))
    return found


def _tagged_pages(output: Path) -> list[str]:
    """Pages whose text outside <pre> and <code> shows a Liquid tag or a shortcode."""
    found = []
    for page in sorted(output.rglob("*.html")):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for code in soup.find_all(["pre", "code", "script"]):
            code.decompose()
        if _TAG.search(soup.get_text()):
            found.append(page.relative_to(output).as_posix())
    return found


def _build(root: Path, folder: Path, **options: bool) -> BuildResult:
    folder.mkdir(exist_ok=True)
    config = folder / "config.yaml"
    config.write_text("", encoding="utf-8")
    return build(BuildOptions(config_path=config, content_dir=root, output_dir=folder / "output",
                              use_cache=False, jobs=2, **options))


def _relative(shown: str, root: Path) -> str:
    """A diagnostic's path (as displayed: relative to the working folder, or to the content folder)
    relative to the site's root."""
    path = Path(shown)
    for base in (Path.cwd(), root):
        full = (base / path).resolve()
        if full.is_relative_to(root.resolve()):
            return full.relative_to(root.resolve()).as_posix()
    return shown


def measure(root: Path) -> dict[str, object]:
    """The counts for one site.  A file is lost when it is neither built (with --drafts --future: a
    draft, an unpublished post is the author's choice, not a loss) nor named by a diagnostic."""
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "output"
        try:
            result = _build(root, Path(folder))
            everything = _build(root, Path(folder) / "all", drafts=True, future=True)
        except Exception:
            return {"site": root.name, "traceback": traceback.format_exc()}
        site = everything.site
        built = {d.path for d in [*site.articles, *site.pages]} if site else set()
        named = {_relative(d.path, root) for d in everything.diagnostics}
        files = _files_in(root)
        lost = sorted(files - built - named)
        return {"site": root.name, "files_in": len(files), "articles": result.articles,
                "pages": len(result.site.pages) if result.site else 0, "errors": len(result.errors),
                "warnings": len(result.warnings), "lost": len(lost), "lost_files": lost[:20],
                "pages_with_template_tags": _tagged_pages(output)[:20], "traceback": None}


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        print(json.dumps(measure(Path(argument).resolve()), ensure_ascii=False, indent=1))
