"""The demo's releases and platforms: what the seed names, tied to the program, with their files."""

from __future__ import annotations

import pytest

from ecoforum.cooperation.models import Agreement, InvitationLetter
from ecoforum.demo.loader import load_demo
from ecoforum.exhibition.models import PracticeCase
from ecoforum.releases.models import Release

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_seed_s_releases_with_their_sessions_files_and_signatories(settings, demo_var):
    settings.DEMO_RELEASE_FILES = True
    load_demo(password=PASSWORD)
    titles = set(Release.objects.values_list("title_zh_hans", flat=True))
    assert {"中国气候变化蓝皮书2023", "石漠化治理技术体系研究成果"} <= titles
    assert any(title.endswith("贵阳宣言") for title in titles)
    for release in Release.objects.prefetch_related("versions", "author_links"):
        assert release.session is not None and release.session.kind == "release"
        assert release.author_links.exists()
        version = release.versions.get()
        with version.file.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"
    declaration = Release.objects.get(kind="declaration")
    assert declaration.endorsements_open and declaration.endorsements.filter(confirmed_at__isnull=False).count() > 30
    assert PracticeCase.objects.filter(slug="guizhou-green-climate-foundation", kind="institution").exists()
    assert Agreement.objects.filter(partners__isnull=False).distinct().count() == 3
    sequences = list(InvitationLetter.objects.order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, len(sequences) + 1)) and sequences
