"""Field visits, under ``/<edition>/visits/`` (namespace ``exhibition``): sites, routes, guests' sign-ups."""

from django.urls import path

from . import visit_views as views

urlpatterns = [
    path("visits/", views.visits_page, name="visits"),
    path("visits/sites/<slug:slug>/", views.site_page, name="visit_site"),
    path("visits/routes/<str:code>/sign-up/", views.signup, name="visit_signup"),
    path("visits/routes/<str:code>/cancel/", views.cancel, name="visit_cancel"),
]
