"""Content fields in zh-hans and en (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import CharterVersion, Edition, Forum, HeadlineFigure, Theme


@register(Forum)
class ForumTranslation(TranslationOptions):
    fields = ("name", "short_name", "description")


@register(Edition)
class EditionTranslation(TranslationOptions):
    fields = ("name", "theme", "city", "description")


@register(CharterVersion)
class CharterVersionTranslation(TranslationOptions):
    fields = ("title", "body", "change_note")


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(HeadlineFigure)
class HeadlineFigureTranslation(TranslationOptions):
    fields = ("value", "label")
