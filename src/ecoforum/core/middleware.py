"""Request handling shared by every page."""

from __future__ import annotations

from django.http import HttpResponse


class HtmxLoginRedirectMiddleware:
    """An expired session in an htmx request gets ``HX-Redirect`` to the login page,
    not a login page swapped into a fragment."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            getattr(request, "htmx", False)
            and response.status_code == 302
            and "/accounts/login/" in response.get("Location", "")
        ):
            redirect = HttpResponse(status=204)
            redirect["HX-Redirect"] = response["Location"]
            return redirect
        return response
