"""Factories of the think tank and the exchange platform."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from ecoforum.people.models import AdvisoryInput, ContactRequest, DirectoryEntry, ExpertField, Invitation
from ecoforum.releases.models import Release, ReleaseAuthor

from ..factories import EditionFactory, ExpertProfileFactory, PersonFactory, UserFactory


class ExpertFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertField

    name_zh_hans = factory.Sequence(lambda n: f"领域{n}")
    name_en = factory.Sequence(lambda n: f"Field {n}")


class ExpertWithUserFactory(ExpertProfileFactory):
    """An expert whose person can log in."""

    person = factory.SubFactory(PersonFactory, user=factory.SubFactory(UserFactory))


class AdvisoryInputFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdvisoryInput

    person = factory.SubFactory(PersonFactory)
    edition = factory.SubFactory(EditionFactory)
    title_zh_hans = factory.Sequence(lambda n: f"建议议题{n}")
    title_en = factory.Sequence(lambda n: f"Proposed topic {n}")
    text_zh_hans = "详细说明"
    text_en = "Details"


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    edition = factory.SubFactory(EditionFactory)
    person = factory.SubFactory(PersonFactory)
    role = "expert"


class ParticipantFactory(PersonFactory):
    """A person with a user account and an e-mail address."""

    user = factory.SubFactory(UserFactory)
    email = factory.Sequence(lambda n: f"participant{n}@example.org")
    country = "CN"


def take_part(person, edition) -> Invitation:
    """Make ``person`` a participant of ``edition`` by an accepted invitation."""
    return InvitationFactory(edition=edition, person=person, role="guest", status="accepted")


class DirectoryEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DirectoryEntry

    person = factory.SubFactory(ParticipantFactory)
    edition = factory.SubFactory(EditionFactory)
    headline_zh_hans = factory.Sequence(lambda n: f"生态修复{n}")
    headline_en = factory.Sequence(lambda n: f"Ecological restoration {n}")
    looking_for_zh_hans = "合作伙伴"
    looking_for_en = "Partners"


class ContactRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactRequest

    edition = factory.SubFactory(EditionFactory)
    sender = factory.SubFactory(ParticipantFactory)
    recipient = factory.SubFactory(ParticipantFactory)
    message = "你好"


class ReleaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Release

    edition = factory.SubFactory(EditionFactory)
    kind = "report"
    slug = factory.Sequence(lambda n: f"release-{n}")
    title_zh_hans = factory.Sequence(lambda n: f"报告{n}")
    title_en = factory.Sequence(lambda n: f"Report {n}")
    released_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    is_published = True


def author(release, person, order: int = 0) -> ReleaseAuthor:
    return ReleaseAuthor.objects.create(release=release, person=person, order=order)
