"""The page digests' Digester: equal values digest equal, and any change a page could show changes the digest."""

import dataclasses

import pytest
from sitekit import NOW, article, write_site

from reformsite.build.articles import load_articles
from reformsite.build.digest import Digester
from reformsite.build.process import Settings
from reformsite.config.schema import load_config
from reformsite.site.indicators import Latest, Report
from reformsite.site.model import Article


def _loaded(tmp_path) -> Article:
    write_site(tmp_path, {"content/tan-hoa.md": article(
        "Xã Tân Hoà dẫn đầu chuyển đổi số", body=(
            "Năm 2024, xã Tân Hòa, huyện Tân Châu, tỉnh Tây Ninh đạt tỷ lệ hồ sơ trực tuyến 96,4%, "
            "tỷ lệ số hóa 88,7% và thanh toán trực tuyến 100%."))})
    settings = Settings.from_config(load_config(tmp_path / "config.yaml"))
    documents, _ = load_articles(tmp_path / "content", "content", settings, NOW, cache=None,
                                 progress=lambda *a: None)
    return documents[0]


def _digest(value) -> bytes:
    return Digester().of(value)


@dataclasses.dataclass(frozen=True)
class Row:
    name: str
    values: tuple


class Plain:
    def __init__(self, name):
        self.name = name


def test_equal_values_digest_equal_and_different_ones_differ():
    values = [None, True, 1, 1.0, "1", ("1",), {"1"}, {"a": "1"}, {"a": 1}, Row("a", (1,)),
              Row("a", (2,)), Row("b", (1,)), Plain("a"), Plain("b"), ("a", "b"), ("ab",), (),
              {1: "a", "b": 2}, {1: "a", "b": 3}, {Row("a", ()): 1}, {Row("b", ()): 1}]
    digests = [_digest(value) for value in values]
    assert len(set(digests)) == len(values)
    assert [_digest(value) for value in values] == digests             # a new Digester: the same
    assert _digest({"a": 1, "b": 2}) == _digest({"b": 2, "a": 1})       # a mapping has no order
    assert _digest(Row("a", (1,))) == _digest(Row("a", (1,)))           # equal, not the same object
    assert _digest(["1"]) == _digest(("1",))                            # a template reads both alike


def test_a_value_a_template_cannot_be_told_by_is_refused():
    with pytest.raises(TypeError, match="cannot digest a function"):
        _digest({"callback": lambda: None})


def test_a_table_row_digests_its_reports_and_whether_it_is_older(tmp_path):
    loaded = _loaded(tmp_path)
    first, second = (Report.of(loaded, reported) for reported in loaded.figures[:2])
    row = Latest((first,))
    assert _digest(row) == _digest(Latest((first,)))
    assert len({_digest(row), _digest(Latest((first,), older=True)), _digest(Latest((second,))),
                _digest(Latest((first, second))), _digest(Latest((second, first)))}) == 5
    # A report with an edited card (title) digests differently, in a row as alone.
    edited = dataclasses.replace(loaded, title="Xã Tân Hòa dẫn đầu")
    assert _digest(Latest((Report.of(edited, loaded.figures[0]),))) != _digest(row)
    # The digest spells out a row's fields one by one: a new field must be spelt out too.
    assert [f.name for f in dataclasses.fields(Latest)] == ["reports", "older"], (
        "Digester.of spells Latest out field by field: add the new field there")
    assert [f.name for f in dataclasses.fields(Report)][:2] == ["article", "reported"], (
        "Digester.of spells Report out from its article and its reported figure")
