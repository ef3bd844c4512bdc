"""`check`: everything the build validates, plus what only shows once the site is rendered.

The build runs in memory (write=False).  On top of its diagnostics this reports broken internal
links (against the article and line that wrote them), missing local images, and articles whose
slugs collide (the build quietly gives the later one a -2; editors should know).  Nothing is
written to output/ or content/.
"""

from __future__ import annotations

import difflib
import re
import time
import traceback
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from itertools import groupby
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import jinja2

from reformsite.build import BuildOptions, build, resolve_dirs
from reformsite.config import Config, ThemeError, static_trees
from reformsite.content import ContentError, decode_text, read_drafts, split_front_matter
from reformsite.core import Diagnostic, Severity, display_path, sort_diagnostics
from reformsite.output import OutputError
from reformsite.site import SAME_SLUG, Article, Site, expand_permalink

from .links import BrokenLink, check_links, target_file

# DESIGN §9: broken internal links and missing images are warnings, so `check --strict` (what CI
# runs) fails on them while an editor's preview still builds.
BROKEN_LINK = Severity.WARNING
MISSING_IMAGE = Severity.WARNING
DUPLICATE_SLUG = Severity.WARNING

_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\(\s*<?(?P<src>[^)\s>]+)")
_HTML_IMAGE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"'](?P<src>[^\"']+)", re.IGNORECASE)
_TEMPLATE_SUFFIXES = (".html", ".xml", ".txt", ".j2", ".jinja")


@dataclass(frozen=True)
class CheckResult:
    diagnostics: tuple[Diagnostic, ...]
    articles: int = 0
    pages: int = 0
    files: int = 0
    seconds: float = 0.0
    places: tuple[str, ...] = ()    # per article, the place it is about and why (place_report)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    def exit_code(self, *, strict: bool) -> int:
        return 1 if self.errors or (strict and self.warnings) else 0


@dataclass
class _Sources:
    """Article files as text, read lazily, to point a problem found in HTML back at its Markdown line."""

    content_dir: Path
    root: Path
    _texts: dict[str, str] = field(default_factory=dict)

    def shown(self, article: Article) -> str:
        return display_path(self.content_dir / article.path, self.root)

    def text(self, article: Article) -> str:
        if article.path not in self._texts:
            try:
                self._texts[article.path] = decode_text((self.content_dir / article.path).read_bytes())
            except (OSError, UnicodeDecodeError):
                self._texts[article.path] = ""
        return self._texts[article.path]


def problem_from_exception(exc: BaseException, root: Path) -> Diagnostic:
    """A diagnostic for what stopped a build: a template error points at the template's line."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        path = display_path(Path(exc.filename), root) if exc.filename else (exc.name or "templates")
        return Diagnostic(path, exc.lineno, None, f"template error: {exc.message}",
                          "fix the template's syntax; Jinja2 tags look like {% if … %} … {% endif %}")
    if isinstance(exc, jinja2.TemplateNotFound):
        return Diagnostic("templates", None, None, f"template {exc.name!r} not found",
                          "add it under templates/ beside config.yaml, or fix the name")
    if isinstance(exc, jinja2.TemplateError):
        # Jinja2 rewrites tracebacks so that template lines appear as frames of the template file.
        frames = [f for f in traceback.extract_tb(exc.__traceback__)
                  if f.filename.endswith(_TEMPLATE_SUFFIXES)]
        if frames:
            frame = frames[-1]
            return Diagnostic(display_path(Path(frame.filename), root), frame.lineno, None,
                              f"template error: {exc}", "check the names the template uses")
        return Diagnostic("templates", None, None, f"template error: {exc}", "check the templates")
    if isinstance(exc, ThemeError | OutputError):
        return Diagnostic("config.yaml" if isinstance(exc, ThemeError) else "output", None, None, str(exc),
                          "check 'theme' in config.yaml" if isinstance(exc, ThemeError) else "")
    return Diagnostic("build", None, None, f"the build failed: {type(exc).__name__}: {exc}",
                      "this is a bug in reformsite or the theme; please report it with this message")


def static_files(config: Config) -> dict[str, bytes]:
    """The static trees the build copies (theme static/ under /static/, the site's static/ under /).

    Only HTML bytes are read (their links are checked); other files just need to exist.
    """
    files: dict[str, bytes] = {}
    for folder, prefix in static_trees(config):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            url = prefix + path.relative_to(folder).as_posix()
            files[url] = path.read_bytes() if path.suffix.lower() in (".html", ".htm") else b""
    return files


def find_positions(text: str, target: str) -> list[tuple[int, int]]:
    """1-based (line, col) of each place *target* is written as a whole URL (not inside a longer one)."""
    pattern = re.compile(rf"(?<![\w/.%-]){re.escape(target)}(?![\w/.%#?-])")
    positions = []
    for match in pattern.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        positions.append((line, match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1))
    return positions


def _spellings(target: str, base_path: str) -> list[str]:
    """How a rendered link may have been written in the Markdown."""
    spellings = [target]
    if (plain := unquote(target)) != target:
        spellings.append(plain)
    if base_path != "/" and target.startswith(base_path):
        spellings.append("/" + target[len(base_path):])
    return spellings


def _local_path(src: str, page_url: str) -> str | None:
    """The site path an image src points to, or None when it is on another host or inline data."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return unquote(urlsplit(urljoin(page_url, src)).path)


def missing_images(site: Site, existing: set[str], sources: _Sources) -> tuple[list[Diagnostic], set]:
    """Local images (Markdown, <img> or the `image` field) that are neither rendered nor static.

    Returns the diagnostics and the (page file, src) pairs they cover, so links are not told twice.
    """
    found: list[Diagnostic] = []
    covered: set[tuple[str, str]] = set()
    for article in site.all_documents:
        text = sources.text(article)
        srcs = [m.group("src") for m in _MD_IMAGE.finditer(text)]
        srcs += [m.group("src") for m in _HTML_IMAGE.finditer(text)]
        if article.image and article.picture is None:     # a picture's variants are checked as made
            srcs.append(article.image)
        for src in dict.fromkeys(srcs):
            path = _local_path(src, article.url)
            if path is None or target_file(path) in existing:
                continue
            covered.add((target_file(article.url), src))
            where = find_positions(text, src) or [(None, None)]
            for line, col in where:
                found.append(Diagnostic(
                    sources.shown(article), line, col, f"image {src} not found in the site or in static/",
                    f"put the file at static{path} beside config.yaml, or correct the path",
                    MISSING_IMAGE))
    return found, covered


def _link_hint(target: str, known_urls: Iterable[str], base_path: str) -> str:
    path = urlsplit(target).path
    if base_path != "/" and path.startswith(base_path):
        path = "/" + path[len(base_path):]
    close = difflib.get_close_matches(path, sorted(known_urls), n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]}?"
    return "link to a page that exists: copy the address from the page itself in `python build.py serve`"


def broken_link_problems(site: Site, files: Mapping[str, bytes], sources: _Sources,
                         skip: set[tuple[str, str]]) -> list[Diagnostic]:
    """check_links over the rendered pages, each broken link reported where it was written."""
    config = site.config
    by_page = {target_file(a.url): a for a in site.all_documents}
    known = [a.url for a in site.all_documents]
    known += [t.url for terms in (site.tags, site.categories, site.years) for t in terms]
    found: list[Diagnostic] = []
    from_templates: dict[str, list[BrokenLink]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for link in check_links(files, base_url=config.base_url):
        if (link.page, link.target) in seen or (link.page, link.target) in skip:
            continue
        seen.add((link.page, link.target))
        article = by_page.get(link.page)
        positions = []
        if article is not None:
            text = sources.text(article)
            for spelling in _spellings(link.target, config.base_path):
                if positions := find_positions(text, spelling):
                    break
        if not positions:
            from_templates[link.target].append(link)
            continue
        assert article is not None
        for line, col in positions:
            found.append(Diagnostic(sources.shown(article), line, col,
                                    f"broken link {link.target}: {link.reason}",
                                    _link_hint(link.target, known, config.base_path), BROKEN_LINK))
    # Links the templates or the menu make appear on many pages: one report per target.
    for target, links in from_templates.items():
        pages = sorted({link.page for link in links})
        where = pages[0] if len(pages) == 1 else f"{pages[0]} and {len(pages) - 1} other pages"
        found.append(Diagnostic(pages[0], None, None,
                                f"broken link {target} on {where}: {links[0].reason}",
                                "it comes from a template or from 'menu' in config.yaml; "
                                + _link_hint(target, known, config.base_path), BROKEN_LINK))
    return found


def field_position(text: str, key: str) -> tuple[int, int] | None:
    """Line and column of *key* in the front matter of *text* (YAML, TOML or JSON)."""
    try:
        split = split_front_matter(text)
    except ContentError:
        return None
    match = re.search(rf'^[ \t]*"?{re.escape(key)}"?[ \t]*[:=]', split.front_matter, re.MULTILINE)
    if match is None:
        return None
    return split.front_matter.count("\n", 0, match.start()) + split.fm_line, 1


def duplicate_slugs(site: Site, content_dir: Path, sources: _Sources) -> list[Diagnostic]:
    """Published documents whose slugs give the same address; the later ones were renamed -2, -3 …"""
    drafts, _ = read_drafts(content_dir, site.config.root)
    slug_of = {d.path: d.slug for d in drafts}
    groups: dict[str, list[Article]] = defaultdict(list)
    for doc in site.all_documents:
        if doc.permalink or doc.path not in slug_of:
            continue
        pattern = site.config.permalinks["page" if doc.kind == "page" else "article"]
        groups[expand_permalink(pattern, doc, slug_of[doc.path])].append(doc)
    found = []
    for url, docs in groups.items():
        if len(docs) < 2:
            continue
        # The one at the plain URL: the older, unless the other had it in the previous build.
        first = next((d for d in docs if d.url == url), min(docs, key=lambda a: (a.date, a.path)))
        for doc in (d for d in docs if d is not first):
            text = sources.text(doc)
            key = "slug" if field_position(text, "slug") else "title"
            line, col = field_position(text, key) or (None, None)
            slug = slug_of[doc.path]
            found.append(Diagnostic(
                sources.shown(doc), line, col,
                f"same slug '{slug}' as {sources.shown(first)}: both would be {url}; "
                f"this one is published at {doc.url} instead",
                f"give one of them its own slug in the front matter, e.g. slug: {slug}-{doc.date.year}",
                DUPLICATE_SLUG))
    return found


def check_site(options: BuildOptions) -> CheckResult:
    """Build in memory and look at the result; never writes."""
    started = time.perf_counter()
    options = replace(options, write=False)
    root = options.config_path.parent.resolve()
    try:
        result = build(options)
        site = result.site
        if site is None:           # config.yaml or the content folder is unusable
            return CheckResult(tuple(result.diagnostics), seconds=time.perf_counter() - started)
        files = {**static_files(site.config), **dict(result.outputs or ())}   # kept when write=False
    except (jinja2.TemplateError, ThemeError, OutputError) as exc:
        return CheckResult((problem_from_exception(exc, root),), seconds=time.perf_counter() - started)
    content_dir, _ = resolve_dirs(options, site.config)
    sources = _Sources(content_dir, site.config.root)
    images, covered = missing_images(site, {target_file(url) for url in files}, sources)
    # The build's same-slug warnings, told again by duplicate_slugs at the line that gives the slug.
    told = [d for d in result.diagnostics if not d.message.startswith(SAME_SLUG)]
    problems = [*told, *images, *broken_link_problems(site, files, sources, covered),
                *duplicate_slugs(site, content_dir, sources)]
    return CheckResult(tuple(sort_diagnostics(problems)), result.articles, result.pages, result.files,
                       time.perf_counter() - started,
                       tuple(place_report(site, display_path(content_dir, site.config.root))))


# How the open data and check name the reason a main place was chosen.
_WHY = {"mention": "named in the text", "parent": "holds the places named", "outlet": "the outlet's",
        "url": "from the source URL", "front matter": "set in the front matter"}


def place_report(site: Site, shown_dir: str) -> list[str]:
    """Per article, by file: the place it is about, and why ("tỉnh Bến Tre (the outlet's)"), or
    that it is about none of the places it names."""
    lines = []
    for article in sorted(site.articles, key=lambda a: a.path):
        tags = article.places
        if tags is None or site.places is None:
            continue
        if tags.main:
            gazetteer = site.places.gazetteer
            main = gazetteer.get(tags.main)
            day = article.date.date()
            chain = ", ".join(" ".join(gazetteer.name_at(p, day))
                              for p in (main, *reversed(gazetteer.parents(main))))
            lines.append(f"{shown_dir}/{article.path}: {chain} ({_WHY.get(tags.main_by, tags.main_by)})")
        elif tags.places:
            lines.append(f"{shown_dir}/{article.path}: about no single place ({len(tags.places)} named)")
    return lines


def format_grouped(diagnostics: Iterable[Diagnostic]) -> list[str]:
    """A header line per file, then `  line:col: severity: message` and `    hint: …`, by line."""
    lines: list[str] = []
    for path, group in groupby(sort_diagnostics(diagnostics), key=lambda d: d.path):
        lines.append(path)
        for d in group:
            where = "" if d.line is None else f"{d.line}:" if d.col is None else f"{d.line}:{d.col}:"
            lines.append(f"  {where + ' ' if where else ''}{d.severity}: {d.message}")
            if d.hint:
                lines.append(f"    hint: {d.hint}")
    return lines
