"""The site's settings (config.yaml, validated), the generator whose site the content is, and where
its theme lives."""

from .origin import Origin, detect_origin
from .schema import DEFAULT_LABELS, LANGUAGES, Config, ConfigError, adopt_origin, load_config
from .theme import ThemeError, static_trees, template_dirs, theme_root

__all__ = [
    "DEFAULT_LABELS", "LANGUAGES", "Config", "ConfigError", "Origin", "ThemeError", "adopt_origin",
    "detect_origin", "load_config", "static_trees", "template_dirs", "theme_root",
]
