"""Meals (餐饮): how many of each diet the kitchens cook for each meal.

A :class:`Meal` is served to some guest categories. Its count is the approved
registrations of those categories that come on site, by diet (none, vegetarian,
vegan, halal, other), with the allergy notes listed. :func:`meal_counts` reads
every meal of the edition in four queries whatever the number of meals and guests.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from ecoforum.core.audit import log_action
from ecoforum.forums.models import Edition

from .enums import Attendance, Diet, MealKind, RegistrationStatus
from .hotels import CONTENT_TYPE, workbook_bytes
from .models import GuestCategory, Meal, Registration
from .transport import TransportError, check_time

#: The diets in the order of the tables and bars.
DIETS: list[tuple[str, str]] = [(value, str(label)) for value, label in Diet.choices]


class MealError(Exception):
    def __init__(self, message: Any, *, field: str = "") -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Allergy:
    reference: str
    name: str
    diet: str
    note: str


@dataclass
class MealCount:
    meal: Meal
    categories: list[GuestCategory]
    by_diet: dict[str, int] = field(default_factory=dict)
    allergies: list[Allergy] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.by_diet.values())

    def diets(self) -> list[tuple[str, str, int]]:
        """``(diet, label, count)`` in the order of :data:`DIETS`."""
        return [(value, label, self.by_diet.get(value, 0)) for value, label in DIETS]

    def bar(self, width: int = 300) -> list[dict[str, Any]]:
        """The segments of a stacked bar ``width`` wide: x, width, diet, count (zero counts left out)."""
        total = self.total
        segments = []
        x = 0.0
        for value, label, count in self.diets():
            if not count:
                continue
            w = width * count / total
            segments.append(
                {"x": round(x, 2), "width": round(w, 2), "diet": value or "none", "label": label, "count": count}
            )
            x += w
        return segments


def meals_of(edition: Edition):
    return Meal.objects.filter(edition=edition).prefetch_related("categories").order_by("starts_at", "pk")


def meal_counts(edition: Edition) -> list[MealCount]:
    """Every meal of the edition with its counts by diet and its allergy notes (four queries)."""
    meals = list(meals_of(edition))
    served = Registration.objects.filter(
        edition=edition, status=RegistrationStatus.APPROVED, attendance=Attendance.ON_SITE
    )
    per_category: dict[int, dict[str, int]] = defaultdict(dict)
    for row in served.values("category_id", "diet").annotate(n=Count("pk")).order_by():
        per_category[row["category_id"]][row["diet"] or ""] = row["n"]
    notes: dict[int, list[Allergy]] = defaultdict(list)
    for category_id, reference, name_zh, name_en, diet, note in (
        served.exclude(allergies="")
        .order_by("reference")
        .values_list("category_id", "reference", "person__name_zh_hans", "person__name_en", "diet", "allergies")
    ):
        label = str(Diet(diet or "").label) if diet in Diet.values else diet
        notes[category_id].append(Allergy(reference, name_zh or name_en or "", label, note))
    counts = []
    for meal in meals:
        categories = list(meal.categories.all())
        by_diet: dict[str, int] = dict.fromkeys(Diet.values, 0)
        allergies: list[Allergy] = []
        for category in categories:
            for diet, n in per_category.get(category.pk, {}).items():
                by_diet[diet if diet in by_diet else Diet.OTHER] += n
            allergies.extend(notes.get(category.pk, []))
        allergies.sort(key=lambda a: a.reference)
        counts.append(MealCount(meal, categories, by_diet, allergies))
    return counts


def by_day(edition: Edition, counts: list[MealCount]) -> list[tuple[dt.date, list[MealCount]]]:
    days: dict[dt.date, list[MealCount]] = defaultdict(list)
    for count in counts:
        days[timezone.localtime(count.meal.starts_at, edition.tz).date()].append(count)
    return sorted(days.items())


def create_meal(
    edition: Edition,
    *,
    name_zh_hans: str,
    name_en: str = "",
    kind: str,
    starts_at: dt.datetime,
    venue_zh_hans: str = "",
    venue_en: str = "",
    categories: list[GuestCategory],
    actor: Any = None,
) -> Meal:
    """A meal of the edition (within its days, or the eve and the day after) served to some categories."""
    if not (name_zh_hans.strip() or name_en.strip()):
        raise MealError(_("A meal needs a name."), field="name_zh_hans")
    if kind not in MealKind.values:
        raise MealError(_("%(kind)s is not a kind of meal.") % {"kind": kind}, field="kind")
    try:
        check_time(edition, starts_at, field="starts_at")
    except TransportError as exc:
        raise MealError(exc.message, field="starts_at") from exc
    other = next((c for c in categories if c.edition_id != edition.pk), None)
    if other is not None:
        raise MealError(_("%(category)s is a category of another edition.") % {"category": other}, field="categories")
    with transaction.atomic(durable=True):
        meal = Meal.objects.create(
            edition=edition,
            name=name_zh_hans.strip() or name_en.strip(),
            name_zh_hans=name_zh_hans.strip() or name_en.strip(),
            name_en=name_en.strip() or name_zh_hans.strip(),
            kind=kind,
            starts_at=starts_at,
            venue=venue_zh_hans.strip() or venue_en.strip(),
            venue_zh_hans=venue_zh_hans.strip() or venue_en.strip(),
            venue_en=venue_en.strip() or venue_zh_hans.strip(),
        )
        meal.categories.set(categories)
        log_action(
            meal,
            "services.meal.created",
            actor=actor,
            data={"kind": kind, "starts_at": starts_at, "categories": [c.code for c in categories]},
        )
    return meal


class KitchenWorkbook:
    """The meals of the edition with counts by diet and the allergy notes, for the kitchens (.xlsx)."""

    identifier = "meals-xlsx"
    content_type = CONTENT_TYPE
    public = False

    def __init__(self, edition: Edition) -> None:
        self.edition = edition

    @property
    def filename(self) -> str:
        return f"{_('Meals')} {self.edition.slug}.xlsx"

    def render(self, counts: list[MealCount]) -> bytes:
        tz = self.edition.tz
        header = [_("Time"), _("Meal"), _("Kind"), _("Where"), _("Served to")]
        header += [label for _value, label in DIETS] + [_("Total"), _("Allergies and notes on food")]
        rows = []
        for count in counts:
            meal = count.meal
            rows.append(
                [
                    timezone.localtime(meal.starts_at, tz).strftime("%Y-%m-%d %H:%M"),
                    meal.name,
                    meal.get_kind_display(),
                    meal.venue,
                    "、".join(c.name for c in count.categories),
                    *(n for _v, _label, n in count.diets()),
                    count.total,
                    "\n".join(f"{a.reference} {a.name}: {a.note}" for a in count.allergies),
                ]
            )
        widths = [17, 22, 10, 22, 28] + [10] * len(DIETS) + [8, 50]
        return workbook_bytes(_("Meals"), header, rows, widths, heading=f"{self.edition} · {_('Meals')}")
