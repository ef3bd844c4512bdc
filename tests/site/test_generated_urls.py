"""A document whose permalink is a URL the site writes itself (a Jekyll site's 404.md, a page at
/feed.xml) is reported and left out; the generated file and every other article are published."""

import datetime as dt

from sitekit import article, write_site

from reformsite.build import BuildOptions, build
from reformsite.core import VIETNAM


def test_content_at_a_generated_url_is_left_out_with_a_warning(tmp_path):
    write_site(tmp_path, {
        "content/404.md": article("Trang lỗi cũ của blog", permalink="/404.html"),
        "content/nguon-tin.md": article("Nguồn tin", permalink="/feed.xml"),
        "content/bai-mot.md": article("Xã Tân Hòa giải quyết hồ sơ đúng hạn"),
    })
    out = tmp_path / "output"
    result = build(BuildOptions(config_path=tmp_path / "config.yaml", output_dir=out, use_cache=False,
                                now=dt.datetime(2025, 1, 1, tzinfo=VIETNAM)))
    warnings = {str(d.path).rsplit("/", 1)[-1]: d.message for d in result.diagnostics}
    assert "a page the site makes itself" in warnings["404.md"]
    assert "a page the site makes itself" in warnings["nguon-tin.md"]
    assert result.articles == 1
    # the site's own 404 page and feed, not the content's
    assert "Trang lỗi cũ của blog" not in (out / "404.html").read_text("utf-8")
    assert (out / "feed.xml").read_text("utf-8").startswith("<?xml")
    assert "Xã Tân Hòa giải quyết hồ sơ đúng hạn" in (out / "feed.xml").read_text("utf-8")
