"""Pages of the exhibition under ``/<edition>/``: the floor plan, the exhibitor directory, the exhibitor
portal, field visits. Each area keeps its addresses in its own module; they share the ``exhibition`` namespace."""

from django.urls import include, path

app_name = "exhibition"
urlpatterns = [
    path("", include("ecoforum.exhibition.floorplan_urls")),
    path("", include("ecoforum.exhibition.directory_urls")),
    path("", include("ecoforum.exhibition.portal_urls")),
    path("", include("ecoforum.exhibition.visit_urls")),
]
