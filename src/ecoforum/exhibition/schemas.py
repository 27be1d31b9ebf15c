"""What the exhibition API returns. Texts in both languages are ``{"zh-hans": …, "en": …}``."""

from __future__ import annotations

from ninja import Field, Schema

from ecoforum.core.i18n import both
from ecoforum.investment.schemas import Text

from .models import Exhibitor


class BoothOut(Schema):
    code: str
    zone: str = Field(description="The zone's code.")
    hall: str = Field(description="The hall's code.")
    status: str = Field(description="reserved or confirmed")


class ExhibitorOut(Schema):
    slug: str
    name: Text
    description: Text
    country: str = Field(description="ISO 3166 code.")
    region: str
    city: str
    website: str
    industries: list[str] = Field(description="Codes of the Green Industry Guidance Catalogue (2019).")
    tags: list[str] = Field(description="global500, china500, leader")
    online: bool
    on_site: bool
    booths: list[BoothOut]


class ExhibitorPage(Schema):
    count: int = Field(description="How many exhibitors match, on all pages.")
    page: int
    pages: int
    items: list[ExhibitorOut]


def exhibitor_out(exhibitor: Exhibitor) -> ExhibitorOut:
    """Built from an exhibitor read by ``queries.exhibitors_of`` (booths and industries prefetched)."""
    tags = [
        tag
        for tag, flag in (
            ("global500", exhibitor.is_fortune_global_500),
            ("china500", exhibitor.is_china_top_500),
            ("leader", exhibitor.is_industry_leader),
        )
        if flag
    ]
    return ExhibitorOut(
        slug=exhibitor.slug,
        name=Text.model_validate(both(exhibitor, "name")),
        description=Text.model_validate(both(exhibitor, "description")),
        country=exhibitor.country,
        region=exhibitor.region,
        city=exhibitor.city,
        website=exhibitor.website,
        industries=[entry.code for entry in exhibitor.industries.all()],
        tags=tags,
        online=exhibitor.exhibits_online,
        on_site=exhibitor.exhibits_on_site,
        booths=[
            BoothOut(code=a.booth.code, zone=a.booth.zone.code, hall=a.booth.zone.hall.code, status=a.status)
            for a in getattr(exhibitor, "holding", [])
        ],
    )
