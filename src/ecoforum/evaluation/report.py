"""The evaluation report of an edition (论坛评估报告) as an A4 PDF.

The data is built once (:func:`build_report`): the edition's key figures beside the previous
editions' (``evaluation.kpis``), what became of its outcomes and the overdue list
(``outcomes.queries``), the results of its surveys (``evaluation.surveys``) and its carbon
footprint with the method and the sources of every factor (``evaluation.carbon``). It is
rendered by :class:`ReportPdf` with WeasyPrint from ``evaluation/report/report.html``: a cover,
one chapter per part with its tables and the shared server-drawn SVG charts (``{% load charts %}``),
page numbers. Headings are in the active language (the job's, see ``evaluation.tasks``); content
people wrote is shown in that language, with the Chinese beside it where both exist. Chinese is set
in Noto Sans CJK SC (Debian's fonts-noto-cjk), never a downloaded font.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ecoforum.core.charts import Row
from ecoforum.core.money import YI, Money
from ecoforum.forums.models import Edition
from ecoforum.outcomes.enums import OutcomeKind, Status
from ecoforum.outcomes.queries import OutcomeRow, OutcomeSummary, outcome_summary, overdue_rows
from ecoforum.outcomes.status import today_in

from . import carbon, kpis, surveys
from .carbon import Footprint
from .enums import QuestionKind
from .kpis import Kpis

Progress = Callable[[int, int, str], None]

#: The parts of the report, in order; progress is reported after each.
STEPS = 4
#: The figures drawn as charts across editions (name in ``kpis.KPI_FIELDS``).
CHARTED_FIGURES = ["guests_on_site", "countries", "signed", "landed", "satisfaction", "carbon_per_guest_kg"]
#: Colours of the outcome statuses in the charts (``core.charts.TONES``).
STATUS_TONES = {
    Status.DONE: "dark",
    Status.GREEN: "green",
    Status.YELLOW: "yellow",
    Status.RED: "red",
    Status.ABANDONED: "grey",
}
#: At most this many free-text answers of a question are printed.
TEXTS_SHOWN = 12
TWO = Decimal("0.01")


def _yi(amount: Decimal) -> Decimal:
    return (amount / YI).quantize(TWO, ROUND_HALF_UP)


def _money(value: Money | Decimal | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, Money):
        return value.format()
    return Money(value).format()


def _percent(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{(value * 100).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"


@dataclass
class KpiRow:
    """One figure across the editions compared: label and, per edition, its display and change in %."""

    name: str
    label: str
    cells: list[tuple[str, Decimal | None]]


@dataclass
class Chart:
    """A chart's title and rows for ``{% bar_chart %}`` / ``{% column_chart %}``."""

    title: str
    rows: list[Row]


@dataclass
class QuestionPart:
    """A survey question as the report prints it: its result, and a chart of its answers when they count."""

    result: Any  # surveys.QuestionResult
    chart: list[Row] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        return list(self.result.texts[:TEXTS_SHOWN])


@dataclass
class SurveyPart:
    survey: Any  # evaluation.models.Survey
    response_count: int
    questions: list[QuestionPart]


@dataclass
class EvaluationReport:
    """Everything the PDF prints, built once."""

    edition: Edition
    title: str
    made_at: Any
    kpis: Kpis
    compared: list[Kpis]
    kpi_rows: list[KpiRow]
    kpi_charts: list[Chart]
    summary: OutcomeSummary
    status_chart: list[Row]
    conversion_chart: list[Row]
    industry_chart: list[Row]
    industries: list[tuple[str, str, str]]
    regions: list[tuple[str, str, str]]
    overdue: list[OutcomeRow]
    surveys: list[SurveyPart]
    footprint: Footprint
    footprint_chart: list[Row]

    @property
    def file_name(self) -> str:
        return report_file_name(self.edition)

    @property
    def conversion_text(self) -> str:
        return _percent(self.summary.conversion)

    @property
    def other_currencies(self) -> list[str]:
        return [Money(amount, currency).format() for currency, amount in sorted(self.summary.other_currencies.items())]


def report_title(edition: Edition) -> str:
    return _("%(edition)s: evaluation report") % {"edition": edition.name}


def report_file_name(edition: Edition) -> str:
    """The download's name: ``2023年生态文明贵阳国际论坛 evaluation report.pdf``, translated."""
    return _("%(edition)s evaluation report") % {"edition": edition.name} + ".pdf"


# --- the parts -----------------------------------------------------------------------


def _kpi_part(edition: Edition) -> tuple[Kpis, list[Kpis], list[KpiRow], list[Chart]]:
    """The edition's figures, and those of the editions before it (the later ones are left out)."""
    current, compared = kpis.kpis_with_previous(edition)
    compared = [k for k in compared if (k.edition.start_date, k.edition.pk) <= (edition.start_date, edition.pk)]
    rows = [
        KpiRow(name, str(label), [(k.display(name), k.changes.get(name)) for k in compared])
        for name, label, _unit in kpis.KPI_FIELDS
    ]
    charts = []
    labels = {name: str(label) for name, label, _unit in kpis.KPI_FIELDS}
    units = {name: unit for name, _label, unit in kpis.KPI_FIELDS}
    for name in CHARTED_FIGURES:
        chart_rows = []
        for k in compared:
            value = k.number(name)
            if value is None:
                continue
            shown = _yi(Decimal(value)) if units[name] == "money" else value
            tone = "dark" if k.edition.pk == edition.pk else "light"
            chart_rows.append(Row(str(k.edition.year), shown, k.display(name), tone))
        charts.append(Chart(labels[name], chart_rows))
    return current, compared, rows, charts


def _outcome_part(edition: Edition):
    today = today_in(edition)
    summary = outcome_summary(edition, today=today)
    status_chart = [
        Row(str(Status(code).label), summary.by_status.get(code, 0), tone=STATUS_TONES[Status(code)])
        for code in (Status.DONE, Status.GREEN, Status.YELLOW, Status.RED, Status.ABANDONED)
    ]
    conversion_chart = [
        Row(pgettext("outcome stage", "Signed"), summary.signed_projects, tone="light"),
        Row(_("Construction started"), summary.started, tone="green"),
        Row(_("In production"), summary.in_production, tone="green"),
        Row(_("Funds in place"), summary.funds_in, tone="dark"),
    ]
    industry_chart = []
    industries = []
    for industry, signed, landed in summary.by_industry:
        name = industry.name if industry is not None else _("No industry given")
        industry_chart.append(Row(name, _yi(signed.amount), signed.format(), "green"))
        industries.append((name, signed.format(), landed.format()))
    regions = [
        (region or _("Unknown"), signed.format(), landed.format()) for region, signed, landed in summary.by_region
    ]
    return summary, status_chart, conversion_chart, industry_chart, industries, regions, overdue_rows(edition, today)


def _survey_part(survey) -> SurveyPart:
    results = surveys.survey_results(survey)
    questions = []
    for result in results.questions:
        chart: list[Row] = []
        if result.kind != QuestionKind.TEXT:
            chart = [Row(label, count, tone="green") for label, count in result.distribution]
        questions.append(QuestionPart(result, chart))
    return SurveyPart(survey, results.response_count, questions)


def _footprint_chart(result: Footprint) -> list[Row]:
    rows = []
    for code, kg in result.by_group():
        tonnes = (kg / 1000).quantize(Decimal("0.1"), ROUND_HALF_UP)
        rows.append(Row(carbon.group_label(code), tonnes, f"{tonnes:,} t", "green"))
    return rows


def build_report(edition: Edition, *, progress: Progress | None = None, steps_after: int = 0) -> EvaluationReport:
    """Everything the report prints, part by part; ``progress(done, total, message)`` after each part.

    ``total`` counts ``steps_after`` more steps for the caller's rendering.
    """
    total = STEPS + steps_after

    def step(done: int, message: str) -> None:
        if progress is not None:
            progress(done, total, message)

    current, compared, kpi_rows, kpi_charts = _kpi_part(edition)
    step(1, _("Key figures computed"))
    summary, status_chart, conversion_chart, industry_chart, industries, regions, overdue = _outcome_part(edition)
    step(2, _("Outcomes summed up"))
    published = [s for s in surveys.surveys_of(edition) if s.is_published]
    survey_parts = [_survey_part(survey) for survey in published]
    step(3, _("Survey results counted"))
    result = current.carbon if current.carbon is not None else carbon.footprint(edition)
    step(4, _("Carbon footprint computed"))
    return EvaluationReport(
        edition=edition,
        title=report_title(edition),
        made_at=timezone.localtime(timezone.now(), edition.tz),
        kpis=current,
        compared=compared,
        kpi_rows=kpi_rows,
        kpi_charts=kpi_charts,
        summary=summary,
        status_chart=status_chart,
        conversion_chart=conversion_chart,
        industry_chart=industry_chart,
        industries=industries,
        regions=regions,
        overdue=overdue,
        surveys=survey_parts,
        footprint=result,
        footprint_chart=_footprint_chart(result),
    )


# --- the PDF -------------------------------------------------------------------------


class ReportPdf:
    """The printed report: cover, contents, key figures, outcomes, surveys, carbon footprint."""

    identifier = "pdf"
    extension = "pdf"
    content_type = "application/pdf"

    def __init__(self, report: EvaluationReport):
        self.report = report

    @property
    def file_name(self) -> str:
        return self.report.file_name

    def html(self) -> str:
        return render_to_string(
            "evaluation/report/report.html",
            {"report": self.report, "signing_kind": OutcomeKind.SIGNING},
        )

    def render(self) -> bytes:
        from weasyprint import HTML  # type: ignore[import-untyped]  # heavy: loaded only where a PDF is made

        pdf: bytes = HTML(string=self.html(), base_url=None).write_pdf()
        return pdf
