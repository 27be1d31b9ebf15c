from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExhibitionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ecoforum.exhibition"
    verbose_name = _("Exhibition")

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the permissions)
