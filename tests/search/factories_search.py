"""Factories for the search tests: releases and practice cases (their own areas may add richer ones)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from ecoforum.exhibition.models import PracticeCase
from ecoforum.program.models import ProgramRelease, SessionSlot
from ecoforum.releases.models import Release

from ..factories import EditionFactory, SessionFactory


class ReleaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Release

    edition = factory.SubFactory(EditionFactory)
    kind = "report"
    slug = factory.Sequence(lambda n: f"release-{n}")
    title_zh_hans = factory.Sequence(lambda n: f"发布成果{n}")
    title_en = factory.Sequence(lambda n: f"Release {n}")
    released_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    is_published = True


class PracticeCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeCase

    slug = factory.Sequence(lambda n: f"case-{n}")
    title_zh_hans = factory.Sequence(lambda n: f"实践案例{n}")
    title_en = factory.Sequence(lambda n: f"Practice case {n}")
    is_public = True


def published_session(edition, room, **kwargs):
    """A session scheduled in the edition's published program (version 1.0)."""
    session = SessionFactory(edition=edition, **kwargs)
    release = ProgramRelease.objects.filter(edition=edition, version="1.0").first()
    if release is None:
        release = ProgramRelease.objects.create(edition=edition, version="1.0", published_at=timezone.now())
    start = dt.datetime(edition.year, 7, 8, 9, tzinfo=dt.UTC) + dt.timedelta(hours=session.pk % 8)
    SessionSlot.objects.create(
        release=release, session=session, room=room, start=start, end=start + dt.timedelta(hours=1)
    )
    return session
