"""Editor's figures: the ``figures:`` list of an article's front matter, checked field by field, and
merged with the extracted figures it corrects."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from datetime import date

from .figure import CATEGORIES, FRONT_MATTER_BLOCK, LEVELS, PAPI_GROUPS, QUALIFIERS, TIERS, Figure
from .numbers import LARGEST_FIGURE, parse_number
from .periods import is_normalised, parse_period
from .vocabulary import Indicator, Vocabulary, load_vocabulary

_FM_FIELDS = {
    "indicator",
    "value",
    "unit",
    "qualifier",
    "period",
    "unit_name",
    "level",
    "quote",
    "replaces",
    "tier",
    "value_max",
    "rank_of",
    "rank_group",
    "period_range",
}


class _Invalid(ValueError):
    """A field of an editor's figure that cannot be read; the figure is dropped with this message."""


def figures_from_front_matter(items: object, *, published: date) -> tuple[list[Figure], list[str]]:
    """The editor's ``figures:`` list as :class:`Figure` objects, plus one message per problem.

    Each item is a mapping {indicator, value, unit?, qualifier?, period?, unit_name?, level?, quote?,
    replaces?}.  ``period`` may be normalised ("2024-Q1") or written as in an article ("quý I.2024").
    ``replaces: true`` makes the figure replace every extracted figure of the same indicator, whatever
    their period and place (to correct a misattributed figure).
    """
    if items is None:
        return [], []
    if not isinstance(items, list):
        return [], ["figures: expected a list of mappings"]
    vocab = load_vocabulary()
    figures: list[Figure] = []
    errors: list[str] = []
    for i, item in enumerate(items):
        where = f"figures[{i}]"
        if not isinstance(item, Mapping):
            errors.append(f"{where}: expected a mapping with at least 'indicator' and 'value'")
            continue
        errors.extend(f"{where}: {message}" for message in _unknown_fields(item))
        try:
            figures.append(_editor_figure(item, vocab, published))
        except _Invalid as problem:
            errors.append(f"{where}: {problem}")
    return figures, errors


def _unknown_fields(item: Mapping[object, object]) -> list[str]:
    messages = []
    for name in sorted(set(map(str, item)) - _FM_FIELDS):
        hint = difflib.get_close_matches(name, sorted(_FM_FIELDS), n=1)
        messages.append(f"unknown field {name!r}" + (f" (did you mean {hint[0]!r}?)" if hint else ""))
    return messages


def _editor_figure(item: Mapping[str, object], vocab: Vocabulary, published: date) -> Figure:
    """One editor's figure, its fields checked in order; raises _Invalid at the first bad one."""
    key, indicator = _indicator(item, vocab)
    unit = _unit(item, key, indicator)
    value = _value(item, key, unit)
    qualifier = _qualifier(item)
    period = _period(item, published)
    level = _one_of(item, "level", LEVELS)
    tier = _one_of(item, "tier", TIERS)
    flags = ("replaces",) if item.get("replaces") is True else ()
    rank_of = _rank_of(item)
    return Figure(
        indicator=key,
        value=value,
        unit=unit,
        qualifier=qualifier,
        quote=str(item.get("quote") or ""),
        block=FRONT_MATTER_BLOCK,
        start=0,
        end=0,
        period=period,
        period_range=str(item["period_range"]) if item.get("period_range") else None,
        level=level,
        unit_name=str(item["unit_name"]) if item.get("unit_name") else None,
        tier=tier,
        value_max=_fm_value(item.get("value_max"), "percent")
        if item.get("value_max") is not None
        else None,
        rank_of=int(rank_of) if isinstance(rank_of, int) else None,
        rank_group=str(item["rank_group"]) if item.get("rank_group") else None,
        flags=flags,
        source="front_matter",
    )


def _indicator(item: Mapping[str, object], vocab: Vocabulary) -> tuple[str, Indicator]:
    key = str(item.get("indicator", "")).strip()
    if key not in vocab:
        hint = difflib.get_close_matches(key, list(vocab), n=1, cutoff=0.6)
        raise _Invalid(f"unknown indicator {key!r}" + (f" (did you mean {hint[0]!r}?)" if hint else ""))
    return key, vocab[key]


def _unit(item: Mapping[str, object], key: str, indicator: Indicator) -> str:
    unit = str(item.get("unit") or indicator.unit)
    if unit not in indicator.accepted_units or unit == "bare":
        raise _Invalid(f"unit {unit!r} does not fit {key} (expected {indicator.unit!r})")
    return unit


def _value(item: Mapping[str, object], key: str, unit: str) -> float | int | str:
    value = _fm_value(item.get("value"), unit)
    if value is None:
        wanted = (
            "one of " + ", ".join(sorted(set(CATEGORIES.values()))) if unit == "category"
            else "a number of at most 18 digits"
        )
        shown = repr(item.get("value"))
        shown = shown if len(shown) <= 40 else shown[:37] + "…"
        raise _Invalid(f"bad value {shown} for {key} (expected {wanted})")
    return value


def _qualifier(item: Mapping[str, object]) -> str:
    qualifier = str(item.get("qualifier") or "exact")
    if qualifier not in QUALIFIERS:
        raise _Invalid(f"bad qualifier {qualifier!r} (expected one of {', '.join(QUALIFIERS)})")
    return qualifier


def _one_of(item: Mapping[str, object], name: str, allowed: tuple[str, ...]) -> str | None:
    """A level or tier: absent, or one of *allowed*."""
    value = item.get(name)
    if value is not None and value not in allowed:
        raise _Invalid(f"bad {name} {value!r} (expected one of {', '.join(allowed)})")
    return value


def _period(item: Mapping[str, object], published: date) -> str | None:
    period = item.get("period")
    if period is None:
        return None
    text = str(period)
    normalised = text if is_normalised(text) else parse_period(text, published=published)
    if normalised is None:
        raise _Invalid(f"cannot read period {text!r} (write e.g. 2024, 2024-Q1, 2024-H1, 2024-08)")
    return normalised


def _rank_of(item: Mapping[str, object]) -> object:
    rank_of = item.get("rank_of")
    if rank_of is not None and (type(rank_of) is not int or not 0 < rank_of < LARGEST_FIGURE):
        raise _Invalid(f"bad rank_of {str(rank_of)[:40]!r} (expected a whole number above 0, "
                       "the number of units ranked)")
    return rank_of


def _fm_value(raw: object, unit: str) -> float | int | str | None:
    if unit == "category":
        text = " ".join(str(raw or "").lower().replace("_", " ").split())
        value = CATEGORIES.get(text) or PAPI_GROUPS.get(text)
        return value
    if isinstance(raw, bool):
        return None
    if isinstance(raw, str):
        text = raw.strip().rstrip("%").strip()
        raw = parse_number(text) if text else None
    if isinstance(raw, int | float) and -LARGEST_FIGURE < raw < LARGEST_FIGURE:
        return raw              # (not a value no figure has, nor YAML's .inf and .nan: NaN compares false)
    return None


def merge_figures(extracted: list[Figure], editor: list[Figure]) -> list[Figure]:
    """Extracted figures plus the editor's; an editor figure replaces extracted ones it corrects.

    It replaces those with the same indicator, period and unit name, or, with ``replaces: true``,
    every extracted figure of its indicator.
    """
    same = {(f.indicator, f.period, f.unit_name) for f in editor}
    wholesale = {f.indicator for f in editor if "replaces" in f.flags}
    kept = [
        f
        for f in extracted
        if f.indicator not in wholesale and (f.indicator, f.period, f.unit_name) not in same
    ]
    return kept + list(editor)
