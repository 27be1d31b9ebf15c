from modeltranslation.translator import TranslationOptions, register

from .models import Exhibitor, Hall, PracticeCase, Product, Site, VisitRoute, Zone


@register(Hall)
class HallTranslation(TranslationOptions):
    fields = ("name",)


@register(Zone)
class ZoneTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Exhibitor)
class ExhibitorTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Product)
class ProductTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Site)
class SiteTranslation(TranslationOptions):
    fields = ("name", "demonstrates")


@register(VisitRoute)
class VisitRouteTranslation(TranslationOptions):
    fields = ("name", "meeting_point")


@register(PracticeCase)
class PracticeCaseTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "region")
