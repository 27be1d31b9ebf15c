"""The organizers' back office for the exhibition, under ``/manage/<edition>/exhibition/``."""

from django.urls import include, path

app_name = "manage_exhibition"
urlpatterns = [
    path("<str:edition_slug>/exhibition/", include("ecoforum.exhibition.manage_floorplan_urls")),
    path("<str:edition_slug>/exhibition/", include("ecoforum.exhibition.manage_application_urls")),
    path("<str:edition_slug>/exhibition/", include("ecoforum.exhibition.manage_import_urls")),
    path("<str:edition_slug>/exhibition/", include("ecoforum.exhibition.manage_visit_urls")),
]
