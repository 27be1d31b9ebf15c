from modeltranslation.translator import TranslationOptions, register

from .models import Release, ReleaseVersion, Topic


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name",)


@register(Release)
class ReleaseTranslation(TranslationOptions):
    fields = ("title", "abstract", "author_text")


@register(ReleaseVersion)
class ReleaseVersionTranslation(TranslationOptions):
    fields = ("changelog",)
