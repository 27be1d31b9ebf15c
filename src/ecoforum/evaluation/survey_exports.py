"""Every answer of a survey as a workbook (openpyxl): one row per response, one column per question.

An anonymous survey's rows carry no identity; otherwise the person's name, the registration's
reference and the user's login come first. Choices are written as their labels in the
organizer's language; texts are written so that no spreadsheet reads them as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font, PatternFill  # type: ignore[import-untyped]

from ecoforum.core.workbooks import CONTENT_TYPE, append_row

from .enums import QuestionKind
from .models import Survey, SurveyQuestion, SurveyResponse
from .survey_queries import choice_labels, questions_of, responses_for_export


class SurveyAnswersExport:
    identifier = "survey-answers"
    content_type = CONTENT_TYPE
    extension = "xlsx"

    def __init__(self, survey: Survey) -> None:
        self.survey = survey
        self.questions = questions_of(survey)
        self.labels = {q.pk: choice_labels(q) for q in self.questions}
        self.row_count = 0

    def file_name(self) -> str:
        stamp = timezone.localtime(timezone.now(), self.survey.edition.tz).strftime("%Y%m%d-%H%M")
        return f"{self.identifier}-{self.survey.edition.slug}-{self.survey.slug}-{stamp}.{self.extension}"

    def header(self) -> list[str]:
        head = [_("Response"), _("Submitted"), _("Language")]
        if not self.survey.is_anonymous:
            head += [_("Name"), _("Registration"), _("User")]
        return head + [q.label for q in self.questions]

    def _value(self, question: SurveyQuestion, answer: Any) -> Any:
        if answer is None:
            return ""
        if question.kind in (QuestionKind.RATING, QuestionKind.SCALE):
            return answer.number
        if question.kind in (QuestionKind.CHOICE, QuestionKind.MULTIPLE):
            labels = self.labels[question.pk]
            return "; ".join(labels[p] if 0 <= p < len(labels) else str(p + 1) for p in answer.choices)
        return answer.text

    def _identity(self, response: SurveyResponse) -> list[str]:
        registration = response.registration
        person = registration.person if registration is not None else None
        return [
            str(person) if person is not None else "",
            registration.reference if registration is not None else "",
            response.user.get_username() if response.user is not None else "",
        ]

    def rows(self) -> Iterable[list[Any]]:
        tz = self.survey.edition.tz
        for number, response in enumerate(responses_for_export(self.survey), start=1):
            by_question = {a.question_id: a for a in response.answers.all()}
            row: list[Any] = [
                number,
                timezone.localtime(response.submitted_at, tz).strftime("%Y-%m-%d %H:%M"),
                response.language,
            ]
            if not self.survey.is_anonymous:
                row += self._identity(response)
            row += [self._value(q, by_question.get(q.pk)) for q in self.questions]
            yield row

    def render(self) -> bytes:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = (self.survey.slug or "survey")[:31]
        append_row(sheet, [self.survey.title])
        sheet["A1"].font = Font(bold=True, size=13)
        append_row(sheet, self.header())
        for cell in sheet[2]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="E3F1E6")
        for row in self.rows():
            append_row(sheet, row)
            self.row_count += 1
        sheet.freeze_panes = "A3"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
