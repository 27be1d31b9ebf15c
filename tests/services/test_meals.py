"""Meals: counts per meal by diet for the categories served, allergy notes, the kitchen's workbook."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from ecoforum.core.models import AuditEntry
from ecoforum.services import meals
from ecoforum.services.enums import Attendance, Diet, MealKind, RegistrationStatus
from ecoforum.services.meals import MealError

from ..factories import PersonFactory
from .factories import GuestCategoryFactory, MealFactory, RegistrationFactory, RegistrationFormFactory, edition_day

pytestmark = pytest.mark.django_db


def guests(edition, category, *diets, status=RegistrationStatus.APPROVED, **kwargs):
    form = RegistrationFormFactory(edition=edition, category=category)
    return [RegistrationFactory(edition=edition, form=form, diet=diet, status=status, **kwargs) for diet in diets]


@pytest.fixture
def speakers(edition):
    return GuestCategoryFactory(edition=edition, code="speaker", name_zh_hans="演讲嘉宾", name_en="Speakers")


@pytest.fixture
def media(edition):
    return GuestCategoryFactory(edition=edition, code="media", name_zh_hans="媒体", name_en="Media")


def test_meal_counts_by_diet_for_the_categories_served(edition, speakers, media):
    guests(edition, speakers, Diet.NONE, Diet.HALAL, Diet.VEGETARIAN, Diet.VEGETARIAN)
    guests(edition, media, Diet.NONE, Diet.VEGAN)
    guests(edition, speakers, Diet.HALAL, status=RegistrationStatus.PENDING)
    guests(edition, speakers, Diet.HALAL, status=RegistrationStatus.CANCELLED)
    lunch = MealFactory(edition=edition)
    lunch.categories.set([speakers, media])
    banquet = MealFactory(edition=edition, kind=MealKind.BANQUET, starts_at=edition_day(edition, 0, 19))
    banquet.categories.set([speakers])

    counts = meals.meal_counts(edition)

    assert [(c.meal, c.by_diet, c.total) for c in counts] == [
        (lunch, {"": 2, "vegetarian": 2, "vegan": 1, "halal": 1, "other": 0}, 6),
        (banquet, {"": 1, "vegetarian": 2, "vegan": 0, "halal": 1, "other": 0}, 4),
    ]


def test_meal_counts_leave_out_online_guests(edition):
    online = GuestCategoryFactory(edition=edition, attendance=Attendance.ONLINE)
    guests(edition, online, Diet.HALAL)
    meal = MealFactory(edition=edition)
    meal.categories.set([online])

    assert meals.meal_counts(edition)[0].total == 0


def test_meal_counts_list_allergy_notes(edition, speakers):
    guests(edition, speakers, Diet.OTHER, allergies="花生过敏", person=PersonFactory(name_zh_hans="周杰"))
    meal = MealFactory(edition=edition)
    meal.categories.set([speakers])

    [count] = meals.meal_counts(edition)

    assert [(a.name, a.note) for a in count.allergies] == [("周杰", "花生过敏")]


@pytest.mark.parametrize("size", [1, 4])
def test_meal_counts_take_four_queries_whatever_the_size(edition, django_assert_num_queries, size):
    for _ in range(size):
        category = GuestCategoryFactory(edition=edition)
        guests(edition, category, Diet.HALAL, Diet.NONE, allergies="no nuts")
        meal = MealFactory(edition=edition)
        meal.categories.set([category])

    with django_assert_num_queries(4):
        counts = meals.meal_counts(edition)

    assert [c.total for c in counts] == [2] * size


def test_bar_segments_add_up_to_the_width(edition, speakers):
    guests(edition, speakers, Diet.NONE, Diet.NONE, Diet.HALAL, Diet.VEGETARIAN)
    meal = MealFactory(edition=edition)
    meal.categories.set([speakers])

    bar = meals.meal_counts(edition)[0].bar(400)

    assert [(s["diet"], s["x"], s["width"]) for s in bar] == [
        ("none", 0, 200.0),
        ("vegetarian", 200.0, 100.0),
        ("halal", 300.0, 100.0),
    ]


def test_kitchen_workbook_has_chinese_names_and_counts(edition, speakers):
    guests(edition, speakers, Diet.HALAL, Diet.NONE, allergies="海鲜过敏")
    meal = MealFactory(
        edition=edition, name_zh_hans="欢迎晚宴", name_en="Welcome dinner", starts_at=edition_day(edition, 0, 19)
    )
    meal.categories.set([speakers])

    data = meals.KitchenWorkbook(edition).render(meals.meal_counts(edition))

    values = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    row = values[2]
    assert row[:5] == ("2023-07-08 19:00", "欢迎晚宴", str(MealKind.LUNCH.label), "国际生态会议中心", "演讲嘉宾")
    assert row[5:11] == (1, 0, 0, 1, 0, 2)
    assert "海鲜过敏" in row[11]


def test_create_meal_outside_the_window_is_refused(edition, speakers, english):
    with pytest.raises(MealError, match="The time 2023-07-13 12:00 is outside the travel days"):
        meals.create_meal(
            edition, name_zh_hans="午餐", kind=MealKind.LUNCH, starts_at=edition_day(edition, 5, 12), categories=[]
        )


def test_create_meal_serves_categories_and_is_audited(edition, speakers, organizer):
    meal = meals.create_meal(
        edition,
        name_zh_hans="工作午餐",
        name_en="Working lunch",
        kind=MealKind.LUNCH,
        starts_at=edition_day(edition, 1, 12),
        categories=[speakers],
        actor=organizer,
    )

    assert list(meal.categories.all()) == [speakers]
    assert AuditEntry.objects.get(action="services.meal.created").actor == organizer


def test_create_meal_for_a_category_of_another_edition_is_refused(edition, english):
    with pytest.raises(MealError, match="is a category of another edition"):
        meals.create_meal(
            edition,
            name_zh_hans="午餐",
            kind=MealKind.LUNCH,
            starts_at=edition_day(edition, 0, 12),
            categories=[GuestCategoryFactory()],
        )
