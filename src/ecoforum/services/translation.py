from modeltranslation.translator import TranslationOptions, register

from .models import Gate, GuestCategory, Hotel, Meal, Question, RegistrationForm, Station


@register(GuestCategory)
class GuestCategoryTranslation(TranslationOptions):
    fields = ("name",)


@register(RegistrationForm)
class RegistrationFormTranslation(TranslationOptions):
    fields = ("title", "intro")


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("label", "help_text", "choices")


@register(Gate)
class GateTranslation(TranslationOptions):
    fields = ("name",)


@register(Hotel)
class HotelTranslation(TranslationOptions):
    fields = ("name", "address")


@register(Station)
class StationTranslation(TranslationOptions):
    fields = ("name",)


@register(Meal)
class MealTranslation(TranslationOptions):
    fields = ("name", "venue")
