from modeltranslation.translator import TranslationOptions, register

from .models import FootprintInputs, Place, Survey, SurveyQuestion


@register(Place)
class PlaceTranslation(TranslationOptions):
    fields = ("name",)


@register(FootprintInputs)
class FootprintInputsTranslation(TranslationOptions):
    fields = ("offset_note",)


@register(Survey)
class SurveyTranslation(TranslationOptions):
    fields = ("title", "intro")


@register(SurveyQuestion)
class SurveyQuestionTranslation(TranslationOptions):
    fields = ("label", "help_text", "choices")
