"""The public exhibitor directory, under ``/<edition>/exhibitors/`` (namespace ``exhibition``)."""

from django.urls import path

from . import directory_views as views

urlpatterns = [
    path("exhibitors/", views.exhibitors, name="exhibitors"),
    path("exhibitors/<slug:slug>/", views.exhibitor_detail, name="exhibitor"),
    path("exhibitors/<slug:slug>/products/<id:pk>/", views.product_detail, name="product"),
]
