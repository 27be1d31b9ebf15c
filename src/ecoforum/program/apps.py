from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramConfig(AppConfig):
    """研讨机制: sections, theme forums, sessions, rooms, speakers, the timetable and its releases."""

    name = "ecoforum.program"
    label = "program"
    verbose_name = _("Program")
