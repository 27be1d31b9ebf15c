"""Badges: the signed token, the PDF with the Chinese name, the guest's download and the batches."""

from __future__ import annotations

import io

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from ecoforum.core.models import Job
from ecoforum.forums.enums import CommitteeRole
from ecoforum.services import badges
from ecoforum.services.enums import Attendance, RegistrationStatus

from ..factories import EditionFactory, OrganizationFactory, PersonFactory, UserFactory
from .factories import GuestCategoryFactory, RegistrationFactory, committee_user

pytestmark = pytest.mark.django_db

pdfium = pytest.importorskip("pypdfium2")


@pytest.fixture
def vip(edition):
    return GuestCategoryFactory(edition=edition, code="vip", name_zh_hans="嘉宾", name_en="Guests", color="#b3261e")


@pytest.fixture
def guest(edition, vip):
    organization = OrganizationFactory(name_zh_hans="中国科学院", name_en="Chinese Academy of Sciences")
    person = PersonFactory(name_zh_hans="王小明", name_en="Wang Xiaoming", organization=organization)
    return RegistrationFactory(edition=edition, form__category=vip, person=person)


def _client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _pages(content: bytes) -> list:
    document = pdfium.PdfDocument(io.BytesIO(content))
    return [document[i] for i in range(len(document))]


def _text(page) -> str:
    """The page's text without spaces and in lower case (letter-spacing and capitals split or change words)."""
    return "".join(page.get_textpage().get_text_range().split()).casefold()


def _has(text: str, expected: str) -> bool:
    return "".join(expected.split()).casefold() in text


# --- the token ------------------------------------------------------------------------------


def test_token_reads_back_its_reference_and_version(guest):
    token = badges.badge_token(guest)

    assert token.startswith(f"EF:{guest.reference}.1:")
    assert len(token) <= 60
    assert badges.read_token(token) == badges.BadgeClaim(reference=guest.reference, version=1)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "EF:",
        "K7M3Q9TX",
        "EF:K7M3Q9TX.1",
        "EF:K7M3Q9TX.1:" + "A" * 43,
        "EF:" + signing.Signer(salt="ecoforum.other", algorithm="sha256").sign("K7M3Q9TX.1"),
        "EF:" + signing.Signer(salt=badges.SALT, algorithm="sha256").sign("K7M3Q9TX.one"),
        "EF:" + "x" * 300,
    ],
)
def test_forged_altered_or_foreign_tokens_do_not_read(text):
    assert badges.read_token(text) is None


def test_altered_version_does_not_read(guest):
    token = badges.badge_token(guest)

    assert badges.read_token(token.replace(".1:", ".2:")) is None


def test_qr_is_an_svg_data_uri():
    assert badges.qr_data_uri("EF:K7M3Q9TX.1:abc").startswith("data:image/svg+xml")


@pytest.mark.parametrize(("color", "ink"), [("#b3261e", "#ffffff"), ("#f2d64b", "#111111"), ("bad", "#ffffff")])
def test_ink_reads_on_the_category_colour(color, ink):
    assert badges.ink_on(color) == ink


# --- the PDF ----------------------------------------------------------------------------------


def test_badge_pdf_draws_the_chinese_name_in_its_place(guest):
    content = badges.badge_pdf(guest)

    (page,) = _pages(content)
    width, height = page.get_size()
    assert (round(width), round(height)) == (298, 420)  # A6 in points
    text = _text(page)
    for expected in ("王小明", "Wang Xiaoming", "中国科学院", "嘉宾", "Guests", guest.reference):
        assert _has(text, expected)
    image = page.render(scale=2).to_pil().convert("L")
    # The name is set large in the top third, below the edition's line: dark pixels there.
    name_area = image.crop(
        (int(0.1 * image.width), int(0.16 * image.height), int(0.9 * image.width), int(0.3 * image.height))
    )
    dark = sum(name_area.histogram()[:100])
    assert dark > 2000
    # The category band at the foot is the category's colour (red).
    band = page.render(scale=1).to_pil().convert("RGB").getpixel((20, int(height) - 10))
    assert band[0] > 150 and band[1] < 80


def test_a4_sheets_hold_four_badges_each(edition, vip):
    registrations = [RegistrationFactory(edition=edition, form__category=vip) for _ in range(5)]

    content = badges.render_pdf([badges.build_badge(r) for r in registrations], layout="a4")

    pages = _pages(content)
    assert [tuple(round(v) for v in page.get_size()) for page in pages] == [(595, 842), (595, 842)]
    first, second = (_text(page) for page in pages)
    assert [_has(first, r.reference) for r in registrations] == [True, True, True, True, False]
    assert _has(second, registrations[4].reference)


def test_large_batch_renders_in_chunks_into_one_document(edition, vip, monkeypatch):
    monkeypatch.setattr(badges, "RENDER_CHUNK", 4)
    registrations = [RegistrationFactory(edition=edition, form__category=vip) for _ in range(9)]
    steps: list[tuple[int, int]] = []

    content = badges.render_pdf(
        [badges.build_badge(r) for r in registrations],
        layout="a6",
        progress=lambda done, total, message: steps.append((done, total)),
    )

    pages = _pages(content)
    assert len(pages) == 9
    assert [_has(_text(page), r.reference) for page, r in zip(pages, registrations, strict=True)] == [True] * 9
    assert steps == [(4, 9), (8, 9), (9, 9)]


def test_unknown_layout_is_refused(guest):
    with pytest.raises(ValueError, match="Unknown badge layout"):
        badges.render_pdf([badges.build_badge(guest)], layout="letter")


# --- the guest's own badge ------------------------------------------------------------------------


def _guest_url(registration) -> str:
    return reverse("services:badge", kwargs={"edition": registration.edition.slug, "token": registration.token})


def test_guest_downloads_their_approved_badge(client, guest):
    response = client.get(_guest_url(guest))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="badge-{guest.reference}.pdf"'
    assert _has(_text(_pages(response.content)[0]), "王小明")


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"status": RegistrationStatus.PENDING}, "is Awaiting approval: the badge is ready once it is approved."),
        ({"status": RegistrationStatus.WAITLISTED}, "is On the waiting list: the badge is ready once it is approved."),
        ({"attendance": Attendance.ONLINE}, "follows the forum online: online guests have no badge."),
    ],
)
def test_guest_without_a_badge_gets_a_page_that_says_why(guest, changes, reason):
    for name, value in changes.items():
        setattr(guest, name, value)
    guest.save()

    response = Client(HTTP_ACCEPT_LANGUAGE="en").get(_guest_url(guest))

    assert response.status_code == 409
    assert response["Content-Type"].startswith("text/html")
    assert response.context["reason"].endswith(reason)


def test_unknown_token_or_other_editions_token_is_a_404(client, edition, guest):
    other = RegistrationFactory(edition=EditionFactory(year=2024, is_public=True))

    unknown = client.get(reverse("services:badge", kwargs={"edition": edition.slug, "token": "nope"}))
    elsewhere = client.get(reverse("services:badge", kwargs={"edition": edition.slug, "token": other.token}))

    assert (unknown.status_code, elsewhere.status_code) == (404, 404)


# --- guest services ---------------------------------------------------------------------------------


def _badges_url(edition) -> str:
    return reverse("manage_services:badges", kwargs={"edition_slug": edition.slug})


def test_guest_services_download_any_one_badge(edition, guest):
    client = _client(committee_user(edition, CommitteeRole.GUEST_SERVICES))

    response = client.get(
        reverse("manage_services:badge_pdf", kwargs={"edition_slug": edition.slug, "reference": guest.reference})
    )

    assert response.status_code == 200
    assert _has(_text(_pages(response.content)[0]), "Wang Xiaoming")


@pytest.mark.parametrize(("role", "status"), [(CommitteeRole.GATE_STAFF, 403), (CommitteeRole.STAFF, 403), (None, 404)])
def test_single_badge_is_refused_to_others(edition, guest, role, status):
    user = committee_user(edition, role) if role else UserFactory()

    response = _client(user).get(
        reverse("manage_services:badge_pdf", kwargs={"edition_slug": edition.slug, "reference": guest.reference})
    )

    assert response.status_code == status


def test_reference_of_another_edition_is_a_404(edition):
    other = RegistrationFactory(edition=EditionFactory(year=2024))
    client = _client(committee_user(edition, CommitteeRole.GUEST_SERVICES))

    response = client.get(
        reverse("manage_services:badge_pdf", kwargs={"edition_slug": edition.slug, "reference": other.reference})
    )

    assert response.status_code == 404


def test_find_badge_with_an_unknown_reference_says_so(edition):
    client = _client(committee_user(edition, CommitteeRole.GUEST_SERVICES))

    response = client.get(
        reverse("manage_services:badge_find", kwargs={"edition_slug": edition.slug}), {"reference": "zzz"}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [f"There is no registration ZZZ at {edition.name}."]


def test_batch_of_badges_is_made_in_the_background(edition, vip, guest, django_capture_on_commit_callbacks):
    media = GuestCategoryFactory(edition=edition, code="media", name_en="Media")
    RegistrationFactory(edition=edition, form__category=vip)
    RegistrationFactory(edition=edition, form__category=vip, status=RegistrationStatus.PENDING)
    RegistrationFactory(edition=edition, form__category=media)
    client = _client(committee_user(edition, CommitteeRole.GUEST_SERVICES))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_badges_url(edition), {"categories": [vip.pk], "layout": "a4"})

    job = Job.objects.get()
    assert (response.status_code, response.url) == (302, reverse("job", kwargs={"pk": job.pk}))
    assert (job.kind, job.status, job.parameters["categories"], job.parameters["layout"]) == (
        "services.badges",
        Job.Status.DONE,
        [vip.pk],
        "a4",
    )
    with job.file.open("rb") as handle:
        pages = _pages(handle.read())
    assert len(pages) == 1
    assert _has(_text(pages[0]), "王小明")
    assert job.file_name == f"{edition.name_en} badges (2).pdf"


def test_batch_with_no_approved_guest_is_refused_without_a_job(edition, vip):
    RegistrationFactory(edition=edition, form__category=vip, status=RegistrationStatus.PENDING)
    client = _client(committee_user(edition, CommitteeRole.GUEST_SERVICES))

    response = client.post(_badges_url(edition), {"categories": [vip.pk], "layout": "a6"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "No approved on-site guest in the chosen categories: there is no badge to print."
    ]
    assert Job.objects.count() == 0


def test_batch_refuses_another_editions_category(edition, vip):
    foreign = GuestCategoryFactory(edition=EditionFactory(year=2024))
    client = _client(committee_user(edition, CommitteeRole.GUEST_SERVICES))

    response = client.post(_badges_url(edition), {"categories": [foreign.pk], "layout": "a6"})

    assert response.status_code == 200
    assert response.context["form"].errors["categories"] == [
        f"Select a valid choice. {foreign.pk} is not one of the available choices."
    ]
    assert Job.objects.count() == 0


def test_batch_page_is_forbidden_to_gate_staff(edition):
    response = _client(committee_user(edition, CommitteeRole.GATE_STAFF)).get(_badges_url(edition))

    assert response.status_code == 403


@pytest.mark.parametrize("categories", [1, 3])
def test_batch_page_queries_do_not_grow(edition, categories, django_assert_max_num_queries):
    for _number in range(categories):
        category = GuestCategoryFactory(edition=edition)
        RegistrationFactory(edition=edition, form__category=category)
    client = _client(committee_user(edition, CommitteeRole.GUEST_SERVICES))

    with django_assert_max_num_queries(12):
        response = client.get(_badges_url(edition))

    assert response.status_code == 200
    assert len(response.context["categories"]) == categories
