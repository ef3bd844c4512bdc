"""Jekyll's Liquid tags and Hugo's shortcodes in an article's Markdown: the common ones rendered as
Markdown or HTML, the others removed with a warning naming their line.  None is ever printed.

Like Jekyll and Hugo, this runs over the whole text, code blocks included, before Markdown; what
Jekyll keeps literal ({% raw %}) and Hugo's escaped shortcodes ({{</* x */>}}) stay as written.
Links to other documents ({% post_url %}, {% link %}, {{< ref >}}) become a reference that the site
stage replaces with the document's URL (see references.py).
"""

from __future__ import annotations

import html
import re
import shlex
from collections.abc import Callable

REFERENCE_PREFIX = "/__ref__/"

_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.DOTALL)
_COMMENT = re.compile(r"\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}", re.DOTALL)
_HIGHLIGHT = re.compile(r"\{%-?\s*highlight\s+([\w+#.-]+)[^%]*%\}\n?(.*?)\n?\{%-?\s*endhighlight\s*-?%\}",
                        re.DOTALL)
_TAG = re.compile(r"\{%-?\s*(\w+)(.*?)-?%\}", re.DOTALL)
_OUTPUT = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.DOTALL)
_SITE_VALUE = re.compile(r"^(?:site|page)\.\w+")
_ESCAPED_SHORTCODE = re.compile(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}", re.DOTALL)
_SHORTCODE = re.compile(r"\{\{([<%])\s*(/?)\s*([\w./-]+)(.*?)\s*[>%]\}\}", re.DOTALL)
_CODE_SHORTCODES = ("code", "highlight")
_HELD = re.compile("\x00(\\d+)\n*\x00")

Warn = Callable[[int, str], None]


class _Text:
    """The body being rewritten: what is held back verbatim, and the warnings by offset."""

    def __init__(self, body: str) -> None:
        self.body = body
        self.held: list[str] = []
        self.warnings: list[tuple[int, str]] = []

    def hold(self, text: str, written: str) -> str:
        """A placeholder for *text*, put back as it is at the end, with as many lines as *written*
        (what it replaces), so that the lines of what follows keep their numbers meanwhile."""
        self.held.append(text)
        return f"\x00{len(self.held) - 1}" + "\n" * written.count("\n") + "\x00"

    def warn(self, offset: int, message: str) -> None:
        self.warnings.append((self.body.count("\n", 0, offset), message))

    def sub(self, pattern: re.Pattern[str], make: Callable[[re.Match[str]], str]) -> None:
        """Replace each match, keeping its number of lines (later line numbers stay right)."""

        def keep_lines(match: re.Match[str]) -> str:
            text = make(match)
            return text + "\n" * max(0, match.group(0).count("\n") - text.count("\n"))

        self.body = pattern.sub(keep_lines, self.body)

    def result(self) -> str:
        body = self.body
        while _HELD.search(body):
            body = _HELD.sub(lambda m: self.held[int(m.group(1))], body)
        return body


def _arguments(text: str) -> tuple[list[str], dict[str, str]]:
    """A shortcode's or tag's arguments: positional ones, and name="value" ones."""
    try:
        words = shlex.split(text.replace("\n", " "))
    except ValueError:
        words = text.split()
    named = dict(w.split("=", 1) for w in words if "=" in w and not w.startswith("="))
    return [w for w in words if "=" not in w], named


def _fence(language: str, code: str) -> str:
    return f"\n```{language}\n{code.strip(chr(10))}\n```\n"


def _liquid_tag(text: _Text, match: re.Match[str]) -> str:
    name, rest = match.group(1), match.group(2).strip()
    if name == "post_url":
        return REFERENCE_PREFIX + "post/" + rest.strip()
    if name == "link":
        return REFERENCE_PREFIX + "path/" + rest.strip().lstrip("/")
    what = f"Liquid tag {{% {name} %}}"
    if name in ("include", "include_relative"):
        text.warn(match.start(), f"{what} ({' '.join(rest.split())[:40]}) is not rendered: removed")
    else:
        text.warn(match.start(), f"{what} is not rendered: removed")
    return ""


def _liquid(text: _Text, title: str, everything: bool) -> None:
    """Jekyll's tags and, with *everything*, every {{ output }}; else only site. and page. values."""
    text.sub(_COMMENT, lambda m: "")
    text.sub(_HIGHLIGHT, lambda m: text.hold(_fence(m.group(1), m.group(2)), m.group(0)))
    text.sub(_TAG, lambda m: _liquid_tag(text, m))

    def output(match: re.Match[str]) -> str:
        value = match.group(1).split("|")[0].strip()
        if value in ("site.baseurl", "site.url", "site.baseurl | prepend: site.url"):
            return ""       # links are written from the site's root, which the render places
        if value == "page.title":
            return title
        if everything or _SITE_VALUE.match(value):
            text.warn(match.start(), f"Liquid value {{{{ {value} }}}} is not rendered: removed")
            return ""
        return match.group(0)

    text.sub(_OUTPUT, output)


def _figure(named: dict[str, str]) -> str:
    image = (f'<img src="{html.escape(named.get("src", ""))}" '
             f'alt="{html.escape(named.get("alt", named.get("caption", "")))}">')
    if named.get("link"):
        image = f'<a href="{html.escape(named["link"])}">{image}</a>'
    caption = named.get("caption") or named.get("title")
    caption_html = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return f"\n<figure>{image}{caption_html}</figure>\n"


def _video(name: str, positional: list[str], named: dict[str, str]) -> str:
    video = named.get("id") or (positional[0] if positional else "")
    address = (f"https://www.youtube.com/watch?v={video}" if name == "youtube" else
               f"https://vimeo.com/{video}")
    return f"[{named.get('title') or ('YouTube' if name == 'youtube' else 'Vimeo')}: {video}]({address})"


def _shortcode(text: _Text, match: re.Match[str]) -> str:
    closing, name, rest = match.group(2), match.group(3), match.group(4)
    positional, named = _arguments(rest)
    if closing:
        return ""
    if name in ("ref", "relref"):
        target = named.get("path") or (positional[0] if positional else "")
        return REFERENCE_PREFIX + "path/" + target.lstrip("/")
    if name in ("figure", "img"):
        return _figure(named)
    if name in ("youtube", "vimeo"):
        return _video(name, positional, named)
    text.warn(match.start(), f"Hugo shortcode {{{{< {name} >}}}} is not rendered: removed")
    return ""


def _paired_code(text: _Text) -> None:
    """A code shortcode's content (highlight, code-toggle) becomes a fenced block of its language."""
    names = "|".join(re.escape(n) for n in _CODE_SHORTCODES)
    # The opening tag is not self-closing ({{< code-toggle config=x />}} has no content).
    pattern = re.compile(r"\{\{[<%]\s*((?:" + names + r")[\w-]*)((?:(?!\}\}).)*?)(?<!/)[>%]\}\}\n?(.*?)\n?"
                         r"\{\{[<%]\s*/\s*\1\s*[>%]\}\}", re.DOTALL)

    def fence(match: re.Match[str]) -> str:
        positional, named = _arguments(match.group(2))
        language = named.get("lang") or named.get("file", "").rpartition(".")[2] or (
            positional[0] if positional else "")
        if match.group(1) != "highlight" and not named.get("lang"):
            language = ""
        return text.hold(_fence(language.strip('"'), match.group(3)), match.group(0))

    text.sub(pattern, fence)


def _shortcodes(text: _Text) -> None:
    # {{</* x */>}} is how Hugo's pages show a shortcode: as {{< x >}}, never run.
    text.sub(_ESCAPED_SHORTCODE, lambda m: text.hold("{{" + "".join(m.group(1, 2, 3)) + "}}", m.group(0)))
    _paired_code(text)
    text.sub(_SHORTCODE, lambda m: _shortcode(text, m))


def expand_templates(body: str, *, generator: str, title: str = "") -> tuple[str, list[tuple[int, str]]]:
    """*body* with Liquid tags (but on a Hugo site) and shortcodes (but on a Jekyll site) rendered
    or removed, and the warnings as (0-based line in *body*, message)."""
    if "{%" not in body and "{{" not in body:
        return body, []
    text = _Text(body)
    if generator != "hugo":
        text.sub(_RAW, lambda m: text.hold(m.group(1), m.group(0)))
    if generator != "jekyll":
        _shortcodes(text)
    if generator != "hugo":
        _liquid(text, title, everything=generator == "jekyll")
    return text.result(), sorted(text.warnings)
