"""Identity data at rest: encrypted with the environment's keys, compared by keyed hash, rotated by command."""

from __future__ import annotations

import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from ecoforum.core import crypto
from ecoforum.services.models import Registration

from ..services.factories import RegistrationFactory


def raw_column(pk: int, column: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM services_registration WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_round_trip_and_blind_index_normalizes():
    token = crypto.encrypt("E12345678")
    assert "E1234" not in token
    assert crypto.decrypt(token) == "E12345678"
    assert crypto.blind_index(" e1234 5678 ", "document") == crypto.blind_index("E12345678", "document")
    assert crypto.blind_index("E12345678", "document") != crypto.blind_index("E12345678", "email")
    assert crypto.blind_index("  ", "document") == ""


def test_redact_keeps_only_the_end():
    assert crypto.redact("520101199001011234") == "••••••••••••••••34"
    assert crypto.redact("") == ""
    assert "12" not in crypto.redact("12")


@pytest.mark.django_db
def test_the_column_holds_ciphertext_and_the_model_the_value():
    registration = RegistrationFactory(document_type="passport", document_number="E12345678", nationality="DE")
    assert "E1234" not in raw_column(registration.pk, "document_number")
    fresh = Registration.objects.get(pk=registration.pk)
    assert (fresh.document_number, fresh.nationality) == ("E12345678", "DE")
    assert fresh.date_of_birth == ""  # empty stays empty, not encrypted


@pytest.mark.django_db
def test_an_encrypted_field_cannot_be_searched():
    with pytest.raises(Exception):  # noqa: B017 (Django raises FieldError for an unsupported lookup)
        list(Registration.objects.filter(document_number__icontains="E123"))


@pytest.mark.django_db
def test_rotation_re_encrypts_with_the_new_key(monkeypatch):
    old = Fernet.generate_key().decode()
    new = Fernet.generate_key().decode()
    monkeypatch.setenv(crypto.ENV, old)
    registration = RegistrationFactory(document_type="passport", document_number="P7654321", nationality="FR")
    monkeypatch.setenv(crypto.ENV, f"{new},{old}")
    out = io.StringIO()
    call_command("rotate_data_keys", stdout=out)
    assert "1 rows were re-encrypted" in out.getvalue()
    monkeypatch.setenv(crypto.ENV, new)  # the old key is gone: the value still reads
    assert Registration.objects.get(pk=registration.pk).document_number == "P7654321"


@pytest.mark.django_db
def test_a_value_without_its_key_is_a_clear_error(monkeypatch):
    monkeypatch.setenv(crypto.ENV, Fernet.generate_key().decode())
    registration = RegistrationFactory(document_type="id_card", document_number="520101199001011234")
    monkeypatch.setenv(crypto.ENV, Fernet.generate_key().decode())
    with pytest.raises(ImproperlyConfigured, match="cannot be decrypted"):
        Registration.objects.get(pk=registration.pk)


def test_production_needs_the_keys(monkeypatch, settings):
    monkeypatch.delenv(crypto.ENV, raising=False)
    monkeypatch.setenv("ECOFORUM_PRODUCTION", "1")
    settings.TESTING = False
    with pytest.raises(ImproperlyConfigured, match=crypto.ENV):
        crypto.data_keys()
    monkeypatch.setenv(crypto.ENV, "not a key")
    with pytest.raises(ImproperlyConfigured, match="not a Fernet key"):
        crypto.fernet()
