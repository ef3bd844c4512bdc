"""Every page of the bundled site speaks to readers in their language: no vocabulary key, no English
unit name, no template string key and no Vietnamese label with its diacritics folded away."""

import re
import unicodedata

import pytest
from bs4 import BeautifulSoup
from sitekit import NOW, REPO

from reformsite.build.pipeline import BuildOptions, build
from reformsite.figures import load_vocabulary


def _visible_text(config, content, out) -> dict[str, str]:
    """The text readers see on every HTML page of a build, by page (scripts and styles left out)."""
    result = build(BuildOptions(config_path=config, content_dir=content, output_dir=out, now=NOW,
                                use_cache=False))
    assert result.errors == []
    found = {}
    for path in sorted(out.rglob("*.html")):
        if path.parent.name == "du-lieu":    # the open data's documentation names every key on purpose
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for hidden in soup(["script", "style", "template"]):
            hidden.decompose()
        url = "/" + path.relative_to(out).as_posix()
        found[url] = " ".join(soup.get_text(" ").split())
        if box := soup.select_one(".figures-box"):      # the figure box alone, for the labels in it
            found[url + "#so-lieu-trong-bai"] = " ".join(box.get_text(" ").split())
    assert len(found) > 100
    return found


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    return _visible_text(REPO / "config.yaml", None, tmp_path_factory.mktemp("labels") / "output")


@pytest.fixture(scope="module")
def english_pages(tmp_path_factory):
    """The bundled articles on a site whose language is English."""
    root = tmp_path_factory.mktemp("english")
    config = (REPO / "config.yaml").read_text(encoding="utf-8").replace("language: vi", "language: en")
    (root / "config.yaml").write_text(config, encoding="utf-8")
    return _visible_text(root / "config.yaml", REPO / "content", root / "output")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _offenders(pages: dict[str, str], pattern: re.Pattern) -> dict[str, list[str]]:
    return {url: sorted(set(pattern.findall(text))) for url, text in pages.items() if pattern.search(text)}


def test_no_indicator_key_or_unit_key_is_shown(pages):
    vocabulary = load_vocabulary()
    keys = {*vocabulary, *(k for i in vocabulary.values() for k in i.alt_keys)}
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(keys, key=len, reverse=True)))
                         + r"|percent|ho_so|cap_[a-z_]+)(?!\w)")
    assert _offenders(pages, pattern) == {}


def test_no_string_key_as_a_title(pages):
    assert _offenders(pages, re.compile(r"\w*_index\b")) == {}


def test_no_label_without_its_diacritics(pages):
    """"co che một cửa", "thang diem 100", "cap xa": a label spelt as its key reads."""
    labels = load_vocabulary().labels
    texts = {*labels.tiers["vi"].values(), *labels.grades["vi"].values(), *labels.units["vi"].values(),
             *labels.breakdown_values["vi"].values(),
             *(name.replace("{value}", "").strip() for name in labels.breakdown_names["vi"].values())}
    folded = {_fold(text) for text in texts if text and _fold(text) != text and " " in text.strip()}
    folded |= {"co che", "thang diem", "muc do", "linh vuc", "toan trinh", "mot cua", "mot phan"}
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(folded))) + r")(?!\w)", re.IGNORECASE)
    assert _offenders(pages, pattern) == {}


def test_breakdowns_are_named_in_the_figure_box(pages):
    """Figures that differ only in their breakdown can be told apart where they are listed."""
    joined = " ".join(text for url, text in pages.items() if url.endswith("#so-lieu-trong-bai"))
    assert "(cơ chế một cửa)" in joined
    assert "(trực tuyến toàn trình)" in joined


def test_an_english_site_shows_english_labels(english_pages):
    """Units, tiers, breakdowns and definitions in English; the articles' own text stays as written."""
    labels = load_vocabulary().labels
    vocabulary = load_vocabulary()
    indicator_pages = {url: text for url, text in english_pages.items()
                       if url.startswith("/chi-so/") and url.count("/") == 3}
    assert indicator_pages
    for url, text in indicator_pages.items():
        indicator = vocabulary[url.split("/")[2]]
        assert indicator.description_en in text and indicator.description_vi not in text, url
        assert f"Unit {labels.units['en'][indicator.unit]}" in text, url
    boxes = " ".join(text for url, text in english_pages.items() if url.endswith("#so-lieu-trong-bai"))
    assert "(fully online)" in boxes and "(one-stop)" in boxes
    assert not re.search(r"\d hồ sơ|\(cơ chế|\(trực tuyến toàn trình|– cấp (?:xã|huyện|tỉnh)", boxes)
    assert _offenders(english_pages, re.compile(r"\w*_index\b|(?<!\w)percent(?!\w)")) == {}


def test_every_indicator_has_an_english_definition():
    for key, indicator in load_vocabulary().items():
        assert indicator.description_en and indicator.description_en != indicator.description_vi, key
