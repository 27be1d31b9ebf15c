from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    """服务保障机制 · Registration, badges, check-in, hotels, transport and meals."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "ecoforum.services"
    label = "services"
    verbose_name = _("Guest services")

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the permissions)
