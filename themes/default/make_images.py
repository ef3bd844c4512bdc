"""Draw the theme's raster images from static/logo.svg in Debian's chromium.

    .venv/bin/python themes/default/make_images.py

Writes static/logo.png (512 × 512: the publisher's logo in JSON-LD and the home-screen icon) and
static/social.jpg (1200 × 630: the picture social networks show for a page without its own image).
Needs the test dependencies (`./scripts/test` installs them) and /usr/bin/chromium.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

STATIC = Path(__file__).resolve().parent / "static"
SOCIAL = """<body style="margin:0"><div style="width:1200px;height:630px;display:flex;align-items:center;
gap:56px;padding:0 96px;box-sizing:border-box;background:linear-gradient(135deg,#a4161a,#6d0f12);
font-family:'Noto Sans','DejaVu Sans',sans-serif;color:#fff">
<div style="flex:none;background:#fff;border-radius:40px;padding:14px;line-height:0">
{logo}</div><div><div style="font-size:76px;
font-weight:700;line-height:1.1">Cải cách hành chính</div><div style="font-size:34px;margin-top:20px;
opacity:.9">Tin tức, số liệu và chỉ số của các địa phương</div></div></div></body>"""


def main() -> None:
    svg = (STATIC / "logo.svg").read_text(encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 512, "height": 512})
        page.set_content("<body style='margin:0'>" + svg.replace("<svg ", "<svg width=512 height=512 ", 1))
        page.screenshot(path=STATIC / "logo.png", omit_background=True)
        page.set_viewport_size({"width": 1200, "height": 630})
        page.set_content(SOCIAL.format(logo=svg.replace("<svg ", "<svg width=240 height=240 ", 1)))
        page.screenshot(path=STATIC / "social.jpg", type="jpeg", quality=85)
        browser.close()


if __name__ == "__main__":
    main()
