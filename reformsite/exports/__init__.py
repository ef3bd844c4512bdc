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

# The open-data file that is always there (the build keeps the open data while it is, and while
# the articles it shows did not change).
OPEN_DATA_URLS = (INDEX_URL,)

__all__ = ["INDEX_URL", "OPEN_DATA_URLS", "DataFile", "DataPart", "OpenData", "data_files", "make_open_data",
           "open_data", "open_data_parts", "prepare_open_data"]
