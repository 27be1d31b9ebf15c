"""Services of the releases: create and change, versions with their PDF checks, publishing, audit."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ecoforum.core.models import AuditEntry
from ecoforum.releases import services
from ecoforum.releases.enums import ReleaseKind
from ecoforum.releases.exceptions import DuplicateVersion, NotAllowed, ReleaseError
from ecoforum.releases.models import Release, ReleaseVersion
from tests.factories import EditionFactory, OrganizationFactory, PersonFactory, SessionFactory, UserFactory

from .factories_releases import PDF_BYTES, ReleaseFactory, ReleaseVersionFactory, TopicFactory

pytestmark = pytest.mark.django_db


def pdf(name: str = "blue-book.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def fields(**extra):
    return {
        "kind": ReleaseKind.BLUE_BOOK,
        "slug": "climate-blue-book",
        "title_zh_hans": "中国气候变化蓝皮书2023",
        "title_en": "Blue Book on Climate Change in China 2023",
        "abstract_zh_hans": "摘要",
        "released_at": timezone.now(),
        **extra,
    }


def test_create_release_with_authors_issuers_topics_is_audited(edition, organizer):
    authors = [PersonFactory(slug="wang"), PersonFactory(slug="li")]
    issuer = OrganizationFactory(name_zh_hans="国家气候中心")
    topic = TopicFactory(slug="climate-change")
    session = SessionFactory(edition=edition)

    release = services.create_release(
        edition,
        actor=organizer,
        fields=fields(session=session.pk),
        authors=["li", "wang"],
        issuers=["国家气候中心"],
        topics=["climate-change"],
    )

    assert [link.person.slug for link in release.author_links.order_by("order")] == ["li", "wang"]
    assert list(release.issuers.all()) == [issuer]
    assert list(release.topics.all()) == [topic]
    assert release.session == session
    assert release.title == "中国气候变化蓝皮书2023"
    entry = AuditEntry.objects.get(action="releases.release.created")
    assert entry.actor == organizer
    assert entry.data["authors"] == ["li", "wang"]
    assert authors[0].pk is not None


def test_create_release_unknown_author_changes_nothing(edition, organizer, english):
    with pytest.raises(ReleaseError) as error:
        services.create_release(edition, actor=organizer, fields=fields(), authors=["nobody"])

    assert str(error.value.message) == "No person has the address «nobody»."
    assert error.value.field == "authors"
    assert Release.objects.count() == 0


def test_create_release_unknown_issuer_is_named(edition, organizer, english):
    with pytest.raises(ReleaseError) as error:
        services.create_release(edition, actor=organizer, fields=fields(), issuers=["不存在的机构"])

    assert str(error.value.message) == "No organization is named «不存在的机构»."
    assert Release.objects.count() == 0


def test_create_release_duplicate_slug_is_refused(edition, organizer, english):
    ReleaseFactory(edition=edition, slug="climate-blue-book")

    with pytest.raises(ReleaseError) as error:
        services.create_release(edition, actor=organizer, fields=fields())

    assert error.value.field == "slug"
    assert Release.objects.count() == 1


def test_create_release_session_of_another_edition_is_refused(edition, organizer):
    other = SessionFactory(edition=EditionFactory())

    with pytest.raises(ReleaseError) as error:
        services.create_release(edition, actor=organizer, fields=fields(session=other.pk))

    assert error.value.field == "session"
    assert Release.objects.count() == 0


def test_create_release_report_cannot_open_endorsements(edition, organizer):
    with pytest.raises(ReleaseError) as error:
        services.create_release(edition, actor=organizer, fields=fields(endorsements_open=True))

    assert error.value.field == "endorsements_open"


def test_create_release_naive_time_is_the_editions_local_time(edition, organizer):
    release = services.create_release(
        edition, actor=organizer, fields=fields(released_at=dt.datetime(2023, 7, 8, 10, 0))
    )

    assert release.released_at == dt.datetime(2023, 7, 8, 2, 0, tzinfo=dt.UTC)


def test_create_release_by_another_editions_organizer_is_refused(edition):
    other_organizer = UserFactory()
    from tests.factories import CommitteeMemberFactory

    CommitteeMemberFactory(edition=EditionFactory(), user=other_organizer, role="organizer")

    with pytest.raises(NotAllowed):
        services.create_release(edition, actor=other_organizer, fields=fields())

    assert Release.objects.count() == 0


def test_change_release_records_the_diff_and_keeps_the_slug(edition, organizer):
    release = ReleaseFactory(edition=edition, slug="keep-me", title_zh_hans="旧标题")

    services.change_release(release, actor=organizer, fields={"title_zh_hans": "新标题", "slug": "keep-me"})

    release.refresh_from_db()
    assert release.title_zh_hans == "新标题"
    entry = AuditEntry.objects.get(action="releases.release.changed")
    assert entry.data["changes"]["title_zh_hans"] == ["旧标题", "新标题"]


def test_change_release_slug_never_changes(edition, organizer):
    release = ReleaseFactory(edition=edition, slug="keep-me")

    with pytest.raises(ReleaseError) as error:
        services.change_release(release, actor=organizer, fields={"slug": "new-address"})

    assert error.value.field == "slug"
    release.refresh_from_db()
    assert release.slug == "keep-me"


def test_publish_and_unpublish_are_audited(edition, organizer):
    release = ReleaseFactory(edition=edition, is_published=False)

    services.set_published(release, published=True, actor=organizer)
    services.set_published(release, published=False, actor=organizer)

    release.refresh_from_db()
    assert release.is_published is False
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "releases.release.published",
        "releases.release.unpublished",
    ]


def test_add_version_stores_random_name_size_and_hash(edition, organizer):
    release = ReleaseFactory(edition=edition, title_zh_hans="中国气候变化蓝皮书2023")

    version = services.add_version(
        release, upload=pdf("my secret name.pdf"), number="1.0", changelog_zh_hans="首次发布", actor=organizer
    )

    assert version.size == len(PDF_BYTES)
    assert version.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert version.file_name == "中国气候变化蓝皮书2023 v1.0.pdf"
    assert version.file.name.startswith(f"releases/{release.pk}/")
    assert "secret" not in version.file.name
    with version.file.open("rb") as handle:
        assert handle.read() == PDF_BYTES
    assert version.created_by == organizer
    assert AuditEntry.objects.get(action="releases.version.added").data["sha256"] == version.sha256


def test_add_version_not_a_pdf_is_refused(edition, organizer, english):
    release = ReleaseFactory(edition=edition)

    with pytest.raises(ReleaseError) as error:
        services.add_version(release, upload=pdf("fake.pdf", b"<html>not a pdf</html>"), number="1.0", actor=organizer)

    assert str(error.value.message) == "«fake.pdf» is not a PDF file; it was not added."
    assert ReleaseVersion.objects.count() == 0


def test_add_version_truncated_pdf_is_refused(edition, organizer):
    release = ReleaseFactory(edition=edition)

    with pytest.raises(ReleaseError):
        services.add_version(release, upload=pdf("cut.pdf", b"%PDF-1.4\n" + b"x" * 5000), number="1.0", actor=organizer)

    assert ReleaseVersion.objects.count() == 0


def test_add_version_empty_file_is_refused(edition, organizer, english):
    release = ReleaseFactory(edition=edition)

    with pytest.raises(ReleaseError) as error:
        services.add_version(release, upload=pdf("empty.pdf", b""), number="1.0", actor=organizer)

    assert str(error.value.message) == "«empty.pdf» is empty."


def test_add_version_too_large_is_refused(edition, organizer, settings, english):
    settings.RELEASE_FILE_MAX_BYTES = 1024 * 1024
    release = ReleaseFactory(edition=edition)
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024) + b"\n%%EOF\n"

    with pytest.raises(ReleaseError) as error:
        services.add_version(release, upload=pdf(content=big), number="1.0", actor=organizer)

    assert str(error.value.message) == "«blue-book.pdf» is larger than 1 MB."
    assert ReleaseVersion.objects.count() == 0


def test_add_version_duplicate_number_is_refused(edition, organizer):
    release = ReleaseFactory(edition=edition)
    ReleaseVersionFactory(release=release, number="1.0")

    with pytest.raises(DuplicateVersion):
        services.add_version(release, upload=pdf(), number="1.0", actor=organizer)

    assert release.versions.count() == 1


def test_add_version_malformed_number_is_refused(edition, organizer):
    release = ReleaseFactory(edition=edition)

    with pytest.raises(ReleaseError) as error:
        services.add_version(release, upload=pdf(), number="../1", actor=organizer)

    assert error.value.field == "number"


def test_add_version_by_a_stranger_is_refused(edition):
    release = ReleaseFactory(edition=edition)

    with pytest.raises(NotAllowed):
        services.add_version(release, upload=pdf(), number="1.0", actor=UserFactory())

    assert ReleaseVersion.objects.count() == 0
