"""YAML reading that refuses duplicate keys and remembers on which line each top-level key stands."""

from __future__ import annotations

from typing import Any

import yaml


class YAMLDuplicateKeyError(yaml.YAMLError):
    def __init__(self, key: str, line: int, col: int, first_line: int):
        super().__init__(f"duplicate key '{key}' (first given on line {first_line})")
        self.key, self.line, self.col, self.first_line = key, line, col, first_line


# libyaml's C parser is several times faster than the pure-Python one; front matter of every article
# goes through here, so use it when PyYAML was built with it.
FastSafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """yaml.safe_load, through libyaml when PyYAML has it."""
    return yaml.load(text, Loader=FastSafeLoader)


class StrictSafeLoader(FastSafeLoader):  # type: ignore[misc, valid-type]
    """Safe loader that raises on duplicate mapping keys instead of silently keeping the last one."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
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
        return super().construct_mapping(node, deep=deep)


def load_yaml_with_lines(text: str) -> tuple[Any, dict[str, tuple[int, int]]]:
    """Parse *text*; also return {top-level key: (line, column) of its value}, 1-based, for errors."""
    loader = StrictSafeLoader(text)
    try:
        node = loader.get_single_node()
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
