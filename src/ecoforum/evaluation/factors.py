"""Emission factors of the carbon footprint (碳排放因子), each with its unit and the source it comes from.

Every factor is a named constant with its value, its unit and where it was published
(publisher, document, year, table and row), so that the page shows the source beside
the number and a reader can check it. Where a value could not be checked against the
published table while this was written, the source says so instead of claiming a
precision nobody verified. Values are ``Decimal`` (kg CO₂e per unit).

Distances are great-circle distances between the guest's city and the venue's city
(``haversine``); a flight's distance is raised by :data:`FLIGHT_DISTANCE_UPLIFT` for
routes that are not straight, holding patterns and delays, as DESNZ/DEFRA do.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Factor:
    """An emission factor: ``value`` kg CO₂e per ``unit``, from ``source``."""

    code: str
    label: str | Promise
    value: Decimal
    unit: str | Promise
    source: str | Promise


DESNZ_2023 = (
    "UK Department for Energy Security and Net Zero (DESNZ) and DEFRA, “Greenhouse gas reporting: "
    "conversion factors 2023”, full set"
)
UNCHECKED = _("value as transcribed from the table; not re-checked against the published spreadsheet")

FLIGHT_SHORT_HAUL = Factor(
    "flight_short_haul",
    _("Flight, short haul (under 3,700 km), economy, with radiative forcing"),
    Decimal("0.15102"),
    _("passenger-km"),
    format_lazy(
        _(
            "{doc}, sheet “Business travel – air”, row “Short-haul, to/from UK, Economy class”, "
            "column kg CO₂e with radiative forcing ({note})."
        ),
        doc=DESNZ_2023,
        note=UNCHECKED,
    ),
)
FLIGHT_LONG_HAUL = Factor(
    "flight_long_haul",
    _("Flight, long haul (3,700 km and more), economy, with radiative forcing"),
    Decimal("0.14787"),
    _("passenger-km"),
    format_lazy(
        _(
            "{doc}, sheet “Business travel – air”, row “Long-haul, to/from UK, Economy class”, "
            "column kg CO₂e with radiative forcing ({note})."
        ),
        doc=DESNZ_2023,
        note=UNCHECKED,
    ),
)
TRAIN = Factor(
    "train",
    _("Train (national rail)"),
    Decimal("0.03549"),
    _("passenger-km"),
    format_lazy(
        _("{doc}, sheet “Business travel – land”, row “Rail, National rail”, column kg CO₂e ({note})."),
        doc=DESNZ_2023,
        note=UNCHECKED,
    ),
)
CAR = Factor(
    "car",
    _("Car, average size, unknown fuel (one traveller a car)"),
    Decimal("0.16844"),
    _("passenger-km"),
    format_lazy(
        _(
            "{doc}, sheet “Business travel – land”, row “Cars (by size), Average car, Unknown fuel”, "
            "column kg CO₂e per km ({note})."
        ),
        doc=DESNZ_2023,
        note=UNCHECKED,
    ),
)
HOTEL_NIGHT = Factor(
    "hotel_night",
    _("Hotel stay in China"),
    Decimal("53.5"),
    _("room-night"),
    format_lazy(
        _(
            "{doc}, sheet “Hotel stay”, row “China”, kg CO₂e per room per night "
            "(from the Cornell Hotel Sustainability Benchmarking Index; {note})."
        ),
        doc=DESNZ_2023,
        note=UNCHECKED,
    ),
)
MEAL = Factor(
    "meal",
    _("Meal served"),
    Decimal("1.88"),
    _("meal"),
    _(
        "Scarborough P. et al., “Dietary greenhouse gas emissions of meat-eaters, fish-eaters, vegetarians "
        "and vegans in the UK”, Climatic Change 125 (2014) 179–192, Table 3: medium meat-eaters "
        "5.63 kg CO₂e per 2,000 kcal a day, divided by three meals a day."
    ),
)
ELECTRICITY = Factor(
    "electricity",
    _("Venue electricity (national grid average)"),
    Decimal("0.5703"),
    _("kWh"),
    _(
        "Ministry of Ecology and Environment of the PRC and National Bureau of Statistics, national average "
        "CO₂ emission factor of electricity for 2022, 0.5703 kg CO₂/kWh (announcement published in 2024)."
    ),
)
NATURAL_GAS = Factor(
    "natural_gas",
    _("Venue natural gas"),
    Decimal("2.162"),
    _("m³"),
    _(
        "National Development and Reform Commission, 《公共建筑运营单位（企业）温室气体排放核算方法和报告指南（试行）》"
        " (2015), Appendix default values for natural gas: net calorific value 389.31 GJ per 10⁴ Nm³, carbon "
        "content 15.3 t C/TJ, oxidation rate 99 %: 0.038931 GJ/m³ × 15.3 kg C/GJ × 44/12 × 0.99 "
        "= 2.162 kg CO₂/m³ (consistent with IPCC 2006 Guidelines, Vol. 2, Table 2.2, 56,100 kg CO₂/TJ)."
    ),
)

#: Every factor, in the order the page lists them.
FACTORS: list[Factor] = [
    FLIGHT_SHORT_HAUL,
    FLIGHT_LONG_HAUL,
    TRAIN,
    CAR,
    HOTEL_NIGHT,
    MEAL,
    ELECTRICITY,
    NATURAL_GAS,
]

#: Great-circle distance raised by 8 % for a flight (indirect routes, holding, delays).
FLIGHT_DISTANCE_UPLIFT = Decimal("1.08")
FLIGHT_UPLIFT_SOURCE = _(
    "DESNZ/DEFRA, “Greenhouse gas reporting: conversion factors 2023 — methodology paper”, section on air "
    "travel: great-circle distances raised by 8 per cent."
)
#: A flight shorter than this (great-circle km) is short haul; DESNZ/DEFRA's band limit.
LONG_HAUL_FROM_KM = Decimal(3700)
#: Without a travel leg, the mode is assumed from the distance: under CAR_UNDER_KM by car,
#: under TRAIN_UNDER_KM by train, else by air.
CAR_UNDER_KM = Decimal(300)
TRAIN_UNDER_KM = Decimal(1000)


def flight_factor(distance_km: Decimal) -> Factor:
    """The flight factor of a great-circle distance's band."""
    return FLIGHT_LONG_HAUL if distance_km >= LONG_HAUL_FROM_KM else FLIGHT_SHORT_HAUL
