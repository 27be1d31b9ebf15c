"""One answer per person under load on PostgreSQL: the same person submitting from 8 clients at once makes one response.

Each client is a thread with its own database connection; a barrier starts them together. The
``survey_response_once_per_person`` constraint on the keyed hash of the survey and the person
holds: the first insert wins, the others wait for it and are told they have answered already.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

import pytest
from django.db import connections

from ecoforum.evaluation import surveys
from ecoforum.evaluation.models import SurveyAnswer, SurveyResponse

from ..services.factories import RegistrationFactory
from .survey_factories import OPENS, QuestionFactory, SurveyFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLIENTS = 8


def test_the_same_person_from_eight_clients_at_once_answers_once(edition):
    survey = SurveyFactory(edition=edition, is_anonymous=True)
    question = QuestionFactory(survey=survey)
    guest = RegistrationFactory(edition=edition)
    barrier = threading.Barrier(CLIENTS)
    outcomes: list[str] = ["not run"] * CLIENTS

    def client(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            surveys.submit_response(
                survey,
                answers={question.pk: 1 + i % 5},
                registration=guest,
                language="en",
                now=OPENS + dt.timedelta(days=1),
            )
            outcomes[i] = "ok"
        except Exception as exc:
            outcomes[i] = type(exc).__name__
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not any(thread.is_alive() for thread in threads)
    assert Counter(outcomes) == Counter({"ok": 1, "AlreadyAnswered": CLIENTS - 1})
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
    assert SurveyAnswer.objects.filter(question=question).count() == 1
