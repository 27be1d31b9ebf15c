"""The guest-services desk: overview, the registration list, a registration's page and its actions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ecoforum.core.models import AuditEntry
from ecoforum.forums.enums import CommitteeRole
from ecoforum.services import desk
from ecoforum.services.enums import QuestionKind, RegistrationStatus
from ecoforum.services.models import Question, Registration

from ..factories import CommitteeMemberFactory, EditionFactory, OrganizationFactory, PersonFactory, UserFactory
from .factories import GuestCategoryFactory, RegistrationFactory, RegistrationFormFactory

pytestmark = pytest.mark.django_db


def member(edition, role):
    user = UserFactory()
    CommitteeMemberFactory(edition=edition, user=user, role=role)
    return user


@pytest.fixture
def desk_user(edition):
    return member(edition, CommitteeRole.GUEST_SERVICES)


@pytest.fixture
def staff(edition):
    return member(edition, CommitteeRole.STAFF)


@pytest.fixture
def category(edition):
    return GuestCategoryFactory(edition=edition, code="media", name_zh_hans="媒体", name_en="Media", capacity=3)


@pytest.fixture
def form(edition, category):
    return RegistrationFormFactory(edition=edition, category=category, slug="media")


def registration(form, status=RegistrationStatus.PENDING, **kwargs):
    return RegistrationFactory(edition=form.edition, form=form, status=status, **kwargs)


def url(name, edition, **kwargs):
    return reverse(f"manage_services:{name}", kwargs={"edition_slug": edition.slug, **kwargs})


# --- access ---------------------------------------------------------------------------------------


def test_overview_anonymous_is_sent_to_login(client, edition):
    response = client.get(url("overview", edition))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_overview_other_editions_organizer_gets_404(client, edition):
    other = EditionFactory()
    client.force_login(member(other, CommitteeRole.ORGANIZER))
    assert client.get(url("overview", edition)).status_code == 404
    assert client.get(url("registrations", edition)).status_code == 404


def test_overview_gate_staff_gets_403(client, edition):
    client.force_login(member(edition, CommitteeRole.GATE_STAFF))
    assert client.get(url("overview", edition)).status_code == 403


def test_overview_shows_counts_per_category(client, edition, desk_user, form, english):
    registration(form, RegistrationStatus.APPROVED)
    registration(form, RegistrationStatus.PENDING)
    registration(form, RegistrationStatus.PENDING)
    registration(form, RegistrationStatus.WAITLISTED)
    registration(form, RegistrationStatus.CANCELLED)
    client.force_login(desk_user)
    response = client.get(url("overview", edition), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    line = response.context["lines"][0]
    assert (line.places, line.taken, line.approved, line.pending, line.waiting, line.cancelled) == (3, 3, 1, 2, 1, 1)
    html = response.content.decode()
    assert "3 of 3 places taken · 0 free" in html
    assert f'href="{url("registrations", edition)}?status=pending"' in html
    assert url("badges", edition) in html and url("hotels", edition) in html


def test_overview_queries_do_not_grow_with_categories(client, edition, desk_user, django_assert_max_num_queries):
    client.force_login(desk_user)
    GuestCategoryFactory(edition=edition)
    with django_assert_max_num_queries(20) as one:
        client.get(url("overview", edition))
    for _ in range(3):
        RegistrationFormFactory(edition=edition)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url("overview", edition))


# --- capacity -------------------------------------------------------------------------------------


def test_capacity_raised_moves_the_waiting_list_up(client, edition, desk_user, form, english):
    for _ in range(3):
        registration(form, RegistrationStatus.APPROVED)
    waiting = registration(form, RegistrationStatus.WAITLISTED)
    client.force_login(desk_user)
    response = client.post(
        url("category_capacity", edition, pk=form.category.pk), {"capacity": "4"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    form.category.refresh_from_db()
    assert (form.category.capacity, waiting.status) == (4, RegistrationStatus.PENDING)
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"Moved up from the waiting list: {waiting.reference}" in page


def test_capacity_negative_is_refused_and_changes_nothing(client, edition, desk_user, form):
    client.force_login(desk_user)
    client.post(url("category_capacity", edition, pk=form.category.pk), {"capacity": "-2"})
    form.category.refresh_from_db()
    assert form.category.capacity == 3


def test_capacity_of_another_editions_category_is_404(client, edition, desk_user):
    other = GuestCategoryFactory(capacity=5)
    client.force_login(desk_user)
    assert client.post(url("category_capacity", edition, pk=other.pk), {"capacity": "9"}).status_code == 404
    other.refresh_from_db()
    assert other.capacity == 5


def test_capacity_read_only_staff_gets_403(client, edition, staff, form):
    client.force_login(staff)
    assert client.post(url("category_capacity", edition, pk=form.category.pk), {"capacity": "9"}).status_code == 403
    form.category.refresh_from_db()
    assert form.category.capacity == 3


# --- the list -------------------------------------------------------------------------------------


def test_list_filters_by_status_and_category(client, edition, desk_user, form):
    pending = registration(form)
    registration(form, RegistrationStatus.APPROVED)
    other_form = RegistrationFormFactory(edition=edition)
    registration(other_form)
    client.force_login(desk_user)
    response = client.get(url("registrations", edition), {"status": "pending", "category": form.category.pk})
    assert [r.reference for r in response.context["page"]] == [pending.reference]


def test_list_searches_chinese_name_organization_email_and_reference(client, edition, desk_user, form):
    organization = OrganizationFactory(name="贵州大学", name_zh_hans="贵州大学", name_en="Guizhou University")
    wang = registration(form, person=PersonFactory(name="王小明", name_zh_hans="王小明", name_en="Wang Xiaoming"))
    li = registration(form, person=PersonFactory(organization=organization), email="li.hua@news.example.cn")
    client.force_login(desk_user)

    def found(text):
        return [r.reference for r in client.get(url("registrations", edition), {"q": text}).context["page"]]

    assert found("小明") == [wang.reference]
    assert found("xiaoming") == [wang.reference]
    assert found("贵州大学") == [li.reference]
    assert found("Guizhou") == [li.reference]
    assert found("li.hua@") == [li.reference]
    assert found(wang.reference.lower()) == [wang.reference]


def test_list_htmx_request_gets_only_the_list(client, edition, desk_user, form):
    found = registration(form)
    client.force_login(desk_user)
    response = client.get(url("registrations", edition), {"status": "pending"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.startswith('<div id="registration-list">')
    assert found.reference in html and "<html" not in html
    assert "HX-Request" in response["Vary"].split(", ")


def test_list_unknown_filter_values_are_ignored(client, edition, desk_user, form):
    registration(form)
    client.force_login(desk_user)
    response = client.get(url("registrations", edition), {"status": "nonsense", "category": "abc", "page": "x"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1


def test_list_paginates_by_fifty(client, edition, desk_user, form):
    form.category.capacity = None
    form.category.save()
    for _ in range(51):
        registration(form)
    client.force_login(desk_user)
    response = client.get(url("registrations", edition), {"page": "2"})
    assert (response.context["page"].paginator.num_pages, len(response.context["page"])) == (2, 1)


def test_list_queries_do_not_grow_with_rows(client, edition, desk_user, form, django_assert_max_num_queries):
    client.force_login(desk_user)
    registration(form)
    with django_assert_max_num_queries(20) as one:
        client.get(url("registrations", edition))
    for _ in range(3):
        registration(form, replaces=registration(form, RegistrationStatus.SUBSTITUTED))
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url("registrations", edition))
    assert response.context["page"].paginator.count == 7


def test_approve_selected_reports_each_failure(client, edition, desk_user, form, english):
    first, second = registration(form), registration(form)
    refused = registration(form, RegistrationStatus.REJECTED)
    client.force_login(desk_user)
    here = url("registrations", edition) + "?status=pending"
    response = client.post(
        url("registrations_approve", edition),
        {"reference": [first.reference, second.reference, refused.reference, "NOSUCH99"], "next": here},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert response.redirect_chain[-1][0] == here
    texts = [str(m) for m in response.context["messages"]]
    assert texts == [
        f"Approved: {first.reference}, {second.reference}.",
        f"Registration {refused.reference} is Not approved and cannot be approved.",
        "There is no registration NOSUCH99.",
    ]
    statuses = set(Registration.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True))
    assert statuses == {RegistrationStatus.APPROVED}


def test_approve_selected_of_another_edition_changes_nothing(client, edition, desk_user):
    stranger = RegistrationFactory(status=RegistrationStatus.PENDING)
    client.force_login(desk_user)
    client.post(url("registrations_approve", edition), {"reference": [stranger.reference]})
    stranger.refresh_from_db()
    assert stranger.status == RegistrationStatus.PENDING


def test_approve_selected_read_only_staff_gets_403(client, edition, staff, form):
    pending = registration(form)
    client.force_login(staff)
    assert client.post(url("registrations_approve", edition), {"reference": [pending.reference]}).status_code == 403
    pending.refresh_from_db()
    assert pending.status == RegistrationStatus.PENDING


def test_approve_selected_next_elsewhere_is_not_followed(client, edition, desk_user, form):
    pending = registration(form)
    client.force_login(desk_user)
    response = client.post(
        url("registrations_approve", edition), {"reference": [pending.reference], "next": "https://evil.example/"}
    )
    assert response["Location"] == url("registrations", edition)


# --- one registration -----------------------------------------------------------------------------


def test_detail_shows_answers_in_the_pages_language(client, edition, desk_user, form):
    question = Question.objects.create(
        form=form,
        label_zh_hans="参加哪些活动",
        label_en="Which events",
        kind=QuestionKind.MULTIPLE,
        choices_zh_hans="开幕式\n晚宴\n实地考察",
        choices_en="Opening\nDinner\nField visit",
    )
    yes_no = Question.objects.create(form=form, label_zh_hans="需要翻译", label_en="Needs interpreting", kind="yes_no")
    found = registration(form, answers={str(question.pk): [0, 2], str(yes_no.pk): True})
    client.force_login(desk_user)
    zh = client.get(url("registration", edition, reference=found.reference))
    assert [(row.label, row.answer) for row in zh.context["answers"]] == [
        ("参加哪些活动", "开幕式; 实地考察"),
        ("需要翻译", "是"),
    ]
    en = client.get(url("registration", edition, reference=found.reference), HTTP_ACCEPT_LANGUAGE="en")
    assert [(row.label, row.answer) for row in en.context["answers"]] == [
        ("Which events", "Opening; Field visit"),
        ("Needs interpreting", "Yes"),
    ]


def test_detail_of_another_edition_is_404(client, edition, desk_user):
    stranger = RegistrationFactory()
    client.force_login(desk_user)
    assert client.get(url("registration", edition, reference=stranger.reference)).status_code == 404


def test_approve_from_detail_changes_status_and_history(client, edition, desk_user, form, english):
    pending = registration(form)
    client.force_login(desk_user)
    response = client.post(
        url("registration_approve", edition, reference=pending.reference), HTTP_ACCEPT_LANGUAGE="en", follow=True
    )
    pending.refresh_from_db()
    assert pending.status == RegistrationStatus.APPROVED
    assert [str(m) for m in response.context["messages"]] == [f"{pending.reference} ({pending.person}) is approved."]
    assert [e.action for e in response.context["history"]] == ["services.registration.approved"]


def test_refuse_with_note_is_recorded(client, edition, desk_user, form):
    pending = registration(form)
    client.force_login(desk_user)
    client.post(url("registration_refuse", edition, reference=pending.reference), {"note": "名额已满"})
    pending.refresh_from_db()
    assert (pending.status, pending.decision_note) == (RegistrationStatus.REJECTED, "名额已满")


def test_cancel_twice_says_why_and_names_the_registration(client, edition, desk_user, form, english):
    approved = registration(form, RegistrationStatus.APPROVED)
    client.force_login(desk_user)
    client.post(url("registration_cancel", edition, reference=approved.reference), follow=True)
    response = client.post(
        url("registration_cancel", edition, reference=approved.reference), HTTP_ACCEPT_LANGUAGE="en", follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        f"Registration {approved.reference} is Cancelled already."
    ]


def test_actions_read_only_staff_get_403(client, edition, staff, form):
    pending = registration(form)
    client.force_login(staff)
    for name in ("registration_approve", "registration_refuse", "registration_cancel", "registration_substitute"):
        assert client.post(url(name, edition, reference=pending.reference)).status_code == 403
    pending.refresh_from_db()
    assert pending.status == RegistrationStatus.PENDING


def test_substitute_makes_a_new_registration_with_trail(client, edition, desk_user, form, english):
    old = registration(form, RegistrationStatus.APPROVED)
    client.force_login(desk_user)
    response = client.post(
        url("registration_substitute", edition, reference=old.reference),
        {
            "name_zh": "李四",
            "name_en": "Li Si",
            "email": "li.si@example.cn",
            "organization": "新华社",
            "language": "zh-hans",
            "document_type": "id_card",
            "document_number": "520102199001011234",
            "note": "代表团换人",
        },
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    old.refresh_from_db()
    new = old.replaced_by
    assert (old.status, new.status, new.person.name_zh_hans) == (
        RegistrationStatus.SUBSTITUTED,
        RegistrationStatus.APPROVED,
        "李四",
    )
    assert response.context["replaces"] == old
    html = response.content.decode()
    assert url("registration", edition, reference=old.reference) in html


def test_substitute_with_a_registered_email_changes_nothing(client, edition, desk_user, form, english):
    old = registration(form, RegistrationStatus.APPROVED)
    other = registration(form, RegistrationStatus.APPROVED)
    client.force_login(desk_user)
    response = client.post(
        url("registration_substitute", edition, reference=old.reference),
        {
            "name_zh": "李四",
            "email": other.email,
            "language": "zh-hans",
            "document_type": "id_card",
            "document_number": "520102199001011234",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.context["substitute_form"].non_field_errors() == [
        f"{old.reference}: {other.email} is already registered for this edition."
    ]
    old.refresh_from_db()
    assert old.status == RegistrationStatus.APPROVED
    assert Registration.objects.count() == 2


def test_substitute_without_a_name_is_refused(client, edition, desk_user, form):
    old = registration(form, RegistrationStatus.APPROVED)
    client.force_login(desk_user)
    response = client.post(
        url("registration_substitute", edition, reference=old.reference), {"email": "x@example.org", "language": "en"}
    )
    assert response.status_code == 400
    assert list(response.context["substitute_form"].errors) == ["name_zh"]
    assert AuditEntry.objects.filter(action="services.registration.substituted").count() == 0


# --- invitation codes -----------------------------------------------------------------------------


def test_codes_are_made_at_once_with_a_note(client, edition, desk_user, form):
    client.force_login(desk_user)
    response = client.post(
        url("form_codes", edition, slug=form.slug), {"count": "12", "max_uses": "2", "note": "肯尼亚代表团"}
    )
    assert response.status_code == 302
    codes = list(form.codes.all())
    assert len(codes) == 12
    assert {(c.max_uses, c.note) for c in codes} == {(2, "肯尼亚代表团")}
    assert len({c.code for c in codes}) == 12


def test_codes_too_many_are_refused(client, edition, desk_user, form):
    client.force_login(desk_user)
    response = client.post(url("form_codes", edition, slug=form.slug), {"count": "5000", "max_uses": "1"})
    assert response.status_code == 400
    assert form.codes.count() == 0


def test_codes_read_only_staff_may_look_not_make(client, edition, staff, form):
    client.force_login(staff)
    assert client.get(url("form_codes", edition, slug=form.slug)).status_code == 200
    assert client.post(url("form_codes", edition, slug=form.slug), {"count": "3", "max_uses": "1"}).status_code == 403
    assert form.codes.count() == 0


def test_codes_of_another_editions_form_are_404(client, edition, desk_user):
    stranger = RegistrationFormFactory()
    client.force_login(desk_user)
    assert client.get(url("form_codes", edition, slug=stranger.slug)).status_code == 404


def test_forms_and_codes_pages_queries_do_not_grow(client, edition, desk_user, form, django_assert_max_num_queries):
    client.force_login(desk_user)
    desk.generate_codes(form, 1, actor=desk_user)
    with django_assert_max_num_queries(20) as forms_one:
        client.get(url("forms", edition))
    with django_assert_max_num_queries(20) as codes_one:
        client.get(url("form_codes", edition, slug=form.slug))
    for _ in range(3):
        Question.objects.create(form=RegistrationFormFactory(edition=edition), label_zh_hans="问题", label_en="Q")
    desk.generate_codes(form, 3, actor=desk_user)
    with django_assert_max_num_queries(len(forms_one.captured_queries)):
        response = client.get(url("forms", edition))
    assert len(response.context["forms"]) == 4
    with django_assert_max_num_queries(len(codes_one.captured_queries)):
        response = client.get(url("form_codes", edition, slug=form.slug))
    assert response.context["page"].paginator.count == 4
