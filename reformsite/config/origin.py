"""A Jekyll or Hugo site given as the content folder: which generator wrote it, where its content
lies, and the settings of its own config file (_config.yml, hugo.toml) that reformsite can use.

An editor migrating a site points --content at its root, as it is; its title, address and permalink
style are taken where config.yaml does not give them.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from reformsite.core import Diagnostic, display_path, load_yaml

JEKYLL_CONFIGS = ("_config.yml", "_config.yaml", "_config.toml")
HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml")


@dataclass(frozen=True)
class Origin:
    """The generator whose conventions a content folder follows, and what its config says."""

    generator: str = "reformsite"       # or "jekyll", "hugo"
    content_root: str = ""              # Hugo: the folder of content pages, relative to --content
    permalink: str | None = None        # the site's permalink for posts (":year/:title/", "pretty")
    sections: tuple[tuple[str, str], ...] = ()   # Hugo: permalink pattern per top-level section
    title: str | None = None
    base_url: str | None = None
    config_file: str | None = None      # the generator's config file, relative to --content
    keep_urls: bool = False             # articles keep the URLs of the site's permalinks (else redirect)

    @property
    def foreign(self) -> bool:
        return self.generator != "reformsite"


class OriginError(Exception):
    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def _read_config(path: Path) -> dict[str, Any]:
    """A generator's config file as a mapping (empty when it is empty)."""
    text = path.read_text(encoding="utf-8-sig")
    try:
        if path.suffix == ".toml":
            data = tomllib.loads(text)
        elif path.suffix == ".json":
            data = json.loads(text)
        else:
            data = load_yaml(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, yaml.YAMLError) as exc:
        raise OriginError(Diagnostic(display_path(path, Path.cwd()), None, None,
                                     f"cannot read the site's {path.name}: {exc}",
                                     "fix the file, or set title and base_url in config.yaml")) from None
    return data if isinstance(data, dict) else {}


def _first(folder: Path, names: tuple[str, ...]) -> Path | None:
    return next((folder / name for name in names if (folder / name).is_file()), None)


def _jekyll(folder: Path) -> Origin:
    found = _first(folder, JEKYLL_CONFIGS)
    data = _read_config(found) if found else {}
    url = data.get("url") if isinstance(data.get("url"), str) else None
    base = data.get("baseurl") if isinstance(data.get("baseurl"), str) else ""
    permalink = data.get("permalink") if isinstance(data.get("permalink"), str) else None
    return Origin("jekyll", "", permalink, (), _text(data.get("title")),
                  _join_url(url, base) if url else None, found.name if found else None)


def _hugo_content_folder(data: dict[str, Any]) -> str:
    """Where Hugo reads content pages: a module mount onto "content", the default language's
    contentDir, contentDir, else "content"."""
    mounts = (data.get("module") or {}).get("mounts") if isinstance(data.get("module"), dict) else None
    for mount in mounts or []:
        source = mount.get("source") if isinstance(mount, dict) else None
        if isinstance(source, str) and mount.get("target") == "content":
            return source.strip("/")
    languages = data.get("languages") if isinstance(data.get("languages"), dict) else {}
    default = languages.get(data.get("defaultContentLanguage", "en"))
    if isinstance(default, dict) and isinstance(default.get("contentDir"), str):
        return default["contentDir"].strip("/")
    return str(data.get("contentDir") or "content").strip("/")


def _hugo_sections(data: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    permalinks = data.get("permalinks") if isinstance(data.get("permalinks"), dict) else {}
    if isinstance(permalinks.get("page"), dict):     # newer Hugo: permalinks per page kind
        permalinks = permalinks["page"]
    return tuple(sorted((str(k), v) for k, v in permalinks.items() if isinstance(v, str)))


def _hugo(root: Path, found: Path, content_dir: Path) -> Origin:
    data = _read_config(found)
    folder = root / _hugo_content_folder(data)
    try:
        content_root = folder.resolve().relative_to(content_dir.resolve()).as_posix()
    except ValueError:
        content_root = ""
    content_root = "" if content_root == "." else content_root
    base = data.get("baseURL") or data.get("baseurl")
    return Origin("hugo", content_root, None, _hugo_sections(data), _text(data.get("title")),
                  base if isinstance(base, str) else None,
                  display_path(found, content_dir))


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _join_url(url: str, base: str) -> str:
    return url.rstrip("/") + "/" + base.strip("/") + ("/" if base.strip("/") else "")


def detect_origin(content_dir: Path) -> Origin:
    """Which generator's site *content_dir* is: a Hugo site root or its content/ folder (beside
    hugo.toml), a Jekyll site root (_config.yml or _posts/), else reformsite's own content/."""
    if not content_dir.is_dir():
        return Origin()
    if (found := _first(content_dir, HUGO_CONFIGS)) and (content_dir / "content").is_dir():
        return _hugo(content_dir, found, content_dir)
    parent = content_dir.parent
    if content_dir.name == "content" and (found := _first(parent, HUGO_CONFIGS)):
        return _hugo(parent, found, content_dir)
    if _first(content_dir, JEKYLL_CONFIGS) or (content_dir / "_posts").is_dir():
        return _jekyll(content_dir)
    return Origin()
