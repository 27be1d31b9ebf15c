from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReleasesConfig(AppConfig):
    """发布机制 · Reports, blue books, declarations and initiatives released at the forum."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "ecoforum.releases"
    verbose_name = _("Releases")

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the permissions)
