"""The exhibitor portal, under ``/<edition>/exhibitor/`` (namespace ``exhibition``)."""

from django.urls import path

from . import portal_views as views

urlpatterns = [
    path("exhibitor/", views.portal, name="portal"),
    path("exhibitor/<id:pk>/", views.exhibitor_home, name="portal_exhibitor"),
    path("exhibitor/<id:pk>/profile/", views.profile, name="portal_profile"),
    path("exhibitor/<id:pk>/products/add/", views.product_form, name="portal_product_add"),
    path("exhibitor/<id:pk>/products/<id:product_pk>/", views.product_form, name="portal_product"),
    path("exhibitor/<id:pk>/products/<id:product_pk>/remove/", views.product_remove, name="portal_product_remove"),
    path("exhibitor/<id:pk>/staff/add/", views.staff_add, name="portal_staff_add"),
    path("exhibitor/<id:pk>/staff/<id:staff_pk>/remove/", views.staff_remove, name="portal_staff_remove"),
    path("exhibitor/<id:pk>/applications/", views.apply, name="portal_apply"),
    path("exhibitor/<id:pk>/applications/<id:application_pk>/withdraw/", views.withdraw, name="portal_withdraw"),
]
