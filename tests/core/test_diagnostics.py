"""A diagnostic's kind: the fixed wording of its message, so that a build can count problems by kind."""

from __future__ import annotations

import pytest

from reformsite.core import Diagnostic, Severity
from reformsite.core.diagnostics import message_kind


@pytest.mark.parametrize(("message", "kind"), [
    ("same slug 'a' as 2019/a-461.md: both would be /bai-viet/a/; this one is published at /bai-viet/a-2/ instead",
     "same slug … as …"),
    ("place name 'xã Tân Phước' is ambiguous (5 places): xã Tân Phước, thị xã La Gi; xã Tân Phước, "
     "huyện Đồng Phú (also on lines 14, 16)", "place name … is ambiguous"),
    ("unknown place 'thị trấn N' (also on line 4)", "unknown place …"),
    ('contradictory figures for hs_tiep_nhan: 45 in "Theo báo cáo, xã đã tiếp nhận"',
     "contradictory figures for …"),
    ("this draft has no date; it is shown only with --drafts, dated at build time", "this draft has no date"),
    ("very long article (1.2 MB): places and figures are read from its first 256 KB only", "very long article"),
    ("Liquid value {{ page.author }} is not rendered: removed", "Liquid value … is not rendered"),
    ("the old site's home page is not converted: the home page lists the newest articles",
     "the old site's home page is not converted"),
    # A head that is one word, or masked parts alone, takes the next part too.
    ("skipped: only Markdown posts and pages are converted", "skipped: only Markdown posts and pages are converted"),
    ("'updated': impossible date '2024-13-01': month must be in 1..12", "…: impossible date …"),
])
def test_kind_is_the_message_without_what_varies(message, kind):
    assert message_kind(message) == kind


def test_messages_of_one_template_share_a_kind():
    def unknown(name: str, path: str) -> Diagnostic:
        return Diagnostic(path, 3, 1, f"unknown field '{name}'", "did you mean 'tags'?", Severity.WARNING)

    assert unknown("tagz", "content/a.md").kind == unknown("nguon", "content/b/c.md").kind == "unknown field …"
    assert unknown("tagz", "a.md").kind != Diagnostic("a.md", None, None, "unknown place 'X'").kind
