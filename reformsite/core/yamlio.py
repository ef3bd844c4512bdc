"""YAML reading that refuses duplicate keys and remembers on which line each top-level key stands."""

from __future__ import annotations

from typing import Any

import yaml

from .diagnostics import Diagnostic


class YAMLDuplicateKeyError(yaml.YAMLError):
    def __init__(self, key: str, line: int, col: int, first_line: int):
        super().__init__(f"duplicate key '{key}' (first given on line {first_line})")
        self.key, self.line, self.col, self.first_line = key, line, col, first_line


# libyaml's C parser is several times faster than the pure-Python one; front matter of every article
# goes through here, so use it when PyYAML was built with it.
FastSafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _unreadable_place(text: str, error: yaml.reader.ReaderError) -> tuple[int, int, str]:
    """Where in *text* (line and column, from 1) the character a ReaderError is about stands, and
    the character as "U+FFFE".  libyaml gives its offset in the UTF-8 bytes, PyYAML's own reader
    in the characters."""
    position = error.position
    if FastSafeLoader is not yaml.SafeLoader:
        position = len(text.encode("utf-8", "surrogatepass")[:position].decode("utf-8", "ignore"))
    line = text.count("\n", 0, position) + 1
    col = position - (text.rfind("\n", 0, position) + 1) + 1
    code = error.character if isinstance(error.character, int) else ord(error.character)
    return line, col, f"U+{code:04X}"


def unreadable_character(path: str, text: str, error: yaml.reader.ReaderError, *, what: str = "YAML",
                         first_line: int = 1) -> Diagnostic:
    """The problem of a character YAML cannot read (a control character, U+FFFE) in *text* (*what*,
    from line *first_line* of the file at *path*), at its line and column."""
    line, col, character = _unreadable_place(text, error)
    return Diagnostic(path, line + first_line - 1, col,
                      f"invalid {what}: the character {character} cannot be read",
                      "delete the character; write the value with ordinary letters")


def load_yaml(text: str) -> Any:
    """yaml.safe_load, through libyaml when PyYAML has it."""
    return yaml.load(text, Loader=FastSafeLoader)


class StrictSafeLoader(FastSafeLoader):  # type: ignore[misc, valid-type]
    """Safe loader that raises on duplicate mapping keys instead of silently keeping the last one,
    takes YAML merge keys (``<<: *defaults``), and reports an impossible date at its line."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue    # merged keys may be overridden by the mapping's own: not duplicates
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark, "found an unhashable key",
                    key_node.start_mark) from None
            if key in seen:
                raise YAMLDuplicateKeyError(str(key), key_node.start_mark.line + 1,
                                            key_node.start_mark.column + 1, seen[key])
            seen[key] = key_node.start_mark.line + 1
        self.flatten_mapping(node)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        """An unquoted date that does not exist (2024-02-30) is a problem at its line, not a crash."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise YAMLDateError(str(node.value), str(exc), node.start_mark) from None


StrictSafeLoader.add_constructor("tag:yaml.org,2002:timestamp", StrictSafeLoader.construct_yaml_timestamp)


class YAMLDateError(yaml.constructor.ConstructorError):
    """A value written as a date that no calendar has."""

    def __init__(self, value: str, reason: str, mark: Any):
        super().__init__(None, None, f"impossible date {value!r}: {reason}", mark)
        self.value = value


# The values a document may hold once its aliases are expanded.  An alias costs nothing to read,
# but everything that walks the values (copies, digests, messages) walks each one in full, so a
# few hundred bytes of aliases to aliases ("billion laughs") would make billions of values.
MAX_VALUES = 100_000


class YAMLTooLargeError(yaml.YAMLError):
    """A document whose aliases expand to more than MAX_VALUES values, or refer to themselves."""

    def __init__(self, reason: str, mark: Any):
        super().__init__(reason)
        self.problem, self.problem_mark = reason, mark


def _expanded_size(root: yaml.Node) -> int:
    """How many values *root* holds with every alias expanded; YAMLTooLargeError beyond MAX_VALUES
    or when a value holds itself.  Each node is counted once (its size remembered), so this is quick
    however many times the aliases are used."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            raise YAMLTooLargeError("a value refers to itself through an alias", node.start_mark)
        open_nodes.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(item) for item in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        open_nodes.discard(key)
        if total > MAX_VALUES:
            raise YAMLTooLargeError(f"the aliases expand to more than {MAX_VALUES:,} values",
                                    node.start_mark)
        sizes[key] = total
        return total

    try:
        return size(root)
    except RecursionError:
        raise YAMLTooLargeError("the values are nested too deeply", root.start_mark) from None


def load_yaml_with_lines(text: str) -> tuple[Any, dict[str, tuple[int, int]]]:
    """Parse *text*; also return {top-level key: (line, column) of its value}, 1-based, for errors."""
    loader = StrictSafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _expanded_size(node)
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    positions: dict[str, tuple[int, int]] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                mark = value_node.start_mark
                positions.setdefault(str(key_node.value), (mark.line + 1, mark.column + 1))
    return data, positions
