"""Pages rendered a slice per forked process: order kept, a fresh process per slice, failures told."""

import multiprocessing
import os
import tempfile

import jinja2
import pytest
from sitekit import NOW, article, write_site

import reformsite.render.pool as renderpool
from reformsite.build.pipeline import BuildOptions, build
from reformsite.pages.kinds import all_pages

SITE = {f"content/2024/bai-{n}.md": article(f"Bài số {n} về một cửa", f"2024-{n:02d}-05T08:00:00+07:00",
                                            f"Xã Tân Hòa tiếp nhận {100 + n} hồ sơ.\n") for n in range(1, 9)}


@pytest.fixture
def site_pages(tmp_path):
    write_site(tmp_path, SITE)
    result = build(BuildOptions(config_path=tmp_path / "config.yaml", now=NOW, use_cache=False, write=False))
    assert result.site is not None
    return result.site, list(all_pages(result.site))


def _in_slices_of(size, monkeypatch):
    """However few the pages, they render in forked processes, *size* pages to a process."""
    monkeypatch.setattr(renderpool, "POOL_THRESHOLD", 0)
    monkeypatch.setattr(renderpool, "SLICE", size)


def _pid_of_render(monkeypatch):
    """Each page renders as the id of the process that rendered it."""
    monkeypatch.setattr(renderpool.RenderJob, "render", lambda self, page: str(os.getpid()).encode())


def test_each_slice_renders_in_a_process_of_its_own_and_pages_come_back_in_order(site_pages, monkeypatch):
    site, pages = site_pages
    _in_slices_of(3, monkeypatch)
    _pid_of_render(monkeypatch)
    rendered = list(renderpool.render_pages(site, pages, workers=2))
    assert [url for url, _ in rendered] == [page.url for page in pages]
    pids = [int(data) for _, data in rendered]
    slices = [pids[start:start + 3] for start in range(0, len(pids), 3)]
    assert all(len(set(s)) == 1 for s in slices)                    # a slice, one process
    assert len({s[0] for s in slices}) == len(slices) > 2            # a process, one slice
    assert os.getpid() not in pids
    assert multiprocessing.active_children() == []


def test_few_pages_or_one_job_render_in_the_build_process(site_pages, monkeypatch):
    site, pages = site_pages
    _pid_of_render(monkeypatch)
    monkeypatch.setattr(renderpool, "POOL_THRESHOLD", len(pages) + 1)
    assert {int(data) for _, data in renderpool.render_pages(site, pages, workers=2)} == {os.getpid()}
    monkeypatch.setattr(renderpool, "POOL_THRESHOLD", 0)
    assert {int(data) for _, data in renderpool.render_pages(site, pages, workers=1)} == {os.getpid()}


def test_a_template_error_in_a_process_reaches_the_build_as_itself(site_pages, monkeypatch):
    site, pages = site_pages
    _in_slices_of(2, monkeypatch)
    bad = pages[5].url

    def render(self, page):
        if page.url == bad:
            raise jinja2.UndefinedError("'article' has no attribute 'subtitle'")
        return b"ok"

    monkeypatch.setattr(renderpool.RenderJob, "render", render)
    before_error = []
    with pytest.raises(jinja2.UndefinedError, match="subtitle"):
        for url, _ in renderpool.render_pages(site, pages, workers=2):
            before_error.append(url)
    assert before_error == [page.url for page in pages[:4]]          # the slices before it were given
    assert multiprocessing.active_children() == []                  # and the others stopped


def test_a_process_that_dies_fails_the_render_and_says_so(site_pages, monkeypatch):
    site, pages = site_pages
    _in_slices_of(2, monkeypatch)
    monkeypatch.setattr(renderpool.RenderJob, "render", lambda self, page: os._exit(9))   # as if killed
    with pytest.raises(RuntimeError, match=r"stopped without its pages \(exit status 9\).*fewer --jobs"):
        list(renderpool.render_pages(site, pages, workers=2))
    assert multiprocessing.active_children() == []


def test_the_renderer_and_shared_context_are_made_before_forking(site_pages, monkeypatch):
    """The processes inherit the renderer, its compiled templates and the shared context instead of
    making them (made in a process, they would fail its slice and so the render)."""
    site, pages = site_pages
    _in_slices_of(2, monkeypatch)
    parent = os.getpid()
    made: list[str] = []

    def only_in_the_build(real, what):
        def making(*args):
            assert os.getpid() == parent, f"{what} made in a rendering process"
            made.append(what)
            return real(*args)
        return making

    monkeypatch.setattr(renderpool, "shared_context", only_in_the_build(renderpool.shared_context, "context"))
    monkeypatch.setattr(renderpool, "make_renderer", only_in_the_build(renderpool.make_renderer, "renderer"))
    monkeypatch.setattr(renderpool.RenderJob, "compile_templates",
                        only_in_the_build(renderpool.RenderJob.compile_templates, "templates"))
    rendered = dict(renderpool.render_pages(site, pages, workers=2))
    assert made == ["renderer", "context", "templates"]
    assert len(rendered) == len(pages) and all(b"<html" in data for data in rendered.values())


def test_slices_wait_in_spool_files_in_the_folder_given_and_come_back_byte_for_byte(
        site_pages, monkeypatch, tmp_path):
    site, pages = site_pages
    _in_slices_of(3, monkeypatch)
    sizes = [0, 1, 70_000, 2_000_000, 5]      # an empty page, and one larger than a pipe's buffer
    monkeypatch.setattr(renderpool.RenderJob, "render", lambda self, page: bytes(
        [len(page.url) % 251]) * sizes[pages.index(page) % len(sizes)])
    spools = []
    real = tempfile.TemporaryFile

    def recording(*, dir):
        spools.append((dir, real(dir=dir)))
        return spools[-1][1]

    monkeypatch.setattr(renderpool.tempfile, "TemporaryFile", recording)
    rendered = list(renderpool.render_pages(site, pages, workers=2, spool_dir=tmp_path))
    assert rendered == [(page.url, bytes([len(page.url) % 251]) * sizes[n % len(sizes)])
                        for n, page in enumerate(pages)]
    assert len(spools) == -(-len(pages) // 3)
    assert all(folder == tmp_path and spool.closed for folder, spool in spools)


def test_a_render_stopped_early_stops_its_processes_and_closes_their_spools(site_pages, monkeypatch):
    site, pages = site_pages
    _in_slices_of(2, monkeypatch)
    spools = []
    real = tempfile.TemporaryFile
    monkeypatch.setattr(renderpool.tempfile, "TemporaryFile",
                        lambda *, dir: spools.append(real(dir=dir)) or spools[-1])
    rendered = renderpool.render_pages(site, pages, workers=2)
    next(rendered)
    rendered.close()          # as when writing the output fails
    assert len(spools) == 3 and all(spool.closed for spool in spools)
    assert multiprocessing.active_children() == []


def test_while_a_core_is_taken_elsewhere_one_process_fewer_renders(site_pages, monkeypatch):
    # With two jobs and the search indexer at work, slices render in the build's own process (a
    # forked one would copy what it reads for no gain); once the indexer is done, forks resume.
    site, pages = site_pages
    _in_slices_of(3, monkeypatch)
    _pid_of_render(monkeypatch)
    asked = []

    def indexing() -> bool:
        asked.append(True)
        return len(asked) <= 2          # busy for the first two slices

    rendered = list(renderpool.render_pages(site, pages, workers=2, core_taken=indexing))
    assert [url for url, _ in rendered] == [page.url for page in pages]
    pids = [int(data) for _, data in rendered]
    assert pids[:6] == [os.getpid()] * 6
    assert os.getpid() not in pids[6:] and len(set(pids[6:])) == len(range(6, len(pids), 3))
    assert multiprocessing.active_children() == []


def test_with_more_jobs_a_taken_core_leaves_the_others_forking(site_pages, monkeypatch):
    site, pages = site_pages
    _in_slices_of(3, monkeypatch)
    _pid_of_render(monkeypatch)
    rendered = list(renderpool.render_pages(site, pages, workers=3, core_taken=lambda: True))
    assert [url for url, _ in rendered] == [page.url for page in pages]
    assert os.getpid() not in {int(data) for _, data in rendered}
