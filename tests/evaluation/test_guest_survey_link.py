"""The guest's private page leads an approved guest to the surveys open to them, and no one else."""

from django.urls import reverse

from ecoforum.services.enums import RegistrationStatus
from tests.services.factories import RegistrationFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def guest_page(client, registration) -> str:
    response = client.get(reverse("services:guest", args=[registration.edition.slug, registration.token]), **EN)
    assert response.status_code == 200
    return response.content.decode()


def test_approved_guest_page_links_the_surveys_with_the_guests_token(client, db):
    registration = RegistrationFactory()
    link = f"{reverse('evaluation:surveys', kwargs={'edition': registration.edition.slug})}?r={registration.token}"

    page = guest_page(client, registration)

    assert f'href="{link}"' in page
    assert "Tell us how the forum went" in page


def test_pending_guest_page_has_no_survey_link(client, db):
    registration = RegistrationFactory(status=RegistrationStatus.PENDING, decided_at=None)

    page = guest_page(client, registration)

    assert "Tell us how the forum went" not in page
