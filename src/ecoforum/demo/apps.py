from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demonstration edition (2023) and the ``ecoforum demo`` / ``ecoforum serve`` commands."""

    name = "ecoforum.demo"
    label = "demo"
    verbose_name = _("Demo edition")
