"""Writing output/: a staged folder swapped in atomically, the build lock, and clean."""

from .write import (
    MARKER,
    OutputError,
    WriteStats,
    build_lock,
    clean_output,
    files_under,
    make_search_folder,
    remove_made_folder,
    url_to_relpath,
    write_site,
)

__all__ = [
    "MARKER", "OutputError", "WriteStats", "build_lock", "clean_output", "files_under", "make_search_folder",
    "remove_made_folder", "url_to_relpath", "write_site",
]
