"""The theory-research platform's library across editions, at /library/."""

from django.urls import path

from . import views

app_name = "library"
urlpatterns = [
    path("", views.library, name="library"),
]
