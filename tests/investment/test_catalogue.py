"""The Green Industry Guidance Catalogue: the product's data against the real catalogue, search, the API, the admin."""

from __future__ import annotations

import csv
import importlib
import re
from collections import Counter

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ecoforum.investment.catalogue_data import CATALOGUE, natural_key
from ecoforum.investment.models import GreenIndustry
from ecoforum.investment.queries import green_industry_tree, search_green_industries

from ..factories import UserFactory

CODE_AND_NAME = re.compile(r"(\d+(?:\.\d+)*)\.?\s*(\S.*)")
NO_STANDARD = "《）"


def _code_and_name(cell: str) -> tuple[str, str]:
    match = CODE_AND_NAME.fullmatch(cell.strip())
    assert match is not None, cell
    return match.group(1), match.group(2)


@pytest.fixture
def csv_rows(shared) -> list[dict[str, str]]:
    with (shared / "data/cn/绿色产业指导目录.csv").open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def csv_nodes(csv_rows) -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """Every node of the real catalogue: code → (Chinese name, 说明, 国标), levels 1 and 2 without the last two."""
    nodes: dict[str, tuple[str, str, tuple[str, ...]]] = {}
    for row in csv_rows:
        for column in ("一级目录", "二级目录"):
            code, name = _code_and_name(row[column])
            nodes.setdefault(code, (name, "", ()))
        code, name = _code_and_name(row["目录"])
        standards = tuple(s for s in row["国标"].split("&") if s != NO_STANDARD)
        nodes[code] = (name, row["说明"], standards)
    return nodes


def _codes(entries) -> list[str]:
    return [entry.code for entry in entries]


# --- the data against the real catalogue ---------------------------------------


def test_catalogue_data_matches_csv(csv_nodes):
    ours = {node.code: (node.name_zh_hans, node.description_zh_hans, node.standards) for node in CATALOGUE}

    assert ours == csv_nodes


def test_catalogue_data_counts_match_csv(csv_rows):
    levels = Counter(node.level for node in CATALOGUE)
    per_industry = Counter(node.code.split(".")[0] for node in CATALOGUE if node.level == 3)

    assert len(csv_rows) == 211
    assert levels == {1: 6, 2: 30, 3: 211}
    assert per_industry == {"1": 63, "2": 20, "3": 32, "4": 29, "5": 36, "6": 31}


def test_catalogue_data_order_is_parent_first_in_code_order():
    codes = [node.code for node in CATALOGUE]

    assert len(set(codes)) == len(codes)
    assert sorted(codes, key=natural_key) == codes
    seen: set[str] = set()
    for node in CATALOGUE:
        assert node.parent_code is None or node.parent_code in seen, node.code
        seen.add(node.code)


def test_catalogue_data_every_node_has_english_name():
    missing = [node.code for node in CATALOGUE if not node.name_en.strip()]

    assert missing == []


def test_catalogue_data_standards_split_and_none_marker_dropped():
    nodes = {node.code: node for node in CATALOGUE}

    assert nodes["1.1.2"].standards == ()
    assert nodes["1.6.7"].standards == ("《饮食业油烟排放标准》（GB18483）",)
    assert len(nodes["1.1.1"].standards) == 4
    assert all(NO_STANDARD not in s and "&" not in s for node in CATALOGUE for s in node.standards)


def test_natural_key_sorts_numbers_as_numbers():
    assert sorted(["1.10", "1.9", "1.1.10", "1.1.2", "2"], key=natural_key) == ["1.1.2", "1.1.10", "1.9", "1.10", "2"]


# --- the migration --------------------------------------------------------------


@pytest.mark.django_db
def test_migration_loads_catalogue_into_fresh_database():
    boilers = GreenIndustry.objects.select_related("parent").get(code="1.1.1")

    assert GreenIndustry.objects.count() == 247
    assert dict(Counter(GreenIndustry.objects.values_list("level", flat=True))) == {1: 6, 2: 30, 3: 211}
    assert (boilers.level, boilers.parent.code, boilers.name_zh_hans, boilers.name_en) == (
        3,
        "1.1",
        "节能锅炉制造",
        "Manufacture of energy-saving boilers",
    )
    assert boilers.standards[-1] == "《火电厂大气污染物排放标准》（GB13223）"
    assert boilers.description_zh_hans.startswith("包括高低差速循环流化床油页岩锅炉")
    assert GreenIndustry.objects.get(code="1").parent is None


@pytest.mark.django_db
def test_migration_load_again_changes_nothing():
    migration = importlib.import_module("ecoforum.investment.migrations.0002_load_catalogue")
    before = list(GreenIndustry.objects.values_list("pk", "code", "parent_id", "name_en", "standards"))

    migration.load(apps, None)

    assert list(GreenIndustry.objects.values_list("pk", "code", "parent_id", "name_en", "standards")) == before


# --- queries ----------------------------------------------------------------------


@pytest.mark.django_db
def test_search_by_code_prefix_finds_entry_and_children_in_natural_order():
    assert _codes(search_green_industries("1.1")) == ["1.1"] + [f"1.1.{n}" for n in range(1, 16)]


@pytest.mark.django_db
def test_search_by_full_code_excludes_longer_codes():
    assert _codes(search_green_industries("1.1.1")) == ["1.1.1"]


@pytest.mark.django_db
def test_search_by_chinese_substring():
    assert _codes(search_green_industries("锅炉")) == ["1.1.1", "1.5.1"]


@pytest.mark.django_db
def test_search_by_english_substring_ignores_case():
    assert _codes(search_green_industries("SPONGE")) == ["5.5", "5.5.1", "5.5.2", "5.5.3"]


@pytest.mark.django_db
def test_search_by_level():
    assert _codes(search_green_industries(level=1)) == ["1", "2", "3", "4", "5", "6"]
    assert _codes(search_green_industries("5.5", level=3)) == ["5.5.1", "5.5.2", "5.5.3", "5.5.4", "5.5.5"]


@pytest.mark.django_db
def test_green_industry_tree_in_three_queries(django_assert_num_queries):
    with django_assert_num_queries(3):
        tree = [
            (industry.code, [(group.code, _codes(group.children.all())) for group in industry.children.all()])
            for industry in green_industry_tree()
        ]

    assert [code for code, _groups in tree] == ["1", "2", "3", "4", "5", "6"]
    assert tree[0][1][0] == ("1.1", [f"1.1.{n}" for n in range(1, 16)])
    assert sum(len(entries) for _code, groups in tree for _group, entries in groups) == 211


# --- API --------------------------------------------------------------------------


@pytest.fixture
def anon():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.django_db
def test_api_green_industries_by_chinese_name(anon):
    response = anon.get("/api/catalogue/green-industries", {"q": "锅炉"})

    assert response.status_code == 200
    assert response.json() == [
        {
            "code": "1.1.1",
            "level": 3,
            "parent": "1.1",
            "name": {"zh-hans": "节能锅炉制造", "en": "Manufacture of energy-saving boilers"},
            "standards": [
                "《锅炉节能技术监督管理规程》（含修改单）（TSGG0002）",
                "《工业锅炉能效限定值及能效等级》（GB24500）",
                "《锅炉大气污染物排放标准》（GB13271）",
                "《火电厂大气污染物排放标准》（GB13223）",
            ],
        },
        {
            "code": "1.5.1",
            "level": 3,
            "parent": "1.5",
            "name": {
                "zh-hans": "锅炉（窑炉）节能改造和能效提升",
                "en": "Energy-saving retrofits and energy efficiency improvement of boilers (kilns and furnaces)",
            },
            "standards": [],
        },
    ]


@pytest.mark.django_db
def test_api_green_industries_level_1_has_no_parent(anon):
    response = anon.get("/api/catalogue/green-industries", {"level": 1, "q": "6"})

    assert response.json() == [
        {
            "code": "6",
            "level": 1,
            "parent": None,
            "name": {"zh-hans": "绿色服务", "en": "Green services"},
            "standards": [],
        },
    ]


@pytest.mark.django_db
def test_api_green_industries_level_out_of_range_is_422(anon):
    response = anon.get("/api/catalogue/green-industries", {"level": 4})

    assert (response.status_code, response.json()["detail"]) == (422, "The request is not valid.")


@pytest.mark.django_db
def test_api_green_industries_query_count_does_not_grow(anon):
    counts = {}
    for q in ("1.1.1", "1"):
        with CaptureQueriesContext(connection) as queries:
            response = anon.get("/api/catalogue/green-industries", {"q": q})
        counts[q] = (len(response.json()), len(queries))

    assert counts["1.1.1"][0] == 1
    assert counts["1"][0] == 1 + 7 + 63
    assert counts["1"][1] == counts["1.1.1"][1]


# --- admin ------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_search_by_english_name_read_only():
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    listing = client.get("/manage/admin/investment/greenindustry/", {"q": "boiler"})
    detail = client.get(f"/manage/admin/investment/greenindustry/{GreenIndustry.objects.get(code='1.1.1').pk}/change/")

    assert listing.status_code == 200
    assert _codes(listing.context["cl"].result_list) == ["1.1.1", "1.5.1"]
    assert "/manage/admin/investment/greenindustry/add/" not in listing.content.decode()
    assert detail.status_code == 200
    assert detail.context["has_change_permission"] is False


def test_model_verbose_name_in_chinese():
    from django.utils import translation

    with translation.override("zh-hans"):
        assert str(GreenIndustry._meta.verbose_name) == "绿色产业目录条目"
