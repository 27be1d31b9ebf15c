"""Partners and agreements under /<edition>/."""

from django.urls import path

from . import views

app_name = "cooperation"
urlpatterns = [
    path("partners/", views.partners_page, name="partners"),
]
