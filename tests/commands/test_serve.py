"""`serve`: routing that never leaves output/, the error overlay, and a live watch-and-rebuild cycle.

Servers run on free loopback ports, in a thread or a subprocess that each test stops itself.
"""

from __future__ import annotations

import io
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sitekit import REPO, article, write_site

from reformsite.build.pipeline import BuildOptions
from reformsite.commands.serve import (
    OVERLAY_ID,
    PreviewServer,
    PreviewSession,
    inject_overlay,
    is_scratch_file,
    overlay_html,
    route,
)
from reformsite.commands.serve import session as session_module
from reformsite.core.diagnostics import Diagnostic

ARTICLE = "content/2024/tan-hoa.md"
SITE = {
    ARTICLE: article("Tân Hòa giải quyết hồ sơ đúng hạn", "2024-05-01", "Xã đã giải quyết 1.032 hồ sơ."),
    "content/2023/khac.md": article("Bài khác", "2023-01-01"),
}
PAGE = "/bai-viet/tan-hoa-giai-quyet-ho-so-dung-han/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def raw_request(port: int, target: str) -> tuple[int, bytes]:
    """Send the request line as written: no client library normalises the path first."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data


def wait_for(condition: Callable[[], bool], timeout: float) -> None:
    """Wait until *condition* holds; fail the test after *timeout* seconds, a bound on a stuck server
    generous enough for a loaded machine (speed is the benchmark's to measure)."""
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > timeout:
            pytest.fail(f"condition not met within {timeout} s")
        time.sleep(0.05)


@contextmanager
def serving(root: Path, use_inotify: bool = True, **options) -> Iterator[tuple[PreviewServer, str]]:
    port = free_port()
    options.setdefault("base_url", f"http://127.0.0.1:{port}/")
    session = PreviewSession(BuildOptions(config_path=root / "config.yaml", **options), out=io.StringIO())
    session.rebuild()
    server = PreviewServer(session, host="127.0.0.1", port=port, use_inotify=use_inotify)
    threads_before = set(threading.enumerate())
    thread = threading.Thread(target=server.run, name="preview-server")
    thread.start()
    try:
        assert server.ready.wait(10)
        yield server, f"http://127.0.0.1:{port}"
    finally:
        server.stop()
        thread.join(10)
        assert not thread.is_alive(), "the server did not stop"
        assert set(threading.enumerate()) <= threads_before, "a thread was left running"
    with pytest.raises(OSError):                     # and the port is closed
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


# --- pure parts ------------------------------------------------------------------------------------

@pytest.fixture
def output(tmp_path: Path) -> Path:
    root = tmp_path / "output"
    (root / "bai-viet" / "a").mkdir(parents=True)
    (root / "bai-viet" / "a" / "index.html").write_text("a")
    (root / "index.html").write_text("home")
    (tmp_path / "secret.txt").write_text("secret")
    (root / "link").symlink_to(tmp_path)
    return root


@pytest.mark.parametrize("path", ["/../secret.txt", "/bai-viet/../../secret.txt", "/./index.html",
                                  "/link/secret.txt", "/..\\secret.txt", "secret.txt", "/a\x00b"])
def test_route_refuses_to_leave_output(output, path):
    assert route(output, "/", path).kind == "forbidden"


def test_route_files_folders_and_mounts(output):
    assert route(output, "/", "/").file == output.resolve() / "index.html"
    assert route(output, "/", "/bai-viet/a/").file == output.resolve() / "bai-viet/a/index.html"
    assert route(output, "/", "/bai-viet/a").location == "/bai-viet/a/"
    assert route(output, "/", "/khong-co/").kind == "missing"
    assert route(output, "/", "/bai-viet/a/index.html").kind == "file"
    assert route(output, "/", "/bai-viet/a/index.html/").kind == "missing"    # as a static host answers
    assert route(output, "/", "//etc/passwd").kind == "missing"     # an absolute path stays inside
    assert route(output, "/portal/", "/portal/bai-viet/a/").kind == "file"
    assert route(output, "/portal/", "/").location == "/portal/"
    assert route(output, "/portal/", "/bai-viet/a/").kind == "missing"


def test_overlay_lists_errors_escaped_before_body_end():
    errors = [Diagnostic("content/a.md", 2, 9, "invalid <YAML>", "quote values")]
    page = inject_overlay(b"<html><body><p>x</p></body></html>", overlay_html(errors))
    assert page.index(OVERLAY_ID.encode()) < page.index(b"</body>")
    assert b"content/a.md:2:9" in page and b"invalid &lt;YAML&gt;" in page and b"hint: quote values" in page
    assert inject_overlay(b"<p>x</p>", overlay_html([])) == b"<p>x</p>"


def _box(page: bytes) -> tuple[str, str, list[str], str]:
    """The overlay's heading, its language, the errors it lists and its footer, as a reader sees them."""
    from bs4 import BeautifulSoup

    box = BeautifulSoup(page, "html.parser").find(id=OVERLAY_ID)
    assert box is not None
    errors = box.find("ul")
    assert errors["lang"] == "en"              # the errors as the terminal prints them: English
    return (box.find("strong").get_text(), box["lang"], [li.get_text(" ", strip=True) for li in errors("li")],
            box.find("small").get_text())


ENGLISH_WORDS = re.compile(r"\b(error|errors|build|last|fix|file|save|the|in|page)\b", re.IGNORECASE)


@pytest.mark.parametrize("count", [1, 2])
def test_overlay_speaks_the_site_language_one_language_per_message(count):
    errors = [Diagnostic(f"content/{n}.md", 2, 9, "invalid YAML front matter", "quote values")
              for n in range(count)]
    heading, lang, items, footer = _box(overlay_html(errors, "vi"))
    assert lang == "vi"
    assert heading == f"Lỗi khi dựng trang: {count} lỗi ở lần dựng gần nhất"
    assert footer == "Sửa tệp rồi lưu lại: trang sẽ tự tải lại và khung này sẽ biến mất."
    assert not ENGLISH_WORDS.search(heading) and not ENGLISH_WORDS.search(footer)
    assert items[0] == "content/0.md:2:9 invalid YAML front matter hint: quote values"
    heading, lang, items, footer = _box(overlay_html(errors, "en"))
    assert lang == "en"
    assert heading == f"Build failed: {count} error{'s' if count > 1 else ''} in the last build"
    assert (heading + footer).isascii()        # no Vietnamese word in the English box
    assert items[0] == "content/0.md:2:9 invalid YAML front matter hint: quote values"


def test_page_of_a_site_never_built_speaks_its_language():
    from bs4 import BeautifulSoup

    for language, text in (("vi", "Không có trang này trong output/"), ("en", "No such page in output/")):
        from reformsite.commands.serve.overlay import not_built_page

        soup = BeautifulSoup(not_built_page(language), "html.parser")
        assert soup.html["lang"] == language and soup.p.get_text().startswith(text)


@pytest.mark.parametrize(("language", "heading"), [
    ("vi", "Lỗi khi dựng trang: 1 lỗi ở lần dựng gần nhất"), ("en", "Build failed: 1 error in the last build")])
def test_served_overlay_follows_the_site_language(tmp_path, language, heading):
    broken = "---\ntitle: Tân Hòa: lỗi\ndate: 2024-05-01\n---\nX\n"
    write_site(tmp_path, {**SITE, ARTICLE: broken},
               f"title: Thử nghiệm\nbase_url: https://example.org/\nlanguage: {language}\n")
    with serving(tmp_path) as (server, base):
        status, home = fetch(base + "/")
        assert status == 200 and server.session.language == language
        shown, lang, items, _footer = _box(home.encode())
        assert (shown, lang) == (heading, language)
        assert items[0].startswith(f"{ARTICLE}:2:15 ")


def test_editor_scratch_files_do_not_trigger_rebuilds():
    assert is_scratch_file("/s/content/.tan-hoa.md.swp") and is_scratch_file("/s/content/tan-hoa.md~")
    assert is_scratch_file("/s/content/#tan-hoa.md#") and not is_scratch_file("/s/content/tan-hoa.md")


def test_watches_sources_not_output(tmp_path):
    write_site(tmp_path, SITE)
    session = PreviewSession(BuildOptions(config_path=tmp_path / "config.yaml"), out=io.StringIO())
    watched = {p.relative_to(tmp_path.resolve()).as_posix() if p.is_relative_to(tmp_path.resolve()) else p.name
               for p in session.watch_paths()}
    assert {"content", "config.yaml", "templates", "static", "default"} <= watched
    assert "output" not in watched


# --- a live server ---------------------------------------------------------------------------------

def test_edit_rebuild_break_and_fix_cycle(tmp_path):
    write_site(tmp_path, SITE)
    source = tmp_path / ARTICLE
    good = source.read_text(encoding="utf-8")
    with serving(tmp_path) as (server, base):
        assert "(inotify)" in server.session.out.getvalue()
        status, page = fetch(base + PAGE)
        assert status == 200 and "1.032 hồ sơ" in page and OVERLAY_ID not in page
        assert "livereload.js" in page                         # the reload script is injected

        source.write_text(good.replace("1.032 hồ sơ", "2.048 hồ sơ"), encoding="utf-8")
        wait_for(lambda: "2.048 hồ sơ" in fetch(base + PAGE)[1], timeout=30)

        source.write_text("---\ntitle: Tân Hòa: lỗi\ndate: 2024-05-01\n---\nX\n", encoding="utf-8")
        # write_text truncates before it writes: a build may first see an empty file and show that
        # error, so wait for the error of the file as saved.
        wait_for(lambda: f"{ARTICLE}:2:15" in fetch(base + "/")[1], timeout=30)
        status, home = fetch(base + "/")
        assert status == 200
        assert f"{ARTICLE}:2:15" in home and "invalid YAML front matter" in home and "hint:" in home
        status, gone = fetch(base + PAGE)                  # the broken article has no page now
        assert status == 404 and OVERLAY_ID in gone

        source.write_text(good, encoding="utf-8")
        # A rebuild in the background swaps the new output in a moment before it records its (now
        # empty) errors: wait for the fixed page without the overlay, then check the home page too.
        wait_for(lambda: (lambda r: r[0] == 200 and OVERLAY_ID not in r[1])(fetch(base + PAGE)), timeout=30)
        assert OVERLAY_ID not in fetch(base + PAGE)[1] and OVERLAY_ID not in fetch(base + "/")[1]


def test_edited_article_is_served_before_the_full_rebuild_ends(tmp_path, monkeypatch):
    """The fast path: a saved article's page comes from memory while the rest of the site rebuilds in
    the background (held here until the test lets it go), and the server keeps answering meanwhile."""
    write_site(tmp_path, SITE)
    source = tmp_path / ARTICLE
    built_page = tmp_path / "output" / PAGE.strip("/") / "index.html"
    release = threading.Event()
    with serving(tmp_path) as (server, base):
        real_build = session_module.build

        def held_build(options):
            release.wait(30)
            return real_build(options)

        monkeypatch.setattr(session_module, "build", held_build)
        try:
            source.write_text(source.read_text(encoding="utf-8").replace("1.032", "4.096"), encoding="utf-8")
            wait_for(lambda: "4.096 hồ sơ" in fetch(base + PAGE)[1], timeout=30)
            assert "preview: " + PAGE in server.session.out.getvalue()
            assert "4.096" not in built_page.read_text(encoding="utf-8")      # not built yet
            page = fetch(base + PAGE)[1]
            assert "Bài khác" in page and "livereload.js" in page           # a whole page, reloadable
            assert fetch(base + "/")[0] == 200                               # the server still answers
        finally:
            release.set()
        wait_for(lambda: "4.096" in built_page.read_text(encoding="utf-8"), timeout=30)
        wait_for(lambda: not server.session.fresh, timeout=30)              # memory gives way to disk
        assert "4.096 hồ sơ" in fetch(base + PAGE)[1]


def test_a_new_article_goes_straight_to_a_full_build(tmp_path):
    write_site(tmp_path, SITE)
    with serving(tmp_path) as (server, base):
        (tmp_path / "content/2024/moi.md").write_text(article("Bài mới", "2024-06-01"), encoding="utf-8")
        wait_for(lambda: fetch(base + "/bai-viet/bai-moi/")[0] == 200, timeout=30)
        assert "preview:" not in server.session.out.getvalue()


def test_an_article_with_links_by_reference_is_not_previewed_with_them_unresolved(tmp_path):
    """A preview renders one article against the last build: its {% link %} would stay a placeholder
    URL, so such an article goes to the full build, which resolves it against the whole site."""
    site = dict(SITE)
    site[ARTICLE] = article("Tân Hòa giải quyết hồ sơ đúng hạn", "2024-05-01",
                            "Xã đã giải quyết 1.032 hồ sơ. Xem [bài khác]({% link 2023/khac.md %}).")
    write_site(tmp_path, site)
    source = tmp_path / ARTICLE
    with serving(tmp_path) as (server, base):
        source.write_text(source.read_text(encoding="utf-8").replace("1.032", "5.120"), encoding="utf-8")
        pages: list[str] = []
        wait_for(lambda: "5.120 hồ sơ" in (pages.append(fetch(base + PAGE)[1]) or pages[-1]), timeout=30)
        assert "/__ref__/" not in pages[-1] and 'href="/bai-viet/bai-khac/"' in pages[-1]
        assert "preview:" not in server.session.out.getvalue()


@pytest.mark.parametrize("use_inotify", [True, False])
def test_a_save_made_while_the_first_build_runs_is_built(tmp_path, use_inotify):
    """`serve` makes its server, and so starts watching, before the first build: an article saved
    after that build read it, but before the server listened, is built once it does."""
    write_site(tmp_path, SITE)
    port = free_port()
    session = PreviewSession(BuildOptions(config_path=tmp_path / "config.yaml",
                                          base_url=f"http://127.0.0.1:{port}/"), out=io.StringIO())
    server = PreviewServer(session, host="127.0.0.1", port=port, use_inotify=use_inotify)
    session.rebuild()
    source = tmp_path / ARTICLE
    source.write_text(source.read_text(encoding="utf-8").replace("1.032", "6.144"), encoding="utf-8")
    thread = threading.Thread(target=server.run, name="preview-server")
    thread.start()
    try:
        assert server.ready.wait(10)
        wait_for(lambda: "6.144 hồ sơ" in fetch(f"http://127.0.0.1:{port}{PAGE}")[1], timeout=30)
    finally:
        server.stop()
        thread.join(10)
    assert not thread.is_alive()


def test_polling_when_inotify_is_not_available(tmp_path):
    write_site(tmp_path, SITE)
    source = tmp_path / ARTICLE
    with serving(tmp_path, use_inotify=False) as (server, base):
        assert "polling" in server.session.out.getvalue()
        source.write_text(source.read_text(encoding="utf-8").replace("1.032", "3.064"), encoding="utf-8")
        wait_for(lambda: "3.064 hồ sơ" in fetch(base + PAGE)[1], timeout=30)


def test_template_error_shows_and_server_keeps_running(tmp_path):
    write_site(tmp_path, SITE)
    with serving(tmp_path) as (server, base):
        (tmp_path / "templates").mkdir()
        (tmp_path / "templates" / "article.html").write_text("{% if %}\n", encoding="utf-8")
        wait_for(lambda: "templates/article.html:1" in fetch(base + "/")[1], timeout=30)
        (tmp_path / "templates" / "article.html").unlink()
        wait_for(lambda: OVERLAY_ID not in fetch(base + "/")[1], timeout=30)
        assert server.session.errors == ()


def test_raw_requests_cannot_leave_output(tmp_path):
    write_site(tmp_path, SITE)
    (tmp_path / "secret.txt").write_text("MẬT-KHẨU", encoding="utf-8")
    with serving(tmp_path) as (_server, base):
        port = int(base.rsplit(":", 1)[1])
        for target in ("/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/%2E%2E/etc/passwd",
                       "/static/..%2f..%2fsecret.txt", "/..%5csecret.txt", "//etc/passwd",
                       "/%2fetc%2fpasswd", f"http://127.0.0.1:{port}/../secret.txt", "secret.txt",
                       "/static/%2e%2e/%2e%2e/secret.txt"):
            status, data = raw_request(port, target)
            assert status in (400, 403, 404), (target, status)
            assert "MẬT-KHẨU".encode() not in data and b"root:" not in data, target
        status, data = raw_request(port, "/khong-co-trang-nay/")
        assert status == 404 and b"<html" in data.lower()              # the site's own 404.html
        assert raw_request(port, "/static/style.css")[0] == 200


def test_served_under_the_base_path_when_one_is_given(tmp_path):
    write_site(tmp_path, SITE)
    with serving(tmp_path, base_url="https://example.org/portal/") as (server, base):
        assert server.url.endswith("/portal/")
        status, page = fetch(base + "/")                       # redirected to /portal/
        assert status == 200 and "/portal/static/style.css" in page
        assert fetch(base + "/portal" + PAGE)[0] == 200


def test_cli_serve_starts_and_stops_on_ctrl_c(tmp_path):
    write_site(tmp_path, SITE)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO), "CI": "true"}
    process = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "--port", str(port),
                                "--config", str(tmp_path / "config.yaml")],
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    try:
        lines = []
        while process.poll() is None and not any("serving" in line for line in lines):
            lines.append(process.stderr.readline())
        assert f"serving http://127.0.0.1:{port}/" in "".join(lines)
        status, page = fetch(f"http://127.0.0.1:{port}{PAGE}")
        assert status == 200 and f"http://127.0.0.1:{port}{PAGE}" in page     # base URL overridden
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()


# --- who may ask, and how long they may take (issue #27, item 9) -------------------------------------

def raw_exchange(port: int, head: str, *, host: str | None = "127.0.0.1") -> tuple[int, bytes]:
    """Send *head* (request line and headers, Host added unless None) and read the whole answer, or
    only its head when it opens a WebSocket."""
    upgrade = "Upgrade:" in head
    lines = (head.rstrip("\r\n") + (f"\r\nHost: {host}" if host is not None else "")
             + ("" if upgrade else "\r\nConnection: close") + "\r\n\r\n")
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(lines.encode())
        data = b""
        while (not upgrade or b"\r\n\r\n" not in data) and (chunk := conn.recv(65536)):
            data += chunk
    return int(data.split(b" ", 2)[1]), data


def test_host_names_the_preview_or_the_request_is_refused(tmp_path):
    """DNS rebinding: a page of evil.example whose name now resolves to 127.0.0.1 is same-origin with
    the preview in the browser, but its requests still say Host: evil.example."""
    write_site(tmp_path, SITE)
    with serving(tmp_path) as (_server, base):
        port = int(base.rsplit(":", 1)[1])
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", "LOCALHOST", "preview.localhost"):
            assert raw_exchange(port, f"GET {PAGE} HTTP/1.1", host=host)[0] == 200, host
        for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1.evil.example:{port}", "", None):
            for target in (PAGE, "/livereload.js", "/forcereload", "/static/style.css"):
                status, data = raw_exchange(port, f"GET {target} HTTP/1.1", host=host)
                assert status in (400, 403), (host, target, status)
                assert "1.032 hồ sơ".encode() not in data and b"livereload" not in data.lower()


def test_listening_on_the_network_widens_the_names_not_to_any():
    from reformsite.commands.serve.routes import allowed_host

    assert allowed_host("127.0.0.1:8000", "127.0.0.1") and allowed_host("[::1]:8000", "::1")
    assert not allowed_host("192.168.1.5:8000", "127.0.0.1") and not allowed_host("evil.example", "localhost")
    assert allowed_host("192.168.1.5:8000", "0.0.0.0") and allowed_host("[fe80::1]:8000", "::")
    assert allowed_host(f"{socket.gethostname()}:8000", "0.0.0.0")
    assert allowed_host("preview.lan:8000", "preview.lan") and not allowed_host("evil.example:8000", "0.0.0.0")


def test_another_sites_pages_cannot_reload_or_listen(tmp_path):
    write_site(tmp_path, SITE)
    socket_head = ("GET /livereload HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13")
    with serving(tmp_path) as (_server, base):
        port = int(base.rsplit(":", 1)[1])
        own = f"127.0.0.1:{port}"
        for origin in ("http://evil.example", f"http://evil.example:{port}", "null", f"https://{own}.evil"):
            assert raw_exchange(port, f"{socket_head}\r\nOrigin: {origin}", host=own)[0] == 403, origin
            assert raw_exchange(port, f"GET /forcereload HTTP/1.1\r\nOrigin: {origin}", host=own)[0] == 403
        assert raw_exchange(port, "GET /forcereload HTTP/1.1\r\nSec-Fetch-Site: cross-site", host=own)[0] == 403
        assert raw_exchange(port, f"{socket_head}\r\nOrigin: http://{own}", host=own)[0] == 101
        assert raw_exchange(port, f"GET /forcereload HTTP/1.1\r\nOrigin: http://{own}", host=own)[0] == 200
        assert raw_exchange(port, "GET /forcereload HTTP/1.1", host=own)[0] == 200      # a script, no browser


def test_a_long_request_stalls_no_other(tmp_path, monkeypatch):
    from reformsite.commands.serve import server as server_module

    write_site(tmp_path, SITE)
    real, release = server_module.respond, threading.Event()

    def slow(session, path):
        if path == "/cham/":
            release.wait(20)
        return real(session, path)

    monkeypatch.setattr(server_module, "respond", slow)
    with serving(tmp_path) as (_server, base):
        answered: list[int] = []
        waiting = threading.Thread(target=lambda: answered.append(fetch(base + "/cham/")[0]))
        waiting.start()
        try:
            time.sleep(0.3)
            started = time.perf_counter()
            assert fetch(base + PAGE)[0] == 200
            # Answered while the slow request is held (20 s), not after it.
            assert time.perf_counter() - started < 10 and not answered
        finally:
            release.set()
            waiting.join(20)
        assert answered == [404]


def test_a_silent_client_is_let_go_and_stalls_no_other(tmp_path, monkeypatch):
    monkeypatch.setattr(PreviewServer, "CLIENT_SECONDS", 1.0, raising=False)
    write_site(tmp_path, SITE)
    with serving(tmp_path) as (_server, base):
        port = int(base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=30) as slow:
            slow.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")       # and never the end of the head
            assert fetch(base + PAGE)[0] == 200
            started = time.perf_counter()
            assert slow.recv(1024) == b""                                  # closed by the server
            assert time.perf_counter() - started < 15                   # at 1 s, not the usual 30


def test_errors_shown_to_the_browser_name_no_absolute_path(tmp_path, monkeypatch):
    from reformsite.commands.serve import server as server_module

    write_site(tmp_path, SITE)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "mine.txt").write_text("not a site")
    with serving(tmp_path, output_dir=tmp_path / "elsewhere") as (_server, base):
        status, page = fetch(base + PAGE)                      # the build refused to write there
        assert status == 404 and OVERLAY_ID in page and "elsewhere" in page
        assert str(tmp_path) not in page and str(tmp_path.resolve()) not in page

        def broken(session, path):
            raise OSError(13, "Permission denied", str(tmp_path / "elsewhere" / "mine.txt"))

        monkeypatch.setattr(server_module, "respond", broken)
        status, text = fetch(base + PAGE)
        assert status == 500 and "Permission denied" in text and "mine.txt" in text
        assert str(tmp_path) not in text and str(tmp_path.resolve()) not in text
