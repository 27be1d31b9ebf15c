from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    """智库机制 and everyone else: persons, organizations, experts, invitations."""

    name = "ecoforum.people"
    label = "people"
    verbose_name = _("People and organizations")

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the think tank's and the exchange's permissions)
