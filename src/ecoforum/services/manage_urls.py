"""Guest services' back office under ``/manage/<edition>/services/``."""

from django.urls import include, path

app_name = "manage_services"
urlpatterns = [
    path("<str:edition_slug>/services/", include("ecoforum.services.manage_registration_urls")),
    path("<str:edition_slug>/services/", include("ecoforum.services.manage_checkin_urls")),
    path("<str:edition_slug>/services/", include("ecoforum.services.manage_logistics_urls")),
]
