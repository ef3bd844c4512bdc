"""Per-article work: Markdown, place tagging and figure extraction for one draft.

Each call depends only on the draft and the settings that shape it, so results can be cached by the
draft's content hash and computed in a process pool.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from reformsite.config import DEFAULT_LABELS, Config, Origin
from reformsite.content import Draft, reading_minutes, references_in, render_markdown, summarize
from reformsite.core import Diagnostic, PackedTexts, Severity, guess_language, pack_text
from reformsite.figures import (
    Figure,
    Reported,
    attach_figures,
    extract_figures,
    figures_from_front_matter,
    merge_figures,
)
from reformsite.places import (
    Gazetteer,
    Place,
    PlaceMention,
    PlaceTags,
    load_gazetteer,
    outlet_for_url,
    places_from_front_matter,
    tag_places,
    without_outlet_mark,
)
from reformsite.site import Article


@dataclass(frozen=True)
class Settings:
    """The part of the config that per-article results depend on (and the cache key covers)."""

    summary_words: int
    words_per_minute: int
    trusted_html: bool
    cache_dir: str | None
    language: str = "vi"            # the site's; an article's `lang:` overrides it (figures read by it)
    origin: Origin = field(default_factory=Origin)   # whose conventions the files follow
    labels: tuple[str, ...] = DEFAULT_LABELS

    @classmethod
    def from_config(cls, config: Config) -> Settings:
        return cls(config.summary_words, config.words_per_minute, config.allow_raw_html,
                   str(config.root / config.cache_dir), config.language, config.origin, config.labels)

    def gazetteer(self) -> Gazetteer:
        return load_gazetteer(Path(self.cache_dir) if self.cache_dir else None)


def describe_place(gazetteer: Gazetteer, place: Place) -> str:
    """"xã Tân Hòa, huyện Tân Thạnh, tỉnh Long An": the place and its parents, most specific first."""
    return ", ".join(p.full_name for p in (place, *reversed(gazetteer.parents(place))))


def _place_diagnostics(draft: Draft, tags: PlaceTags, gazetteer: Gazetteer) -> list[Diagnostic]:
    """Ambiguous and unknown place names, located in the file, for editors (warnings; --strict fails).

    A name is reported once, where it first appears, with the other lines it is on: an article that
    names an ambiguous commune in every paragraph gave as many warnings, each with the same hint."""
    lines_of: dict[tuple[str, tuple[str, ...]], tuple[PlaceMention, list[int | None]]] = {}
    for mention in tags.mentions:
        if mention.place_id is not None:
            continue
        line = draft.body_line + mention.line - 1 if mention.line > 0 else draft.field_lines.get("title")
        lines = lines_of.setdefault((mention.text, mention.candidates), (mention, []))[1]
        if line not in lines:
            lines.append(line)
    problems = []
    for mention, (line, *others) in lines_of.values():
        also = ""
        if others := [n for n in others if n is not None]:
            also = f" (also on line{'s' if len(others) > 1 else ''} {_some(others, 5)})"
        if mention.candidates:
            names = _some(mention.candidates, 6, "; ", lambda c: describe_place(gazetteer, gazetteer.get(c)))
            problems.append(Diagnostic(
                draft.path, line, mention.col,
                f"place name '{mention.text}' is ambiguous ({len(mention.candidates)} places): {names}{also}",
                "name its district or province in the same phrase, e.g. 'xã Tân Hòa, huyện Tân Thạnh', "
                "or set places: in the front matter", Severity.WARNING))
        else:
            problems.append(Diagnostic(
                draft.path, line, mention.col, f"unknown place '{mention.text}'{also}",
                "check the spelling; units merged before 2025 may be missing from the gazetteer",
                Severity.WARNING))
    return problems


def _some[T](items: Sequence[T], shown: int, sep: str = ", ", describe: Callable[[T], str] = str) -> str:
    """The first *shown* items described and joined, and how many more there are: "12, 14 and 3 more"."""
    more = f" and {len(items) - shown} more" if len(items) > shown else ""
    return sep.join(map(describe, items[:shown])) + more


def article_language(draft: Draft, settings: Settings) -> str:
    """The article's language: its front matter's, else (with no lang: at all) the one its text is
    clearly written in, else the site's."""
    if draft.lang or "lang" in draft.field_lines:
        return draft.lang or settings.language
    return guess_language(draft.title + "\n" + draft.body) or settings.language


def tag_article_places(draft: Draft, gazetteer: Gazetteer, lang: str | None = None
                       ) -> tuple[PlaceTags | None, list[Diagnostic]]:
    if draft.places is not None:
        tags, errors = places_from_front_matter(list(draft.places), published=draft.date.date(),
                                                gazetteer=gazetteer)
        line = draft.field_lines.get("places")
        return tags, [Diagnostic(draft.path, line, None, message,
                                 'write "xã X, huyện Y, tỉnh Z" or an id such as old-c-28918')
                      for message in errors]
    if not draft.extract:
        return None, []
    tags = tag_places(draft.title, draft.body, source_url=draft.source_url, published=draft.date.date(),
                      gazetteer=gazetteer, language=lang)
    return tags, _place_diagnostics(draft, tags, gazetteer)


def _quote_line(draft: Draft, quote: str) -> int | None:
    """The file line where a quoted sentence starts (the body is Markdown, the quote plain text)."""
    words = quote.split()[:6]
    probe = " ".join(words)
    for offset, line in enumerate(draft.body.split("\n")):
        if probe and probe in " ".join(line.replace("*", "").split()):
            return draft.body_line + offset
    return None


def extract_article_figures(draft: Draft, blocks: tuple[str, ...], places: PlaceTags | None,
                            gazetteer: Gazetteer, lang: str = "vi") -> tuple[list[Figure], list[Diagnostic]]:
    """Figures read from the text in *lang* (unless extract: false) merged with the editor's `figures:`."""
    problems: list[Diagnostic] = []
    extracted: list[Figure] = []
    if draft.extract:
        default_unit = None
        if places is not None and places.main:
            main = gazetteer.get(places.main)
            default_unit = (main.level, main.full_name)
        extracted = extract_figures(blocks, title=draft.title, published=draft.date.date(),
                                    lang=lang, default_unit=default_unit)
    editor, errors = figures_from_front_matter(draft.figures, published=draft.date.date())
    line = draft.field_lines.get("figures")
    problems += [Diagnostic(draft.path, line, None, message,
                            "each figure needs at least 'indicator' (a key listed on /chi-so/) and 'value'")
                 for message in errors]
    figures = merge_figures(extracted, editor)
    for figure in figures:
        if "contradiction" in figure.flags:
            problems.append(Diagnostic(
                draft.path, _quote_line(draft, figure.quote), None,
                f"contradictory figures for {figure.indicator}: {figure.value} in \"{figure.quote[:90]}\"",
                "check the source; add the right value under figures: in the front matter to settle it",
                Severity.WARNING))
    return figures, problems


LONG_ARTICLE = 512 * 1024
READ_LIMIT = 256 * 1024


def _blocks_within(blocks: tuple[str, ...], limit: int) -> tuple[str, ...]:
    """The leading blocks that fit in *limit* characters (block indexes stay those of the article)."""
    total, kept = 0, []
    for block in blocks:
        total += len(block)
        if total > limit:
            break
        kept.append(block)
    return tuple(kept)


def process_draft(draft: Draft, settings: Settings) -> tuple[Article, list[Diagnostic]]:
    """Markup, place tagging and figure extraction of one draft; its URL is assigned later by `site`."""
    rendered = render_markdown(draft.body, trusted_html=settings.trusted_html)
    summary = draft.summary or without_outlet_mark(summarize(rendered.blocks, settings.summary_words))
    outlet = outlet_for_url(draft.source_url)
    problems: list[Diagnostic] = []
    places = None
    html = rendered.html
    reported: tuple[Reported, ...] = ()
    lang = article_language(draft, settings)
    if draft.kind == "article":
        gazetteer = settings.gazetteer()
        read, blocks = draft, rendered.blocks
        if len(draft.body) > LONG_ARTICLE:
            # No news article is this long (a pasted dump is more likely); bound the reading cost.
            read = replace(draft, body=draft.body[:READ_LIMIT])
            blocks = _blocks_within(rendered.blocks, READ_LIMIT)
            problems.append(Diagnostic(
                draft.path, None, None,
                f"very long article ({len(draft.body.encode()) / 1e6:.1f} MB): places and figures are read "
                f"from its first {READ_LIMIT // 1024} KB only", "split it, or check that it was pasted whole "
                "by mistake", Severity.WARNING))
        places, found = tag_article_places(read, gazetteer, lang)
        problems += found
        figures, found = extract_article_figures(read, blocks, places, gazetteer, lang)
        problems += found
        html, reported = attach_figures(html, figures, places, (rendered.blocks, rendered.spans))
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
        packed_html=pack_text(html),
        references=references_in(html),
        toc=rendered.toc,
        words=rendered.words,
        reading_minutes=reading_minutes(rendered.words, settings.words_per_minute),
        draft=draft.draft,
        blocks=PackedTexts(rendered.blocks),
        content_hash=draft.content_hash,
        places=places,
        figures=reported,
        extra=draft.extra,
        lang=draft.lang if lang == settings.language else lang,
    )
    return article, problems
