"""International cooperation in the back office, under /manage/<edition>/cooperation/."""

from django.urls import path

from . import views

app_name = "manage_cooperation"
P = "<str:edition_slug>/cooperation/"
urlpatterns = [
    path(P, views.overview, name="overview"),
    path(P + "delegations/new/", views.delegation_create, name="delegation_create"),
    path(P + "delegations/<int:pk>/", views.delegation_page, name="delegation"),
    path(P + "members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path(P + "letters/", views.letters_page, name="letters"),
    path(P + "letters/<int:pk>/pdf/", views.letter_pdf, name="letter_pdf"),
    path(P + "letters/<int:pk>/revoke/", views.letter_revoke, name="letter_revoke"),
    path(P + "partners/", views.partners_manage, name="partners"),
    path(P + "partners/<int:pk>/", views.partner_edit, name="partner"),
    path(P + "agreements/", views.agreements_manage, name="agreements"),
    path(P + "agreements/<int:pk>/", views.agreement_edit, name="agreement"),
    path(P + "agreements/<int:pk>/status/", views.agreement_status, name="agreement_status"),
]
