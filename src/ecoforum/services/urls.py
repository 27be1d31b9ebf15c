"""Guests' pages under ``/<edition>/``: registration, the guest's own page, the badge, travel.
Each area keeps its addresses in its own module; they share the ``services`` namespace."""

from django.urls import include, path

app_name = "services"
urlpatterns = [
    path("", include("ecoforum.services.registration_urls")),
    path("", include("ecoforum.services.badge_urls")),
    path("", include("ecoforum.services.travel_urls")),
]
