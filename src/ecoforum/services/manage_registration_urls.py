"""The guest-services desk under ``/manage/<edition>/services/`` (namespace ``manage_services``):
overview, registrations, invitation codes and exports. See :mod:`.manage_views`."""

from django.urls import path

from . import manage_views as views

urlpatterns = [
    path("", views.overview, name="overview"),
    path("categories/<int:pk>/places", views.category_capacity, name="category_capacity"),
    path("registrations/", views.registration_list, name="registrations"),
    path("registrations/approve", views.approve_selected, name="registrations_approve"),
    path("registrations/registrations.xlsx", views.registrations_xlsx, name="registrations_xlsx"),
    path("registrations/invitation-letters.xlsx", views.invitation_letters_xlsx, name="invitation_letters_xlsx"),
    path("registrations/<str:reference>/", views.registration_detail, name="registration"),
    path("registrations/<str:reference>/approve", views.registration_approve, name="registration_approve"),
    path("registrations/<str:reference>/refuse", views.registration_refuse, name="registration_refuse"),
    path("registrations/<str:reference>/cancel", views.registration_cancel, name="registration_cancel"),
    path("registrations/<str:reference>/substitute", views.registration_substitute, name="registration_substitute"),
    path("forms/", views.form_list, name="forms"),
    path("forms/<slug:slug>/codes/", views.form_codes, name="form_codes"),
    path("forms/<slug:slug>/codes.xlsx", views.form_codes_xlsx, name="form_codes_xlsx"),
]
