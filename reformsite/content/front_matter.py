"""A file's front matter (YAML ---, TOML +++ or JSON {…}): split from the body and parsed, with the
line and column of every field, so that a problem is reported where it stands in the file."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from dataclasses import dataclass
from typing import Any

import yaml

from reformsite.core import (
    Diagnostic,
    YAMLDateError,
    YAMLDuplicateKeyError,
    load_yaml_with_lines,
    unreadable_character,
)


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


_YAML_OPEN = re.compile(r"\A---[ \t]*\n")
_YAML_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_TOML_OPEN = re.compile(r"\A\+\+\+[ \t]*\n")
_TOML_CLOSE = re.compile(r"^\+\+\+[ \t]*$", re.MULTILINE)


def _split_json(text: str) -> SplitFile:
    """JSON front matter is one object at the start of the file, over many lines or on one."""
    try:
        _, end = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError:
        # Not valid JSON: up to the first line that is only "}", for the parser to say what is wrong.
        closing = re.search(r"^}[ \t]*$", text, re.MULTILINE)
        if closing is None:
            raise ContentError(Diagnostic("", 1, 1, "the front matter is never closed",
                                          "end the JSON front matter with a line with only }")) from None
        end = closing.end()
    body = text[end:]
    body_line = text[:end].count("\n") + 1
    if body.startswith("\n"):
        body, body_line = body[1:], body_line + 1
    return SplitFile("json", text[:end], 1, body, body_line)


def split_front_matter(text: str) -> SplitFile:
    """Separate the front matter (YAML ---, TOML +++ or JSON {…}) from the body.

    YAML front matter may end with "..." (YAML's end of document), as Jekyll allows; JSON front
    matter may be a single line.  The split is done here rather than by python-frontmatter to keep
    track of line numbers, which its API does not report, and to detect front matter never closed.
    """
    if text.startswith("{"):
        return _split_json(text)
    for name, opening, closing, delimiter in (("yaml", _YAML_OPEN, _YAML_CLOSE, "---"),
                                             ("toml", _TOML_OPEN, _TOML_CLOSE, "+++")):
        if not (start := opening.match(text)):
            continue
        end = closing.search(text, start.end())
        if end is None:
            hint = f"add a line with only {delimiter} after the last field"
            raise ContentError(Diagnostic("", 1, 1, "the front matter is never closed", hint))
        # The front matter's text starts on the opening line (kept empty) so its lines are the file's.
        fm = "\n" + text[start.end():end.start()]
        body = text[end.end():]
        body_line = text[:end.end()].count("\n") + 1
        if body.startswith("\n"):
            body, body_line = body[1:], body_line + 1
        return SplitFile(name, fm, 1, body, body_line)
    return SplitFile("none", "", 1, text, 1)


def plain(value: Any) -> Any:
    """*value* made of plain Python types only: dicts with text keys, lists, and times whose zone is
    a datetime.timezone.  Parsers give types of their own (a TOML time zone class, tuples), which
    may not survive the trip from a worker process back to the build."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [plain(v) for v in value]
    if isinstance(value, dt.datetime | dt.time) and value.tzinfo is not None:
        offset = value.utcoffset()
        return value.replace(tzinfo=dt.timezone(offset) if offset is not None else None)
    if value is None or isinstance(value, str | int | float | bool | dt.date | dt.time):
        return value
    return str(value)


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
            return tomllib.loads(split.front_matter), {}
        return json.loads(split.front_matter), {}
    except YAMLDuplicateKeyError as exc:
        raise ContentError(Diagnostic("", exc.line + split.fm_line - 1, exc.col, str(exc),
                                      f"remove one of the two '{exc.key}' lines")) from None
    except yaml.reader.ReaderError as exc:
        raise ContentError(unreadable_character("", split.front_matter, exc, what="YAML front matter",
                                                   first_line=split.fm_line)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + split.fm_line if mark else split.fm_line
        col = mark.column + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc)
        hint = "quote values that contain ': ' or start with [ { * & ! | > ' \" % @ `"
        if isinstance(exc, YAMLDateError):
            hint = "check the day and the month (e.g. date: 2024-02-29), or write the date in quotes"
        raise ContentError(Diagnostic("", line, col, f"invalid YAML front matter: {problem}", hint)) from None
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, col = (int(where.group(1)), int(where.group(2))) if where else (1, 1)
        line += split.fm_line - 1
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc)) or "syntax error"
        raise ContentError(Diagnostic("", line, col, f"invalid TOML front matter: {message}",
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
    return plain(data), positions
