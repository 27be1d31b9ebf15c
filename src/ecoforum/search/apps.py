from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """One search across sessions, experts, releases, projects, exhibitors and practice cases."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "ecoforum.search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from . import signals

        signals.connect()
