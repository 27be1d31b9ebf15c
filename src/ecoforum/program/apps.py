from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramConfig(AppConfig):
    """研讨机制: sections, theme forums, sessions, rooms, speakers, the timetable and its releases."""

    name = "ecoforum.program"
    label = "program"
    verbose_name = _("Program")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import page_cache
        from .views import adopt_agendas_on_login

        user_logged_in.connect(adopt_agendas_on_login, dispatch_uid="program.adopt_agendas_on_login")
        page_cache.connect()
