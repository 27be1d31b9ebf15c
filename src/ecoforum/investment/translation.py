from modeltranslation.translator import TranslationOptions, register

from .models import GreenIndustry, InvestmentProject


@register(GreenIndustry)
class GreenIndustryTranslation(TranslationOptions):
    fields = ("name", "description")


@register(InvestmentProject)
class InvestmentProjectTranslation(TranslationOptions):
    fields = ("name", "summary")
