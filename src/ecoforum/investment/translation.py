from modeltranslation.translator import TranslationOptions, register

from .models import GreenIndustry


@register(GreenIndustry)
class GreenIndustryTranslation(TranslationOptions):
    fields = ("name", "description")
