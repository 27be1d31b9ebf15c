from django.db import models
from django.utils.translation import gettext_lazy as _


class CommitteeRole(models.TextChoices):
    """Roles on an edition's organizing committee 组委会."""

    ORGANIZER = "organizer", _("Organizer (full rights)")
    PROGRAM_MANAGER = "program_manager", _("Program manager")
    GUEST_SERVICES = "guest_services", _("Guest services (registration, badges, hotels, transport, meals)")
    GATE_STAFF = "gate_staff", _("Gate staff (scan badges only)")
    STAFF = "staff", _("Staff (read only)")
