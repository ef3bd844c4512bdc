"""Helpers every stage shares: Vietnamese text, dates, diagnostics, output files, strict YAML, quick
pickling, packed texts, the garbage collector while the build makes its long-lived objects, and forking."""

from .dates import VIETNAM, DateError, parse_date
from .diagnostics import Diagnostic, Severity, display_path, sort_diagnostics
from .files import File
from .heap import collector_paused, frozen_heap
from .language import guess_language
from .packed import PackedTexts, pack_text, unpack_text
from .paths import file_hash, inside, outward_links
from .pickling import assemble, quick_pickle
from .text import canonical_tones, fold_diacritics, invalid_character, name_key, nfc, slugify, without_invalid
from .threads import all_in_halves, in_two_processes, single_threaded, thread_count
from .urls import url_problem
from .yamlio import (
    StrictSafeLoader,
    YAMLDateError,
    YAMLDuplicateKeyError,
    load_yaml,
    load_yaml_with_lines,
    unreadable_character,
)

__all__ = [
    "VIETNAM",
    "DateError",
    "Diagnostic",
    "File",
    "PackedTexts",
    "Severity",
    "StrictSafeLoader",
    "YAMLDateError",
    "YAMLDuplicateKeyError",
    "all_in_halves",
    "assemble",
    "canonical_tones",
    "collector_paused",
    "display_path",
    "file_hash",
    "fold_diacritics",
    "frozen_heap",
    "guess_language",
    "in_two_processes",
    "inside",
    "invalid_character",
    "load_yaml",
    "load_yaml_with_lines",
    "name_key",
    "nfc",
    "outward_links",
    "pack_text",
    "parse_date",
    "quick_pickle",
    "single_threaded",
    "slugify",
    "sort_diagnostics",
    "thread_count",
    "unpack_text",
    "unreadable_character",
    "url_problem",
    "without_invalid",
]
