"""Links by reference ({% link %}, {% post_url %}, or Hugo's ref in a Hugo site): found when an article
is read, resolved once the model has placed every document."""

from sitekit import NOW, article, write_site

from reformsite.build.pipeline import BuildOptions, build
from reformsite.content import references_in
from reformsite.content.templating import REFERENCE_PREFIX
from reformsite.output import url_to_relpath


def test_the_targets_are_found_as_written():
    html = (f'<p><a href="{REFERENCE_PREFIX}path/2024/b.md">B</a> và '
            f'<a href="{REFERENCE_PREFIX}post/2024-05-01-c">C</a>, <a href="/bai-viet/d/">D</a></p>')
    assert references_in(html) == ("path/2024/b.md", "post/2024-05-01-c")
    assert references_in("<p>Không có liên kết.</p>") == ()


def test_each_kind_of_reference_becomes_the_url_of_the_page_it_names(tmp_path):
    write_site(tmp_path, {
        "content/2024/b.md": article("Bài B", "2024-05-02T08:00:00+07:00"),
        "content/_posts/2024-05-03-c.md": article("Bài C", "2024-05-03T08:00:00+07:00"),
        "content/2024/a.md": article("Bài A", "2024-05-01T08:00:00+07:00", body=(
            "Xem [B]({% link 2024/b.md %}), [C]({% post_url 2024-05-03-c %}) và [B nữa]({% link 2024/b.md %}).")),
    })
    result = build(BuildOptions(config_path=tmp_path / "config.yaml", now=NOW))
    assert not result.diagnostics
    documents = result.site.all_documents
    a, = [x for x in documents if x.title == "Bài A"]
    urls = {x.title: x.url for x in documents}
    assert a.references == (urls["Bài B"], urls["Bài C"], urls["Bài B"])
    page = (tmp_path / "output" / url_to_relpath(a.url)).read_text(encoding="utf-8")
    assert all(f'href="{url}"' in page for url in a.references) and REFERENCE_PREFIX not in page
