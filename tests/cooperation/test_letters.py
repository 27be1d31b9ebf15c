"""Invitation letters: numbering, revoking, the PDF, the verification page."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from django.urls import reverse

from ecoforum.cooperation import letters
from ecoforum.cooperation.exceptions import CooperationError
from ecoforum.cooperation.models import InvitationLetter
from ecoforum.core.models import AuditEntry

from ..factories import EditionFactory, PersonFactory
from ..services.factories import RegistrationFactory
from .factories import DelegationFactory
from .helpers import BIRTH, PASSPORT, passport_guest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_letters_are_numbered_per_edition_without_gaps(edition, organizer):
    other = EditionFactory(year=2024)
    numbers = [
        letters.issue_letter(edition, person=passport_guest(edition).person, actor=organizer).number for _ in range(3)
    ]
    first_other = letters.issue_letter(other, person=RegistrationFactory(edition=other).person)
    assert numbers == ["EFGG-2023-0001", "EFGG-2023-0002", "EFGG-2023-0003"]
    assert first_other.number == "EFGG-2024-0001"
    assert AuditEntry.objects.filter(action="cooperation.letter.issued").count() == 4


def test_a_revoked_letter_keeps_its_number_and_the_next_follows(edition, organizer):
    registration = passport_guest(edition)
    first = letters.issue_letter(edition, person=registration.person)
    letters.revoke_letter(first, reason="Wrong passport number", actor=organizer)
    second = letters.issue_letter(edition, person=registration.person)
    assert (first.number, second.number) == ("EFGG-2023-0001", "EFGG-2023-0002")
    assert InvitationLetter.objects.count() == 2


def test_a_second_valid_letter_for_the_same_person_is_refused(edition):
    registration = passport_guest(edition)
    letters.issue_letter(edition, person=registration.person)
    with pytest.raises(CooperationError) as caught:
        letters.issue_letter(edition, person=registration.person)
    assert caught.value.message == "Wanjiru Kamau already has letter EFGG-2023-0001: revoke it before issuing another."
    assert InvitationLetter.objects.count() == 1


def test_a_letter_needs_an_approved_registration_of_the_edition(edition):
    person = PersonFactory(name_en="Ana Silva", name_zh_hans="安娜")
    with pytest.raises(CooperationError) as caught:
        letters.issue_letter(edition, person=person)
    assert caught.value.message == (
        f"Ana Silva has no approved registration for {edition}: a letter prints the passport data of one."
    )
    pending = RegistrationFactory(edition=edition, person=person, status="pending")
    with pytest.raises(CooperationError) as caught:
        letters.issue_letter(edition, person=person, registration=pending)
    status = pending.get_status_display()
    assert caught.value.message == (
        f"Registration {pending.reference} is {status}: letters are issued to approved guests."
    )
    assert InvitationLetter.objects.count() == 0


def test_a_letter_refuses_another_editions_delegation(edition):
    registration = passport_guest(edition)
    delegation = DelegationFactory(edition=EditionFactory())
    with pytest.raises(CooperationError):
        letters.issue_letter(edition, person=registration.person, delegation=delegation)
    assert InvitationLetter.objects.count() == 0


def test_revoke_twice_or_without_a_reason_is_refused(edition):
    letter = letters.issue_letter(edition, person=passport_guest(edition).person)
    with pytest.raises(CooperationError) as caught:
        letters.revoke_letter(letter, reason="  ")
    assert caught.value.message == "Letter EFGG-2023-0001: say why it is revoked."
    letters.revoke_letter(letter, reason="Visa refused")
    with pytest.raises(CooperationError) as caught:
        letters.revoke_letter(letter, reason="again")
    assert caught.value.message == "Letter EFGG-2023-0001 is already revoked."
    letter.refresh_from_db()
    assert letter.revoked_reason == "Visa refused"


def test_the_pdf_prints_names_number_and_passport_and_its_qr_holds_the_verification_url(edition, settings):
    settings.SITE_URL = "https://forum.example.org"
    registration = passport_guest(edition)
    delegation = DelegationFactory(edition=edition)
    letter = letters.issue_letter(edition, person=registration.person, delegation=delegation)
    data = letters.build_letter(letter)
    assert data.url == f"https://forum.example.org/letters/{letter.token}/"
    pdf = letters.letter_pdf(letter)
    document = pdfium.PdfDocument(pdf)
    text = document[0].get_textpage().get_text_range()
    assert "瓦姬茹" in text
    assert "EFGG-2023-0001" in text
    assert PASSPORT in text
    assert BIRTH in text
    assert "Wanjiru Kamau" in text
    assert len(document) == 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    document[0].render(scale=1.6).to_pil().save(SCREENSHOTS / "letter.png")


def test_verification_page_shows_valid_then_revoked_and_never_passport_data(client, edition):
    letter = letters.issue_letter(edition, person=passport_guest(edition).person)
    url = reverse("letters:verify", kwargs={"token": letter.token})
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="coop-verdict" id="verdict">Valid</h1>' in page
    assert "EFGG-2023-0001" in page
    assert "瓦姬茹" in page
    assert PASSPORT not in page and BIRTH not in page and "Kenya" not in page
    letters.revoke_letter(letter, reason="Visa refused")
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<h1 class="coop-verdict" id="verdict">Revoked</h1>' in page
    assert "Visa refused" not in page


def test_verification_of_an_unknown_token_is_a_clear_404(client, db):
    response = client.get(reverse("letters:verify", kwargs={"token": "nope"}), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert '<h1 class="coop-verdict" id="verdict">No such letter</h1>' in response.content.decode()


def test_audit_log_never_holds_passport_data(edition, organizer, client):
    letter = letters.issue_letter(edition, person=passport_guest(edition).person, actor=organizer)
    client.force_login(organizer)
    client.get(reverse("manage_cooperation:letter_pdf", kwargs={"edition_slug": edition.slug, "pk": letter.pk}))
    letters.revoke_letter(letter, reason="Visa refused", actor=organizer)
    entries = list(AuditEntry.objects.order_by("pk").values_list("action", "data"))
    assert [action for action, _data in entries] == [
        "cooperation.letter.issued",
        "cooperation.letter.downloaded",
        "cooperation.letter.revoked",
    ]
    dump = repr(entries)
    assert PASSPORT not in dump and BIRTH not in dump and "Kenya" not in dump
