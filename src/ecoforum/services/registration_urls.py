"""Registration and the guest's own page, under ``/<edition>/`` (namespace ``services``)."""

from django.urls import path

from . import registration_views as views

urlpatterns = [
    path("register/", views.register_index, name="register_index"),
    path("register/<slug:form_slug>/", views.register, name="register"),
    path("registration/", views.my_registration, name="my_registration"),
    path("registration/<str:token>/", views.guest, name="guest"),
    path("registration/<str:token>/details/", views.guest_details, name="guest_details"),
    path("registration/<str:token>/cancel/", views.guest_cancel, name="guest_cancel"),
    path("registration/<str:token>/sessions/<int:session_id>/sign-up/", views.guest_signup, name="guest_signup"),
    path(
        "registration/<str:token>/sign-ups/<int:signup_id>/cancel/",
        views.guest_signup_cancel,
        name="guest_signup_cancel",
    ),
]
