"""The editions the API serves (the program of each lives under ``/api/editions/<slug>/program/``)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from ecoforum.forums import queries as forum_queries
from ecoforum.forums.models import Edition
from ecoforum.program.schemas import Text

router = Router(tags=["editions"], by_alias=True)


class ForumRef(Schema):
    slug: str
    name: Text


class EditionOut(Schema):
    slug: str
    year: int
    name: Text
    theme: Text
    city: Text
    forum: ForumRef
    start_date: dt.date
    end_date: dt.date
    time_zone: str
    is_hybrid: bool


def edition_out(edition: Edition) -> EditionOut:
    return EditionOut(
        slug=edition.slug,
        year=edition.year,
        name=Text.of(edition, "name"),
        theme=Text.of(edition, "theme"),
        city=Text.of(edition, "city"),
        forum=ForumRef(slug=edition.forum.slug, name=Text.of(edition.forum, "name")),
        start_date=edition.start_date,
        end_date=edition.end_date,
        time_zone=edition.time_zone,
        is_hybrid=edition.is_hybrid,
    )


@router.get("/", response={200: list[EditionOut]}, auth=None, summary="Published editions, newest first")
def list_editions(request: HttpRequest):
    return [edition_out(edition) for edition in forum_queries.public_editions().order_by("-start_date", "-pk")]
