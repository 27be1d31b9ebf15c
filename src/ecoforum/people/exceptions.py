from django.utils.translation import gettext_lazy as _


class PeopleError(Exception):
    """A request about people that cannot be carried out; the message says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class InvitationClosed(PeopleError):
    def __init__(self):
        super().__init__(_("This invitation has been withdrawn and can no longer be answered."))


class AlreadyInvited(PeopleError):
    def __init__(self, person):
        super().__init__(_("%(person)s already has an open invitation in this role.") % {"person": person})
