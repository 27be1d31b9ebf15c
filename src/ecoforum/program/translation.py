from modeltranslation.translator import TranslationOptions, register

from .models import ProgramRelease, Room, Section, Session, SessionPerson, ThemeForum, Venue


@register(Venue)
class VenueTranslation(TranslationOptions):
    fields = ("name", "address")


@register(Room)
class RoomTranslation(TranslationOptions):
    fields = ("name",)


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("name", "description")


@register(ThemeForum)
class ThemeForumTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "abstract")


@register(SessionPerson)
class SessionPersonTranslation(TranslationOptions):
    fields = ("talk_title",)


@register(ProgramRelease)
class ProgramReleaseTranslation(TranslationOptions):
    fields = ("comment",)
