"""Lead images as the site's own: responsive variants with their sizes, made from files beside the
article or in static/, or fetched with --fetch-images from the hosts the site allows.

Remote images come from a web server on 127.0.0.1 that each test starts (imagekit.image_server).
"""

from __future__ import annotations

import io
import json

import frontmatter
import pytest
from imagekit import image_server, photo
from PIL import Image
from sitekit import NOW, article, read_output

from reformsite.build.pipeline import BuildOptions, build
from reformsite.images import IMAGES_URL, ImageError, image_format, make_variants
from reformsite.images.variants import MAX_BYTES, widths_for
from reformsite.importer import import_files

CONFIG = "title: Thử nghiệm\nbase_url: https://example.org/\n"
PAGE = "/bai-viet/xa-tan-hoa-giai-quyet-ho-so-dung-han/"
BODY = "Xã Tân Hòa, huyện Tân Thạnh tiếp nhận 1.200 hồ sơ trong quý I/2024."


def lead(image: str, title: str = "Xã Tân Hòa giải quyết hồ sơ đúng hạn", date: str = "2024-05-01T08:00:00+07:00",
         **fields: str) -> str:
    return article(title, date, BODY, image=image, **fields)


def img_of(site, url: str, where: str = ".lead-image"):
    return site.html(url).select_one(f"{where} img")


def srcset(img) -> list[tuple[str, int]]:
    return [(link, int(width.rstrip("w"))) for link, width in (item.split() for item in img["srcset"].split(", "))]


def webp(site, url: str) -> Image.Image:
    data = site.file(url).read_bytes()
    image = Image.open(io.BytesIO(data))
    assert image.format == "WEBP"
    return image


def snapshot(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def warnings_of(site) -> list[str]:
    return [d.format() for d in site.result.warnings]


# --- local images ----------------------------------------------------------------------------------

def test_image_beside_the_article_becomes_responsive_variants(make_site, tmp_path):
    # A camera's picture: 2000 × 1200 stored sideways (EXIF orientation 6) with the maker's name.
    (tmp_path / "content/2024").mkdir(parents=True)
    (tmp_path / "content/2024/mot-cua.jpg").write_bytes(photo(2000, 1200, orientation=6, maker="Máy ảnh"))
    site = make_site({"content/2024/a.md": lead("mot-cua.jpg")}, CONFIG)
    assert site.result.exit_code == 0 and not [w for w in warnings_of(site) if "image" in w]
    img = img_of(site, PAGE)
    # Upright it is 1200 × 2000: variants 480 and 960 wide, and its own width (never enlarged).
    assert [width for _, width in srcset(img)] == [480, 960, 1200]
    assert (img["src"], img["width"], img["height"]) == (srcset(img)[1][0], "960", "1600")
    assert img["sizes"] == "(min-width: 48rem) 45rem, 100vw"
    assert (img["loading"], img["fetchpriority"], img["alt"]) == ("eager", "high", "")
    assert not img.has_attr("referrerpolicy")
    for link, width in srcset(img):
        assert link.startswith(IMAGES_URL) and link.endswith(f"-{width}.webp")
        picture = webp(site, link)
        assert picture.size == (width, round(2000 * width / 1200))
        assert not picture.getexif() and "icc_profile" not in picture.info and "xmp" not in picture.info
    assert b"M\xc3\xa1y" not in site.file(srcset(img)[-1][0]).read_bytes()     # no maker's name
    # Social networks and search engines get the widest variant.
    page = site.html(PAGE)
    largest = "https://example.org" + srcset(img)[-1][0]
    assert page.find("meta", property="og:image")["content"] == largest
    assert json.loads(page.find("script", type="application/ld+json").string)["image"] == [largest]


def test_build_never_writes_into_content(make_site, tmp_path):
    (tmp_path / "content/2024").mkdir(parents=True)
    (tmp_path / "content/2024/mot-cua.jpg").write_bytes(photo(800, 600))
    (tmp_path / "content/2024/a.md").write_text(lead("mot-cua.jpg"), encoding="utf-8")
    before = snapshot(tmp_path / "content")
    make_site({}, CONFIG)
    assert snapshot(tmp_path / "content") == before


def test_front_page_lead_loads_first_the_others_lazily(make_site, tmp_path):
    (tmp_path / "content").mkdir()
    for n in range(3):
        (tmp_path / f"content/anh-{n}.png").write_bytes(photo(1000, 600, "PNG"))
    files = {f"content/{n}.md": lead(f"anh-{n}.png", f"Bài số {n} về cải cách hành chính", f"2024-05-0{n + 1}")
             for n in range(3)}
    site = make_site(files, CONFIG)
    home = site.html("/")
    first = home.select_one(".lead-story img")
    assert (first["loading"], first["fetchpriority"]) == ("eager", "high")
    assert first["sizes"].startswith("(min-width: 72rem) 42rem")
    others = home.select(".story img")
    assert len(others) == 2
    for img in others:
        assert img["loading"] == "lazy" and not img.has_attr("fetchpriority")
        assert [w for _, w in srcset(img)] == [480, 960, 1000] and (img["width"], img["height"]) == ("960", "576")
    # Each file's variants are named after it (and the digest of its bytes), and all are written.
    assert [img["src"].split("-")[1] for img in [first, *others]] == ["2", "1", "0"]
    assert all(site.exists(link) for img in [first, *others] for link, _ in srcset(img))


def test_static_image_gets_the_same_treatment(make_site, tmp_path):
    (tmp_path / "static/images").mkdir(parents=True)
    (tmp_path / "static/images/nho.png").write_bytes(photo(640, 400, "PNG", mode="RGBA"))
    site = make_site({"content/a.md": lead("/images/nho.png")}, CONFIG)
    img = img_of(site, PAGE)
    assert [w for _, w in srcset(img)] == [480, 640]
    assert (img["src"], img["width"], img["height"]) == (srcset(img)[1][0], "640", "400")
    assert webp(site, img["src"]).mode == "RGBA"                  # transparency kept
    assert site.exists("/images/nho.png")                         # static/ is still copied as it is


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("hong.jpg", b"<html>not a picture</html>", "not an image"),
    ("bom.png", None, "pixels"),
    ("khong-co.jpg", b"", "not found"),
])
def test_an_unusable_image_is_a_warning_naming_the_article_and_a_placeholder(make_site, tmp_path, name, data,
                                                                            reason):
    (tmp_path / "content").mkdir()
    if data is None:            # a pixel bomb: 100 million pixels in a few kilobytes
        buffer = io.BytesIO()
        Image.new("1", (10_000, 10_000)).save(buffer, "PNG")
        data = buffer.getvalue()
        assert len(data) < 100_000
    if data:
        (tmp_path / "content" / name).write_bytes(data)
    site = make_site({"content/a.md": lead(name)}, CONFIG)
    assert site.result.exit_code == 0
    found = [w for w in warnings_of(site) if w.startswith("content/a.md: warning: the lead image")]
    assert len(found) == 1 and reason in found[0] and repr(name) in found[0]
    assert site.html(PAGE).select_one(".lead-image") is None
    assert site.html("/").select_one(".lead-story .picture-placeholder").get_text(strip=True) == "Thử nghiệm"
    assert not site.html("/").select(".lead-story img")
    assert not site.exists(IMAGES_URL)


def test_same_input_same_bytes_with_or_without_the_cache(make_site, tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content/anh.jpg").write_bytes(photo(1800, 1000, orientation=3))
    first = make_site({"content/a.md": lead("anh.jpg")}, CONFIG)
    cold = read_output(first.output)
    again = build(BuildOptions(config_path=tmp_path / "config.yaml", now=NOW, output_dir=tmp_path / "o2",
                               use_cache=False))
    assert again.exit_code == 0
    assert read_output(tmp_path / "o2") == cold
    assert any(url.startswith(IMAGES_URL) for url in cold)


# --- the variants themselves -----------------------------------------------------------------------

def test_widths_are_never_enlarged():
    assert widths_for(3000) == (480, 960, 1600)
    assert widths_for(960) == (480, 960)
    assert widths_for(750) == (480, 750)
    assert widths_for(300) == (300,)


def test_refused_before_decoding():
    with pytest.raises(ImageError, match="larger than 10 MB"):
        image_format(b"\xff\xd8\xff" + bytes(MAX_BYTES))
    with pytest.raises(ImageError, match="not an image"):
        make_variants(b"GIF89a but not really")
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    with pytest.raises(ImageError):
        image_format(svg)


def test_a_gif_gives_its_first_frame():
    frames = [Image.new("RGB", (500, 300), colour) for colour in ((255, 0, 0), (0, 0, 255))]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    made = make_variants(buffer.getvalue())
    assert [(v.width, v.height) for v in made.variants] == [(480, 288), (500, 300)]
    first = Image.open(io.BytesIO(made.variants[-1].data)).convert("RGB")
    red, _green, blue = first.getpixel((250, 150))
    assert red > 200 and blue < 60


# --- images on other hosts: build --fetch-images ------------------------------------------------------

ALLOWING = CONFIG + "image_hosts: [127.0.0.1]\n"


def remote_site(make_site, files: dict[str, str], **options):
    return make_site(files, ALLOWING, fetch_images=True, **options)


def test_fetched_image_is_served_from_the_site_never_hot_linked(make_site, tmp_path):
    with image_server() as server:
        address = server.image("/news/2024/lead.jpg", photo(1600, 900))
        site = remote_site(make_site, {"content/a.md": lead(address)})
        assert server.asked == ["/news/2024/lead.jpg"]
    assert site.result.exit_code == 0
    for url in ("/", PAGE):
        for img in site.html(url).select("main img"):
            assert "127.0.0.1" not in img["src"] + img.get("srcset", "")
    img = img_of(site, PAGE)
    assert img["src"].startswith(IMAGES_URL + "lead-") and [w for _, w in srcset(img)] == [480, 960, 1600]
    assert (img["width"], img["height"]) == ("960", "540")
    fetched = list((tmp_path / ".reformsite-cache/images/fetched").iterdir())
    assert len(fetched) == 1 and fetched[0].read_bytes()[:3] == b"\xff\xd8\xff"
    assert sorted(p.name for p in (tmp_path / "content").iterdir()) == ["a.md"]      # content/ untouched
    # The server is gone: the next build takes the image from the cache, and the site is the same.
    first = read_output(site.output)
    (tmp_path / "content/a.md").touch()
    again = build(BuildOptions(config_path=tmp_path / "config.yaml", now=NOW, fetch_images=True))
    assert again.exit_code == 0 and not again.warnings
    assert read_output(site.output) == first


def test_without_the_option_nothing_is_fetched(make_site):
    with image_server() as server:
        address = server.image("/lead.jpg", photo(800, 450))
        site = make_site({"content/a.md": lead(address)}, ALLOWING)
        assert server.asked == []
    assert img_of(site, PAGE)["src"] == address           # the host is allowed: linked as it is


def test_a_host_the_site_does_not_allow_is_never_asked(make_site):
    with image_server() as server:
        address = server.image("/lead.jpg", photo(800, 450)).replace("127.0.0.1", "localhost")
        site = remote_site(make_site, {"content/a.md": lead(address)})
        assert server.asked == []
    assert site.html(PAGE).select_one(".lead-image") is None
    assert site.html("/").select_one(".lead-story .picture-placeholder") is not None


def test_failed_downloads_are_warnings_and_placeholders_and_are_tried_again(make_site, tmp_path):
    with image_server() as server:
        page = server.url("/trang.html")
        server.answers["/trang.html"] = (200, "text/html", b"<p>a page</p>", {})
        elsewhere = server.redirect("/chuyen.jpg", server.url("/lead.jpg", host="localhost"))
        files = {"content/a.md": lead(server.url("/mat.jpg")),
                 "content/b.md": lead(page, "Bài thứ hai về cải cách", "2024-04-01"),
                 "content/c.md": lead(elsewhere, "Bài thứ ba về cải cách", "2024-03-01")}
        site = remote_site(make_site, files)
        assert site.result.exit_code == 0
        found = {w.split(":")[0]: w for w in warnings_of(site) if "the lead image" in w}
        assert "404" in found["content/a.md"] and "text/html, not an image" in found["content/b.md"]
        assert "redirects to" in found["content/c.md"] and "the next build tries again" in found["content/a.md"]
        assert not site.html("/").select("main img")
        assert len(site.html("/").select(".picture-placeholder")) == 3
        asked = len(server.asked)
        # A failed download is not remembered as a finished state: the same build asks again.
        again = build(BuildOptions(config_path=tmp_path / "config.yaml", now=NOW, fetch_images=True, replay=True))
        assert not again.replayed and len(server.asked) > asked


def test_a_host_that_does_not_answer_costs_one_try(make_site):
    with image_server() as server:
        port = server.port
    addresses = [f"http://127.0.0.1:{port}/{n}.jpg" for n in range(3)]         # the server is gone
    files = {f"content/{n}.md": lead(a, f"Bài số {n} về cải cách", f"2024-05-0{n + 1}")
             for n, a in enumerate(addresses)}
    site = remote_site(make_site, files)
    found = sorted(w for w in warnings_of(site) if "the lead image" in w)
    assert len(found) == 3 and sum("the download failed: cannot connect" in w for w in found) == 1
    assert sum("not tried" in w for w in found) == 2
    assert site.result.exit_code == 0


# --- import --fetch-images -----------------------------------------------------------------------------

SCRAPED = """[Xã Tân Hòa giải quyết hồ sơ đúng hạn]({page})

![Xã Tân Hòa giải quyết hồ sơ đúng hạn]({image})

Xã Tân Hòa giải quyết hồ sơ đúng hạn

Cập nhật ngày: 02/04/2024 - 08:15

UBND xã Tân Hòa, huyện Tân Thạnh cho biết trong quý I xã tiếp nhận 1.200 hồ sơ thủ tục hành chính và trả kết quả đúng hạn toàn bộ, không có hồ sơ nào phải xin lỗi người dân.

Xã tiếp tục hướng dẫn người dân nộp hồ sơ qua Cổng dịch vụ công quốc gia, nhất là ở các ấp xa trung tâm.
"""


def test_import_stores_the_lead_image_beside_the_article(tmp_path):
    picture = photo(1200, 800)
    with image_server() as server:
        address = server.image("/anh/tan-hoa.jpg", picture)
        scraped = tmp_path / "tan-hoa.txt"
        scraped.write_text(SCRAPED.format(page="https://baolongan.vn/tan-hoa-a1.html", image=address), "utf-8")
        (result,) = import_files([scraped], source_url=None, into=tmp_path / "content", fetch_images=True)
    assert result.ok and result.warnings == ()
    written = result.written
    assert written == tmp_path / "content/2024/04/xa-tan-hoa-giai-quyet-ho-so-dung-han.md"
    post = frontmatter.loads(written.read_text("utf-8"))
    assert post["image"] == "xa-tan-hoa-giai-quyet-ho-so-dung-han.jpg"
    assert (written.parent / post["image"]).read_bytes() == picture       # as fetched: the build resizes
    assert "![" not in post.content and address not in post.content
    # The build makes it a picture of the site's own.
    (tmp_path / "config.yaml").write_text(CONFIG, "utf-8")
    built = build(BuildOptions(config_path=tmp_path / "config.yaml", now=NOW))
    assert built.exit_code == 0
    page = (tmp_path / "output" / PAGE.strip("/") / "index.html").read_text("utf-8")
    assert f'srcset="{IMAGES_URL}xa-tan-hoa-giai-quyet-ho-so-dung-han-' in page


def test_import_without_the_option_or_when_the_download_fails_keeps_the_address(tmp_path):
    with image_server() as server:
        scraped = tmp_path / "tan-hoa.txt"
        missing = server.url("/khong-co.jpg")
        scraped.write_text(SCRAPED.format(page="https://baolongan.vn/tan-hoa-a1.html", image=missing), "utf-8")
        (plain,) = import_files([scraped], source_url=None, into=tmp_path / "a")
        (failed,) = import_files([scraped], source_url=None, into=tmp_path / "b", fetch_images=True)
        assert server.asked == ["/khong-co.jpg"]
    assert frontmatter.loads(plain.written.read_text("utf-8"))["image"] == missing
    assert frontmatter.loads(failed.written.read_text("utf-8"))["image"] == missing
    assert [w for w in failed.warnings if "404" in w and "keeps its address" in w]
    assert sorted(p.suffix for p in failed.written.parent.iterdir()) == [".md"]


def test_import_of_a_saved_page_takes_its_open_graph_image(tmp_path):
    picture = photo(900, 600, "PNG")
    with image_server() as server:
        server.image("/uploads/lead.png", picture, "image/png")
        html = ('<html><head><meta property="og:image" content="/uploads/lead.png">'
                '<title>Xã Tân Hòa giải quyết hồ sơ đúng hạn</title></head><body><article>'
                '<h1>Xã Tân Hòa giải quyết hồ sơ đúng hạn</h1>'
                + "".join(f"<p>{p}</p>" for p in SCRAPED.split("\n\n")[4:]) + "</article></body></html>")
        saved = tmp_path / "trang.html"
        saved.write_text(html, "utf-8")
        (result,) = import_files([saved], source_url=server.url("/tin/tan-hoa.html"), into=tmp_path / "content",
                                 fetch_images=True)
        assert server.asked == ["/uploads/lead.png"]
    post = frontmatter.loads(result.written.read_text("utf-8"))
    assert post["image"].endswith(".png") and (result.written.parent / post["image"]).read_bytes() == picture


# --- the command line ------------------------------------------------------------------------------

def test_command_line_options(tmp_path, capsys):
    from reformsite.commands.cli import main

    with image_server() as server:
        address = server.image("/lead.jpg", photo(1000, 500))
        (tmp_path / "config.yaml").write_text(ALLOWING, "utf-8")
        (tmp_path / "content").mkdir()
        (tmp_path / "content/a.md").write_text(lead(address), "utf-8")
        config = str(tmp_path / "config.yaml")
        assert main(["build", "--config", config]) == 0 and server.asked == []
        # The option is part of the build's inputs: not "nothing changed" after a build without it.
        assert main(["build", "--config", config, "--fetch-images"]) == 0
        assert "nothing changed" not in capsys.readouterr().out and server.asked == ["/lead.jpg"]
        page = (tmp_path / "output" / PAGE.strip("/") / "index.html").read_text("utf-8")
        assert address not in page and f'src="{IMAGES_URL}lead-' in page

        scraped = tmp_path / "tan-hoa.txt"
        scraped.write_text(SCRAPED.format(page="https://baolongan.vn/tan-hoa-a1.html", image=address), "utf-8")
        assert main(["import", str(scraped), "--into", str(tmp_path / "moi"), "--fetch-images"]) == 0
    out = capsys.readouterr().out
    assert "moi/2024/04/xa-tan-hoa-giai-quyet-ho-so-dung-han.md  (from " in out
    assert (tmp_path / "moi/2024/04/xa-tan-hoa-giai-quyet-ho-so-dung-han.jpg").is_file()
