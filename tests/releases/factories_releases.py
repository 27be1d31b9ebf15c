"""Factories of the releases."""

from __future__ import annotations

import datetime as dt
import hashlib

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from ecoforum.core.crypto import blind_index
from ecoforum.releases.enums import ReleaseKind
from ecoforum.releases.models import Endorsement, Release, ReleaseVersion, Topic
from tests.factories import EditionFactory

#: The smallest file the structural check takes as a PDF.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_zh_hans = factory.Sequence(lambda n: f"主题{n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")


class ReleaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Release

    edition = factory.SubFactory(EditionFactory)
    kind = ReleaseKind.REPORT
    slug = factory.Sequence(lambda n: f"release-{n}")
    title = factory.LazyAttribute(lambda r: r.title_zh_hans)
    title_zh_hans = factory.Sequence(lambda n: f"中国气候变化蓝皮书{n}")
    title_en = factory.Sequence(lambda n: f"Blue Book on Climate Change {n}")
    abstract_zh_hans = "摘要。"
    abstract_en = "Abstract."
    released_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    is_published = True


class InitiativeFactory(ReleaseFactory):
    kind = ReleaseKind.INITIATIVE
    endorsements_open = True


class ReleaseVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReleaseVersion

    release = factory.SubFactory(ReleaseFactory)
    number = factory.Sequence(lambda n: f"1.{n}")
    changelog_zh_hans = "首次发布。"
    changelog_en = "First release."
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="v.pdf"))
    file_name = "蓝皮书 v1.0.pdf"
    size = len(PDF_BYTES)
    sha256 = hashlib.sha256(PDF_BYTES).hexdigest()


class EndorsementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Endorsement

    release = factory.SubFactory(InitiativeFactory)
    name = factory.Sequence(lambda n: f"联署人{n}")
    email = factory.Sequence(lambda n: f"signer{n}@example.org")
    email_key = factory.LazyAttribute(lambda e: blind_index(e.email.lower(), "endorsement"))
    confirmed_at = factory.LazyFunction(timezone.now)
