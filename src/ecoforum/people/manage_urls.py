"""The think tank in the back office under /manage/<edition>/think-tank/."""

from django.urls import path

from . import manage_views as views

app_name = "manage_people"
urlpatterns = [
    path("<str:edition_slug>/think-tank/", views.invitations, name="thinktank"),
    path("<str:edition_slug>/think-tank/invitations/<id:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<str:edition_slug>/think-tank/advice/", views.advice, name="advice"),
    path("<str:edition_slug>/think-tank/advice/<id:pk>/", views.advice_answer, name="advice_answer"),
]
