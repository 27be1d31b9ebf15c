"""The organizers' pages of field visits and product launches, under ``/manage/<edition>/exhibition/``
(namespace ``manage_exhibition``)."""

from django.urls import path

from . import visit_views as views

urlpatterns = [
    path("visits/", views.manage_visits, name="visits"),
    path("visits/<str:code>/manifest/", views.manifest_page, name="visit_manifest"),
    path("visits/<str:code>/manifest.xlsx", views.manifest_xlsx, name="visit_manifest_xlsx"),
    path("launches/", views.manage_launches, name="launches"),
    path("launches/<id:pk>/cancel/", views.launch_cancel, name="launch_cancel"),
]
