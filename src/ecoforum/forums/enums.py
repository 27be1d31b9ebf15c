from django.db import models
from django.utils.translation import gettext_lazy as _


class CommitteeRole(models.TextChoices):
    """Roles on an edition's organizing committee 组委会."""

    ORGANIZER = "organizer", _("Organizer (full rights)")
    PROGRAM_MANAGER = "program_manager", _("Program manager")
    STAFF = "staff", _("Staff (read only)")
