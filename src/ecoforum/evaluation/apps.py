from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    """论坛评估机制 · Surveys, KPIs, the carbon footprint and the evaluation report of each edition."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "ecoforum.evaluation"
    verbose_name = _("Evaluation")

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the permissions)
