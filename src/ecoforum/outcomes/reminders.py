"""Reminder mail to the responsible units (提醒): a stage due soon, a stage overdue.

``services.send_reminders`` decides which reminders are due and records each in a
:class:`~.models.Reminder` row; it calls :func:`send_reminder` in ``transaction.on_commit``,
so nothing is sent for a reminder that was not recorded, and a mail that cannot be sent
never undoes the record (the failure is logged). Each recipient gets the mail in their
language: Chinese for people in China (``Person.country == "CN"``) and for the organizers,
English for everyone else. Mail goes through Django's mail API.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.translation import gettext as _

from ecoforum.forums.enums import CommitteeRole
from ecoforum.forums.models import CommitteeMember

from .enums import ReminderKind
from .models import Outcome, Stage

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str
    name: str = ""


def recipients_of(outcome: Outcome) -> list[Recipient]:
    """The outcome's contact people with an e-mail; if there are none, the organizers of its edition."""
    people = [person for person in outcome.contacts.order_by("name", "pk") if person.email]
    if people:
        return [
            Recipient(person.email, "zh-hans" if person.country == "CN" else "en", person.name) for person in people
        ]
    organizers = (
        CommitteeMember.objects.filter(edition_id=outcome.edition_id, role=CommitteeRole.ORGANIZER)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__username")
    )
    return [Recipient(member.user.email, settings.LANGUAGE_CODE, member.user.get_full_name()) for member in organizers]


def portal_url() -> str:
    """Where a responsible unit reports on its outcomes (``/outcomes/``)."""
    return f"{settings.SITE_URL}/outcomes/"


def compose(stage: Stage, kind: str, today: dt.date) -> tuple[str, str]:
    """Subject and text of the reminder in the active language."""
    outcome = stage.outcome
    english = (translation.get_language() or "").startswith("en")
    title = (outcome.title_en if english else outcome.title_zh_hans) or outcome.title
    stage_name = (stage.title_en if english else stage.title_zh_hans) or stage.get_kind_display()
    values = {
        "code": outcome.code,
        "title": title,
        "stage": stage_name,
        "date": stage.planned_on.isoformat(),
        "days": abs((stage.planned_on - today).days),
        "edition": outcome.edition.name,
        "unit": outcome.responsible_unit.name,
    }
    if kind == ReminderKind.OVERDUE:
        subject = _("Overdue: %(code)s %(stage)s (planned for %(date)s)") % values
        lead = (
            _("The stage “%(stage)s” of outcome %(code)s «%(title)s» was planned for %(date)s and is not recorded yet.")
            % values
        )
        ask = _("Please record it if it has happened, or replan it with the reason.")
    else:
        subject = _("Due soon: %(code)s %(stage)s on %(date)s") % values
        lead = (
            _("The stage “%(stage)s” of outcome %(code)s «%(title)s» is planned for %(date)s, in %(days)s days.")
            % values
        )
        ask = _("Please record it when it happens, or replan it with the reason if the date moves.")
    lines = [
        lead,
        ask,
        "",
        _("Edition: %(edition)s") % values,
        _("Responsible unit: %(unit)s") % values,
        _("Report here: %(link)s") % {"link": portal_url()},
    ]
    return subject, "\n".join(lines) + "\n"


def send_reminder(stage_id: int, kind: str, *, today: dt.date) -> int:
    """Send the reminder ``kind`` about one stage to its recipients, one mail per language; returns the mails sent.

    Failures of the mail server are logged, never raised (the reminder stays recorded)."""
    stage = Stage.objects.select_related("outcome__edition", "outcome__responsible_unit").filter(pk=stage_id).first()
    if stage is None:
        return 0
    by_language: dict[str, list[str]] = {}
    for recipient in recipients_of(stage.outcome):
        by_language.setdefault(recipient.language, []).append(recipient.email)
    sent = 0
    for language, addresses in sorted(by_language.items()):
        with translation.override(language):
            subject, text = compose(stage, kind, today)
        try:
            EmailMessage(subject, text, to=addresses).send()
        except Exception as error:  # the outside world failed: log it, keep the record
            logger.warning("Sending the %s reminder of stage %s failed: %s", kind, stage_id, error)
        else:
            sent += 1
    return sent
