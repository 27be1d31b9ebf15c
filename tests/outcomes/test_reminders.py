"""Reminders to the responsible units: due within 14 days, overdue, each once, in the recipient's language."""

from __future__ import annotations

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.management import call_command

from ecoforum.outcomes import services
from ecoforum.outcomes.models import Reminder, Stage

from ..factories import PersonFactory, UserFactory
from .factories import OutcomeFactory, StageFactory

JUNE_30 = dt.date(2024, 6, 30)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://forum.example.cn"


@pytest.fixture
def followed(edition):
    """An initiative with one open milestone planned for 30 June 2024 and two contact people."""
    outcome = OutcomeFactory(edition=edition, code="CG-2023-010", title_zh_hans="绿色倡议", title_en="Green initiative")
    outcome.contacts.add(
        PersonFactory(email="wang@example.cn", country="CN", name_zh_hans="王芳"),
        PersonFactory(email="anna@example.org", country="DE", name_zh_hans="安娜"),
        PersonFactory(email="", country="CN"),
    )
    StageFactory(outcome=outcome, planned_on=JUNE_30, title_zh_hans="成员达到100家", title_en="100 members")
    return outcome


def send(today, capture, **kwargs) -> int:
    with capture(execute=True):
        return services.send_reminders(today=today, **kwargs)


def test_due_soon_goes_14_days_ahead_in_each_recipients_language(followed, django_capture_on_commit_callbacks):
    count = send(dt.date(2024, 6, 16), django_capture_on_commit_callbacks)

    # one mail per language: English for Anna (DE), Chinese for Wang (CN); nobody without an address
    assert count == 1
    assert [m.to for m in mail.outbox] == [["anna@example.org"], ["wang@example.cn"]]
    assert mail.outbox[0].subject == "Due soon: CG-2023-010 100 members on 2024-06-30"
    assert "成员达到100家" in mail.outbox[1].subject
    assert mail.outbox[0].body.splitlines()[0] == (
        "The stage “100 members” of outcome CG-2023-010 «Green initiative» is planned for 2024-06-30, in 14 days."
    )
    assert mail.outbox[0].body.splitlines()[-1] == "Report here: https://forum.example.cn/outcomes/"


def test_nothing_goes_15_days_ahead(followed, django_capture_on_commit_callbacks):
    assert send(dt.date(2024, 6, 15), django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_running_twice_sends_once(followed, django_capture_on_commit_callbacks):
    first = send(dt.date(2024, 6, 20), django_capture_on_commit_callbacks)
    second = send(dt.date(2024, 6, 21), django_capture_on_commit_callbacks)

    assert (first, second, len(mail.outbox), Reminder.objects.count()) == (1, 0, 2, 1)


def test_overdue_goes_once_more_after_the_planned_day(followed, django_capture_on_commit_callbacks):
    send(dt.date(2024, 6, 20), django_capture_on_commit_callbacks)
    mail.outbox.clear()

    on_the_day = send(JUNE_30, django_capture_on_commit_callbacks)
    overdue = send(dt.date(2024, 7, 1), django_capture_on_commit_callbacks)
    again = send(dt.date(2024, 7, 9), django_capture_on_commit_callbacks)

    assert (on_the_day, overdue, again) == (0, 1, 0)
    assert [m.to for m in mail.outbox] == [["anna@example.org"], ["wang@example.cn"]]
    assert mail.outbox[0].subject == "Overdue: CG-2023-010 100 members (planned for 2024-06-30)"
    assert list(Reminder.objects.order_by("kind").values_list("kind", "planned_on")) == [
        ("due_soon", JUNE_30),
        ("overdue", JUNE_30),
    ]


def test_a_replanned_date_reminds_again(followed, django_capture_on_commit_callbacks):
    send(dt.date(2024, 7, 1), django_capture_on_commit_callbacks)
    stage = Stage.objects.select_related("outcome__edition").get(outcome=followed)
    services.replan_stage(stage, actor=None, planned_on=dt.date(2024, 7, 10), reason="延期")

    again = send(dt.date(2024, 7, 2), django_capture_on_commit_callbacks)

    assert again == 1
    assert list(Reminder.objects.order_by("planned_on").values_list("kind", "planned_on")) == [
        ("overdue", JUNE_30),
        ("due_soon", dt.date(2024, 7, 10)),
    ]


def test_done_and_abandoned_outcomes_are_not_reminded(followed, edition, django_capture_on_commit_callbacks):
    StageFactory(outcome=OutcomeFactory(edition=edition), planned_on=JUNE_30, actual_on=JUNE_30)
    services.abandon_outcome(followed, actor=None, reason="合并到其他倡议")

    assert send(dt.date(2024, 7, 1), django_capture_on_commit_callbacks) == 0


def test_without_contacts_the_organizers_are_reminded(edition, organizer, django_capture_on_commit_callbacks):
    UserFactory()  # not on the committee
    StageFactory(outcome=OutcomeFactory(edition=edition, code="CG-2023-011"), planned_on=JUNE_30)

    send(dt.date(2024, 7, 1), django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [[organizer.email]]


def test_only_the_given_edition(followed, django_capture_on_commit_callbacks):
    from ..factories import EditionFactory

    other = EditionFactory(year=2024)

    assert send(dt.date(2024, 7, 1), django_capture_on_commit_callbacks, edition=other) == 0


def test_a_mail_server_failure_keeps_the_reminder(followed, settings, django_capture_on_commit_callbacks, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)

    count = send(dt.date(2024, 7, 1), django_capture_on_commit_callbacks)

    assert (count, Reminder.objects.count()) == (1, 1)


def test_the_command_runs_for_an_edition(followed, django_capture_on_commit_callbacks, capsys):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_outcome_reminders", "2023")

    assert capsys.readouterr().out == "2023: 1 reminder(s) sent\n"
