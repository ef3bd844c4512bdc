"""Deterministic corpus of Jekyll-style Vietnamese administrative-reform articles for benchmarks.

    python benchmarks/corpus.py --articles 10000 --out benchmarks/work/corpus-10000 [--seed 1]

writes `content/YYYY/<slug>.md` and a minimal `config.yaml` under --out.  Each article draws its
own `random.Random` from (seed, index), so the corpus is a pure function of seed and count, the
first 1,000 articles of a 10k corpus are the 1k corpus, and nothing is held in memory but the
gazetteer.  Place names come from the `vietnam_provinces` package (old units before 1 July 2025,
new units after); figures are written the way the press writes them (INDICATORS.md §4).
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import re
import shutil
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

import corpus_text as text

# Part of the cache key in run.py: bump it whenever the output for a given seed changes.
GENERATOR_VERSION = 2
MARKER = ".corpus.json"
TARGET_BYTES = 4700  # stop adding paragraphs here; the last one lands near 5 KB

ICT = timezone(timedelta(hours=7))
FIRST_DATE = datetime(2019, 1, 1, tzinfo=ICT)
LAST_DATE = datetime(2026, 10, 31, 23, 59, tzinfo=ICT)
NEW_ERA = datetime(2025, 7, 1, tzinfo=ICT)
ROMAN = ("I", "II", "III", "IV")

CONFIG_YAML = "title: Benchmark\nbase_url: https://example.org/\n"


# ---------------------------------------------------------------- gazetteer


@dataclass(frozen=True)
class Unit:
    kind: str  # the type word as the press writes it, lower case: "xã", "huyện", "tỉnh", "đặc khu"
    name: str  # the bare name: "Tân Thành Bình"

    @property
    def full(self) -> str:
        return f"{self.kind} {self.name}"


@dataclass(frozen=True)
class Era:
    """The units of one era, restricted to provinces that have an outlet in `corpus_text.OUTLETS`."""

    name: str  # "old" or "new"
    provinces: tuple[Unit, ...]
    districts: dict[str, tuple[Unit, ...]]  # province name → its districts (empty in the new era)
    communes: dict[tuple[str, str], tuple[Unit, ...]]  # (province, district or "") → communes


_TYPE_WORDS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "huyện", "quận", "tỉnh", "xã")


def _split_name(full_name: str) -> Unit:
    """"Xã Tân Thành Bình" → Unit("xã", "Tân Thành Bình"); the gazetteer puts the type in the name."""
    lowered = full_name.lower()
    for word in _TYPE_WORDS:
        if lowered.startswith(word + " "):
            return Unit(word, full_name[len(word) + 1 :])
    raise ValueError(f"no type word in unit name {full_name!r}")


@functools.cache
def load_era(era: str) -> Era:
    """Index one era of the gazetteer, sorted by official code so that iteration order is fixed."""
    if era == "old":
        from vietnam_provinces.legacy import District, Province, Ward

        provinces = {int(p.code): _split_name(p.name) for p in Province.iter_all()}
        districts = {int(d.code): (int(d.province_code), _split_name(d.name)) for d in District.iter_all()}
        by_province: dict[str, list[Unit]] = {}
        communes: dict[tuple[str, str], list[Unit]] = {}
        for code in sorted(districts):
            province_code, district = districts[code]
            by_province.setdefault(provinces[province_code].name, []).append(district)
        for ward in sorted(Ward.iter_all(), key=lambda w: int(w.code)):
            province_code, district = districts[int(ward.district_code)]
            key = (provinces[province_code].name, district.name)
            communes.setdefault(key, []).append(_split_name(ward.name))
    elif era == "new":
        from vietnam_provinces import Province, Ward

        provinces = {int(p.code): _split_name(p.name) for p in Province.iter_all()}
        by_province = {}
        communes = {}
        for ward in sorted(Ward.iter_all(), key=lambda w: int(w.code)):
            key = (provinces[int(ward.province_code)].name, "")
            communes.setdefault(key, []).append(_split_name(ward.name))
    else:
        raise ValueError(f"unknown era {era!r}")
    kept = tuple(provinces[code] for code in sorted(provinces) if provinces[code].name in text.OUTLETS)
    return Era(
        name=era,
        provinces=kept,
        districts={name: tuple(units) for name, units in by_province.items()},
        communes={key: tuple(units) for key, units in communes.items()},
    )


@dataclass(frozen=True)
class Subject:
    """What an article is about: a unit, its parents (nearest first) and the units it is ranked among."""

    unit: Unit
    parents: tuple[Unit, ...]
    peers: str
    peer_count: int
    neighbour: Unit
    subunits: int  # how many units one level down (0 for a commune)


def _pick_subject(rng: random.Random, era: Era) -> Subject:
    focus = [p for p in era.provinces if p.name in text.FOCUS_PROVINCES]
    province = rng.choice(focus) if focus and rng.random() < 0.4 else rng.choice(era.provinces)
    level = rng.random()
    if era.name == "old":
        districts = era.districts[province.name]
        district = rng.choice(districts)
        communes = era.communes.get((province.name, district.name), ())
        if level < 0.65 and communes:
            commune = rng.choice(communes)
            return Subject(
                unit=commune,
                parents=(district, province),
                peers=f"xã, phường, thị trấn của {district.full}",
                peer_count=len(communes),
                neighbour=_other(rng, communes, commune, district),
                subunits=0,
            )
        if level < 0.9:
            return Subject(
                unit=district,
                parents=(province,),
                peers=f"đơn vị cấp huyện của {province.full}",
                peer_count=len(districts),
                neighbour=_other(rng, districts, district, province),
                subunits=len(communes),
            )
        return Subject(province, (), "tỉnh, thành phố", 63,
                       _other(rng, era.provinces, province, province), len(districts))
    communes = era.communes[(province.name, "")]
    if level < 0.85:
        commune = rng.choice(communes)
        return Subject(
            unit=commune,
            parents=(province,),
            peers=f"xã, phường của {province.full}",
            peer_count=len(communes),
            neighbour=_other(rng, communes, commune, province),
            subunits=0,
        )
    return Subject(province, (), "tỉnh, thành phố", 34,
                   _other(rng, era.provinces, province, province), len(communes))


def _other(rng: random.Random, units: Sequence[Unit], this: Unit, fallback: Unit) -> Unit:
    others = [u for u in units if u != this]
    return rng.choice(others) if others else fallback


# ---------------------------------------------------------------- numbers as the press writes them


def dotted(n: int) -> str:
    """4572 → "4.572": a dot separates thousands."""
    return f"{n:,}".replace(",", ".")


def decimal(x: float, places: int) -> str:
    """96.4 → "96,4": a comma is the decimal mark; trailing zeros dropped, as the press does."""
    s = f"{x:.{places}f}".rstrip("0").rstrip(".")
    return s.replace(".", ",")


def percent(rng: random.Random, x: float) -> str:
    if x >= 99.995:
        return "100%"
    style = rng.random()
    if style < 0.05:
        return f"{x:.2f}%"  # dot-decimal percentages occur (86.45%)
    if style < 0.08:
        return decimal(x, 2) + " %"
    return decimal(x, rng.choice((1, 1, 2))) + "%"


def count(rng: random.Random, n: int) -> str:
    """A dossier count in one of the spellings local news uses."""
    if n < 1000:
        return str(n)
    if n >= 1_000_000 and rng.random() < 0.5:
        return f"{decimal(n / 1e6, 3)} triệu"
    style = rng.random()
    if style < 0.10:
        return f"{decimal(n / 1000, 2)} ngàn"
    if style < 0.15 and n < 10_000:
        return f"{n // 1000:02d} ngàn {n % 1000:03d}"
    if style < 0.18:
        return str(n)  # no separator at all
    return dotted(n)


def rounded_down(n: int) -> str:
    """A headline approximation: "Hơn 5,6 ngàn", "Hơn 1,4 triệu"."""
    if n >= 1_000_000:
        return f"{decimal(int(n / 100_000) / 10, 1)} triệu"
    if n >= 1000:
        return f"{decimal(int(n / 100) / 10, 1)} ngàn"
    return str(n // 100 * 100 or n)


def money(rng: random.Random, vnd: float) -> str:
    qualifier = rng.choice(("", "", "gần ", "hơn "))
    if vnd >= 1e9:
        return f"{qualifier}{decimal(vnd / 1e9, 2)} tỷ đồng"
    return f"{qualifier}{int(vnd / 1e6)} triệu đồng"


def period(rng: random.Random, when: datetime) -> str:
    """A reporting period that has ended by the article's date."""
    done = when.month - 1
    if done < 2:
        return rng.choice((f"năm {when.year - 1}", f"quý IV.{when.year - 1}", f"quý IV năm {when.year - 1}",
                           f"tháng 12/{when.year - 1}"))
    year = when.year
    options = [f"{done} tháng năm {year}", f"{done} tháng đầu năm {year}", f"tháng {done}/{year}"]
    if done >= 3:
        quarter = ROMAN[done // 3 - 1]
        options += [f"quý {quarter}.{when.year}", f"quý {quarter} năm {when.year}"]
    if done >= 6:
        options.append(f"6 tháng đầu năm {when.year}")
    return rng.choice(options)


# ---------------------------------------------------------------- articles


@dataclass(frozen=True)
class Article:
    path: str  # relative to content/: "2024/tan-thanh-binh-thuc-hien-tot-42.md"
    text: str


def fold(s: str) -> str:
    """ASCII slug text: diacritics dropped, đ → d, runs of anything else → "-"."""
    decomposed = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def _slug(title: str, limit: int = 70) -> str:
    slug = fold(title)
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug


def _person(rng: random.Random) -> str:
    parts = (rng.choice(text.SURNAMES), rng.choice(text.MIDDLE_NAMES), rng.choice(text.GIVEN_NAMES))
    return " ".join(p for p in parts if p)


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _abbreviated(unit: Unit, rng: random.Random) -> str:
    """Now and then the press abbreviates: "TP.Thủ Dầu Một", "TX. Hòa Thành", "TT. Chợ Lách"."""
    short = {"thành phố": "TP.", "thị xã": "TX.", "thị trấn": "TT."}.get(unit.kind)
    if short and rng.random() < 0.25:
        return short + rng.choice(("", " ")) + unit.name
    return unit.full


def _date(rng: random.Random) -> datetime:
    span_minutes = int((LAST_DATE - FIRST_DATE).total_seconds() // 60)
    when = FIRST_DATE + timedelta(minutes=rng.randrange(span_minutes))
    minute = rng.choice((0, 0, 0, 15, 30, 45, when.minute))
    return when.replace(minute=minute, second=0)


def _figures(rng: random.Random, subject: Subject) -> dict[str, str]:
    """Every figure an article may quote, consistent with each other, already spelled for print."""
    level = len(subject.parents)  # 0 province, 1 district or new-era commune, 2 old-era commune
    commune_like = subject.unit.kind in ("xã", "phường", "thị trấn", "đặc khu")
    low, high = (300, 6000) if commune_like else (3000, 45000) if level else (60_000, 950_000)
    received = rng.randint(low, high)
    pending = int(received * rng.uniform(0, 0.04))
    resolved = received - pending
    late = 0 if rng.random() < 0.5 else max(1, int(resolved * rng.uniform(0, 0.02)))
    on_time = resolved - late
    early = int(on_time * rng.uniform(0.3, 0.9))
    online = int(received * rng.uniform(0.15, 0.95))
    lvl3 = int(online * rng.uniform(0.2, 0.5))
    late_phrase = (rng.choice(text.LATE_NONE) if late == 0
                   else rng.choice(text.LATE_SOME).format(late=count(rng, late)))
    rank = rng.randint(1, subject.peer_count)
    fee_range = (2e7, 4e8) if commune_like else (1e9, 2e10) if level else (2e10, 2e11)
    fee = rng.uniform(*fee_range)
    units_all = max(subject.subunits, 2)
    units_ok = rng.randint(1, units_all)
    padded = rng.random() < 0.3  # "08/08 huyện": a count of units, not a rank
    return {
        "received": count(rng, received),
        "received_round": rounded_down(received),
        "resolved": count(rng, resolved),
        "resolved_frac": f"{dotted(resolved)}/{dotted(received)}",
        "resolved_rate": percent(rng, 100 * resolved / received),
        "pending": count(rng, pending),
        "early": count(rng, early),
        "on_time": count(rng, on_time),
        "on_time_only": count(rng, on_time - early),
        "on_time_rate": percent(rng, 100 * on_time / resolved),
        "late_phrase": late_phrase,
        "online": count(rng, online),
        "online_rate": percent(rng, 100 * online / received),
        "direct": count(rng, received - online),
        "lvl3": dotted(lvl3),
        "lvl4": dotted(online - lvl3),
        "pay_rate": percent(rng, rng.uniform(20, 95)),
        "digit_rate": percent(rng, rng.uniform(40, 100)),
        "sat_rate": percent(rng, rng.uniform(85, 99.9)),
        "doc_rate": percent(rng, rng.uniform(85, 100)),
        "mail_rate": percent(rng, rng.uniform(80, 100)),
        "score": rng.choice((decimal(rng.uniform(70, 95), 2), decimal(rng.uniform(70, 95), 3) + "/100")),
        "s766": decimal(rng.uniform(70, 95), 2),
        "rank": str(rank),
        "rank_of": str(subject.peer_count),
        "rank_delta": str(rng.randint(1, 5)),
        "score_delta": decimal(rng.uniform(0.5, 8), 2),
        "grade": rng.choice(text.GRADES),
        "streak": str(rng.randint(2, 5)),
        "procedures": str(rng.randint(80, 250) if commune_like else rng.randint(200, 2000)),
        "digitized": dotted(rng.randint(3, 40) * 100 if commune_like else rng.randint(10, 400) * 100),
        "fee": money(rng, fee),
        "feedback": str(rng.randint(0, 40)),
        "target": str(rng.choice((95, 97, 98, 99))),
        "software": rng.choice(text.SOFTWARE),
        "units_all": f"{units_all:02d}" if padded else str(units_all),
        "units_ok": f"{units_ok:02d}" if padded else str(units_ok),
        "late": str(late),
    }


def _context(rng: random.Random, subject: Subject, when: datetime) -> dict[str, str]:
    unit = subject.unit
    parent = subject.parents[0] if subject.parents else None
    province = subject.parents[-1] if subject.parents else unit
    where = ", ".join([unit.full, *(_abbreviated(p, rng) for p in subject.parents)])
    announced = when - timedelta(days=rng.randint(1, 4))
    the_period = period(rng, when)
    ctx = {
        "u": unit.full,
        "U": _cap(unit.full),
        "name": unit.name,
        "Name": unit.name if unit.name[:1].isalpha() else _cap(unit.full),  # not "1 tạo chuyển biến"
        "kind": unit.kind,
        "ubnd": f"UBND {unit.full}",
        "where": where,
        "u_paren": f"{unit.full} ({_abbreviated(parent, rng)})" if parent else unit.full,
        "parent": parent.full if parent else "cả nước",
        "province": province.full,
        "peers": subject.peers,
        "neighbour": subject.neighbour.full,
        "period": the_period,
        "Period": _cap(the_period),
        "year": str(when.year),
        "prev_year": str(when.year - 1),
        "next_year": str(when.year + 1),
        "official": _person(rng),
        "role": rng.choice(text.ROLES),
        "Citizen": f"{rng.choice(('Ông', 'Bà'))} {_person(rng)}",
        "day": str(announced.day),
        "month": str(announced.month),
    }
    ctx.update(_figures(rng, subject))
    return ctx


def _sentences(rng: random.Random, pool: Sequence[str], ctx: dict[str, str], low: int, high: int) -> str:
    """Between low and high sentences of a pool, kept in the pool's order so the paragraph reads on."""
    picked = sorted(rng.sample(range(len(pool)), min(len(pool), rng.randint(low, high))))
    return " ".join(pool[i].format(**ctx) for i in picked)


def _paragraph(rng: random.Random, openings: Sequence[str], followups: Sequence[str], ctx: dict[str, str],
               low: int, high: int) -> str:
    """One opening sentence (when there are any) followed by low to high follow-ups."""
    first = [rng.choice(openings).format(**ctx)] if openings else []
    return " ".join([*first, _sentences(rng, followups, ctx, low, high)])


def _optional_paragraphs(when: datetime, subject: Subject) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(openings, follow-ups) for each optional paragraph: one opening, if any, then some follow-ups."""
    index = text.INDEX_SENTENCES[1:]
    if when.year >= 2023:  # the 766 index exists from 2022 results on
        index += (text.INDEX_766,)
    if subject.subunits:
        index += (text.UNIT_COUNT_SENTENCE,)
    return [((), text.ONLINE_SENTENCES), (text.INDEX_SENTENCES[:1], index), ((), text.OFFICE_SENTENCES),
            ((), text.FINANCE_SENTENCES), ((), text.CITIZEN_SENTENCES), ((), text.DIFFICULTY_SENTENCES)]


def make_article(seed: int, index: int) -> Article:
    """Article number *index* of the corpus for *seed*; independent of every other article."""
    rng = random.Random(f"reformsite-bench:{GENERATOR_VERSION}:{seed}:{index}")
    when = _date(rng)
    era = load_era("new" if when >= NEW_ERA else "old")
    subject = _pick_subject(rng, era)
    ctx = _context(rng, subject, when)
    outlet = text.OUTLETS[(subject.parents[-1] if subject.parents else subject.unit).name]

    templates = list(text.TITLES)
    if ctx["late"] == "0":
        templates.append(text.TITLE_NO_LATE)
    title = _cap(rng.choice(templates).format(**ctx))
    label = rng.choice(text.LABELS) if rng.random() < 0.75 else None
    shown_title = f" [{label}] {title}" if label else title

    front = ["---", "layout: post", f"title: {json.dumps(shown_title, ensure_ascii=False)}",
             f"date: {format_datetime(when)}", "categories: entries VN"]
    if rng.random() < 0.4:
        tags = rng.sample(text.TAGS, rng.randint(1, 4))
        front.append(f"tags: [{', '.join(tags)}]" if rng.random() < 0.5 else f'tags: "{", ".join(tags)}"')
    front.append("---")

    source_slug = _slug(title, 90)
    article_id = rng.randint(10_000, 999_999)
    source_url = (
        f"https://{outlet}/{source_slug}-{when:%d%m%Y}-a{article_id}.html",
        f"https://{outlet}/{rng.choice(text.URL_SECTIONS)}/{source_slug}-{article_id}.html",
        f"https://{outlet}/{source_slug}-post{article_id}.html",
    )[sum(map(ord, outlet)) % 3]
    image_url = rng.choice((
        f"https://{outlet}/image/news/{when:%Y/%Y%m%d}/thumbnail/750x450/{source_slug}{when:%Y%m%d%H%M%S}.webp",
        f"https://{outlet}/uploads/{when:%Y/%m}/{source_slug}.jpg",
    ))
    lead = _paragraph(rng, text.LEAD_OPENINGS, text.LEAD_FOLLOWUPS, ctx, 1, 3)
    parts = [f"[{title}]({source_url})", f"![{title}]({image_url})", lead]
    if rng.random() < 0.5:
        parts.append(rng.choice(text.CAPTIONS).format(**ctx))
    parts.append(_paragraph(rng, text.DOSSIER_OPENINGS, text.DOSSIER_FOLLOWUPS, ctx, 2, 4))

    ending = [_sentences(rng, text.PLAN_SENTENCES, ctx, 1, 3)]
    if rng.random() < 0.6:
        ending.append(rng.choice(text.QUOTES).format(**ctx))
    ending.append(rng.choice(text.BYLINES).format(name=_person(rng)))

    optional = _optional_paragraphs(when, subject)
    rng.shuffle(optional)
    size = len("\n".join(front + parts + ending).encode())
    for openings, followups in optional:
        if size >= TARGET_BYTES:
            break
        paragraph = _paragraph(rng, openings, followups, ctx, 2 if openings else 3, 4 if openings else 5)
        parts.append(paragraph)
        size += len(paragraph.encode()) + 2

    body = "\n\n".join(parts + ending)
    path = f"{when.year}/{_slug(title)}-{index + 1}.md"
    return Article(path, "\n".join(front) + "\n" + body + "\n")


def generate(count: int, seed: int = 1) -> Iterator[Article]:
    for index in range(count):
        yield make_article(seed, index)


# ---------------------------------------------------------------- writing a corpus


def marker_for(count: int, seed: int) -> dict[str, int]:
    return {"articles": count, "seed": seed, "generator_version": GENERATOR_VERSION}


def is_complete(out: Path, count: int, seed: int) -> bool:
    """True when *out* holds a finished corpus for exactly these parameters (run.py's cache check)."""
    try:
        return json.loads((out / MARKER).read_text()) == marker_for(count, seed)
    except (OSError, ValueError):
        return False


def write_corpus(out: Path, count: int, seed: int = 1) -> None:
    """Write the corpus under *out*, replacing a corpus written there before, streaming one file at a time."""
    content = out / "content"
    if content.exists():
        if not (out / MARKER).exists():
            raise SystemExit(f"{content} exists and was not written by this generator; not replacing it")
        shutil.rmtree(content)
    (out / MARKER).unlink(missing_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    (out / "config.yaml").write_text(CONFIG_YAML, encoding="utf-8")
    made: set[str] = set()
    for article in generate(count, seed):
        folder = article.path.split("/", 1)[0]
        if folder not in made:
            (content / folder).mkdir(parents=True, exist_ok=True)
            made.add(folder)
        (content / article.path).write_text(article.text, encoding="utf-8")
    (out / MARKER).write_text(json.dumps(marker_for(count, seed)) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, required=True, help="how many articles to write")
    parser.add_argument("--out", type=Path, required=True, help="corpus folder (content/ and config.yaml)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    write_corpus(args.out, args.articles, args.seed)
    print(f"wrote {args.articles} articles to {args.out / 'content'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
