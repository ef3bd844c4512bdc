"""Per-article work: Markdown, place tagging and figure extraction for one draft.

Each call depends only on the draft and the settings that shape it, so results can be cached by the
draft's content hash and computed in a process pool.
"""

from __future__ import annotations

from dataclasses import dataclass

from .config import Config
from .content import Draft
from .diagnostics import Diagnostic
from .markup import reading_minutes, render_markdown, summarize
from .model import Article
from .outlets import outlet_for_url


@dataclass(frozen=True)
class Settings:
    """The part of the config that per-article results depend on (and the cache key covers)."""

    summary_words: int
    words_per_minute: int
    trusted_html: bool

    @classmethod
    def from_config(cls, config: Config) -> Settings:
        return cls(config.summary_words, config.words_per_minute, config.allow_raw_html)


def process_draft(draft: Draft, settings: Settings) -> tuple[Article, list[Diagnostic]]:
    """Markup (and, where enabled, tagging and extraction) of one draft; URL assigned later by `site`."""
    rendered = render_markdown(draft.body, trusted_html=settings.trusted_html)
    summary = draft.summary or summarize(rendered.blocks, settings.summary_words)
    outlet = outlet_for_url(draft.source_url)
    article = Article(
        path=draft.path,
        kind=draft.kind,
        slug=draft.slug,
        permalink=draft.permalink,
        url="",
        title=draft.title,
        label=draft.label,
        label_text=draft.label_text,
        date=draft.date,
        updated=draft.updated,
        categories=draft.categories,
        tags=draft.tags,
        author=draft.author,
        source=draft.source or (outlet.name if outlet else None),
        source_url=draft.source_url,
        image=draft.image,
        summary=summary,
        html=rendered.html,
        toc=rendered.toc,
        words=rendered.words,
        reading_minutes=reading_minutes(rendered.words, settings.words_per_minute),
        draft=draft.draft,
        blocks=rendered.blocks,
        content_hash=draft.content_hash,
        extra=draft.extra,
    )
    return article, []
