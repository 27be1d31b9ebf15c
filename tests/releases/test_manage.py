"""The organizers' release pages: permissions, create, edit, upload, publish, signatories CSV."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ecoforum.core.models import AuditEntry
from ecoforum.forums.enums import CommitteeRole
from ecoforum.releases.models import Release, ReleaseVersion
from tests.factories import CommitteeMemberFactory, EditionFactory, UserFactory

from .factories_releases import PDF_BYTES, EndorsementFactory, InitiativeFactory, ReleaseFactory

pytestmark = pytest.mark.django_db


def form(**extra):
    return {
        "kind": "initiative",
        "slug": "karst-initiative",
        "title_zh_hans": "石漠化治理倡议",
        "title_en": "Karst initiative",
        "released_at": "2023-07-08T10:00",
        "is_published": "on",
        "endorsements_open": "on",
        **extra,
    }


def test_manage_list_for_organizer(client, edition, organizer):
    ReleaseFactory(edition=edition, title_zh_hans="蓝皮书")
    client.force_login(organizer)

    response = client.get("/manage/2023/releases/")

    assert response.status_code == 200
    assert [r.title for r in response.context["releases"]] == ["蓝皮书"]


def test_manage_list_is_404_for_a_stranger_and_403_for_other_committee_roles(client, edition):
    client.force_login(UserFactory())
    assert client.get("/manage/2023/releases/").status_code == 404

    staff = UserFactory()
    CommitteeMemberFactory(edition=edition, user=staff, role=CommitteeRole.PROGRAM_MANAGER)
    client.force_login(staff)
    assert client.get("/manage/2023/releases/").status_code == 403


def test_manage_create_release(client, edition, organizer):
    client.force_login(organizer)

    response = client.post("/manage/2023/releases/new/", form())

    release = Release.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/manage/2023/releases/{release.pk}/"
    assert release.endorsements_open is True
    assert release.released_at.isoformat() == "2023-07-08T02:00:00+00:00"


def test_manage_create_with_unknown_author_shows_the_error(client, edition, organizer):
    client.force_login(organizer)

    response = client.post("/manage/2023/releases/new/", form(authors="ghost"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 422
    assert response.context["form"].errors["authors"] == ["No person has the address «ghost»."]
    assert Release.objects.count() == 0


def test_manage_edit_release_of_another_edition_is_404(client, edition, organizer):
    other = ReleaseFactory(edition=EditionFactory(), title_zh_hans="别人的")
    client.force_login(organizer)

    assert client.get(f"/manage/2023/releases/{other.pk}/").status_code == 404
    assert client.post(f"/manage/2023/releases/{other.pk}/", form(slug=other.slug)).status_code == 404
    assert client.post(f"/manage/2023/releases/{other.pk}/publish/", {"published": "0"}).status_code == 404
    other.refresh_from_db()
    assert other.title_zh_hans == "别人的"
    assert other.is_published is True


def test_manage_edit_release(client, edition, organizer):
    release = ReleaseFactory(edition=edition, slug="karst-initiative", kind="initiative")
    client.force_login(organizer)
    assert client.get(f"/manage/2023/releases/{release.pk}/").status_code == 200

    response = client.post(f"/manage/2023/releases/{release.pk}/", form(title_zh_hans="新标题"))

    assert response.status_code == 302
    release.refresh_from_db()
    assert release.title_zh_hans == "新标题"


def test_manage_upload_version(client, edition, organizer):
    release = ReleaseFactory(edition=edition)
    client.force_login(organizer)

    response = client.post(
        f"/manage/2023/releases/{release.pk}/versions/",
        {"number": "1.0", "changelog_zh_hans": "首次发布", "file": SimpleUploadedFile("a.pdf", PDF_BYTES)},
    )

    assert response.status_code == 302
    assert release.versions.get().number == "1.0"


def test_manage_upload_not_a_pdf_says_so(client, edition, organizer):
    release = ReleaseFactory(edition=edition)
    client.force_login(organizer)

    response = client.post(
        f"/manage/2023/releases/{release.pk}/versions/",
        {"number": "1.0", "file": SimpleUploadedFile("evil.pdf", b"MZ\x90\x00 not a pdf")},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == ["«evil.pdf» is not a PDF file; it was not added."]
    assert ReleaseVersion.objects.count() == 0


def test_manage_publish_toggle(client, edition, organizer):
    release = ReleaseFactory(edition=edition, is_published=False)
    client.force_login(organizer)

    client.post(f"/manage/2023/releases/{release.pk}/publish/", {"published": "1"})

    release.refresh_from_db()
    assert release.is_published is True


def test_manage_signatories_csv_has_confirmed_only_and_is_audited(client, edition, organizer):
    release = InitiativeFactory(edition=edition, slug="i")
    EndorsementFactory(release=release, name="=HYPERLINK(1)", email="a@example.org")
    EndorsementFactory(release=release, name="未确认", confirmed_at=None)
    client.force_login(organizer)

    response = client.get(f"/manage/2023/releases/{release.pk}/signatories.csv")

    lines = response.content.decode("utf-8-sig").splitlines()
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="signatories-2023-i.csv"'
    assert len(lines) == 2
    assert lines[1].startswith("'=HYPERLINK(1),person,,,a@example.org,1,")
    assert AuditEntry.objects.get(action="releases.signatories.exported").data == {"rows": 1, "format": "csv"}


def test_manage_signatories_csv_is_404_for_a_stranger(client, edition):
    release = InitiativeFactory(edition=edition)
    EndorsementFactory(release=release)
    client.force_login(UserFactory())

    assert client.get(f"/manage/2023/releases/{release.pk}/signatories.csv").status_code == 404
