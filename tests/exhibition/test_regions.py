"""Region names as people write them → the official province-level name."""

from __future__ import annotations

import pytest

from ecoforum.exhibition.regions import Region, normalize_region, official_provinces


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("北京", Region("北京市", "", True)),
        ("北京市", Region("北京市", "", True)),
        ("内蒙", Region("内蒙古自治区", "", True)),
        ("内蒙古", Region("内蒙古自治区", "", True)),
        ("内蒙古自治区", Region("内蒙古自治区", "", True)),
        ("广西", Region("广西壮族自治区", "", True)),
        ("新疆", Region("新疆维吾尔自治区", "", True)),
        ("宁夏", Region("宁夏回族自治区", "", True)),
        ("西藏", Region("西藏自治区", "", True)),
        ("香港", Region("香港特别行政区", "", True)),
        ("澳门", Region("澳门特别行政区", "", True)),
        ("台湾", Region("台湾省", "", True)),
        ("贵州", Region("贵州省", "", True)),
        (" 贵州省 ", Region("贵州省", "", True)),
    ],
)
def test_normalize_region_short_forms_give_the_official_name(written, expected):
    assert normalize_region(written) == expected


@pytest.mark.parametrize("written", ["新疆生产建设兵团", "新疆兵团", "兵团", "XPCC"])
def test_normalize_region_the_corps_stays_its_own_unit(written):
    assert normalize_region(written) == Region("新疆生产建设兵团", "", True)


@pytest.mark.parametrize(
    ("written", "province", "city"),
    [
        ("深圳", "广东省", "深圳市"),
        ("深圳市", "广东省", "深圳市"),
        ("宁波", "浙江省", "宁波市"),
        ("厦门", "福建省", "厦门市"),
        ("青岛", "山东省", "青岛市"),
        ("大连", "辽宁省", "大连市"),
        ("Shenzhen", "广东省", "深圳市"),
    ],
)
def test_normalize_region_separately_planned_cities_give_province_and_city(written, province, city):
    assert normalize_region(written) == Region(province, city, True)


@pytest.mark.parametrize(
    ("written", "province"),
    [
        ("Guangdong", "广东省"),
        ("guangdong province", "广东省"),
        ("Inner Mongolia", "内蒙古自治区"),
        ("Inner Mongolia Autonomous Region", "内蒙古自治区"),
        ("Hong Kong", "香港特别行政区"),
        ("Macau", "澳门特别行政区"),
        ("Tibet", "西藏自治区"),
        ("Shaanxi", "陕西省"),
        ("Shanxi", "山西省"),
    ],
)
def test_normalize_region_english_names(written, province):
    assert normalize_region(written) == Region(province, "", True)


def test_normalize_region_unknown_is_kept_as_written():
    assert normalize_region("Bavaria") == Region("Bavaria", "", False)
    assert normalize_region("") == Region("", "", False)
    assert normalize_region(None) == Region("", "", False)


def test_official_provinces_are_the_34_units_and_the_corps():
    names = official_provinces()
    assert len(names) == 35
    assert len(set(names)) == 35
    assert "新疆生产建设兵团" in names
