"""Rendering pages with Jinja2: the theme's templates and strings, filters, and the render pool."""

from .pool import frozen_heap, render_pages
from .renderer import Renderer, load_strings, make_renderer

__all__ = ["Renderer", "frozen_heap", "load_strings", "make_renderer", "render_pages"]
