from modeltranslation.translator import TranslationOptions, register

from .models import Outcome, Stage


@register(Outcome)
class OutcomeTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(Stage)
class StageTranslation(TranslationOptions):
    fields = ("title",)
