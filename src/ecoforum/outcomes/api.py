"""The outcomes API (django-ninja)."""

from ninja import Router

router = Router(tags=["outcomes"])
