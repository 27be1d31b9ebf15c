"""The organizers' documents of green investment, under ``/manage/<edition>/investment/`` (``manage_investment``)."""

from django.urls import path

from . import document_views as views

urlpatterns = [
    path("", views.overview, name="overview"),
    path("booklet/<str:file_format>/", views.booklet, name="booklet"),
    path("projects/<id:pk>/", views.project, name="project"),
    path("projects/<id:pk>/files/<id:attachment_pk>/remove/", views.attachment_remove, name="attachment_remove"),
]
