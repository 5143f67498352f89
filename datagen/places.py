"""Geographic knowledge layered on top of ``refdata.regions()``."""

from __future__ import annotations

__all__ = [
    "AREA_NAMES",
    "CALLING_CODES",
    "CITY_AREA_CODES",
    "COUNTRY_GROUPS",
    "TIER_NAMES",
    "TIER_WEIGHTS",
    "city_tier",
    "economic_circle",
    "short_city_name",
]

#: Area code -> name of the 区域市场 tag (matches the names in refdata).
AREA_NAMES: dict[str, str] = {
    "CN-NORTH": "华北",
    "CN-NORTHEAST": "东北",
    "CN-EAST": "华东",
    "CN-CENTRAL": "华中",
    "CN-SOUTH": "华南",
    "CN-SOUTHWEST": "西南",
    "CN-NORTHWEST": "西北",
}

TIER_NAMES: tuple[str, ...] = ("一线城市", "新一线城市", "二线城市", "三四线城市")
#: Relative weight of a city of each tier when a persona draws a city in a province/area.
TIER_WEIGHTS: tuple[float, ...] = (14.0, 6.0, 2.5, 0.7)

_TIER1 = ("北京", "上海", "广州", "深圳")
_NEW_TIER1 = (
    "成都",
    "重庆",
    "杭州",
    "武汉",
    "苏州",
    "西安",
    "南京",
    "长沙",
    "天津",
    "郑州",
    "东莞",
    "无锡",
    "宁波",
    "青岛",
    "合肥",
)
_TIER2 = (
    "佛山",
    "沈阳",
    "昆明",
    "济南",
    "厦门",
    "福州",
    "温州",
    "哈尔滨",
    "石家庄",
    "大连",
    "南宁",
    "泉州",
    "金华",
    "贵阳",
    "常州",
    "长春",
    "南昌",
    "南通",
    "嘉兴",
    "徐州",
    "惠州",
    "太原",
    "台州",
    "绍兴",
    "保定",
    "中山",
    "潍坊",
    "临沂",
    "珠海",
    "烟台",
)
_TIERS: dict[str, int] = {
    **{c: 0 for c in _TIER1},
    **{c: 1 for c in _NEW_TIER1},
    **{c: 2 for c in _TIER2},
}

#: 长途区号 of the larger cities (used for company landlines).
CITY_AREA_CODES: dict[str, str] = {
    "北京": "010",
    "上海": "021",
    "广州": "020",
    "深圳": "0755",
    "天津": "022",
    "重庆": "023",
    "成都": "028",
    "杭州": "0571",
    "武汉": "027",
    "苏州": "0512",
    "西安": "029",
    "南京": "025",
    "长沙": "0731",
    "郑州": "0371",
    "东莞": "0769",
    "无锡": "0510",
    "宁波": "0574",
    "青岛": "0532",
    "合肥": "0551",
    "佛山": "0757",
    "沈阳": "024",
    "昆明": "0871",
    "济南": "0531",
    "厦门": "0592",
    "福州": "0591",
    "哈尔滨": "0451",
    "石家庄": "0311",
    "大连": "0411",
    "南宁": "0771",
    "贵阳": "0851",
}

#: Non-CN country code -> 海外市场 group tag name.
COUNTRY_GROUPS: dict[str, str] = {
    "SG": "东南亚",
    "MY": "东南亚",
    "TH": "东南亚",
    "VN": "东南亚",
    "ID": "东南亚",
    "PH": "东南亚",
    "US": "北美",
    "CA": "北美",
    "MX": "拉美",
    "BR": "拉美",
    "DE": "欧洲",
    "GB": "欧洲",
    "FR": "欧洲",
    "IT": "欧洲",
    "NL": "欧洲",
    "ES": "欧洲",
    "CH": "欧洲",
    "SE": "欧洲",
    "RU": "欧洲",
    "JP": "日韩",
    "KR": "日韩",
    "AE": "中东",
    "SA": "中东",
    "AU": "大洋洲",
    "NZ": "大洋洲",
    "IN": "南亚及中亚",
    "PK": "南亚及中亚",
    "KZ": "南亚及中亚",
}

CALLING_CODES: dict[str, str] = {
    "US": "1",
    "CA": "1",
    "JP": "81",
    "KR": "82",
    "SG": "65",
    "DE": "49",
    "GB": "44",
    "FR": "33",
    "AU": "61",
    "MY": "60",
    "TH": "66",
    "VN": "84",
    "ID": "62",
    "IN": "91",
    "AE": "971",
    "SA": "966",
    "BR": "55",
    "MX": "52",
    "RU": "7",
    "IT": "39",
    "NL": "31",
    "ES": "34",
    "CH": "41",
    "NZ": "64",
    "PH": "63",
    "KZ": "7",
    "PK": "92",
    "SE": "46",
}

_GBA_CITIES = frozenset(
    {"440100", "440300", "440400", "440600", "440700", "441200", "441300", "441900", "442000"}
)
_CIRCLES: dict[str, str] = {
    "CN-SH": "长三角",
    "CN-JS": "长三角",
    "CN-ZJ": "长三角",
    "CN-AH": "长三角",
    "CN-BJ": "京津冀",
    "CN-TJ": "京津冀",
    "CN-HE": "京津冀",
    "CN-CQ": "成渝经济圈",
    "CN-SC": "成渝经济圈",
    "CN-HK": "粤港澳大湾区",
    "CN-MO": "粤港澳大湾区",
}


def short_city_name(name: str) -> str:
    """'广州市' -> '广州', '延边朝鲜族自治州' -> '延边', '锡林郭勒盟' -> '锡林郭勒'."""
    if name.endswith("自治州"):
        return name[:2]
    for suffix in ("地区", "市", "盟"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def city_tier(name: str) -> int:
    """0 一线, 1 新一线, 2 二线, 3 三四线 (by the usual business-media city ranking)."""
    return _TIERS.get(short_city_name(name), 3)


def economic_circle(city_code: str, province_code: str) -> str | None:
    """Name of the 经济圈 tag a city belongs to, if any."""
    if city_code in _GBA_CITIES:
        return "粤港澳大湾区"
    return _CIRCLES.get(province_code)
