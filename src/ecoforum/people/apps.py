from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    """智库机制 and everyone else: persons, organizations, experts, invitations."""

    name = "ecoforum.people"
    label = "people"
    verbose_name = _("People and organizations")
