"""Pages of green investment under ``/<edition>/``: public pages and the investor and owner portals.

Each area keeps its addresses in its own module; they share the ``investment`` namespace.
"""

from django.urls import include, path

from . import views

app_name = "investment"
urlpatterns = [
    path("projects/", views.projects, name="projects"),
    path("projects/<id:pk>/", views.project_detail, name="project"),
    path("", include("ecoforum.investment.document_urls")),
    path("", include("ecoforum.investment.portal_urls")),
    path("", include("ecoforum.investment.meeting_urls")),
    path("", include("ecoforum.investment.signing_urls")),
]
