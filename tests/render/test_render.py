"""The renderer's Jinja context: plain functions called directly, everything else as Jinja calls it."""

import jinja2
import pytest
from sitekit import NOW, article, write_site

from reformsite.build.pipeline import BuildOptions, build
from reformsite.pages.kinds import all_pages, shared_context
from reformsite.render.renderer import load_strings, make_renderer

SITE = {
    "content/2024/tan-hoa.md": article(
        "Xã Tân Hòa: 96,4% hồ sơ trực tuyến", "2024-05-05T08:00:00+07:00",
        "Xã Tân Hòa, huyện Tân Thạnh, tiếp nhận 1.245 hồ sơ, tỷ lệ trực tuyến đạt 96,4%.\n"),
    "content/2024/tan-thanh-binh.md": article(
        "Tân Thành Bình giải quyết đúng hạn", "2024-06-05T08:00:00+07:00",
        "Xã Tân Thành Bình, huyện Mỏ Cày Bắc, giải quyết 4.572/4.572 hồ sơ đúng hạn, đạt 100%.\n"),
}


@pytest.fixture
def site(tmp_path):
    write_site(tmp_path, SITE)
    result = build(BuildOptions(config_path=tmp_path / "config.yaml", now=NOW, use_cache=False, write=False))
    assert result.site is not None
    return result.site


def test_pages_render_as_with_jinjas_own_context(site):
    """Every page of a site (macros, filters, loops, figure tables and charts) is byte-identical with
    Jinja's own Context.call."""
    shared = shared_context(site, load_strings(site.config))
    ours, jinjas = make_renderer(site.config), make_renderer(site.config)
    jinjas.env.context_class = jinja2.runtime.Context
    pages = list(all_pages(site))
    assert {p.template for p in pages} >= {"article.html", "place.html", "indicator.html", "index.html"}
    for page in pages:
        assert ours.render(page, shared) == jinjas.render(page, shared), page.url


def test_a_plain_function_is_called_without_jinjas_lookup(site, monkeypatch):
    renderer = make_renderer(site.config)

    def refuse(*args, **kwargs):
        raise AssertionError("Context.call used for a plain function")

    template = renderer.env.from_string("{% for p in paths %}{{ url(p) }}|{{ t('home') }};{% endfor %}")
    expected = template.render(paths=["/a/", "/b/"])
    monkeypatch.setattr(jinja2.runtime.Context, "call", refuse)
    assert template.render(paths=["/a/", "/b/"]) == expected
    assert expected.startswith(site.config.base_path + "a/|")


def test_callables_that_ask_for_the_context_still_get_it(site):
    renderer = make_renderer(site.config)

    @jinja2.pass_context
    def language_of(context, suffix):
        return context["lang"] + suffix

    class Shout:
        def __call__(self, text):
            return text.upper()

    template = renderer.env.from_string(
        "{% macro twice(x) %}{{ x }}{{ x }}{% endmacro %}"
        "{% for n in [1] %}{{ language_of('!') }} {{ shout('a') }} {{ twice(n) }}{% endfor %}")
    assert template.render(language_of=language_of, shout=Shout()) == f"{site.config.language}! A 11"


def test_a_function_stopped_by_stopiteration_gives_undefined_as_in_jinja(site):
    renderer = make_renderer(site.config)

    def empty():
        raise StopIteration

    with pytest.raises(jinja2.UndefinedError, match="StopIteration"):
        renderer.env.from_string("{{ empty() }}").render(empty=empty)
