"""A config.yaml that YAML cannot read is reported at the line and column of what stops it."""

from __future__ import annotations

from pathlib import Path

import pytest

from reformsite.config import ConfigError, load_config


@pytest.mark.parametrize(("text", "where", "character"), [
    ('title: "Cổng thông tin\x07"\n', (1, 23), "U+0007"),                    # pasted from a terminal
    ("title: Cải cách hành chính\ndescription: Tin tức \ufffe\n", (2, 22), "U+FFFE"),
])
def test_a_character_yaml_cannot_read_is_placed(tmp_path: Path, text: str, where: tuple[int, int],
                                                  character: str) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(config)
    [problem] = raised.value.diagnostics
    assert (problem.line, problem.col) == where
    assert problem.message == f"invalid YAML: the character {character} cannot be read"
    assert "delete the character" in problem.hint
