"""Domain errors of the program. Each message names the item and says what is wrong."""

from django.utils.translation import gettext_lazy as _


class ProgramError(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class NotAllowed(ProgramError):
    def __init__(self, message=None):
        super().__init__(message or _("You may not change this part of the program."))


class TimetableConflict(ProgramError):
    """A timetable rule would be broken."""


class InvalidTime(ProgramError):
    pass


class NothingToRelease(ProgramError):
    pass


class DuplicateVersion(ProgramError):
    pass
