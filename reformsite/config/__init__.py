"""The site's settings (config.yaml, validated) and where its theme lives."""

from .schema import LANGUAGES, Config, ConfigError, load_config
from .theme import ThemeError, static_trees, template_dirs, theme_root

__all__ = [
    "LANGUAGES", "Config", "ConfigError", "ThemeError", "load_config", "static_trees", "template_dirs",
    "theme_root",
]
