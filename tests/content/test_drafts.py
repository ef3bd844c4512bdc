"""Reading articles: front matter formats, Jekyll conventions, and errors down to file:line:col."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sitekit import SHARED

from reformsite.content.drafts import build_draft, read_drafts
from reformsite.core.diagnostics import Severity


def draft(text: str | bytes):
    raw = text.encode() if isinstance(text, str) else text
    return build_draft("2024/bai.md", raw, kind="article")


def errors(text: str | bytes) -> list[tuple[int | None, int | None, str]]:
    _, problems = draft(text)
    return [(p.line, p.col, p.message) for p in problems if p.severity is Severity.ERROR]


def test_jekyll_example_post():
    path = SHARED / "examples" / "jekyll-post-tan-thanh-binh.md"
    if not path.exists():
        pytest.skip("../shared/examples is not beside the repository")
    d, problems = build_draft("x.md", path.read_bytes(), kind="article")
    assert problems == []
    assert d.title == "Tân Thành Bình thực hiện tốt công tác cải cách hành chính"
    assert d.label == "tot" and d.label_text == "Tot"
    assert d.date.isoformat() == "2024-11-04T02:00:00+07:00"
    assert d.categories == ("entries", "VN")
    assert d.source_url.startswith("https://baodongkhoi.vn/tan-thanh-binh")
    assert d.image.endswith(".webp")
    # The link and image lines are lifted out; the body starts with the first paragraph.
    assert d.body.startswith("Ngay từ đầu năm 2024")
    assert d.body_line == 11


def test_yaml_toml_and_json_front_matter_agree():
    yaml_d, _ = draft('---\ntitle: "Tiêu đề"\ndate: 01/02/2024 08:00\ntags: [a, b]\n---\nThân bài.\n')
    toml_d, _ = draft('+++\ntitle = "Tiêu đề"\ndate = "01/02/2024 08:00"\ntags = ["a", "b"]\n+++\nThân bài.\n')
    json_d, _ = draft('{\n"title": "Tiêu đề",\n"date": "01/02/2024 08:00",\n"tags": ["a", "b"]\n}\nThân bài.\n')
    for d in (yaml_d, toml_d, json_d):
        assert (d.title, d.date.isoformat(), d.tags, d.body) == (
            "Tiêu đề", "2024-02-01T08:00:00+07:00", ("a", "b"), "Thân bài.\n")


def test_bom_crlf_and_nfd_are_normalised():
    text = unicodedata.normalize("NFD", "---\r\ntitle: Xã Tân Hòa\r\ndate: 2024-01-01\r\n---\r\nHồ sơ\r\n")
    d, problems = draft(b"\xef\xbb\xbf" + text.encode())
    assert problems == []
    assert d.title == unicodedata.normalize("NFC", "Xã Tân Hòa")
    assert d.body == "Hồ sơ\n" and unicodedata.is_normalized("NFC", d.body)


def test_categories_string_is_split_on_spaces_and_tags_on_commas():
    d, _ = draft("---\ntitle: a\ndate: 2024-01-01\ncategories: entries VN\ntags: một cửa, dịch vụ công\n---\n")
    assert d.categories == ("entries", "VN")
    assert d.tags == ("một cửa", "dịch vụ công")


def test_draft_and_published_false():
    assert draft("---\ntitle: a\ndate: 2024-01-01\ndraft: true\n---\n")[0].draft
    assert draft("---\ntitle: a\ndate: 2024-01-01\npublished: false\n---\n")[0].draft
    assert not draft("---\ntitle: a\ndate: 2024-01-01\n---\n")[0].draft


def test_slug_and_permalink():
    d, _ = draft("---\ntitle: Đồng Khởi\ndate: 2024-01-01\n---\n")
    assert d.slug == "dong-khoi"
    d, _ = draft("---\ntitle: a\ndate: 2024-01-01\nslug: rieng\npermalink: /tin/rieng\n---\n")
    assert d.slug == "rieng" and d.permalink == "/tin/rieng/"


# Errors, asserted down to line and column (Hugo's front matter error tests are the model).

def test_invalid_yaml_points_at_line_and_column():
    [(line, col, message)] = errors("---\ntitle: a: b\ndate: 2024-01-01\n---\n")
    assert (line, col) == (2, 9)
    assert message.startswith("invalid YAML front matter: mapping values are not allowed")


def test_characters_yaml_cannot_read_are_placed_at_their_line_and_column():
    """Control characters are left out with a warning where they stand; a noncharacter stops the
    front matter, reported where it stands though letters of two or three bytes come before it."""
    built, problems = draft("---\ntitle: \"Điều\x07 tra\"\ndate: 2024-01-01\nsummary: ổn\x1b\n---\nbody\n")
    assert built is not None and built.title == "Điều tra" and built.summary == "ổn"
    [warning] = problems
    assert (warning.line, warning.col, warning.severity) == (2, 13, Severity.WARNING)
    assert "U+0007" in warning.message and "(and on 1 more lines)" in warning.message
    [(line, col, message)] = errors("---\ntitle: Ấp Đông Hòa\ndate: 2024-01-01\nsummary: Cải cách\ufffe\n---\n")
    assert (line, col) == (4, 18)
    assert message == "invalid YAML front matter: the character U+FFFE cannot be read"


def test_missing_title_and_date():
    found = errors("---\nauthor: x\n---\nbody\n")
    assert (1, 1, "missing required field 'title'") in found
    assert (1, 1, "missing required field 'date'") in found


def test_impossible_date_points_at_value():
    assert errors("---\ntitle: a\ndate: 31/02/2024\n---\n") == [
        (3, 7, "impossible date '31/02/2024': day is out of range for month")]


def test_unreadable_date_and_year_out_of_range():
    assert errors("---\ntitle: a\ndate: hôm qua\n---\n")[0][:2] == (3, 7)
    assert errors("---\ntitle: a\ndate: 1/1/20245\n---\n")[0][:2] == (3, 7)


def test_wrong_types():
    assert errors("---\ntitle: [a, b]\ndate: 2024-01-01\n---\n") == [(2, 8, "'title' must be text, not list")]
    assert errors("---\ntitle: a\ndate: 2024-01-01\ndraft: maybe\n---\n") == [
        (4, 8, "'draft' must be true or false, not 'maybe'")]
    assert errors("---\ntitle: a\ndate: 2024-01-01\ntags: {a: 1}\n---\n") == [
        (4, 7, "'tags' must be a list of names or a text")]


def test_toml_and_json_errors_have_lines():
    assert errors('+++\ntitle = "a"\ndate = \n+++\n')[0][0] == 3
    assert errors('{\n"title": "a",\n"date": 2024\n}\n') == [(3, 9, "a date must be text, not int")]
    assert errors('{\n"title": "a",,\n}\n')[0][:1] == (2,)


def test_unclosed_front_matter_and_duplicate_keys():
    assert errors("---\ntitle: a\ndate: 2024-01-01\n\nbody\n") == [(1, 1, "the front matter is never closed")]
    assert errors("---\ntitle: a\ndate: 2024-01-01\ntitle: b\n---\n") == [
        (4, 1, "duplicate key 'title' (first given on line 2)")]


def test_no_front_matter_empty_binary_and_non_utf8():
    assert errors("Chỉ có thân bài.\n") == [(1, 1, "the article has no front matter")]
    assert errors("   \n") == [(None, None, "the file is empty")]
    assert errors(b"\x89PNG\r\n\x1a\n\x00\x00") == [(None, None, "this is a binary file, not a Markdown article")]
    assert errors(b"---\ntitle: a\ndate: 2024-01-01\n---\nH\xe1 n\xf4i\n") == [
        (5, 2, "the file is not valid UTF-8 (byte 0xe1)")]


def test_unsafe_slug_is_refused():
    found = errors("---\ntitle: a\ndate: 2024-01-01\nslug: ../../etc\n---\n")
    assert found and found[0][:2] == (4, 7) and "leave the site" in found[0][2]


def test_unknown_field_is_a_warning_with_suggestion():
    d, problems = draft("---\ntitle: a\ndate: 2024-01-01\nTags: x\n---\n")
    assert d is not None
    assert [(p.line, p.severity, p.hint) for p in problems] == [(4, Severity.WARNING, "did you mean 'tags'?")]


def test_every_error_has_a_hint():
    for text in ("---\ntitle: a: b\n---\n", "---\nx: 1\n---\n", "---\ntitle: a\ndate: 31/02/2024\n---\n"):
        _, problems = draft(text)
        assert problems and all(p.hint for p in problems)


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "good.md").write_text("---\ntitle: Tốt\ndate: 2024-01-01\n---\nx\n")
    (tmp_path / "content" / "bad.md").write_text("---\ntitle: [\n---\n")
    (tmp_path / "content" / ".hidden.md").write_text("not read")
    drafts, problems = read_drafts(tmp_path / "content", tmp_path)
    assert [d.title for d in drafts] == ["Tốt"]
    assert [p.path for p in problems] == ["content/bad.md"]


@given(st.dictionaries(st.sampled_from(["title", "date", "tags", "categories", "draft", "slug", "places"]),
                       st.one_of(st.text(), st.integers(), st.booleans(), st.none(),
                                 st.lists(st.text(max_size=5), max_size=3))))
def test_arbitrary_front_matter_never_crashes(fields):
    import yaml
    text = "---\n" + yaml.safe_dump(fields, allow_unicode=True) + "---\nbody\n"
    d, problems = draft(text)
    assert (d is None) == any(p.is_error for p in problems)
    for p in problems:
        assert p.path == "2024/bai.md" and p.message and p.hint


@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_crash(data):
    d, problems = draft(b"---\n" + data)
    assert d is not None or problems


def test_undated_draft_is_a_warning_not_an_error():
    d, problems = draft("---\ntitle: Bài nhập\ndraft: true\n---\nThân bài.\n")
    assert d is not None and d.date is None and d.draft
    assert [(p.severity, p.line) for p in problems] == [(Severity.WARNING, 1)]
    assert errors("---\ntitle: Bài\n---\n") == [(1, 1, "missing required field 'date'")]


def test_standalone_pages_need_no_date():
    d, problems = build_draft("pages/gioi-thieu.md", b"---\ntitle: Gi\xe1\xbb\x9bi thi\xe1\xbb\x87u\n---\nx\n", kind="page")
    assert d is not None and d.date is None and problems == []
