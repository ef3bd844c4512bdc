"""Machine-readable files: Atom feeds, sitemap, robots.txt and the open data."""

from .data import data_files
from .files import OPEN_DATA_URLS

__all__ = ["OPEN_DATA_URLS", "data_files"]
