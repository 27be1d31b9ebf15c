from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    """章程 · 组织机制: forums, editions, the charter, themes, the organizing committee."""

    name = "ecoforum.forums"
    label = "forums"
    verbose_name = _("Forums and editions")
