"""Front matter values cross from the worker processes to the build: enough articles for the pool."""

from reformsite.build.articles import POOL_THRESHOLD


def test_toml_dates_with_offsets_survive_the_process_pool(make_site):
    files = {f"content/2024/tin-{n}.md":
             f'+++\ntitle = "Tin số {n} về một cửa"\ndate = 2024-03-{n % 28 + 1:02d}T08:00:00+07:00\n'
             f'updated = 2024-04-01T09:30:00-05:00\n+++\nHồ sơ được giải quyết đúng hạn.\n'
             for n in range(POOL_THRESHOLD + 5)}
    site = make_site(files, jobs=2, use_cache=False)
    assert site.result.exit_code == 0, [d.format() for d in site.result.diagnostics]
    assert site.result.articles == POOL_THRESHOLD + 5
    page = site.html("/bai-viet/tin-so-7-ve-mot-cua/")
    assert page.find("h1").get_text(strip=True) == "Tin số 7 về một cửa"
