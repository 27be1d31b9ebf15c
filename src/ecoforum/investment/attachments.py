"""Files that go with a project: brochures, feasibility studies, pictures.

The content is checked, not the name: a file is accepted only when its first bytes
say PDF, PNG or JPEG, or when it is a ZIP whose ``[Content_Types].xml`` says Excel
(.xlsx) or Word (.docx) document, and when it is at most 20 MB. It is stored under a
random name (never the name it was uploaded with) and served through a view that
asks :func:`may_see_attachment`, with the content type found here.
"""

from __future__ import annotations

import uuid
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from ecoforum.core.audit import log_action

from .enums import AttachmentKind
from .exceptions import InvestmentError
from .models import InvestmentProject, ProjectAttachment
from .services import require

MAX_BYTES = 20 * 1024 * 1024
#: The largest ``[Content_Types].xml`` read from a ZIP (a real one is a few kilobytes).
MAX_CONTENT_TYPES_BYTES = 256 * 1024

XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str

    @property
    def inline(self) -> bool:
        """Pictures and PDF open in the browser; office documents are downloaded."""
        return self.content_type.startswith("image/") or self.content_type == "application/pdf"


PDF = FileType("application/pdf", ".pdf")
PNG = FileType("image/png", ".png")
JPEG = FileType("image/jpeg", ".jpg")
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")
DOCX = FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")
TYPES = {t.content_type: t for t in (PDF, PNG, JPEG, XLSX, DOCX)}


def detect(file: IO[bytes]) -> FileType | None:
    """The type of the content, read from its bytes; ``None`` for anything not accepted."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _office_type(file)
    return None


def _office_type(file: IO[bytes]) -> FileType | None:
    try:
        with zipfile.ZipFile(file) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > MAX_CONTENT_TYPES_BYTES:
                return None
            types = archive.read(info).decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError, EOFError, NotImplementedError):
        return None
    finally:
        file.seek(0)
    if XLSX_MAIN in types:
        return XLSX
    if DOCX_MAIN in types:
        return DOCX
    return None


def check_upload(upload: Any) -> FileType:
    """The accepted type of an upload, or an :class:`InvestmentError` naming the file."""
    name = getattr(upload, "name", "") or _("the file")
    size = upload.size
    if size == 0:
        raise InvestmentError(_("«%(name)s» is empty.") % {"name": name})
    if size > MAX_BYTES:
        raise InvestmentError(
            _("«%(name)s» is larger than %(size)s MB.") % {"name": name, "size": MAX_BYTES // (1024 * 1024)}
        )
    found = detect(upload)
    if found is None:
        raise InvestmentError(
            _("«%(name)s» is not a PDF, PNG or JPEG picture, Excel (.xlsx) or Word (.docx) file; it was not added.")
            % {"name": name}
        )
    return found


# --- who sees what ----------------------------------------------------------------


def may_see_attachment(user: Any, attachment: ProjectAttachment) -> bool:
    """Public attachments: everyone. Others: superusers and the organizers of the project's edition.

    The project owners' portal extends this for its own people.
    """
    if attachment.is_public:
        return True
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.has_perm("forums.manage_edition", attachment.project.edition))


def attachment_of(user: Any, project: InvestmentProject, pk: int) -> ProjectAttachment | None:
    """The project's attachment if ``user`` may see it; ``None`` for "missing" and "not yours" alike."""
    attachment = ProjectAttachment.objects.filter(project=project, pk=pk).select_related("project__edition").first()
    if attachment is None or not may_see_attachment(user, attachment):
        return None
    return attachment


def attachments_for(user: Any, project: InvestmentProject) -> list[ProjectAttachment]:
    """The project's attachments that ``user`` may see, oldest first."""
    found = list(ProjectAttachment.objects.filter(project=project).select_related("project__edition"))
    return [a for a in found if may_see_attachment(user, a)]


# --- writes -----------------------------------------------------------------------


def add_attachment(
    project: InvestmentProject,
    *,
    upload: Any,
    title_zh_hans: str,
    title_en: str = "",
    kind: str = AttachmentKind.OTHER,
    is_public: bool = True,
    actor: Any,
) -> ProjectAttachment:
    """Check the upload's content and size, store it under a random name, record it. Its owners and organizers."""
    require(
        actor,
        "investment.change_project",
        project,
        _("You may not add files to project %(code)s.") % {"code": project.code},
    )
    title_zh_hans = (title_zh_hans or "").strip()
    if not title_zh_hans:
        raise InvestmentError(_("Every file of project %(code)s needs a Chinese title.") % {"code": project.code})
    if kind not in AttachmentKind.values:
        raise InvestmentError(_("«%(kind)s» is not a kind of file.") % {"kind": kind})
    file_type = check_upload(upload)
    original_name = (getattr(upload, "name", "") or "")[-200:]
    attachment = ProjectAttachment(
        project=project,
        kind=kind,
        title_zh_hans=title_zh_hans[:200],
        title_en=(title_en or "").strip()[:200],
        original_name=original_name,
        content_type=file_type.content_type,
        size=upload.size,
        is_public=is_public,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    upload.seek(0)
    attachment.file.save(f"{uuid.uuid4().hex}{file_type.extension}", upload, save=False)
    try:
        with transaction.atomic(durable=True):
            attachment.save()
            log_action(
                attachment,
                "investment.attachment.added",
                actor=actor,
                edition_id=project.edition_id,
                data={
                    "project": project.code,
                    "title": attachment.title_zh_hans,
                    "file": original_name,
                    "content_type": file_type.content_type,
                    "size": attachment.size,
                    "public": is_public,
                },
            )
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


def remove_attachment(attachment: ProjectAttachment, *, actor: Any) -> None:
    """Delete the attachment and, once that is committed, its file."""
    project = attachment.project
    require(
        actor,
        "investment.change_project",
        project,
        _("You may not remove files of project %(code)s.") % {"code": project.code},
    )
    storage, name = attachment.file.storage, attachment.file.name
    with transaction.atomic(durable=True):
        log_action(
            attachment,
            "investment.attachment.removed",
            actor=actor,
            edition_id=project.edition_id,
            data={"project": project.code, "title": attachment.title_zh_hans, "file": attachment.original_name},
        )
        attachment.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))
