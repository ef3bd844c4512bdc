"""Held-out evaluation of place tagging and figure extraction.

The corpus in tests/data/holdout/ was written independently of the tagger's and extractor's rules
and examples: 40 articles (raw scraped *.txt and Jekyll *.md) with hand-made ground truth in
truth.yaml.  The test runs the real pipeline (importer / content → markup → places → indicators)
and measures

* main-province accuracy (name and era of the province of the main place),
* district accuracy over the articles whose truth names a district (the district of the main place,
  or the main place itself),
* figure precision and recall: an extracted figure matches a truth figure when its indicator is the
  truth key or one of its lenient equivalents (vocabulary ``alt_keys``) and the value is equal
  (numbers within 1e-6).  An unmatched extracted figure that merely repeats a matched truth figure
  (same key group, same value) is counted as a duplicate, not as a false positive.

Run ``pytest tests/test_holdout.py -s`` to see the per-article report.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from sitekit import DATA

from reformsite.content.drafts import build_draft
from reformsite.content.markdown import render_markdown
from reformsite.figures.extract import extract_figures
from reformsite.figures.vocabulary import load_vocabulary
from reformsite.importer.article import import_text
from reformsite.places import tag_places
from reformsite.places.gazetteer import Gazetteer, Place, load_gazetteer, place_key

HOLDOUT = DATA / "holdout"
TRUTH = HOLDOUT / "truth.yaml"

PROVINCE_MIN = 0.95
DISTRICT_MIN = 0.90
PRECISION_MIN = 0.90
RECALL_MIN = 0.78

# Names that changed between the article's time and the gazetteer's data.
ALIASES = {place_key("Thừa Thiên Huế"): place_key("Huế")}


def _key(name: str) -> str:
    k = place_key(name)
    return ALIASES.get(k, k)


@dataclass
class ArticleResult:
    name: str
    title: str
    published: dt.date
    date_found: bool
    title_ok: bool | None  # raw .txt files: the importer found the title given in truth.yaml
    main: Place | None
    chain: tuple[Place, ...]
    province_ok: bool
    district_ok: bool | None  # None: the truth names no district
    commune_ok: bool | None
    tp: list = field(default_factory=list)  # (truth, extracted)
    fn: list = field(default_factory=list)  # truth figures not found
    fp: list = field(default_factory=list)  # extracted figures matching nothing
    dup: list = field(default_factory=list)  # extracted repeats of a matched truth figure
    trap_hits: list = field(default_factory=list)  # (not_figure text, extracted figure)


def _same_value(a, b) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return str(a).strip().lower() == str(b).strip().lower()
    return abs(float(a) - float(b)) <= 1e-6


_NUM = re.compile(r"\d+(?:[.,]\d+)*")


def _numbers(text: str) -> set[float]:
    """Plain-reading numbers in a not-figure snippet (4.572 = 4572, 0,5 = 0.5)."""
    out: set[float] = set()
    for m in _NUM.finditer(text):
        s = m.group()
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s):
            s = s.replace(".", "")
        s = s.replace(",", ".")
        if re.fullmatch(r"\d+(?:\.\d+)?", s):
            out.add(float(s))
    return out


def _load(path: Path, truth: dict) -> tuple[str, str, dt.date, bool, str | None]:
    """title, body, published date, whether the date came from the article, source URL."""
    if path.suffix == ".txt":
        art = import_text(path.read_text(encoding="utf-8"))
        found = art.published is not None
        published = art.published.date() if found else truth["published"]
        return art.title, art.body, published, found, art.source_url
    draft, diagnostics = build_draft(path.name, path.read_bytes(), kind="article")
    assert draft is not None, f"{path.name}: {[d.message for d in diagnostics]}"
    found = draft.date is not None
    published = draft.date.date() if found else truth["published"]
    return draft.title, draft.body, published, found, draft.source_url


def _evaluate(name: str, truth: dict, gazetteer: Gazetteer, vocab) -> ArticleResult:
    title, body, published, found, source_url = _load(HOLDOUT / name, truth)
    tags = tag_places(title, body, source_url=source_url, published=published, gazetteer=gazetteer)
    main = gazetteer.get(tags.main) if tags.main else None
    chain = (main, *gazetteer.parents(main)) if main else ()

    province_ok = False
    if main is not None:
        prov = gazetteer.province_of(main)
        province_ok = (_key(prov.name) == _key(truth["province"]["name"])
                       and prov.era == truth["province"]["era"])

    def level_ok(level: str, want: dict | None) -> bool | None:
        if not want:
            return None
        got = [p for p in chain if p.level == level]
        return bool(got) and _key(got[0].name) == _key(want["name"])

    district_ok = level_ok("district", truth.get("district"))
    commune_ok = level_ok("commune", truth.get("commune"))

    blocks = render_markdown(body).blocks
    default_unit = (main.level, main.full_name) if main else None
    extracted = extract_figures(blocks, title=title, published=published, default_unit=default_unit)

    title_ok = None
    if "title" in truth:
        title_ok = " ".join(title.split()) == " ".join(str(truth["title"]).split())
    result = ArticleResult(name, title, published, found, title_ok, main, chain, province_ok, district_ok,
                           commune_ok)
    unused = list(extracted)
    for t in truth.get("figures") or []:
        group = vocab.equivalent(t["indicator"])
        hit = next((f for f in unused if (f.indicator in group or t["indicator"] in vocab.equivalent(f.indicator))
                    and _same_value(f.value, t["value"])), None)
        if hit is None:
            result.fn.append(t)
        else:
            unused.remove(hit)
            result.tp.append((t, hit))
    for f in unused:
        if any((f.indicator in vocab.equivalent(t["indicator"]) or t["indicator"] in vocab.equivalent(f.indicator))
               and _same_value(f.value, t["value"]) for t, _ in result.tp):
            result.dup.append(f)
        else:
            result.fp.append(f)
    for trap in truth.get("not_figures") or []:
        values = _numbers(trap)
        for f in result.fp:
            if not isinstance(f.value, str) and float(f.value) in values and trap.lower() in (f.quote or "").lower():
                result.trap_hits.append((trap, f))
    return result


@lru_cache(maxsize=1)
def _results() -> tuple[ArticleResult, ...]:
    truth = yaml.safe_load(TRUTH.read_text(encoding="utf-8"))
    gazetteer, vocab = load_gazetteer(), load_vocabulary()
    return tuple(_evaluate(name, truth[name], gazetteer, vocab) for name in sorted(truth))


@dataclass(frozen=True)
class Scores:
    province: float
    district: float
    commune: float
    precision: float
    recall: float
    tp: int
    fp: int
    fn: int
    dup: int
    traps: int
    n_articles: int
    n_district: int
    n_commune: int


def _scores() -> Scores:
    rs = _results()
    dist = [r.district_ok for r in rs if r.district_ok is not None]
    comm = [r.commune_ok for r in rs if r.commune_ok is not None]
    tp = sum(len(r.tp) for r in rs)
    fp = sum(len(r.fp) for r in rs)
    fn = sum(len(r.fn) for r in rs)
    return Scores(
        province=sum(r.province_ok for r in rs) / len(rs),
        district=sum(dist) / len(dist) if dist else 1.0,
        commune=sum(comm) / len(comm) if comm else 1.0,
        precision=tp / (tp + fp) if tp + fp else 1.0,
        recall=tp / (tp + fn) if tp + fn else 1.0,
        tp=tp, fp=fp, fn=fn,
        dup=sum(len(r.dup) for r in rs),
        traps=sum(len(r.trap_hits) for r in rs),
        n_articles=len(rs), n_district=len(dist), n_commune=len(comm),
    )


def _fmt(f) -> str:
    if isinstance(f, dict):
        return f"{f['indicator']}={f['value']}"
    return f"{f.indicator}={f.value}"


def _report() -> str:
    lines = ["", "=== held-out evaluation: tests/data/holdout ==="]
    for r in _results():
        place = " < ".join(p.full_name for p in r.chain) if r.chain else "(no main place)"
        flags = [f"prov={'ok' if r.province_ok else 'WRONG'}"]
        if r.district_ok is not None:
            flags.append(f"dist={'ok' if r.district_ok else 'WRONG'}")
        if r.commune_ok is not None:
            flags.append(f"comm={'ok' if r.commune_ok else 'WRONG'}")
        if not r.date_found:
            flags.append("date=NOT FOUND")
        if r.title_ok is False:
            flags.append(f"title=WRONG ({r.title!r})")
        lines.append(f"- {r.name}: {' '.join(flags)} tp={len(r.tp)} fp={len(r.fp)} fn={len(r.fn)} dup={len(r.dup)}")
        lines.append(f"    main: {place} ({r.main.era if r.main else '-'})")
        if r.fn:
            lines.append("    missed: " + ", ".join(_fmt(t) for t in r.fn))
        if r.fp:
            lines.append("    spurious: " + ", ".join(_fmt(f) for f in r.fp))
        for trap, f in r.trap_hits:
            lines.append(f"    trap taken: {trap!r} -> {_fmt(f)}")
    s = _scores()
    titled = [r.title_ok for r in _results() if r.title_ok is not None]
    lines += [
        "",
        f"articles: {s.n_articles}",
        f"importer title accuracy on raw text (not asserted): {sum(titled)}/{len(titled)}",
        f"main province accuracy: {s.province:.3f}",
        f"district accuracy: {s.district:.3f} (over {s.n_district} articles with a district)",
        f"commune accuracy (not asserted): {s.commune:.3f} (over {s.n_commune} articles with a commune)",
        f"figures: precision {s.precision:.3f}, recall {s.recall:.3f} "
        f"(tp={s.tp}, fp={s.fp}, fn={s.fn}; {s.dup} duplicates not counted; {s.traps} not-figure traps taken)",
    ]
    return "\n".join(lines)


# --- corpus sanity ----------------------------------------------------------------------------------


def test_holdout_truth_is_well_formed():
    truth = yaml.safe_load(TRUTH.read_text(encoding="utf-8"))
    files = {p.name for p in HOLDOUT.iterdir() if p.suffix in (".txt", ".md")}
    assert set(truth) == files
    vocab = load_vocabulary()
    gazetteer = load_gazetteer()
    for name, t in truth.items():
        assert isinstance(t["published"], dt.date), name
        assert t["province"]["era"] in ("old", "new"), name
        provinces = {_key(p.name) for p in gazetteer.provinces(t["province"]["era"])}
        assert _key(t["province"]["name"]) in provinces, name
        for f in t["figures"]:
            assert f["indicator"] in vocab, (name, f)


# --- measurement ------------------------------------------------------------------------------------


def test_holdout_report():
    print(_report())


def test_holdout_main_province():
    assert _scores().province >= PROVINCE_MIN, _report()


def test_holdout_district():
    assert _scores().district >= DISTRICT_MIN, _report()


def test_holdout_figure_precision():
    assert _scores().precision >= PRECISION_MIN, _report()


def test_holdout_figure_recall():
    assert _scores().recall >= RECALL_MIN, _report()
