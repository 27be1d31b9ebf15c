from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionKind(models.TextChoices):
    CEREMONY = "ceremony", _("Ceremony")
    KEYNOTE = "keynote", _("Keynote")
    FORUM = "forum", _("Theme forum session")
    PANEL = "panel", _("Panel discussion")
    DIALOGUE = "dialogue", _("Dialogue")
    RELEASE = "release", _("Release")
    SIGNING = "signing", _("Signing")
    LAUNCH = "launch", _("Product launch")
    VISIT = "visit", _("Field visit")
    OTHER = "other", _("Other")


class SessionLanguage(models.TextChoices):
    ZH = "zh", _("Chinese")
    EN = "en", _("English")
    BOTH = "zh-en", _("Chinese and English (interpreted)")


class PersonRole(models.TextChoices):
    """A person's part in a session. Every role counts as being in the room."""

    HOST = "host", _("Host")
    MODERATOR = "moderator", _("Moderator")
    KEYNOTE = "keynote", _("Keynote speaker")
    SPEAKER = "speaker", _("Speaker")
    PANELIST = "panelist", _("Panelist")
    GUEST = "guest", _("Guest of honour")
