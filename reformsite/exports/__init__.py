"""Machine-readable files: Atom feeds, sitemap, robots.txt and the open data."""

from .data import data_files
from .opendata import (
    INDEX_URL,
    DataFile,
    DataPart,
    OpenData,
    make_open_data,
    open_data,
    open_data_parts,
    prepare_open_data,
)

__all__ = ["INDEX_URL", "DataFile", "DataPart", "OpenData", "data_files", "make_open_data",
           "open_data", "open_data_parts", "prepare_open_data"]
