"""Machines' access to the API, and the responses kept for retried requests."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

#: Every token starts with this, so a leaked one is easy to recognize (and to scan for).
TOKEN_PREFIX = "efg_"  # noqa: S105 (a marker, not a secret)


def token_digest(token: str) -> str:
    """The SHA-256 of a token; tokens are long random strings, so a fast hash is enough."""
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    """接口令牌 · A token a partner system sends as ``Authorization: Bearer …``; it acts as its user.

    Only the token's hash is stored: the token itself is shown once, when it is created.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, such as the app's name."))
    digest = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(_("starts with"), max_length=12, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def issue(cls, user, *, name: str) -> tuple[ApiToken, str]:
        """A new token for ``user``; returns the row and the token, which is never shown again."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        row = cls.objects.create(user=user, name=name, digest=token_digest(token), hint=token[:8])
        return row, token


class IdempotentRequest(models.Model):
    """A write made with an ``Idempotency-Key``: a retry with the same key gets this response again.

    It is written in the same transaction as the write itself, so it exists exactly
    when the write happened.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64, help_text=_("SHA-256 of the method, the path and the body."))
    status = models.PositiveSmallIntegerField()
    response = models.JSONField(default=dict)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("idempotent request")
        verbose_name_plural = _("idempotent requests")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"
