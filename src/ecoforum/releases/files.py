"""The files of the releases: only PDF, checked by content, never by name.

A file is accepted when it starts with ``%PDF-``, ends with ``%%EOF`` (within its last
kilobyte, as the PDF standard allows trailing bytes) and is at most
``settings.RELEASE_FILE_MAX_BYTES`` (50 MB unless set). It is stored under a random name
(the model's ``upload_to``); the name a download gets comes from the release's title.
"""

from __future__ import annotations

import hashlib
import re
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

from .exceptions import ReleaseError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
#: How far from the end ``%%EOF`` may be.
TAIL_BYTES = 1024
CONTENT_TYPE = "application/pdf"


def max_bytes() -> int:
    return int(getattr(settings, "RELEASE_FILE_MAX_BYTES", DEFAULT_MAX_BYTES))


def looks_like_pdf(file: IO[bytes]) -> bool:
    """``%PDF-`` at the start and ``%%EOF`` near the end (a structural check, not a parse)."""
    file.seek(0)
    head = file.read(5)
    file.seek(0, 2)
    size = file.tell()
    file.seek(max(0, size - TAIL_BYTES))
    tail = file.read()
    file.seek(0)
    return head == b"%PDF-" and b"%%EOF" in tail


def check_pdf(upload: Any) -> None:
    """Raise a :class:`ReleaseError` naming the upload unless it is a PDF of an accepted size."""
    name = getattr(upload, "name", "") or _("the file")
    size = upload.size
    if not size:
        raise ReleaseError(_("«%(name)s» is empty.") % {"name": name}, field="file")
    limit = max_bytes()
    if size > limit:
        raise ReleaseError(
            _("«%(name)s» is larger than %(size)s MB.") % {"name": name, "size": f"{limit / (1024 * 1024):g}"},
            field="file",
        )
    if not looks_like_pdf(upload):
        raise ReleaseError(_("«%(name)s» is not a PDF file; it was not added.") % {"name": name}, field="file")


def sha256_of(file: IO[bytes]) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def download_name(title: str, number: str) -> str:
    """The name a download gets: the title without characters file systems refuse, and the version."""
    clean = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", title or "").strip()
    clean = re.sub(r"\s+", " ", clean)[:150] or "release"
    return f"{clean} v{number}.pdf"
