"""The investor and project-owner portals, under ``/<edition>/`` (namespace ``investment``)."""

from django.urls import path

from . import portal_views as views

urlpatterns = [
    path("investor/", views.investor_portal, name="investor_portal"),
    path("investor/interests/", views.investor_interests, name="investor_interests"),
    path("investor/projects/<id:pk>/request/", views.investor_request, name="investor_request"),
    path("owner/", views.owner_portal, name="owner_portal"),
    path("owner/projects/<id:pk>/", views.owner_project, name="owner_project"),
    path("owner/projects/<id:pk>/investors/<id:investor_pk>/request/", views.owner_request, name="owner_request"),
    path("requests/<id:pk>/<str:action>/", views.answer, name="request_answer"),
]
