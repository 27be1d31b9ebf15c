from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvestmentConfig(AppConfig):
    """绿色招商机制: the green-industry catalogue, and later projects, investors, matchmaking and signings."""

    name = "ecoforum.investment"
    label = "investment"
    verbose_name = _("Green investment")

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the permissions)
