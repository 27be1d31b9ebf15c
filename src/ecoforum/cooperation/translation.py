from modeltranslation.translator import TranslationOptions, register

from .models import Agreement, Delegation, Partner


@register(Partner)
class PartnerTranslation(TranslationOptions):
    fields = ("description",)


@register(Agreement)
class AgreementTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(Delegation)
class DelegationTranslation(TranslationOptions):
    fields = ("name",)
