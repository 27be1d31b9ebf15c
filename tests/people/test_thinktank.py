"""The think tank's registry, an expert's record, and experts' proposals (public side)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ecoforum.core.models import AuditEntry
from ecoforum.people import thinktank
from ecoforum.people.models import AdvisoryInput
from ecoforum.people.thinktank import AdviceError

from ..factories import EditionFactory, ExpertProfileFactory, PersonFactory, SessionFactory, SessionPersonFactory
from .factories_thinktank import (
    AdvisoryInputFactory,
    ExpertFieldFactory,
    ExpertWithUserFactory,
    ReleaseFactory,
    author,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def coming():
    return EditionFactory(year=timezone.localdate().year + 1)


def _expert(name_zh="王院士", name_en="Wang Academician", **kwargs):
    return ExpertProfileFactory(person=PersonFactory(name_zh_hans=name_zh, name_en=name_en), **kwargs)


# --- the registry ------------------------------------------------------------


def test_registry_filters_by_field_academy_and_name_in_either_language():
    karst = ExpertFieldFactory(name_zh_hans="喀斯特生态", name_en="Karst ecology")
    wang = _expert("王院士", "Wang Lin", academy="cae")
    wang.fields.add(karst)
    li = _expert("李教授", "Li Mei", academy="")
    chen = _expert("陈院士", "Chen Hua", academy="cas")

    assert list(thinktank.expert_registry(field_id=karst.pk)) == [wang]
    assert list(thinktank.expert_registry(academy="cas")) == [chen]
    assert list(thinktank.expert_registry(text="Li M")) == [li]
    assert list(thinktank.expert_registry(text="王")) == [wang]


def test_registry_page_lists_experts_in_english(client):
    _expert("王院士", "Wang Lin", academy="cae")
    response = client.get(reverse("thinktank:experts"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wang Lin" in html
    assert "Expert registry" in html
    assert "Academician of the Chinese Academy of Engineering" in html


def test_registry_page_shows_chinese_by_default(client):
    _expert("王院士", "Wang Lin")
    html = client.get(reverse("thinktank:experts")).content.decode()
    assert "王院士" in html
    assert "Wang Lin" not in html


def test_registry_page_filter_by_unknown_field_shows_everyone_without_error(client):
    _expert()
    response = client.get(reverse("thinktank:experts") + "?field=999999&academy=nonsense")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1


@pytest.mark.parametrize("size", [1, 3])
def test_registry_page_queries_do_not_grow(client, django_assert_max_num_queries, size):
    for n in range(size):
        profile = _expert(f"专家{n}", f"Expert {n}")
        profile.fields.add(ExpertFieldFactory())
    with django_assert_max_num_queries(6):
        response = client.get(reverse("thinktank:experts"))
    assert len(response.context["experts"]) == size


# --- an expert's record ------------------------------------------------------------


def test_expert_page_shows_editions_sessions_public_releases_and_adopted_advice(client):
    profile = _expert("王院士", "Wang Lin")
    person = profile.person
    e2023 = EditionFactory(year=2023)
    hidden = EditionFactory(year=2019, is_public=False)
    session = SessionFactory(edition=e2023, title_zh_hans="开幕式", title_en="Opening ceremony")
    SessionPersonFactory(session=session, person=person)
    SessionPersonFactory(session=SessionFactory(edition=hidden, title_en="Secret meeting"), person=person)
    public = ReleaseFactory(edition=e2023, title_en="Green Guizhou report")
    draft = ReleaseFactory(edition=e2023, title_en="Draft report", is_published=False)
    future = ReleaseFactory(
        edition=e2023, title_en="Embargoed report", released_at=timezone.now() + dt.timedelta(days=2)
    )
    for release in (public, draft, future):
        author(release, person)
    AdvisoryInputFactory(person=person, edition=e2023, title_en="Mekong governments", status="adopted")
    AdvisoryInputFactory(person=person, edition=e2023, title_en="Still thinking", status="considering")

    response = client.get(reverse("thinktank:expert", kwargs={"slug": person.slug}), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    record = response.context["record"]
    assert [a.edition for a in record.editions] == [e2023]
    assert [r.session for r in record.editions[0].roles] == [session]
    assert record.releases == [public]
    assert [a.title_en for a in record.adopted_advice] == ["Mekong governments"]
    html = response.content.decode()
    assert "Opening ceremony" in html
    assert reverse("program:session", kwargs={"edition": "2023", "pk": session.pk}) in html
    assert reverse("releases:release", kwargs={"edition": "2023", "slug": public.slug}) in html
    assert "Secret meeting" not in html
    assert "Draft report" not in html
    assert "Embargoed report" not in html
    assert "Still thinking" not in html


def test_expert_page_of_unknown_or_non_expert_is_404(client):
    plain = PersonFactory()
    assert client.get(reverse("thinktank:expert", kwargs={"slug": "nobody"})).status_code == 404
    assert client.get(reverse("thinktank:expert", kwargs={"slug": plain.slug})).status_code == 404


@pytest.mark.parametrize("size", [1, 3])
def test_expert_page_queries_do_not_grow(client, django_assert_max_num_queries, size):
    profile = _expert()
    profile.fields.add(ExpertFieldFactory())
    for n in range(size):
        edition = EditionFactory(year=2000 + n)
        SessionPersonFactory(session=SessionFactory(edition=edition), person=profile.person)
        author(ReleaseFactory(edition=edition), profile.person)
        AdvisoryInputFactory(person=profile.person, edition=edition, status="adopted")
    with django_assert_max_num_queries(6):
        response = client.get(reverse("thinktank:expert", kwargs={"slug": profile.person.slug}))
    assert len(response.context["record"].editions) == size
    assert len(response.context["record"].releases) == size


# --- advisory input: services -----------------------------------------------------


def test_propose_advice_records_both_languages_and_audits(coming):
    profile = ExpertWithUserFactory()
    advice = thinktank.propose_advice(
        profile.person,
        coming,
        actor=profile.person.user,
        title_zh_hans="澜湄合作",
        title_en="Mekong cooperation",
        text_en="Invite local governments",
    )
    assert (advice.title_zh_hans, advice.title_en, advice.status) == ("澜湄合作", "Mekong cooperation", "received")
    entry = AuditEntry.objects.get(action="people.advice.proposed")
    assert (entry.object_id, entry.actor) == (str(advice.pk), profile.person.user)


def test_propose_advice_with_only_an_english_title_is_accepted(coming):
    profile = ExpertWithUserFactory()
    advice = thinktank.propose_advice(profile.person, coming, actor=None, title_en="Only English")
    assert advice.title_en == "Only English"


def test_propose_advice_without_title_is_refused(coming, english):
    profile = ExpertWithUserFactory()
    with pytest.raises(AdviceError) as exc:
        thinktank.propose_advice(profile.person, coming, actor=None, text_en="no title")
    assert str(exc.value.message) == "Give the proposal a title, in Chinese or in English."
    assert AdvisoryInput.objects.count() == 0


def test_propose_advice_for_an_edition_that_is_over_is_refused(english):
    past = EditionFactory(year=2015)
    profile = ExpertWithUserFactory()
    with pytest.raises(AdviceError) as exc:
        thinktank.propose_advice(profile.person, past, actor=None, title_en="Late")
    assert str(exc.value.message) == f"{past} is over; proposals go to a coming edition."
    assert AdvisoryInput.objects.count() == 0


def test_propose_advice_by_someone_not_an_expert_is_refused(coming):
    with pytest.raises(AdviceError):
        thinktank.propose_advice(PersonFactory(), coming, actor=None, title_en="x")
    assert AdvisoryInput.objects.count() == 0


def test_change_advice_after_an_answer_is_refused(coming):
    advice = AdvisoryInputFactory(edition=coming, status="adopted", title_en="Kept")
    with pytest.raises(AdviceError):
        thinktank.change_advice(advice, actor=None, title_en="Changed")
    advice.refresh_from_db()
    assert advice.title_en == "Kept"


def test_answer_advice_sets_status_answer_and_date_and_audits(coming, organizer):
    advice = AdvisoryInputFactory(edition=coming)
    thinktank.answer_advice(advice, actor=organizer, status="adopted", response_zh_hans="采纳", response_en="Adopted")
    advice.refresh_from_db()
    assert (advice.status, advice.response_zh_hans, advice.response_en) == ("adopted", "采纳", "Adopted")
    assert advice.answered_at is not None
    entry = AuditEntry.objects.get(action="people.advice.answered")
    assert entry.data["status"] == ["received", "adopted"]


def test_answer_advice_with_an_unknown_status_changes_nothing(coming):
    advice = AdvisoryInputFactory(edition=coming)
    with pytest.raises(AdviceError):
        thinktank.answer_advice(advice, actor=None, status="maybe")
    advice.refresh_from_db()
    assert advice.status == "received"
    assert AuditEntry.objects.count() == 0


# --- advisory input: the expert's pages --------------------------------------------


def test_expert_proposes_through_the_page_and_sees_it(client, coming):
    profile = ExpertWithUserFactory()
    client.force_login(profile.person.user)
    response = client.post(
        reverse("thinktank:advice"),
        {"edition": coming.pk, "title_zh_hans": "乡村振兴", "title_en": "Rural revitalization", "text_en": "Why"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert response.status_code == 200
    advice = AdvisoryInput.objects.get()
    assert (advice.person, advice.edition, advice.title_en) == (profile.person, coming, "Rural revitalization")
    assert "Rural revitalization" in response.content.decode()


def test_advice_page_without_a_title_says_so_and_saves_nothing(client, coming):
    profile = ExpertWithUserFactory()
    client.force_login(profile.person.user)
    response = client.post(reverse("thinktank:advice"), {"edition": coming.pk}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Give the proposal a title, in Chinese or in English." in response.content.decode()
    assert AdvisoryInput.objects.count() == 0


def test_advice_page_for_a_past_edition_is_refused(client, coming):
    past = EditionFactory(year=2016)
    profile = ExpertWithUserFactory()
    client.force_login(profile.person.user)
    response = client.post(reverse("thinktank:advice"), {"edition": past.pk, "title_en": "x"})
    assert response.status_code == 400
    assert AdvisoryInput.objects.count() == 0


def test_advice_page_shows_the_organizers_answer(client, coming):
    profile = ExpertWithUserFactory()
    AdvisoryInputFactory(person=profile.person, edition=coming, status="declined", response_en="Not this year")
    client.force_login(profile.person.user)
    html = client.get(reverse("thinktank:advice"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Not this year" in html
    assert "Not taken up" in html


def test_advice_page_for_a_user_who_is_not_an_expert_is_404(client, django_user_model):
    user = django_user_model.objects.create_user("plain", password="x")
    client.force_login(user)
    assert client.get(reverse("thinktank:advice")).status_code == 404


def test_advice_page_needs_a_login(client):
    response = client.get(reverse("thinktank:advice"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_expert_changes_own_proposal(client, coming):
    profile = ExpertWithUserFactory()
    advice = AdvisoryInputFactory(person=profile.person, edition=coming)
    client.force_login(profile.person.user)
    response = client.post(
        reverse("thinktank:advice_edit", kwargs={"pk": advice.pk}), {"title_zh_hans": "新题目", "title_en": "New"}
    )
    assert response.status_code == 302
    advice.refresh_from_db()
    assert (advice.title_zh_hans, advice.title_en) == ("新题目", "New")


def test_another_experts_proposal_is_404_and_unchanged(client, coming):
    mine = ExpertWithUserFactory()
    theirs = AdvisoryInputFactory(person=ExpertWithUserFactory().person, edition=coming, title_en="Theirs")
    client.force_login(mine.person.user)
    url = reverse("thinktank:advice_edit", kwargs={"pk": theirs.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"title_en": "Hijacked"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.title_en == "Theirs"
    html = client.get(reverse("thinktank:advice")).content.decode()
    assert "Theirs" not in html
