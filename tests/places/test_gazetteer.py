"""The gazetteer over the real vietnam-provinces data: both eras, the 2025 mapping, slugs, names."""

from __future__ import annotations

import dataclasses
import pickle
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

import reformsite.places.gazetteer as gazetteer_module
from reformsite.core.pickling import _restore
from reformsite.places.gazetteer import Gazetteer, load_gazetteer, place_key
from reformsite.places.official import build_gazetteer


@pytest.fixture(scope="module")
def gz() -> Gazetteer:
    return load_gazetteer()


def test_counts_per_era_and_level(gz: Gazetteer) -> None:
    counts = Counter((p.era, p.level) for p in gz)
    assert counts[("old", "province")] == 63
    assert counts[("old", "district")] == 696
    assert counts[("old", "commune")] == 10051
    assert counts[("new", "province")] == 34
    assert counts[("new", "district")] == 0
    assert counts[("new", "commune")] == 3321
    assert len(gz.provinces("old")) == 63 and len(gz.provinces("new")) == 34


def test_ids_carry_the_era_because_codes_are_reused(gz: Gazetteer) -> None:
    assert gz.get("old-p-80").name == "Long An"
    assert gz.get("new-p-80").name == "Tây Ninh"
    # The new commune Tân Phú Đông is not the old district of that name.
    named = {(p.id, p.full_name) for p in gz.lookup("Tân Phú Đông")}
    assert ("old-d-825", "huyện Tân Phú Đông") in named
    assert ("new-c-28696", "xã Tân Phú Đông") in named
    with pytest.raises(KeyError):
        gz.get("old-p-999")


def test_place_fields_and_hierarchy(gz: Gazetteer) -> None:
    ttb = gz.get("old-c-28918")
    assert (ttb.era, ttb.level, ttb.type, ttb.name, ttb.code) == ("old", "commune", "xã", "Tân Thành Bình", 28918)
    assert ttb.full_name == "xã Tân Thành Bình"
    assert [p.full_name for p in gz.parents(ttb)] == ["tỉnh Bến Tre", "huyện Mỏ Cày Bắc"]
    assert ttb in gz.children(gz.get("old-d-838"))
    assert gz.parents(gz.get("old-p-83")) == ()
    new = gz.get("new-c-28921")
    assert [p.full_name for p in gz.parents(new)] == ["tỉnh Vĩnh Long"]
    # Type words come out lower case and without the package's stray capitals ("Thành Phố Bắc Kạn").
    assert {p.type for p in gz} == {"tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường",
                                     "thị trấn", "đặc khu"}
    assert all(p.name == unicodedata.normalize("NFC", p.name) for p in gz)
    # The package writes a few names in lower case ("xã é Tòng"); ours are capitalised like the press.
    assert [p.full_name for p in gz if not (p.name[0].isupper() or p.name[0].isdigit())] == []
    assert gz.lookup("É Tòng", era="old")[0].name == "É Tòng"
    # Names use the canonical tone placement even where the package writes "Hoà".
    assert gz.get("old-p-17").name == "Hòa Bình"


def test_now_and_formed_from(gz: Gazetteer) -> None:
    ttb = gz.get("old-c-28918")
    assert [p.id for p in gz.now(ttb)] == ["new-c-28921"]
    assert gz.parents(gz.now(ttb)[0])[0].full_name == "tỉnh Vĩnh Long"
    assert [p.id for p in gz.now(gz.get("old-d-838"))] == ["new-p-86"]
    assert [p.id for p in gz.now(gz.get("old-p-83"))] == ["new-p-86"]
    # A commune split between several new ones gives them all.
    assert len(gz.now(gz.get("old-c-19"))) == 4
    assert {p.name for p in gz.formed_from(gz.get("new-p-86"))} == {"Bến Tre", "Trà Vinh", "Vĩnh Long"}
    assert "old-c-28918" in {p.id for p in gz.formed_from(gz.get("new-c-28921"))}
    assert gz.now(gz.get("new-p-86")) == ()
    assert gz.formed_from(gz.get("old-p-83")) == ()
    # Every old unit leads somewhere today.
    assert all(gz.now(p) for p in gz if p.era == "old")


def test_within_crosses_eras(gz: Gazetteer) -> None:
    ttb_old, ttb_new = gz.get("old-c-28918"), gz.get("new-c-28921")
    assert gz.within(ttb_old, gz.get("old-d-838"))
    assert gz.within(ttb_old, gz.get("old-p-83"))
    assert gz.within(ttb_old, gz.get("new-p-86"))
    assert gz.within(ttb_new, gz.get("old-p-83"))
    assert not gz.within(ttb_new, gz.get("old-p-72"))
    assert not gz.within(gz.get("old-p-83"), ttb_old)


def test_regions(gz: Gazetteer) -> None:
    assert gz.region(gz.get("old-p-83")) == "Đồng bằng sông Cửu Long"
    assert gz.region(gz.get("old-p-72")) == "Đông Nam Bộ"
    assert gz.region(gz.get("new-p-80")) == "Đông Nam Bộ"
    assert gz.region(gz.get("old-c-28918")) == "Đồng bằng sông Cửu Long"
    for era in ("old", "new"):
        assert {gz.region(p) for p in gz.provinces(era)} == set(gz.region_order)


def test_province_slugs_share_one_namespace(gz: Gazetteer) -> None:
    slug = {p.id: p.slug for p in gz if p.level == "province"}
    assert slug["new-p-86"] == "vinh-long" and slug["old-p-86"] == "vinh-long-cu"
    assert slug["new-p-80"] == "tay-ninh" and slug["old-p-72"] == "tay-ninh-cu"
    assert slug["old-p-83"] == "ben-tre" and slug["old-p-80"] == "long-an"
    assert len(set(slug.values())) == 97


def test_sibling_slugs_and_paths(gz: Gazetteer) -> None:
    # Tiền Giang had a thị xã and a huyện called Cai Lậy.
    assert gz.url_path(gz.get("old-d-817")) == ("tien-giang", "thi-xa-cai-lay")
    assert gz.url_path(gz.get("old-d-820")) == ("tien-giang", "huyen-cai-lay")
    assert gz.url_path(gz.get("old-c-28918")) == ("ben-tre", "mo-cay-bac", "tan-thanh-binh")
    assert gz.url_path(gz.get("new-c-28921")) == ("vinh-long", "tan-thanh-binh")


def test_no_two_places_share_a_url_path(gz: Gazetteer) -> None:
    paths = Counter(gz.url_path(p) for p in gz)
    assert [path for path, n in paths.items() if n > 1] == []
    assert all(s and s == s.lower() and s.isascii() for p in gz for s in [p.slug])


def test_lookup_is_exact_but_tolerant_of_spelling(gz: Gazetteer) -> None:
    ids = {p.id for p in gz.lookup("Tân Hòa")}
    assert len(ids) > 20
    assert {p.id for p in gz.lookup("Tân Hoà")} == ids  # old-style tone placement
    assert {p.id for p in gz.lookup(unicodedata.normalize("NFD", "TÂN HÒA"))} == ids
    assert {p.id for p in gz.lookup("tân hòa", types=["xã"], era="old")} < ids
    assert [p.id for p in gz.lookup("xã Tân Thành Bình")] == ["old-c-28918", "new-c-28921"]
    assert gz.lookup("Tân Thành") != gz.lookup("Tân Thành Bình")  # no prefix matching
    assert gz.lookup("Tan Thanh Binh") == ()  # no diacritic folding for prose names
    assert gz.lookup("") == ()


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Thừa Thiên Huế", {"old-p-46", "new-p-46"}),
        ("TP.HCM", {"old-p-79", "new-p-79"}),
        ("Sài Gòn", {"old-p-79", "new-p-79", "new-c-26740"}),
        ("Bà Rịa-Vũng Tàu", {"old-p-77"}),
        ("Bà Rịa – Vũng Tàu", {"old-p-77"}),
        ("Đăk Lăk", {"old-p-66", "new-p-66"}),
        ("Dak Lak", {"old-p-66", "new-p-66"}),
        ("Đắk Nông", {"old-p-67"}),
    ],
)
def test_aliases_and_variants(gz: Gazetteer, written: str, expected: set[str]) -> None:
    found = {p.id for p in gz.lookup(written) if p.level == "province" or p.id in expected}
    assert found == expected


def test_place_key() -> None:
    assert place_key("Ia H' Drai") == place_key("Ia H'Drai") == "ia h'drai"
    assert place_key("Phường 01") == place_key("phường 1")
    assert place_key("Thuỵ Anh") == "thụy anh"


def test_display_name_marks_reused_old_names(gz: Gazetteer) -> None:
    assert gz.display_name(gz.get("old-p-86")) == "tỉnh Vĩnh Long (cũ)"
    assert gz.display_name(gz.get("new-p-86")) == "tỉnh Vĩnh Long"
    assert gz.display_name(gz.get("old-p-83")) == "tỉnh Bến Tre"  # no new Bến Tre
    assert gz.display_name(gz.get("old-d-838")) == "huyện Mỏ Cày Bắc"  # no districts today
    assert gz.display_name(gz.get("old-c-28918")) == "xã Tân Thành Bình (cũ)"


def test_pickle_cache(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer-test.pickle"
    first = gazetteer_module._load_or_build(path)
    with path.open("rb") as fh:
        again = pickle.load(fh)
    assert len(again) == len(first)
    assert again.url_path(again.get("old-c-28918")) == ("ben-tre", "mo-cay-bac", "tan-thanh-binh")
    # Places come back equal, hashable and frozen, through the quick path (reformsite.core.pickling).
    assert [*again] == [*first] and hash(again.get("old-c-28918")) == hash(first.get("old-c-28918"))
    assert type(first.get("old-c-28918")).__reduce__(first.get("old-c-28918"))[0] is _restore
    with pytest.raises(dataclasses.FrozenInstanceError):
        again.get("old-c-28918").name = "khác"
    # A damaged pickle is rebuilt rather than trusted.
    path.write_bytes(b"not a pickle")
    rebuilt = gazetteer_module._load_or_build(path)
    assert len(rebuilt) == len(first)
    assert path.read_bytes() != b"not a pickle"


def test_loaded_once_per_process(tmp_path: Path) -> None:
    # Every article asks for the gazetteer; the pickle must be read once, not per article.
    assert load_gazetteer(tmp_path) is load_gazetteer(tmp_path / "elsewhere")


def test_build_is_deterministic() -> None:
    a, b = build_gazetteer(), build_gazetteer()
    assert [(p.id, p.slug) for p in a] == [(p.id, p.slug) for p in b]


def test_names_are_capitalised_even_where_the_data_is_not(gz) -> None:
    # The package spells the old commune "Ya ly"; the press writes "Ya Ly".
    assert [p.name for p in gz.lookup("Ya Ly", era="old")] == ["Ya Ly"]
    assert all(w[:1].isupper() or not w[:1].isalpha() for p in gz for w in p.name.split())
