"""Places an article names without a full mention: "UBND Thành phố", a bare name in the title."""

from __future__ import annotations

from datetime import date

from .gazetteer import WORD_RE, Gazetteer, word_key
from .mentions import Mention
from .names import CITY_RE, SPACE, SourceText, is_capitalised, read_name


def generic_city(raws: list[Mention], body: SourceText, title: SourceText, published: date,
                 gazetteer: Gazetteer) -> list[Mention]:
    """"UBND Thành phố" without a name is the city the article is about, if it names exactly one."""
    cities = {r.resolved.id: r.resolved for r in raws
              if r.resolved is not None and gazetteer.name_at(r.resolved, published)[0] == "thành phố"}
    if not cities:
        return []
    districts = [c for c in cities.values() if c.level == "district"]
    if len(districts) == 1:
        city = districts[0]
    elif len(cities) == 1:
        city = next(iter(cities.values()))
    else:
        return []
    extra = []
    for source in (title, body):
        for m in CITY_RE.finditer(source.text):
            if read_name(source.text, SPACE.match(source.text, m.end()).end(), 1):  # type: ignore[union-attr]
                continue  # named: already a mention
            if not m.group()[0].isupper() and not after_authority(source.text, m.start()):
                continue  # lower-case "thành phố" alone is generic ("các thành phố lớn")
            line, col = source.position(m.start())
            extra.append(Mention(m.start(), m.end(), line, col, m.group(), "thành phố", (city,),
                              resolved=city, how="article-context", extra=True))
    return extra


def after_authority(text: str, pos: int) -> bool:
    # "UBND thành phố", "cấp thành phố", "của thành phố" refer to the article's own city.
    head = text[max(0, pos - 12):pos].rstrip().casefold()
    return head.endswith(("ubnd", "hđnd", "cấp", "của", "trên địa bàn", "toàn"))


def title_bare_names(title: SourceText, raws: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """A title often names the unit without its type word: "Tân Thành Bình thực hiện tốt …"."""
    named = {}
    for raw in raws:
        place = raw.resolved
        if place is not None and place.level != "province" and raw.line != 0:
            named.setdefault(gazetteer.key(place), place)
    if not named:
        return []
    covered = [(r.start, r.end) for r in raws if r.line == 0]
    words = [(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(title.text)]
    # How many capitalised words run from each word on: a name is read only within such a run.
    runs = [0] * (len(words) + 1)
    for i in range(len(words) - 1, -1, -1):
        runs[i] = runs[i + 1] + 1 if is_capitalised(words[i][0]) else 0
    extra = []
    i = 0
    while i < len(words):
        if words[i][0][0].isdigit():
            i += 1
            continue  # "Q.1 chỉ có 1 hồ sơ": a number alone is no name
        for n in range(min(gazetteer.max_name_words, runs[i]), 0, -1):
            window = words[i:i + n]
            place = named.get(" ".join(word_key(w) for w, _, _ in window))
            start, end = window[0][1], window[-1][2]
            if place is None or any(s < end and start < e for s, e in covered):
                continue
            line, col = title.position(start)
            extra.append(Mention(start, end, line, col, title.text[start:end], None, (place,),
                              resolved=place, how="article-context", extra=True))
            i += n - 1
            break
        i += 1
    return extra
