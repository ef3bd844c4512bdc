"""Front matter as other generators write it: closed with '...', merge keys, one-line JSON, TOML
times with an offset, and dates that do not exist."""

import datetime as dt
import pickle

from reformsite.content.drafts import build_draft
from reformsite.content.front_matter import parse_front_matter, split_front_matter
from reformsite.core.diagnostics import Severity


def draft(text: str):
    return build_draft("2024/bai.md", text.encode(), kind="article")


def errors(text: str):
    return [(p.line, p.col, p.message, p.hint) for p in draft(text)[1] if p.severity is Severity.ERROR]


def test_yaml_front_matter_may_end_with_three_dots():
    d, problems = draft("---\ntitle: Họp giao ban\ndate: 2024-03-05\n...\nNội dung họp.\n")
    assert problems == [] and d.title == "Họp giao ban" and d.body == "Nội dung họp.\n" and d.body_line == 5


def test_yaml_merge_keys_are_taken_and_own_keys_win():
    text = ("---\nchung: &chung\n  tags: [một cửa]\n  author: Ban biên tập\n"
            "title: Bài có khoá gộp\ndate: 2024-03-05\n<<: *chung\nauthor: Phóng viên\n---\nThân.\n")
    d, problems = draft(text)
    assert not [p for p in problems if p.is_error]
    assert d.tags == ("một cửa",) and d.author == "Phóng viên"


def test_json_front_matter_on_one_line():
    d, problems = draft('{"title": "Tin một dòng", "date": "2024-03-05"}\nThân bài.\n')
    assert problems == [] and d.title == "Tin một dòng" and d.body == "Thân bài.\n" and d.body_line == 2


def test_toml_time_with_offset_becomes_a_plain_datetime():
    split = split_front_matter('+++\ntitle = "Giờ có múi"\ndate = 2024-03-05T08:00:00+07:00\n+++\nThân.\n')
    meta, _ = parse_front_matter(split)
    assert type(meta["date"].tzinfo) is dt.timezone
    assert pickle.loads(pickle.dumps(meta)) == meta
    d, problems = draft('+++\ntitle = "Giờ có múi"\ndate = 2024-03-05T08:00:00+07:00\n+++\nThân.\n')
    assert problems == [] and d.date.isoformat() == "2024-03-05T08:00:00+07:00"
    assert pickle.loads(pickle.dumps(d)) == d


def test_impossible_yaml_date_is_an_error_at_its_line_with_a_hint():
    [(line, col, message, hint)] = errors("---\ntitle: Ngày không có\ndate: 2024-02-30\n---\nThân.\n")
    assert (line, col) == (3, 7)
    assert "impossible date '2024-02-30'" in message and "day is out of range" in message
    assert "2024-02-29" in hint


def test_toml_error_has_its_line_and_column():
    [(line, col, message, _)] = errors('+++\ntitle = "a"\ndate = \n+++\n')
    assert (line, col) == (3, 8) and message.startswith("invalid TOML front matter")
