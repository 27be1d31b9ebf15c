import datetime as dt
from decimal import Decimal

from ecoforum.core.audit import diff, log_action, redact
from ecoforum.core.models import AuditEntry

from ..factories import PersonFactory, UserFactory


def test_redact_hides_secret_values_at_any_depth():
    data = {"name": "李伟", "passport_number": "E1234567", "nested": {"token": "abc", "ok": 1}}
    assert redact(data) == {"name": "李伟", "passport_number": "***", "nested": {"token": "***", "ok": 1}}


def test_redact_makes_values_json_safe():
    assert redact({"when": dt.date(2023, 7, 8), "amount": Decimal("1.50")}) == {
        "when": "2023-07-08",
        "amount": "1.50",
    }


def test_diff_lists_only_changed_fields():
    assert diff({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4}) == {"b": [2, 3], "c": [None, 4]}


def test_log_action_records_actor_object_and_redacted_data(db):
    user = UserFactory()
    person = PersonFactory(name_zh_hans="王芳")
    entry = log_action(person, "people.person.changed", actor=user, data={"password": "x", "name": "王芳"})
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert (entry.action, entry.actor, entry.object_id, entry.object_repr) == (
        "people.person.changed",
        user,
        str(person.pk),
        "王芳",
    )
    assert entry.data == {"password": "***", "name": "王芳"}
