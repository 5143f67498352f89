"""Integrity tests for the shipped reference data (no database needed)."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable
from importlib import resources

import pytest

from refdata import Industry, Region, industries, regions

SECTION_RANGES: dict[str, tuple[int, int]] = {
    "A": (1, 5),
    "B": (6, 12),
    "C": (13, 43),
    "D": (44, 46),
    "E": (47, 50),
    "F": (51, 52),
    "G": (53, 60),
    "H": (61, 62),
    "I": (63, 65),
    "J": (66, 69),
    "K": (70, 70),
    "L": (71, 72),
    "M": (73, 75),
    "N": (76, 79),
    "O": (80, 82),
    "P": (83, 83),
    "Q": (84, 85),
    "R": (86, 90),
    "S": (91, 96),
    "T": (97, 97),
}
AREA_CODES = {
    "CN-NORTH",
    "CN-NORTHEAST",
    "CN-EAST",
    "CN-CENTRAL",
    "CN-SOUTH",
    "CN-SOUTHWEST",
    "CN-NORTHWEST",
}
PROVINCE_AREAS: dict[str, str] = {
    **dict.fromkeys(["CN-BJ", "CN-TJ", "CN-HE", "CN-SX", "CN-NM"], "CN-NORTH"),
    **dict.fromkeys(["CN-LN", "CN-JL", "CN-HL"], "CN-NORTHEAST"),
    **dict.fromkeys(
        ["CN-SH", "CN-JS", "CN-ZJ", "CN-AH", "CN-FJ", "CN-JX", "CN-SD", "CN-TW"], "CN-EAST"
    ),
    **dict.fromkeys(["CN-HA", "CN-HB", "CN-HN"], "CN-CENTRAL"),
    **dict.fromkeys(["CN-GD", "CN-GX", "CN-HI", "CN-HK", "CN-MO"], "CN-SOUTH"),
    **dict.fromkeys(["CN-CQ", "CN-SC", "CN-GZ", "CN-YN", "CN-XZ"], "CN-SOUTHWEST"),
    **dict.fromkeys(["CN-SN", "CN-GS", "CN-QH", "CN-NX", "CN-XJ"], "CN-NORTHWEST"),
}

GB2260_PREFIX: dict[str, str] = {
    "11": "CN-BJ", "12": "CN-TJ", "13": "CN-HE", "14": "CN-SX", "15": "CN-NM",
    "21": "CN-LN", "22": "CN-JL", "23": "CN-HL",
    "31": "CN-SH", "32": "CN-JS", "33": "CN-ZJ", "34": "CN-AH", "35": "CN-FJ",
    "36": "CN-JX", "37": "CN-SD",
    "41": "CN-HA", "42": "CN-HB", "43": "CN-HN",
    "44": "CN-GD", "45": "CN-GX", "46": "CN-HI",
    "50": "CN-CQ", "51": "CN-SC", "52": "CN-GZ", "53": "CN-YN", "54": "CN-XZ",
    "61": "CN-SN", "62": "CN-GS", "63": "CN-QH", "64": "CN-NX", "65": "CN-XJ",
    "71": "CN-TW", "81": "CN-HK", "82": "CN-MO",
}  # fmt: skip

RowsFn = Callable[[], tuple[Industry, ...] | tuple[Region, ...]]


def _raw_rows(filename: str) -> list[list[str]]:
    text = resources.files("refdata").joinpath(filename).read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text)))


def _sections() -> list[Industry]:
    return [i for i in industries() if i.level == "SECTION"]


def _divisions() -> list[Industry]:
    return [i for i in industries() if i.level == "DIVISION"]


def _regions_at(level: str) -> list[Region]:
    return [r for r in regions() if r.level == level]


def _chinese_cities() -> list[Region]:
    province_codes = {r.code for r in _regions_at("PROVINCE")}
    return [r for r in _regions_at("CITY") if r.parent_code in province_codes]


# --- industries -------------------------------------------------------------


def test_industries_have_exactly_20_sections_lettered_a_to_t() -> None:
    sections = _sections()
    assert len(sections) == 20
    assert [s.code for s in sections] == list("ABCDEFGHIJKLMNOPQRST")
    assert all(s.parent_code is None for s in sections)


def test_industries_have_exactly_97_divisions_coded_01_to_97() -> None:
    divisions = _divisions()
    assert len(divisions) == 97
    assert sorted(d.code for d in divisions) == [f"{n:02d}" for n in range(1, 98)]


def test_every_division_belongs_to_the_section_of_the_2017_mapping() -> None:
    for division in _divisions():
        number = int(division.code)
        expected = [s for s, (lo, hi) in SECTION_RANGES.items() if lo <= number <= hi]
        assert [division.parent_code] == expected, division


def test_industries_only_use_known_levels() -> None:
    assert {i.level for i in industries()} == {"SECTION", "DIVISION"}


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("A", "农、林、牧、渔业"),
        ("C", "制造业"),
        ("I", "信息传输、软件和信息技术服务业"),
        ("13", "农副食品加工业"),
        ("39", "计算机、通信和其他电子设备制造业"),
        ("65", "软件和信息技术服务业"),
    ],
)
def test_industry_names_match_the_official_wording(code: str, name: str) -> None:
    by_code = {i.code: i for i in industries()}
    assert by_code[code].name == name


# --- regions ----------------------------------------------------------------


def test_china_is_a_root_country() -> None:
    china = regions()[0]
    assert (china.code, china.name, china.level, china.parent_code) == (
        "CN",
        "中国",
        "COUNTRY",
        None,
    )


def test_there_are_seven_areas_under_china() -> None:
    areas = _regions_at("AREA")
    assert {a.code for a in areas} == AREA_CODES
    assert len(areas) == 7
    assert all(a.parent_code == "CN" for a in areas)


def test_there_are_exactly_34_provinces_each_under_its_area() -> None:
    provinces = _regions_at("PROVINCE")
    assert len(provinces) == 34
    assert {p.code: p.parent_code for p in provinces} == PROVINCE_AREAS


def test_every_province_has_at_least_one_city() -> None:
    parents = Counter(r.parent_code for r in _regions_at("CITY"))
    missing = [p.code for p in _regions_at("PROVINCE") if parents[p.code] == 0]
    assert missing == []


def test_cities_hang_directly_under_provinces() -> None:
    province_codes = {r.code for r in _regions_at("PROVINCE")}
    assert all(c.parent_code in province_codes for c in _regions_at("CITY"))


def test_chinese_city_codes_are_six_digit_and_match_their_province() -> None:
    for city in _chinese_cities():
        assert len(city.code) == 6 and city.code.isdigit(), city
        assert city.code.endswith("00"), city
        assert GB2260_PREFIX[city.code[:2]] == city.parent_code, city


def test_there_are_at_least_280_chinese_cities() -> None:
    assert len(_chinese_cities()) >= 280


@pytest.mark.parametrize(
    ("code", "name", "parent"),
    [
        ("440100", "广州市", "CN-GD"),
        ("440300", "深圳市", "CN-GD"),
        ("330100", "杭州市", "CN-ZJ"),
        ("110100", "北京市", "CN-BJ"),
        ("810000", "香港", "CN-HK"),
    ],
)
def test_well_known_cities_have_their_gb2260_codes(code: str, name: str, parent: str) -> None:
    by_code = {r.code: r for r in regions()}
    assert (by_code[code].name, by_code[code].parent_code) == (name, parent)


def test_foreign_countries_are_roots_with_iso_alpha2_codes() -> None:
    foreign = [r for r in _regions_at("COUNTRY") if r.code != "CN"]
    assert len(foreign) >= 25
    for country in foreign:
        assert country.parent_code is None
        assert len(country.code) == 2 and country.code.isupper() and country.code.isalpha()


def test_regions_only_use_known_levels() -> None:
    assert {r.level for r in regions()} == {"COUNTRY", "AREA", "PROVINCE", "CITY"}


# --- structural checks shared by both files ---------------------------------


@pytest.mark.parametrize("rows", [industries, regions], ids=["industries", "regions"])
def test_codes_are_unique(rows: RowsFn) -> None:
    codes = [r.code for r in rows()]
    duplicates = [c for c, n in Counter(codes).items() if n > 1]
    assert duplicates == []


@pytest.mark.parametrize("rows", [industries, regions], ids=["industries", "regions"])
def test_every_parent_exists_and_appears_before_its_children(rows: RowsFn) -> None:
    seen: set[str] = set()
    for row in rows():
        if row.parent_code is not None:
            assert row.parent_code in seen, row
        seen.add(row.code)


@pytest.mark.parametrize("rows", [industries, regions], ids=["industries", "regions"])
def test_names_are_non_empty(rows: RowsFn) -> None:
    for row in rows():
        assert row.name, row
        assert getattr(row, "name_en", "x"), row


@pytest.mark.parametrize(
    ("filename", "header"),
    [
        ("industries.csv", ["code", "name", "level", "parent_code"]),
        ("regions.csv", ["code", "name", "name_en", "level", "parent_code"]),
    ],
)
def test_csv_files_have_expected_header_and_no_padded_fields(
    filename: str, header: list[str]
) -> None:
    rows = _raw_rows(filename)
    assert rows[0] == header
    for row in rows[1:]:
        assert len(row) == len(header), row
        assert all(field == field.strip() for field in row), row


def test_results_are_cached() -> None:
    assert industries() is industries()
    assert regions() is regions()
