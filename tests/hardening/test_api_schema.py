"""schemathesis against the app's own OpenAPI document: no 5xx, and every answer is one the document declares.

The requests go in-process to Django's WSGI application (no server, no network), against an
edition that has a little of everything: a released program, projects, exhibitors, a registration
form and a registration, a release, an outcome with a stage and an open survey. Path parameters are
drawn either from what schemathesis generates or from the ids that exist, so both "not found" and
the real objects are exercised. Hypothesis is derandomized and bounded: the same examples every run.
"""

from __future__ import annotations

import datetime as dt
import inspect
import sys
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ecoforum.api.api import api
from ecoforum.api.models import ApiToken
from ecoforum.program import services as program_services
from ecoforum.program.services import Role

from ..conftest import at
from ..evaluation.survey_factories import QuestionFactory, SurveyFactory
from ..exhibition.factories import ExhibitorFactory, ProductFactory
from ..factories import PersonFactory
from ..investment.factories import InvestmentProjectFactory
from ..outcomes.factories import OutcomeFactory, StageFactory
from ..releases.factories_releases import ReleaseFactory
from ..services.factories import RegistrationFactory, RegistrationFormFactory

#: Examples per operation and caller; with ~40 operations and two callers the file runs in about half a minute.
EXAMPLES = 12
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema())
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


class InProcess(WSGIHandler):
    """Django's WSGI application as the server sees it, inside the test's database transaction."""


@pytest.fixture
def app():
    """The WSGI application, without closing the test's database connection at the end of each request
    (Django's test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield InProcess()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def known(edition, organizer, room) -> dict[str, list[Any]]:
    """An edition with data behind every endpoint; the ids each path parameter may take."""
    speaker = PersonFactory(slug="li-wei")
    session = program_services.create_session(
        edition,
        actor=None,
        code="A1",
        kind="ceremony",
        title_zh_hans="开幕式",
        title_en="Opening",
        room=room,
        start=at(edition, 0, 9),
        end=at(edition, 0, 10),
        people=[Role(speaker, "keynote")],
    )
    program_services.release_program(edition, actor=None, version="v1")
    project = InvestmentProjectFactory(edition=edition)
    exhibitor = ExhibitorFactory(edition=edition)
    ProductFactory(exhibitor=exhibitor)
    form = RegistrationFormFactory(edition=edition, opens_at=None, closes_at=None)
    registration = RegistrationFactory(edition=edition, form=form, status="pending")
    release = ReleaseFactory(edition=edition)
    outcome = OutcomeFactory(edition=edition)
    stage = StageFactory(outcome=outcome)
    survey = SurveyFactory(
        edition=edition,
        opens_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC),
        closes_at=dt.datetime(2100, 1, 1, tzinfo=dt.UTC),
    )
    QuestionFactory(survey=survey)
    return {
        "edition_slug": [edition.slug],
        "session_id": [session.pk],
        "project_id": [project.pk],
        "slug": [exhibitor.slug, release.slug, survey.slug],
        "form_slug": [form.slug],
        "reference": [registration.reference],
        "code": [outcome.code],
        "stage_id": [stage.pk],
    }


@pytest.fixture
def token(organizer) -> str:
    _row, token = ApiToken.issue(organizer, name="schemathesis")
    return token


def _known_or_generated(known: dict[str, list[Any]], generated: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Each path parameter: most often an id that exists, sometimes what schemathesis generated."""
    choices = {
        name: st.sampled_from(known[name]) | st.just(value) if name in known else st.just(value)
        for name, value in generated.items()
    }
    return st.fixed_dictionaries(choices)


def _fuzz(operation, app, known: dict[str, list[Any]], headers: dict[str, str]) -> None:
    @given(data=st.data())
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(data):
        case = data.draw(operation.as_strategy())
        if case.path_parameters:
            case.path_parameters = data.draw(_known_or_generated(known, case.path_parameters))
        if headers:
            case.headers = {**(case.headers or {}), **headers}
        response = case.call(app=app)
        case.validate_response(response, checks=CHECKS)

    run()


def _failures(app, known, headers) -> list[str]:
    failures = []
    for operation in OPERATIONS:
        try:
            _fuzz(operation, app, known, headers)
        except (Exception, BaseExceptionGroup) as exc:  # each operation's failure is reported, then the next one runs
            failures.append(f"{operation.method.upper()} {operation.path}: {_summary(exc)}")
    return failures


def _summary(exc: Exception) -> str:
    """The failure's title lines and the request that reproduces it, not pages of schema."""
    lines = str(exc).splitlines()
    kept = [line.strip() for line in lines if line.startswith(("- ", "    curl")) or "Schemathesis found" in line]
    detail = next((line.strip() for line in lines[3:12] if line.strip() and not line.startswith("- ")), "")
    return " | ".join([*kept, detail]) or f"{type(exc).__name__}: {lines[0] if lines else ''}"


def test_api_anonymous_gets_no_5xx_and_only_declared_answers(app, known):
    assert _failures(app, known, {"Accept-Language": "en"}) == []


def test_api_organizer_with_token_gets_no_5xx_and_only_declared_answers(app, known, token):
    assert _failures(app, known, {"Accept-Language": "en", "Authorization": f"Bearer {token}"}) == []


def _shape(schema: Any) -> Any:
    """A JSON schema without its prose (descriptions, titles): what a client validates against."""
    if isinstance(schema, dict):
        return {k: _shape(v) for k, v in schema.items() if k not in {"description", "title"}}
    if isinstance(schema, list):
        return [_shape(v) for v in schema]
    return schema


def test_openapi_components_name_one_shape_each():
    """django-ninja files every schema under its class name: two different schemas with one name leave
    one of them documented with the other's fields (the program's releases once showed the release library's)."""
    names = set(api.get_openapi_schema()["components"]["schemas"])
    shapes: dict[str, set[str]] = {}
    for module in list(sys.modules.values()):
        if not getattr(module, "__name__", "").startswith("ecoforum."):
            continue
        for obj in vars(module).values():
            if inspect.isclass(obj) and issubclass(obj, BaseModel) and obj.__name__ in names:
                shape = _shape(obj.model_json_schema(by_alias=True))
                shape.pop("$defs", None)
                shapes.setdefault(obj.__name__, set()).add(repr(shape))
    assert {name: len(found) for name, found in shapes.items() if len(found) > 1} == {}
