"""The exhibitor import pages, under ``/manage/<edition>/exhibition/`` (namespace ``manage_exhibition``)."""

from django.urls import path

from . import import_views as views

urlpatterns = [
    path("import/", views.import_exhibitors, name="import"),
    path("import/confirm/", views.confirm_import, name="import_confirm"),
    path("import/template.xlsx", views.import_template, name="import_template"),
]
