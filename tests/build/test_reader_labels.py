"""Every page of the bundled site speaks to readers in their language: no vocabulary key, no English
unit name, no template string key and no Vietnamese label with its diacritics folded away."""

import re
import unicodedata

import pytest
from bs4 import BeautifulSoup
from sitekit import NOW, REPO

from reformsite.build.pipeline import BuildOptions, build
from reformsite.figures import load_vocabulary


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("labels") / "output"
    result = build(BuildOptions(config_path=REPO / "config.yaml", output_dir=out, now=NOW, use_cache=False))
    assert result.errors == []
    found = {}
    for path in sorted(out.rglob("*.html")):
        if path.parent.name == "du-lieu":    # the open data's documentation names every key on purpose
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for hidden in soup(["script", "style", "template"]):
            hidden.decompose()
        found["/" + path.relative_to(out).as_posix()] = " ".join(soup.get_text(" ").split())
    assert len(found) > 100
    return found


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
    boxes = [text for url, text in pages.items() if url.startswith("/bai-viet/")]
    joined = " ".join(boxes)
    assert "(cơ chế một cửa)" in joined
    assert "(trực tuyến toàn trình)" in joined
