"""factory_boy factories for every model the tests build."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from ecoforum.forums.models import CommitteeMember, Edition, Forum
from ecoforum.people.models import ExpertProfile, Organization, Person
from ecoforum.program.models import Room, Section, Session, SessionPerson, ThemeForum, Venue


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum
        django_get_or_create = ("slug",)

    slug = "efg"
    name_zh_hans = "生态文明贵阳国际论坛"
    name_en = "Eco Forum Global Guiyang"
    short_name_zh_hans = "生态文明论坛"
    short_name_en = "Eco Forum Global"


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    forum = factory.SubFactory(ForumFactory)
    year = factory.Sequence(lambda n: 2023 + n)
    slug = factory.LazyAttribute(lambda e: str(e.year))
    name_zh_hans = factory.LazyAttribute(lambda e: f"{e.year}年生态文明贵阳国际论坛")
    name_en = factory.LazyAttribute(lambda e: f"Eco Forum Global Guiyang {e.year}")
    theme_zh_hans = "共谋人与自然和谐共生现代化"
    theme_en = "Modernization of harmony between humanity and nature"
    city_zh_hans = "贵阳"
    city_en = "Guiyang"
    start_date = factory.LazyAttribute(lambda e: dt.date(e.year, 7, 8))
    end_date = factory.LazyAttribute(lambda e: dt.date(e.year, 7, 9))
    time_zone = "Asia/Shanghai"
    is_public = True


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMember

    edition = factory.SubFactory(EditionFactory)
    user = factory.SubFactory(UserFactory)
    role = "organizer"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name_zh_hans = factory.Sequence(lambda n: f"示例机构{n}")
    name_en = factory.Sequence(lambda n: f"Example Organization {n}")
    kind = "research"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    slug = factory.Sequence(lambda n: f"person-{n}")
    name_zh_hans = factory.Sequence(lambda n: f"张{n}")
    name_en = factory.Sequence(lambda n: f"Zhang {n}")
    organization = factory.SubFactory(OrganizationFactory)
    position_zh_hans = "研究员"
    position_en = "Research fellow"
    is_demo = True


class ExpertProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertProfile

    person = factory.SubFactory(PersonFactory)
    academy = "cae"
    title_zh_hans = "中国工程院院士"
    title_en = "Academician of the Chinese Academy of Engineering"


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    edition = factory.SubFactory(EditionFactory)
    name_zh_hans = "贵阳国际生态会议中心"
    name_en = "Guiyang International Eco-Conference Center"


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    venue = factory.SubFactory(VenueFactory)
    name_zh_hans = factory.Sequence(lambda n: f"会议室{n}")
    name_en = factory.Sequence(lambda n: f"Room {n}")
    capacity = 200
    order = factory.Sequence(lambda n: n)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    edition = factory.SubFactory(EditionFactory)
    slug = factory.Sequence(lambda n: f"section-{n}")
    name_zh_hans = "绿色低碳发展"
    name_en = "Green and low-carbon development"
    order = factory.Sequence(lambda n: n)


class ThemeForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThemeForum

    edition = factory.SubFactory(EditionFactory)
    section = factory.SubFactory(SectionFactory, edition=factory.SelfAttribute("..edition"))
    slug = factory.Sequence(lambda n: f"forum-{n}")
    title_zh_hans = factory.Sequence(lambda n: f"主题论坛{n}")
    title_en = factory.Sequence(lambda n: f"Theme forum {n}")
    order = factory.Sequence(lambda n: n)


class SessionFactory(factory.django.DjangoModelFactory):
    """A bare session row; tests that schedule use the services instead."""

    class Meta:
        model = Session

    edition = factory.SubFactory(EditionFactory)
    code = factory.Sequence(lambda n: f"S{n:03d}")
    title_zh_hans = factory.Sequence(lambda n: f"会议{n}")
    title_en = factory.Sequence(lambda n: f"Session {n}")
    kind = "forum"


class SessionPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionPerson

    session = factory.SubFactory(SessionFactory)
    person = factory.SubFactory(PersonFactory)
    role = "speaker"
