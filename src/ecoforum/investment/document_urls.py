"""Public documents of green investment under ``/<edition>/``: project files and the booklet."""

from django.urls import path

from . import document_views as views

urlpatterns = [
    path("projects/booklet.pdf", views.booklet_pdf, name="booklet_pdf"),
    path("projects/<id:pk>/files/<id:attachment_pk>/", views.attachment_download, name="attachment"),
]
