"""The site's settings from config.yaml: typed, validated, with "did you mean" for unknown keys."""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from reformsite.core import (
    Diagnostic,
    YAMLDuplicateKeyError,
    display_path,
    load_yaml_with_lines,
    name_key,
    slugify,
    unreadable_character,
    url_problem,
)

from .origin import Origin, OriginError, detect_origin

DEFAULT_PERMALINKS: dict[str, str] = {
    "article": "/bai-viet/{slug}/",
    "page": "/{slug}/",
    "tag": "/chu-de/{slug}/",
    "category": "/chuyen-muc/{slug}/",
    "year": "/luu-tru/{year}/",
    "places": "/dia-phuong/",
    "indicators": "/chi-so/",
    "search": "/tim-kiem/",
    "data": "/du-lieu/",
}
LANGUAGES = ("vi", "en")
# The editorial assessments a title may start with ("[Tot] …"), shown as a badge; any other
# bracketed prefix ("[Part 5]") is part of the title.  As slugs: "[Trung bình]" is trung-binh.
DEFAULT_LABELS = ("tot", "kha", "trung-binh", "tb", "yeu", "kem", "chua-tot")


class ConfigError(Exception):
    """config.yaml cannot be used; carries the diagnostics to show."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("; ".join(d.format() for d in diagnostics))
        self.diagnostics = diagnostics


@dataclass(frozen=True)
class MenuItem:
    title: str
    url: str


def term_slug(name: str) -> str:
    """The slug that identifies a category or tag: names differing in case or tone placement are one."""
    return slugify(name_key(name))


@dataclass(frozen=True)
class TermSettings:
    """What config.yaml says of a taxonomy's terms: which to hide, which to show under another name.

    Terms are named as editors write them and compared by slug ("VN" is "vn"); renaming two terms
    to one name merges them."""

    hide: frozenset[str] = frozenset()          # slugs
    rename: dict[str, str] = field(default_factory=dict)    # slug → the name shown

    def apply(self, names: tuple[str, ...]) -> tuple[str, ...]:
        """*names* as the site shows them: hidden ones left out, renamed ones renamed, each once."""
        if not self.hide and not self.rename:
            return names
        shown: dict[str, str] = {}
        for name in names:
            slug = term_slug(name)
            if slug in self.hide:
                continue
            name = self.rename.get(slug, name)
            shown.setdefault(term_slug(name), name)
        return tuple(shown.values())


@dataclass(frozen=True)
class Config:
    title: str = "Cải cách hành chính"
    description: str = ""
    base_url: str = "http://localhost:8000/"
    language: str = "vi"
    theme: str = "default"
    author: str = ""
    paginate: int = 10
    summary_words: int = 45
    words_per_minute: int = 200
    permalinks: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_PERMALINKS))
    menu: tuple[MenuItem, ...] = ()
    allow_raw_html: bool = False
    cache_dir: str = ".reformsite-cache"
    feed_items: int = 20
    # The largest file the site publishes, in bytes: static hosts refuse larger ones (25 MiB on some).
    # The open data is split and compressed to stay under it (see reformsite.exports.opendata).
    max_file_size: int = 20_000_000
    labels: tuple[str, ...] = DEFAULT_LABELS
    logo: str = "/static/logo.png"              # the publisher's logo in JSON-LD, the home-screen icon
    social_image: str = "/static/social.jpg"    # shown by social networks for a page without its own
    # Hosts whose images the pages may load, and `build --fetch-images` may download into the site (a
    # lead image from another host shows a placeholder: papers refuse hot links, and a reader's
    # browser should not call other sites); "*" allows all.
    image_hosts: tuple[str, ...] = ()
    categories: TermSettings = field(default_factory=TermSettings)
    tags: TermSettings = field(default_factory=TermSettings)
    # Where the site lives on disk, the settings config.yaml gives, and the generator whose site the
    # content folder is (see origin.py): not keys of config.yaml.
    root: Path = Path(".")
    given: frozenset[str] = frozenset()
    origin: Origin = field(default_factory=Origin)

    # Cached: templates and exports ask for these for every link they write, and the config is
    # frozen (replace() makes a new one, with nothing cached).
    @functools.cached_property
    def base_path(self) -> str:
        """The path part of base_url, always ending in "/": "/portal/" for https://example.org/portal/."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    @functools.cached_property
    def _site_root(self) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}{self.base_path}"

    def absolute(self, url: str) -> str:
        """Absolute URL of a site-relative *url* such as "/bai-viet/x/"."""
        return self._site_root + url.lstrip("/")

    def shows_image(self, url: str) -> bool:
        """Whether pages may load the image at *url*: one of the site's own, or from a host it allows."""
        host = (urlsplit(url).hostname or "").lower()
        if not host:
            return True
        return "*" in self.image_hosts or any(host == h or host.endswith("." + h) for h in self.image_hosts)

    def with_overrides(self, **changes: Any) -> Config:
        changes = {k: v for k, v in changes.items() if v is not None}
        return replace(self, **changes, given=self.given | set(changes))


_KEYS = {f.name for f in fields(Config)} - {"root", "given", "origin"}


def _hint_for_unknown(key: str, choices: set[str]) -> str:
    close = difflib.get_close_matches(key, sorted(choices), n=1)
    return f"did you mean '{close[0]}'?" if close else "known keys: " + ", ".join(sorted(choices))


def _check_type(name: str, value: Any, expected: type) -> str | None:
    if expected is int and (isinstance(value, bool) or not isinstance(value, int)):
        return f"'{name}' must be a whole number, not {value!r}"
    if expected is not int and not isinstance(value, expected):
        return f"'{name}' must be {expected.__name__}, not {type(value).__name__}"
    return None


# Settings given as one value of a type; the others (permalinks, menu) have steps of their own.
_SIMPLE = {"title": str, "description": str, "base_url": str, "language": str, "theme": str,
           "author": str, "paginate": int, "summary_words": int, "words_per_minute": int,
           "allow_raw_html": bool, "cache_dir": str, "feed_items": int, "logo": str, "social_image": str,
           "max_file_size": int}
_COUNTS = ("paginate", "summary_words", "words_per_minute", "feed_items", "max_file_size")


@dataclass
class _Problems:
    """config.yaml's problems, each at the line of the setting it is about."""

    path: str
    lines: dict[str, tuple[int, int]]
    found: list[Diagnostic] = field(default_factory=list)

    def add(self, key: str, message: str, hint: str = "") -> None:
        line, col = self.lines.get(key, (None, None))
        self.found.append(Diagnostic(self.path, line, col, message, hint))


def _simple_values(data: dict[Any, Any], problems: _Problems) -> dict[str, Any]:
    """The settings of _SIMPLE that have the right type; unknown keys are reported."""
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in _KEYS:
            problems.add(str(key), f"unknown setting '{key}'", _hint_for_unknown(str(key), _KEYS))
        elif key in _SIMPLE:
            if (error := _check_type(key, value, _SIMPLE[key])) is not None:
                problems.add(key, error)
            else:
                values[key] = value
    return values


def _drop_bad_values(values: dict[str, Any], problems: _Problems) -> None:
    """Report and remove counts below 1, an unknown language, a base_url that is not absolute and an
    address (logo, social_image) that the URL policy refuses (core.url_problem)."""
    for key in _COUNTS:
        if key in values and values[key] < 1:
            problems.add(key, f"'{key}' must be at least 1")
            values.pop(key)
    if "language" in values and values["language"] not in LANGUAGES:
        problems.add("language", f"unknown language {values['language']!r}", "use 'vi' or 'en'")
        values.pop("language")
    for key in ("logo", "social_image"):
        if key in values and (reason := url_problem(values[key])) is not None:
            problems.add(key, f"'{key}' {reason}", "use an https:// address or a path inside the site")
            values.pop(key)
    if "base_url" in values:
        parts = urlsplit(values["base_url"])
        if parts.scheme not in ("http", "https") or not parts.netloc:
            problems.add("base_url", f"base_url {values['base_url']!r} is not an absolute http(s) URL",
                         "write it like https://example.org/ or https://example.org/portal/")
            values.pop("base_url")


def _permalinks(permalinks: Any, problems: _Problems) -> dict[str, str] | None:
    """DEFAULT_PERMALINKS with the patterns given for some kinds; None when not a mapping."""
    if not isinstance(permalinks, dict):
        problems.add("permalinks", "'permalinks' must be a mapping such as 'article: /bai-viet/{slug}/'")
        return None
    merged = dict(DEFAULT_PERMALINKS)
    for kind, pattern in permalinks.items():
        if kind not in DEFAULT_PERMALINKS:
            problems.add("permalinks", f"unknown permalink kind '{kind}'",
                         _hint_for_unknown(str(kind), set(DEFAULT_PERMALINKS)))
        elif not isinstance(pattern, str) or not pattern.startswith("/") or not pattern.endswith("/"):
            problems.add("permalinks", f"permalink for '{kind}' must start and end with '/'",
                         "e.g. /bai-viet/{year}/{slug}/")
        else:
            merged[kind] = pattern
    return merged


def _labels(labels: Any, problems: _Problems) -> tuple[str, ...]:
    if not isinstance(labels, list) or not all(isinstance(i, str) and slugify(i) for i in labels):
        problems.add("labels", "'labels' must be a list of assessment labels",
                     "e.g. labels: [Tốt, Khá, Trung bình, Yếu]")
        return DEFAULT_LABELS
    return tuple(slugify(i) for i in labels)


_TERM_HINT = ("e.g. categories: {hide: [entries, VN], rename: {co-so: Cơ sở}, "
              "merge: {Chỉ số: [PAR Index, SIPAS]}}")


def _names(value: Any) -> list[str] | None:
    """A name or a list of names, as text; None for anything else."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str | int) for v in value):
        return [str(v) for v in value]
    return None


def _term_settings(kind: str, value: Any, problems: _Problems) -> TermSettings:
    """categories: / tags: — hide: [names], rename: {name: new name}, merge: {new name: [names]}."""
    if isinstance(value, dict) and not set(value) - {"hide", "rename", "merge"}:
        hide = _names(value.get("hide", []))
        rename, merge = value.get("rename", {}), value.get("merge", {})
        if (hide is not None and isinstance(rename, dict) and isinstance(merge, dict)
                and all(isinstance(v, str | int) for v in rename.values())
                and all(_names(v) is not None for v in merge.values())):
            renamed = {term_slug(str(old)): str(new) for old, new in rename.items()}
            for new, olds in merge.items():
                renamed.update((term_slug(old), str(new)) for old in _names(olds) or ())
            return TermSettings(frozenset(term_slug(name) for name in hide), renamed)
    problems.add(kind, f"'{kind}' must be a mapping with hide (a list), rename and merge (mappings)",
                 _TERM_HINT)
    return TermSettings()


def _image_hosts(value: Any, problems: _Problems) -> tuple[str, ...]:
    hosts = _names(value)
    if hosts is None or not all(h == "*" or ("." in h and "/" not in h) for h in hosts):
        problems.add("image_hosts", "'image_hosts' must be a list of host names such as baodongkhoi.vn",
                     "or [\"*\"] to load images from any host")
        return ()
    return tuple(h.lower().removeprefix("www.") for h in hosts)


def _menu(menu: Any, problems: _Problems) -> tuple[MenuItem, ...]:
    if not isinstance(menu, list) or not all(
        isinstance(i, dict) and isinstance(i.get("title"), str) and isinstance(i.get("url"), str)
        for i in menu
    ):
        problems.add("menu", "'menu' must be a list of {title, url} entries",
                     "e.g. menu: [{title: Giới thiệu, url: /gioi-thieu/}]")
        return ()
    for item in menu:
        if (reason := url_problem(item["url"])) is not None:
            problems.add("menu", f"menu entry '{item['title']}': its url {reason}",
                         "use an https:// address or a path inside the site, e.g. /gioi-thieu/")
            return ()
    return tuple(MenuItem(i["title"], i["url"]) for i in menu)


def parse_config(data: Any, *, path: str, lines: dict[str, tuple[int, int]], root: Path) -> Config:
    """Validate the mapping read from config.yaml; raise ConfigError with every problem found."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError([Diagnostic(path, 1, 1, "config.yaml must be a mapping of settings",
                                      "write one 'key: value' per line, e.g. 'title: My site'")])
    problems = _Problems(path, lines)
    values = _simple_values(data, problems)
    _drop_bad_values(values, problems)
    if "permalinks" in data and (permalinks := _permalinks(data["permalinks"], problems)) is not None:
        values["permalinks"] = permalinks
    if "menu" in data:
        values["menu"] = _menu(data["menu"], problems)
    if "labels" in data:
        values["labels"] = _labels(data["labels"], problems)
    if "image_hosts" in data:
        values["image_hosts"] = _image_hosts(data["image_hosts"], problems)
    for kind in ("categories", "tags"):
        if kind in data:
            values[kind] = _term_settings(kind, data[kind], problems)
    if problems.found:
        raise ConfigError(problems.found)
    given = {*values, *(["article_permalink"] if "article" in (data.get("permalinks") or {}) else [])}
    return Config(root=root, given=frozenset(given), **values)


def adopt_origin(config: Config, content_dir: Path) -> Config:
    """*config* with the generator whose site *content_dir* is, and that site's title, address and
    permalinks where config.yaml does not give them (its permalinks: articles keep their URLs)."""
    try:
        origin = detect_origin(content_dir)
    except OriginError as exc:
        raise ConfigError([exc.diagnostic]) from None
    if not origin.foreign:
        return config
    changes: dict[str, Any] = {}
    if origin.title and "title" not in config.given:
        changes["title"] = origin.title
    parts = urlsplit(origin.base_url or "")
    if parts.scheme in ("http", "https") and parts.netloc and "base_url" not in config.given:
        changes["base_url"] = origin.base_url
    keep = bool(origin.permalink or origin.sections) and "article_permalink" not in config.given
    return replace(config, **changes, origin=replace(origin, keep_urls=keep))


def load_config(path: Path) -> Config:
    """Read and validate config.yaml; a missing file gives the defaults (a site can start empty)."""
    root = path.parent.resolve()
    shown = display_path(path, Path.cwd())
    if not path.exists():
        return Config(root=root)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([Diagnostic(shown, None, None, f"cannot read config: {exc}",
                                      "save config.yaml as UTF-8 text")]) from None
    try:
        data, lines = load_yaml_with_lines(text)
    except YAMLDuplicateKeyError as exc:
        raise ConfigError([Diagnostic(shown, exc.line, exc.col, str(exc), "keep one of the two")]) from None
    except yaml.reader.ReaderError as exc:
        raise ConfigError([unreadable_character(shown, text, exc)]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise ConfigError([Diagnostic(shown, line, col, f"invalid YAML: {getattr(exc, 'problem', exc)}",
                                      "check indentation and quote values that contain ': '")]) from None
    return parse_config(data, path=shown, lines=lines, root=root)
