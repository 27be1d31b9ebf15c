from modeltranslation.translator import TranslationOptions, register

from .models import GreenIndustry, InvestmentProject, ProjectAttachment, Signing


@register(GreenIndustry)
class GreenIndustryTranslation(TranslationOptions):
    fields = ("name", "description")


@register(InvestmentProject)
class InvestmentProjectTranslation(TranslationOptions):
    fields = ("name", "summary")


@register(ProjectAttachment)
class ProjectAttachmentTranslation(TranslationOptions):
    fields = ("title",)


@register(Signing)
class SigningTranslation(TranslationOptions):
    fields = ("title",)
