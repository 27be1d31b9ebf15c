from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every part shares: the audit log, money, bilingual helpers, base templates.

    The list is short on purpose (docs/decisions/0002-what-core-holds.md).
    """

    name = "ecoforum.core"
    label = "core"
    verbose_name = _("Core")
