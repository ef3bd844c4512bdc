"""Rendering pages with Jinja2: the theme's templates and strings, filters, and the render pool."""

from .pool import render_pages
from .renderer import Renderer, load_strings, make_renderer

__all__ = ["Renderer", "load_strings", "make_renderer", "render_pages"]
