"""Pages under ``/<edition>/`` are shown in the edition's time zone."""

from __future__ import annotations

from django.utils import timezone

from .queries import get_edition


class EditionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

    def process_view(self, request, view_func, view_args, view_kwargs):
        slug = view_kwargs.get("edition")
        if slug is None or not isinstance(slug, str):
            return
        edition = get_edition(slug, user=request.user)
        request.edition = edition
        view_kwargs["edition"] = edition
        timezone.activate(edition.tz)
        return
