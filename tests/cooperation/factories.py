"""factory_boy factories for international cooperation."""

from __future__ import annotations

import factory

from ecoforum.cooperation.models import Agreement, Delegation, Partner

from ..factories import EditionFactory, ForumFactory, OrganizationFactory


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    forum = factory.SubFactory(ForumFactory)
    organization = factory.SubFactory(OrganizationFactory, country="FR")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    kind = "international"
    country = "FR"
    description_zh_hans = "国际合作伙伴"
    description_en = "An international partner"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    #: the forum of the edition where it was signed, else the default forum
    forum = factory.LazyAttribute(lambda a: a.edition.forum if a.edition else ForumFactory())
    edition = None
    slug = factory.Sequence(lambda n: f"mou-{n}")
    title_zh_hans = factory.Sequence(lambda n: f"生态合作备忘录{n}")
    title_en = factory.Sequence(lambda n: f"Memorandum on ecological cooperation {n}")
    status = "negotiating"

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create:
            self.partners.set(extracted if extracted is not None else [PartnerFactory(forum=self.forum)])


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    edition = factory.SubFactory(EditionFactory)
    country = "KE"
    name_zh_hans = "肯尼亚代表团"
    name_en = "Delegation of Kenya"
