from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    """国际合作机制 · Partner organizations, cooperation agreements, delegations and invitation letters."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "ecoforum.cooperation"
    verbose_name = _("International cooperation")

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the permissions)
