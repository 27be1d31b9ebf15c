from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    """成果转化机制 · Every outcome of an edition, followed to landing."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "ecoforum.outcomes"
    verbose_name = _("Outcomes")

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the permissions)
