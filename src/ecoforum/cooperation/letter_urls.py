"""Verifying an invitation letter, at /letters/<token>/ (the address its QR code holds)."""

from django.urls import path

from . import views

app_name = "letters"
urlpatterns = [
    path("<str:token>/", views.verify_letter, name="verify"),
]
