"""Where the theme lives: the site's themes/ folder, else the themes bundled with reformsite.

Kept free of heavy imports: the no-change check of a build needs it before anything is rendered.
"""

from __future__ import annotations

from pathlib import Path

from .schema import Config

# Installed from a wheel, the bundled themes are the package reformsite.themes; in a checkout
# (and an editable install) they are the repository's themes/ folder, which that package maps.
_PACKAGE = Path(__file__).resolve().parents[1]
BUILTIN_THEMES = _PACKAGE / "themes" if (_PACKAGE / "themes").is_dir() else _PACKAGE.parent / "themes"


class ThemeError(Exception):
    pass


def theme_root(config: Config) -> Path:
    for base in (config.root / "themes", BUILTIN_THEMES):
        if (base / config.theme).is_dir():
            return base / config.theme
    raise ThemeError(f"theme '{config.theme}' not found in {config.root / 'themes'} or {BUILTIN_THEMES}")


def template_dirs(config: Config) -> list[Path]:
    """Where templates are looked up, first match wins: the site's templates/, then the theme."""
    dirs = [config.root / "templates", theme_root(config) / "templates"]
    return [d for d in dirs if d.is_dir()]


def static_trees(config: Config) -> list[tuple[Path, str]]:
    """Folders copied verbatim into the output, with the URL prefix each is copied under."""
    trees = [(theme_root(config) / "static", "/static/")]
    if (config.root / "static").is_dir():
        trees.append((config.root / "static", "/"))
    return trees
