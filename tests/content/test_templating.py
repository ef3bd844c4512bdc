"""Liquid tags and Hugo shortcodes in article bodies, fenced code with attributes or in lists, name
anchors and assessment labels: checked on the HTML each article renders to."""

from bs4 import BeautifulSoup

from reformsite.config import Origin
from reformsite.content.drafts import build_draft
from reformsite.content.markdown import render_markdown
from reformsite.content.templating import REFERENCE_PREFIX, expand_templates

JEKYLL, HUGO = Origin("jekyll"), Origin("hugo")


def rendered(body: str, origin: Origin = JEKYLL, title: str = "Bài thử"):
    text = f"---\ntitle: {title}\ndate: 2024-03-05\n---\n{body}"
    draft, problems = build_draft("_posts/2024-03-05-bai-thu.md", text.encode(), kind="article", origin=origin)
    assert draft is not None, problems
    return BeautifulSoup(render_markdown(draft.body).html, "html.parser"), problems, draft


def test_liquid_highlight_and_raw_are_rendered_and_the_rest_removed_with_its_line():
    soup, problems, _ = rendered(
        "Mở đầu.\n\n{% highlight python %}\nin_ra = 1\n{% endhighlight %}\n\n"
        "{% raw %}Giữ nguyên {{ khong_doi }}{% endraw %}\n\n{% include bang-bieu.html cot=2 %}\n\n"
        "Ảnh: {{ site.baseurl }}/anh.png và {{ page.title }}.\n")
    assert soup.select_one("pre code.language-python").get_text() == "in_ra = 1"
    assert "Giữ nguyên {{ khong_doi }}" in soup.get_text()
    assert "{%" not in soup.get_text() and "include" not in soup.get_text()
    assert "Ảnh: /anh.png và Bài thử." in soup.get_text()
    [warning] = [p for p in problems if "include" in p.message]
    assert warning.line == 13 and warning.severity.value == "warning" and "bang-bieu.html" in warning.message


def test_hugo_shortcodes_common_ones_rendered_others_removed():
    soup, problems, _ = rendered(
        '{{< figure src="/anh/hop.jpg" caption="Buổi họp" >}}\n\n{{< youtube abc123 >}}\n\n'
        "Xem [hướng dẫn]({{< ref \"huong-dan/nop.md\" >}}).\n\n{{< nut-bam mau=\"do\" >}}\n\n"
        "```\n{{</* giu-nguyen */>}}\n```\n\n{{< code-toggle file=hugo >}}\ntitle = 'x'\n{{< /code-toggle >}}\n",
        origin=HUGO)
    assert soup.select_one("figure img")["src"] == "/anh/hop.jpg"
    assert soup.select_one("figure figcaption").get_text() == "Buổi họp"
    assert soup.find("a", href="https://www.youtube.com/watch?v=abc123") is not None
    assert soup.find("a", string="hướng dẫn")["href"] == REFERENCE_PREFIX + "path/huong-dan/nop.md"
    codes = [c.get_text() for c in soup.find_all("code")]
    assert "{{< giu-nguyen >}}" in codes[0] and "title = 'x'" in codes[1]
    assert "nut-bam" not in soup.get_text() and "{{" not in soup.get_text().replace(codes[0], "")
    assert [p.message for p in problems if "shortcode" in p.message] == [
        "Hugo shortcode {{< nut-bam >}} is not rendered: removed"]


def test_line_numbers_after_templating_are_unchanged():
    body = "{% raw %}\na\nb\n{% endraw %}\n{% comment %}\nc\n{% endcomment %}\nsau\n"
    expanded, _ = expand_templates(body, generator="jekyll")
    assert expanded.split("\n").index("sau") == body.split("\n").index("sau")


def test_fences_with_attributes_and_in_list_items_are_code():
    soup, _, _ = rendered('```html {file="vi-du.html"}\n<script>alert(1)</script>\n```\n\n'
                          "1. Bước một:\n\n    ```toml\n    a = 1\n    ```\n")
    assert soup.find("script") is None
    assert soup.select_one("code.language-html").get_text() == "<script>alert(1)</script>"
    assert soup.select_one("li code.language-toml").get_text() == "a = 1"


def test_name_anchors_and_heading_anchors_are_kept():
    soup, _, _ = rendered('<a name="muc-1"></a>\n\n## Mục một\n\nNội dung.\n')
    assert soup.find("a", attrs={"name": "muc-1"}) is not None
    assert soup.find("h2")["id"] == "muc-mot"


def test_only_configured_labels_are_badges():
    _, _, draft = rendered("Thân.\n", title='"[Cloud Native App][Part 5] Triển khai"')
    assert (draft.title, draft.label) == ("[Cloud Native App][Part 5] Triển khai", None)
    _, _, draft = rendered("Thân.\n", title='" [Tốt] Xã làm tốt"')
    assert (draft.title, draft.label) == ("Xã làm tốt", "tot")
    text = b"---\ntitle: '[Xuat sac] Xa dan dau'\ndate: 2024-03-05\n---\nThan.\n"
    draft, _ = build_draft("a.md", text, kind="article", labels=("xuat-sac",))
    assert (draft.title, draft.label) == ("Xa dan dau", "xuat-sac")
