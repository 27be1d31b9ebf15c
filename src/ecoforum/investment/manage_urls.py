"""The organizers' back office for green investment, under ``/manage/<edition>/investment/``."""

from django.urls import include, path

app_name = "manage_investment"
urlpatterns = [
    path("<str:edition_slug>/investment/", include("ecoforum.investment.manage_document_urls")),
    path("<str:edition_slug>/investment/", include("ecoforum.investment.manage_meeting_urls")),
    path("<str:edition_slug>/investment/", include("ecoforum.investment.manage_signing_urls")),
    path("<str:edition_slug>/investment/", include("ecoforum.investment.manage_import_urls")),
]
