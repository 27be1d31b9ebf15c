"""The think tank's expert registry across editions, at /think-tank/, and an expert's own proposals."""

from django.urls import path

from . import thinktank_views as views

app_name = "thinktank"
urlpatterns = [
    path("", views.experts, name="experts"),
    # Two segments, so that no person's address can hide these pages.
    path("my/advice/", views.my_advice, name="advice"),
    path("my/advice/<id:pk>/", views.advice_edit, name="advice_edit"),
    path("<slug:slug>/", views.expert, name="expert"),
]
