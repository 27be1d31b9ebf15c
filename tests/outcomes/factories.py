"""factory_boy factories for outcomes; tests of the rules build outcomes through the services."""

from __future__ import annotations

import datetime as dt

import factory

from ecoforum.outcomes.models import Evidence, Outcome, Stage

from ..factories import EditionFactory, OrganizationFactory


class OutcomeFactory(factory.django.DjangoModelFactory):
    """A bare initiative outcome (no signing, no stages)."""

    class Meta:
        model = Outcome

    edition = factory.SubFactory(EditionFactory)
    code = factory.Sequence(lambda n: f"CG-X-{n:03d}")
    kind = "initiative"
    title_zh_hans = factory.Sequence(lambda n: f"成果{n}")
    title_en = factory.Sequence(lambda n: f"Outcome {n}")
    responsible_unit = factory.SubFactory(OrganizationFactory)


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stage

    outcome = factory.SubFactory(OutcomeFactory)
    kind = "milestone"
    title_zh_hans = factory.Sequence(lambda n: f"节点{n}")
    title_en = factory.Sequence(lambda n: f"Milestone {n}")
    order = factory.Sequence(lambda n: n + 1)
    planned_on = dt.date(2024, 6, 30)


class LinkEvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    outcome = factory.SubFactory(OutcomeFactory)
    kind = "link"
    title = "新闻报道"
    url = "https://example.org/news/1"
