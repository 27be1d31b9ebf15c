"""The edition menu shows "My outcomes" to people who report on an outcome, and to no one else."""

from django.urls import reverse

from ecoforum.people.models import Person
from tests.factories import EditionFactory, UserFactory
from tests.outcomes.factories import OutcomeFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def program_home(client, edition) -> str:
    response = client.get(reverse("program:home", kwargs={"edition": edition.slug}), **EN)
    assert response.status_code == 200
    return response.content.decode()


def test_a_contact_person_sees_my_outcomes_in_the_menu(client, db):
    edition = EditionFactory()
    outcome = OutcomeFactory(edition=edition)
    user = UserFactory()
    outcome.contacts.add(Person.objects.create(slug="contact", name="联系人", user=user))
    client.force_login(user)

    page = program_home(client, edition)

    assert f'<a href="{reverse("outcomes_portal:mine")}">My outcomes</a>' in page


def test_anyone_else_does_not(client, db):
    edition = EditionFactory()
    OutcomeFactory(edition=edition)
    client.force_login(UserFactory())

    assert "My outcomes" not in program_home(client, edition)
