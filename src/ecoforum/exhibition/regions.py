"""Chinese region names as people write them → the official province-level name.

MIIT's lists and exhibitors' spreadsheets write 内蒙, 内蒙古 or 内蒙古自治区, and put the
separately planned cities (计划单列市: 深圳, 宁波, 厦门, 青岛, 大连) beside the provinces.
:func:`normalize_region` maps each to ``Region(province, city, known)``: the official name of
one of the 34 provincial units (or 新疆生产建设兵团, which MIIT lists as a unit of its own),
the city for a separately planned city, and whether the name was recognised at all.
English names (Guangdong, Inner Mongolia, Shenzhen …) are read too.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Region(NamedTuple):
    province: str
    city: str
    known: bool


#: Official name → (other Chinese forms, English names).
PROVINCES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "北京市": (("北京",), ("Beijing",)),
    "天津市": (("天津",), ("Tianjin",)),
    "上海市": (("上海",), ("Shanghai",)),
    "重庆市": (("重庆",), ("Chongqing",)),
    "河北省": (("河北", "冀"), ("Hebei",)),
    "山西省": (("山西", "晋"), ("Shanxi",)),
    "辽宁省": (("辽宁", "辽"), ("Liaoning",)),
    "吉林省": (("吉林",), ("Jilin",)),
    "黑龙江省": (("黑龙江",), ("Heilongjiang",)),
    "江苏省": (("江苏", "苏"), ("Jiangsu",)),
    "浙江省": (("浙江", "浙"), ("Zhejiang",)),
    "安徽省": (("安徽", "皖"), ("Anhui",)),
    "福建省": (("福建", "闽"), ("Fujian",)),
    "江西省": (("江西", "赣"), ("Jiangxi",)),
    "山东省": (("山东", "鲁"), ("Shandong",)),
    "河南省": (("河南", "豫"), ("Henan",)),
    "湖北省": (("湖北", "鄂"), ("Hubei",)),
    "湖南省": (("湖南", "湘"), ("Hunan",)),
    "广东省": (("广东", "粤"), ("Guangdong",)),
    "海南省": (("海南", "琼"), ("Hainan",)),
    "四川省": (("四川", "川"), ("Sichuan",)),
    "贵州省": (("贵州", "黔"), ("Guizhou",)),
    "云南省": (("云南", "滇"), ("Yunnan",)),
    "陕西省": (("陕西", "陕"), ("Shaanxi",)),
    "甘肃省": (("甘肃", "甘"), ("Gansu",)),
    "青海省": (("青海",), ("Qinghai",)),
    "台湾省": (("台湾",), ("Taiwan",)),
    "内蒙古自治区": (("内蒙古", "内蒙"), ("Inner Mongolia", "Nei Mongol", "Neimenggu")),
    "广西壮族自治区": (("广西", "广西自治区"), ("Guangxi",)),
    "西藏自治区": (("西藏",), ("Tibet", "Xizang")),
    "宁夏回族自治区": (("宁夏", "宁夏自治区"), ("Ningxia",)),
    "新疆维吾尔自治区": (("新疆", "新疆自治区"), ("Xinjiang",)),
    "香港特别行政区": (("香港", "香港特区"), ("Hong Kong", "Hongkong", "HK", "Hong Kong SAR")),
    "澳门特别行政区": (("澳门", "澳门特区"), ("Macao", "Macau", "Macao SAR", "Macau SAR")),
    "新疆生产建设兵团": (
        ("新疆兵团", "兵团"),
        ("Xinjiang Production and Construction Corps", "XPCC", "Bingtuan"),
    ),
}

#: 计划单列市: city → (official city name, its province, English names).
PLANNED_CITIES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "深圳": ("深圳市", "广东省", ("Shenzhen",)),
    "宁波": ("宁波市", "浙江省", ("Ningbo",)),
    "厦门": ("厦门市", "福建省", ("Xiamen", "Amoy")),
    "青岛": ("青岛市", "山东省", ("Qingdao", "Tsingtao")),
    "大连": ("大连市", "辽宁省", ("Dalian",)),
}


def _key(text: str) -> str:
    return re.sub(r"[\s\-_.·・'’]+", "", text).casefold()


def _build() -> dict[str, Region]:
    table: dict[str, Region] = {}
    for official, (forms, english) in PROVINCES.items():
        for name in (official, *forms, *english):
            table[_key(name)] = Region(official, "", True)
        for name in english:
            for suffix in ("province", "municipality", "autonomousregion", "sar", "city"):
                table.setdefault(_key(name) + suffix, Region(official, "", True))
    for short, (city, province, english) in PLANNED_CITIES.items():
        for name in (short, city, *english):
            table[_key(name)] = Region(province, city, True)
        for name in english:
            table.setdefault(_key(name) + "city", Region(province, city, True))
    return table


_TABLE = _build()


def normalize_region(text: str | None) -> Region:
    """``内蒙`` → ``Region("内蒙古自治区", "", True)``; ``深圳`` → ``Region("广东省", "深圳市", True)``.

    A name not recognised comes back as written, with ``known=False``; an empty one is ``("", "", False)``.
    """
    written = " ".join((text or "").split())
    if not written:
        return Region("", "", False)
    found = _TABLE.get(_key(written))
    if found is not None:
        return found
    return Region(written, "", False)


def official_provinces() -> list[str]:
    """The official names, in the order of the national list (the 34 units, then 新疆生产建设兵团)."""
    return list(PROVINCES)
