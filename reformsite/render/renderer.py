"""Jinja2 rendering: theme lookup chain, interface strings, filters for Vietnamese dates and numbers."""

from __future__ import annotations

import datetime as dt
import functools
import types
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import yaml
from babel.dates import format_date, format_datetime

from reformsite.config import Config, template_dirs, theme_root
from reformsite.core import inside
from reformsite.figures import (
    breakdowns_label,
    formatted_decimal,
    period_label,
    tier_label,
    unit_label,
    value_label,
)
from reformsite.site import Page

LABEL_NAMES = {
    "vi": {"tot": "Tốt", "kha": "Khá", "trung-binh": "Trung bình", "tb": "Trung bình", "yeu": "Yếu",
           "kem": "Kém", "chua-tot": "Chưa tốt"},
    "en": {"tot": "Good", "kha": "Fair", "trung-binh": "Average", "tb": "Average", "yeu": "Weak",
           "kem": "Poor", "chua-tot": "Not yet good"},
}


@cache
def _load_strings_at(path: Path, mtime_ns: int) -> dict[str, str]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _load_strings(path: Path) -> dict[str, str]:
    # Keyed on the modification time too, so `serve` picks up edited interface strings.
    return _load_strings_at(path, path.stat().st_mtime_ns)


# Compiled templates by Jinja's bucket key, kept between builds of one process (serve).
_COMPILED: dict[str, bytes] = {}


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Compiled templates, kept in memory between builds of one process and, given a *folder*, on
    disk between builds (a compile takes tens of milliseconds a template).  Jinja checks each
    against its template's source, so an edited template is compiled again."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        if folder is not None:
            super().__init__(str(folder))

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (data := _COMPILED.get(bucket.key)) is not None:
            bucket.bytecode_from_string(data)
        if bucket.code is None and self.folder is not None:
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        _COMPILED[bucket.key] = bucket.bytecode_to_string()
        if self.folder is not None:
            try:        # Jinja writes a temporary file and renames it: a reader never sees half
                self.folder.mkdir(parents=True, exist_ok=True)
                super().dump_bytecode(bucket)
            except OSError:         # a folder that cannot be written only costs the next compile
                pass


# Functions and methods as Python defines them; anything else (a macro, a callable object) may want
# Jinja's context and goes the long way.
_PLAIN_CALLABLES = (types.FunctionType, types.BuiltinFunctionType, types.MethodType)


class _Context(jinja2.runtime.Context):
    """Jinja's context, calling a plain function (`url(…)`, `place_url(…)`, `t(…)`) directly.

    Jinja routes every call in a template through Context.call, which looks for a pass_context
    marker on the callable and its __call__ before calling it: some 4 µs a call, and the figure
    tables of a large site make hundreds of thousands of calls (a quarter of an indicator page's
    rendering).  A function without the marker gets exactly what Context.call would give it."""

    # Named as in Jinja's own: a template may pass keyword arguments called self or obj.
    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if type(__obj) not in _PLAIN_CALLABLES or hasattr(__obj, "jinja_pass_arg"):
            return super().call(__obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined("value was undefined because a callable raised a"
                                                " StopIteration exception")


def load_strings(config: Config) -> dict[str, str]:
    """Interface text for the site's language; a site may override single strings in its own folder."""
    root = theme_root(config)
    strings = dict(_load_strings(root / "strings" / "vi.yaml"))
    if config.language != "vi":
        strings.update(_load_strings(root / "strings" / f"{config.language}.yaml"))
    override = config.root / "strings" / f"{config.language}.yaml"
    if override.is_file():
        strings.update(_load_strings(override))
    return strings


@dataclass(frozen=True)
class Renderer:
    env: jinja2.Environment
    config: Config

    def render(self, page: Page, shared: dict[str, Any]) -> str:
        template = self.env.get_template(page.template)
        return template.render({**shared, **page.values(), "page_url": page.url})


# Babel takes tens of microseconds a call, and listings format the same dates on page after page
# (numbers: figures.formatted_decimal).
@functools.lru_cache(maxsize=1 << 15)
def _date(value: dt.date, pattern: str, locale: str) -> str:
    return format_date(value, pattern, locale=locale)


class _InsideLoader(jinja2.FileSystemLoader):
    """Templates of one folder; a link is followed only inside the folder holding it (the site's,
    the theme's), so no file outside the site is read into a page."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.root = folder.parent

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        source, filename, uptodate = super().get_source(environment, template)
        if not inside(filename, [self.root]):
            raise jinja2.TemplateNotFound(template)
        return source, filename, uptodate


def make_renderer(config: Config, compiled: Path | None = None) -> Renderer:
    """The site's renderer; *compiled* is a folder that keeps compiled templates between builds
    (Jinja's own compiled form, under a folder per Jinja version), None to keep them in memory only."""
    locale = config.language
    strings = load_strings(config)
    env = jinja2.Environment(
        bytecode_cache=_CompiledTemplates(compiled / f"jinja-{jinja2.__version__}" if compiled else None),
        loader=jinja2.ChoiceLoader([_InsideLoader(d) for d in template_dirs(config)]),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.context_class = _Context
    # tojson (the JSON-LD) writes Vietnamese as UTF-8, not as \uXXXX escapes three times its size,
    # and without spaces; it still escapes < > & ' so that the text cannot leave its <script>.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False, "separators": (",", ":")}

    def url(path: str) -> str:
        """A site-relative path under the base path, for every internal link and asset."""
        if path.startswith(("http://", "https://", "mailto:", "#")):
            return path
        return config.base_path + path.lstrip("/")

    def translate(key: str, **values: Any) -> str:
        text = strings.get(key, key)
        return text.format(**values) if values else text

    def date_long(value: dt.datetime) -> str:
        if locale == "vi":
            return _date(value.date(), "EEEE, dd/MM/yyyy", "vi")
        return _date(value.date(), "EEEE, d MMMM yyyy", "en")

    def date_short(value: dt.datetime) -> str:
        return _date(value.date(), "dd/MM/yyyy" if locale == "vi" else "d MMM yyyy", locale)

    def datetime_long(value: dt.datetime) -> str:
        pattern = "HH:mm, EEEE, dd/MM/yyyy" if locale == "vi" else "EEEE, d MMMM yyyy, HH:mm"
        return format_datetime(value, pattern, tzinfo=value.tzinfo, locale=locale)

    def number(value: float | int, digits: int = 2) -> str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return formatted_decimal(value, f"#,##0.{'#' * digits}" if digits else "#,##0", locale)

    def label_name(label: str, text: str | None = None) -> str:
        return LABEL_NAMES.get(locale, {}).get(label, text or label)

    env.filters.update(date_long=date_long, date_short=date_short, datetime_long=datetime_long,
                       number=number, label_name=label_name, absolute=config.absolute,
                       figure_value=lambda figure: value_label(figure, locale),
                       period=lambda period: period_label(period, locale),
                       tier=lambda tier: tier_label(tier, locale),
                       unit=lambda unit: unit_label(unit, locale),
                       breakdown=lambda figure: breakdowns_label(figure.breakdown, locale, figure.quote))
    env.globals.update(url=url, t=translate, config=config, lang=locale)
    return Renderer(env, config)
