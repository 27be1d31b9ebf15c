"""The exchange platform's directory under /<edition>/directory/."""

from django.urls import path

from . import directory_views as views

app_name = "directory"
urlpatterns = [
    path("directory/", views.directory, name="directory"),
    path("directory/me/", views.my_entry, name="entry"),
    path("directory/me/leave/", views.leave, name="leave"),
    path("directory/<id:pk>/contact/", views.contact, name="contact"),
    path("directory/contacts/", views.contacts, name="contacts"),
    path("directory/contacts/<id:pk>/answer/", views.answer, name="answer"),
    path("directory/contacts/<id:pk>/withdraw/", views.withdraw, name="withdraw"),
]
