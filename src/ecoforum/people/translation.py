from modeltranslation.translator import TranslationOptions, register

from .models import AdvisoryInput, DirectoryEntry, ExpertField, ExpertProfile, Invitation, Organization, Person


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name", "short_name")


@register(ExpertField)
class ExpertFieldTranslation(TranslationOptions):
    fields = ("name",)


@register(Person)
class PersonTranslation(TranslationOptions):
    fields = ("name", "position", "biography")


@register(ExpertProfile)
class ExpertProfileTranslation(TranslationOptions):
    fields = ("title",)


@register(Invitation)
class InvitationTranslation(TranslationOptions):
    fields = ("message",)


@register(AdvisoryInput)
class AdvisoryInputTranslation(TranslationOptions):
    fields = ("title", "text", "response")


@register(DirectoryEntry)
class DirectoryEntryTranslation(TranslationOptions):
    fields = ("headline", "looking_for")
