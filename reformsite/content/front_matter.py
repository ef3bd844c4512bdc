"""A file's front matter (YAML ---, TOML +++ or JSON {…}): split from the body and parsed, with the
line and column of every field, so that a problem is reported where it stands in the file."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import frontmatter
import toml
import yaml

from reformsite.core import Diagnostic, YAMLDuplicateKeyError, load_yaml_with_lines


@dataclass(frozen=True)
class SplitFile:
    """A file's front matter and body, with the line on which each starts."""

    format: str                     # "yaml", "toml", "json" or "none"
    front_matter: str
    fm_line: int                    # line of the opening delimiter, which is line 1 of `front_matter`
    body: str
    body_line: int


class ContentError(Exception):
    """The front matter cannot be read; carries the diagnostic (path left empty for the caller)."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def split_front_matter(text: str) -> SplitFile:
    """Separate the front matter (YAML ---, TOML +++ or JSON {…}) from the body.

    python-frontmatter's handlers know the delimiters; we split here ourselves only to keep track of
    line numbers, which its API does not report, and to detect front matter that is never closed.
    """
    handlers = (("yaml", frontmatter.YAMLHandler()), ("toml", frontmatter.TOMLHandler()),
                ("json", frontmatter.JSONHandler()))
    for name, handler in handlers:
        if not handler.detect(text):
            continue
        delimiter = {"yaml": "---", "toml": "+++", "json": "}"}[name]
        pieces = handler.FM_BOUNDARY.split(text, 2)
        if len(pieces) < 3:
            hint = f"add a line with only {delimiter} after the last field"
            raise ContentError(Diagnostic("", 1, 1, "the front matter is never closed", hint))
        before, fm, body = pieces
        if name == "json":
            fm = "{" + fm + "}"
        # The first line of `fm` is the rest of the opening delimiter's line.
        fm_line = before.count("\n") + 1
        consumed = len(text) - len(body)
        body_line = text[:consumed].count("\n") + 1
        if body.startswith("\n"):
            body, body_line = body[1:], body_line + 1
        return SplitFile(name, fm, fm_line, body, body_line)
    return SplitFile("none", "", 1, text, 1)


def _field_position(split: SplitFile, key: str) -> tuple[int, int]:
    """Line and column of *key*'s value in TOML or JSON front matter (YAML gets them from the parser)."""
    pattern = re.compile(rf'^(\s*"?{re.escape(key)}"?\s*[:=]\s*)', re.MULTILINE)
    if match := pattern.search(split.front_matter):
        line = split.front_matter.count("\n", 0, match.start()) + split.fm_line
        return line, len(match.group(1).split("\n")[-1]) + 1
    return split.fm_line, 1


def _load(split: SplitFile) -> tuple[Any, dict[str, tuple[int, int]]]:
    """The parsed front matter and, for YAML, {key: (line, col)} in file coordinates; a syntax
    error becomes a ContentError at its line and column in the file."""
    try:
        if split.format == "yaml":
            data, positions = load_yaml_with_lines(split.front_matter)
            return data, {k: (line + split.fm_line - 1, col) for k, (line, col) in positions.items()}
        if split.format == "toml":
            return toml.loads(split.front_matter), {}
        return json.loads(split.front_matter), {}
    except YAMLDuplicateKeyError as exc:
        raise ContentError(Diagnostic("", exc.line + split.fm_line - 1, exc.col, str(exc),
                                      f"remove one of the two '{exc.key}' lines")) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + split.fm_line if mark else split.fm_line
        col = mark.column + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc)
        hint = "quote values that contain ': ' or start with [ { * & ! | > ' \" % @ `"
        raise ContentError(Diagnostic("", line, col, f"invalid YAML front matter: {problem}", hint)) from None
    except toml.TomlDecodeError as exc:
        line = exc.lineno + split.fm_line - 1
        raise ContentError(Diagnostic("", line, exc.colno, f"invalid TOML front matter: {exc.msg}",
                                      'write one key = "value" per line')) from None
    except json.JSONDecodeError as exc:
        line = exc.lineno + split.fm_line - 1
        raise ContentError(Diagnostic("", line, exc.colno, f"invalid JSON front matter: {exc.msg}",
                                      "check commas and double quotes")) from None


def parse_front_matter(split: SplitFile) -> tuple[dict[str, Any], dict[str, tuple[int, int]]]:
    """Parse the metadata; return it with {key: (line, col)} in file coordinates."""
    if split.format == "none":
        return {}, {}
    data, positions = _load(split)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError(Diagnostic("", split.fm_line, 1, "the front matter must be a mapping of fields",
                                      "write one 'field: value' per line, e.g. 'title: …'"))
    if split.format != "yaml":
        positions = {str(k): _field_position(split, str(k)) for k in data}
    return {str(k): v for k, v in data.items()}, positions
