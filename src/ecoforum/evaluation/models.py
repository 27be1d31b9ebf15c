"""Evaluation (论坛评估机制): surveys, the inputs of the carbon footprint, and the places guests come from.

KPIs are computed from the other apps' data (``evaluation.kpis``), never typed in, so
nothing here stores them. A :class:`Survey` asks one audience of an edition; each
person answers once (:class:`SurveyResponse` keyed by a keyed hash of who answered,
so that an anonymous survey keeps no link to the person and still takes one answer
each). The carbon footprint (``evaluation.carbon``) is computed from registrations,
travel, hotel nights and meals, plus what only the organizers know: the venue's
energy and what was offset (:class:`FootprintInputs`). :class:`Place` gives the
coordinates of the cities guests come from (the product's own list, loaded by a
migration).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ecoforum.forums.models import Edition

from .enums import Audience, QuestionKind


class Place(models.Model):
    """地点 · A city guests come from, with its coordinates, for travel distances."""

    name = models.CharField(_("name"), max_length=100)
    country = models.CharField(_("country (ISO code)"), max_length=2)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5)
    aliases = models.CharField(
        _("other names"), max_length=300, blank=True, help_text=_("Other spellings, separated by |.")
    )
    name_zh_hans: str
    name_en: str

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["country", "name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "name_en"], name="place_name_unique"),
            models.CheckConstraint(condition=Q(latitude__gte=-90, latitude__lte=90), name="place_latitude_range"),
            models.CheckConstraint(condition=Q(longitude__gte=-180, longitude__lte=180), name="place_longitude_range"),
        ]

    def __str__(self) -> str:
        return self.name


class FootprintInputs(models.Model):
    """碳足迹输入 · What only the organizers know of an edition's footprint: the venue, its energy, the offsets."""

    edition = models.OneToOneField(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="footprint_inputs"
    )
    venue = models.ForeignKey(
        Place,
        verbose_name=_("venue city"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Travel distances are measured to it."),
    )
    venue_electricity_kwh = models.DecimalField(
        _("venue electricity (kWh)"), max_digits=12, decimal_places=1, default=0
    )
    venue_gas_m3 = models.DecimalField(_("venue natural gas (m³)"), max_digits=12, decimal_places=1, default=0)
    offset_tco2e = models.DecimalField(_("offset (t CO₂e)"), max_digits=10, decimal_places=3, default=0)
    offset_note = models.CharField(
        _("how it was offset"), max_length=300, blank=True, help_text=_("Such as the forest carbon credits retired.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    offset_note_zh_hans: str
    offset_note_en: str

    class Meta:
        verbose_name = _("footprint inputs")
        verbose_name_plural = _("footprint inputs")
        constraints = [
            models.CheckConstraint(
                condition=Q(venue_electricity_kwh__gte=0), name="footprint_electricity_not_negative"
            ),
            models.CheckConstraint(condition=Q(venue_gas_m3__gte=0), name="footprint_gas_not_negative"),
            models.CheckConstraint(condition=Q(offset_tco2e__gte=0), name="footprint_offset_not_negative"),
        ]

    def __str__(self) -> str:
        return str(self.edition)


class Survey(models.Model):
    """问卷 · A survey of one audience of an edition, open between two times."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="surveys")
    slug = models.SlugField(_("address"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    audience = models.CharField(_("asks"), max_length=12, choices=Audience.choices, default=Audience.GUESTS)
    is_anonymous = models.BooleanField(
        _("anonymous"), default=True, help_text=_("Answers keep no link to the person who gave them.")
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    title_zh_hans: str
    title_en: str
    intro_zh_hans: str
    intro_en: str

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["edition", "opens_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="survey_slug_unique"),
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="survey_closes_after_opening"),
        ]

    def __str__(self) -> str:
        return self.title


class SurveyQuestion(models.Model):
    """问卷题目 · A question of a survey. Choices are stored by position, so both languages read the same answers."""

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    label = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    choices = models.TextField(_("choices"), blank=True, help_text=_("One per line, the same lines in both languages."))
    required = models.BooleanField(_("required"), default=True)
    measures_satisfaction = models.BooleanField(
        _("measures satisfaction"),
        default=False,
        help_text=_("A 1–5 rating whose average is the edition's satisfaction KPI."),
    )
    label_zh_hans: str
    label_en: str
    help_text_zh_hans: str
    help_text_en: str
    choices_zh_hans: str
    choices_en: str

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["survey", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "order"], name="survey_question_order_unique"),
            models.CheckConstraint(
                condition=Q(measures_satisfaction=False) | Q(kind=QuestionKind.RATING),
                name="survey_satisfaction_is_rating",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class SurveyResponse(models.Model):
    """问卷答卷 · One person's answers to a survey: one per person, by a keyed hash of who answered."""

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses")
    respondent_key = models.CharField(max_length=64, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty for an anonymous survey."),
    )
    registration = models.ForeignKey(
        "services.Registration",
        verbose_name=_("registration"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty for an anonymous survey."),
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans")
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["survey", "submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "respondent_key"], name="survey_response_once_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"


class SurveyAnswer(models.Model):
    """One answer: a number (rating, scale), chosen positions, or text."""

    response = models.ForeignKey(
        SurveyResponse, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        SurveyQuestion, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    number = models.SmallIntegerField(_("number"), null=True, blank=True)
    choices = models.JSONField(_("chosen"), default=list, blank=True)
    text = models.TextField(_("text"), blank=True, max_length=4000)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        ordering = ["response", "question__order"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="survey_answer_once"),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=0, number__lte=10), name="survey_answer_number_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.number if self.number is not None else self.text or self.choices}"
