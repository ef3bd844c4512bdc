"""The /du-lieu/ page: which open-data files there are, what every field of them means and the codes
its values use, in the site's language, from reformsite/data/open_data.yaml and the vocabulary's labels."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

from reformsite.core import load_yaml
from reformsite.exports import INDEX_URL, open_data
from reformsite.figures import breakdown_label, load_vocabulary
from reformsite.figures.vocabulary import LANGUAGES, Labels
from reformsite.site import Page, Site

SECTIONS = ("articles", "places", "figures", "csv", "index")


@cache
def field_docs() -> dict[str, dict[str, dict[str, str]]]:
    """section → field → language → what the field means (reformsite/data/open_data.yaml)."""
    text = resources.files("reformsite").joinpath("data/open_data.yaml").read_text(encoding="utf-8")
    docs = {section: dict(fields) for section, fields in load_yaml(text).items()}
    for section, fields in docs.items():
        for name, texts in fields.items():
            if set(texts) != set(LANGUAGES) or not all(isinstance(t, str) for t in texts.values()):
                raise ValueError(f"open_data.yaml: {section}.{name} needs one text for each of {LANGUAGES}")
    return docs


def _codes(site: Site, lang: str) -> dict[str, list[tuple[str, str]]]:
    """The keys of unit, tier, value (grades) and breakdown, each with what readers see for it."""
    labels = load_vocabulary().labels
    breakdowns = [(f"{key}={value}", text) for (key, value), text in labels.breakdown_values[lang].items()]
    breakdowns += [(f"{key}=…", breakdown_label(key, "…", lang))
                   for key, name in labels.breakdown_names[lang].items() if name != "{value}"]
    return {"unit": sorted(labels.units[lang].items()), "tier": list(labels.tiers[lang].items()),
            "value": list(labels.grades[lang].items()), "breakdown": sorted(breakdowns)}


def open_data_pages(site: Site) -> Iterator[Page]:
    lang = Labels.language(site.config.language)
    docs = field_docs()
    sections = [(section, [(name, texts[lang]) for name, texts in docs[section].items()])
                for section in SECTIONS]
    vocabulary = load_vocabulary()
    indicators = [(key, i.label_vi if lang == "vi" else i.label_en) for key, i in vocabulary.items()]
    # The files as this build writes them (made now, before the pages render, and written with
    # the data files), without their bytes.
    made = open_data(site)
    made = dataclasses.replace(made, files=tuple(dataclasses.replace(f, data=None) for f in made.files),
                               index=b"")
    context: dict[str, Any] = {"kind": "open_data", "open_data": made, "index_url": INDEX_URL,
                               "sections": sections, "codes": _codes(site, lang),
                               "indicator_codes": indicators}
    yield Page(site.config.permalinks["data"], "data.html", context)
