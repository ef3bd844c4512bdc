"""The model's frozen dataclasses survive pickling (the build cache, the worker processes) as they were."""

import dataclasses
import pickle

import pytest
from sitekit import NOW, article, write_site

from reformsite.build.articles import load_articles
from reformsite.build.process import Settings
from reformsite.config.schema import load_config
from reformsite.core import PackedTexts
from reformsite.core.pickling import _restore, quick_pickle
from reformsite.figures.extract import Figure
from reformsite.figures.reported import Reported, period_end
from reformsite.places import PlaceMention, PlaceTags
from reformsite.site.indicators import Report
from reformsite.site.model import Article


def _loaded(tmp_path) -> Article:
    write_site(tmp_path, {"content/tan-hoa.md": article(
        "Xã Tân Hoà dẫn đầu chuyển đổi số", body=(
            "Năm 2024, xã Tân Hòa, huyện Tân Châu, tỉnh Tây Ninh đạt tỷ lệ hồ sơ trực tuyến 96,4%, "
            "tỷ lệ số hóa 88,7% và thanh toán trực tuyến 100%.\n\n## Kết quả\n\nTiếp nhận 4.572 hồ sơ."))})
    content = tmp_path / "content"
    settings = Settings.from_config(load_config(tmp_path / "config.yaml"))
    documents, _ = load_articles(content, "content", settings, NOW, cache=None, progress=lambda *a: None)
    return documents[0]


def test_the_model_comes_back_equal_frozen_and_of_its_own_class(tmp_path):
    original = _loaded(tmp_path)
    assert original.figures and original.places.mentions and original.toc   # every class is in it
    copy = pickle.loads(pickle.dumps(original, protocol=pickle.HIGHEST_PROTOCOL))
    assert copy == original
    assert hash(copy.figures[0].figure) == hash(original.figures[0].figure)
    for instance in (copy, copy.figures[0], copy.figures[0].figure, copy.places, copy.places.mentions[0],
                     copy.toc[0]):
        assert type(instance).__reduce__(instance)[0] is _restore     # the quick path was taken
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(instance, type(instance).__slots__[0], None)
    assert [type(x) for x in (copy.figures[0], copy.figures[0].figure, copy.places.mentions[0])] == [
        Reported, Figure, PlaceMention]
    assert type(copy.places) is PlaceTags
    assert dataclasses.replace(copy.figures[0].figure, value=1).value == 1


def test_only_a_slotted_dataclass_of_its_own_can_be_pickled_quickly():
    @dataclasses.dataclass(frozen=True)
    class Plain:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Base:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Derived(Base):
        b: int

    for cls in (Plain, Derived):
        with pytest.raises(TypeError, match="quick_pickle needs a slotted dataclass"):
            quick_pickle(cls)


def test_a_report_is_assembled_frozen_with_its_derived_fields(tmp_path):
    """Report.of skips the frozen __init__ (reformsite.core.pickling.assemble) and sets every field itself."""
    article = _loaded(tmp_path)
    reported = article.figures[0]
    report = Report.of(article, reported)
    assert type(report) is Report and report.article is article and report.reported is reported
    assert report.figure is reported.figure
    assert report.when == (period_end(reported.figure.period) or article.date.date())
    assert report.newest_key == (report.when, article.date, article.url, reported.anchor or "",
                                 reported.figure.indicator)
    assert report == Report.of(article, reported) and report != Report.of(article, article.figures[1])
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.when = None


def test_repeated_names_and_keys_come_back_as_one_string_across_articles(tmp_path):
    # Each article is pickled on its own (the cache, the workers): without interning, every one
    # brought its own copy of "xã Tân Hòa", "ty_le_truc_tuyen", "so-lieu-1"…
    original = _loaded(tmp_path)
    first = pickle.loads(pickle.dumps(original, protocol=pickle.HIGHEST_PROTOCOL))
    second = pickle.loads(pickle.dumps(original, protocol=pickle.HIGHEST_PROTOCOL))
    one, other = first.figures[0], second.figures[0]
    assert one.figure.indicator is other.figure.indicator
    assert one.figure.unit is other.figure.unit
    assert one.anchor is other.anchor
    assert first.places.mentions[0].text is second.places.mentions[0].text
    assert one.figure.quote == other.figure.quote and one.figure.quote is not other.figure.quote  # not asked


class Label(str):
    """A str subclass (markupsafe.Markup is one): sys.intern refuses those, so it is kept as is."""


@quick_pickle(interned=("name", "note"))
@dataclasses.dataclass(frozen=True, slots=True)
class Named:
    name: str | None
    note: str


def test_interned_fields_must_exist_and_may_be_none_or_a_str_subclass():
    with pytest.raises(TypeError, match="no field nme to intern"):
        @quick_pickle(interned=("nme",))
        @dataclasses.dataclass(frozen=True, slots=True)
        class Misspelt:
            name: str

    for value in (Named(None, "x"), Named("tên", Label("nhãn"))):
        copy = pickle.loads(pickle.dumps(value))
        assert copy == value and type(copy.note) is type(value.note)


def test_an_articles_blocks_are_held_packed_and_read_back_whole(tmp_path):
    """The model keeps an article's text blocks compressed (they are read once, for the search)."""
    original = _loaded(tmp_path)
    assert type(original.blocks) is PackedTexts
    assert tuple(original.blocks)[-1] == "Tiếp nhận 4.572 hồ sơ." and "Kết quả" in original.blocks
    copy = pickle.loads(pickle.dumps(original, protocol=pickle.HIGHEST_PROTOCOL))
    assert type(copy.blocks) is PackedTexts and tuple(copy.blocks) == tuple(original.blocks)


def test_an_articles_html_is_held_packed_and_read_back_whole(tmp_path):
    original = _loaded(tmp_path)
    assert type(original.packed_html) is bytes
    assert "Tiếp nhận 4.572 hồ sơ." in original.html and original.html.startswith("<p>")
    assert len(original.packed_html) < len(original.html.encode())
    copy = pickle.loads(pickle.dumps(original, protocol=pickle.HIGHEST_PROTOCOL))
    assert copy.html == original.html and copy.references == ()
