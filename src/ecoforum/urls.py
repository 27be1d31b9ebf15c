"""Addresses of ecoforum.

Public pages live under the edition (``/2023/…``); organizers work under
``/manage/``; machines use ``/api/``.
"""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from ecoforum.api.api import api
from ecoforum.core import views as core_views
from ecoforum.core.converters import IdConverter
from ecoforum.forums import views as forum_views

register_converter(IdConverter, "id")

# The database unavailable outside a view (e.g. the edition lookup) is a 503 too, not a 500.
handler500 = "ecoforum.core.outage.server_error"

admin.site.site_header = "ecoforum"
admin.site.site_title = "ecoforum"

urlpatterns = [
    path("", forum_views.index, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/", api.urls),
    path("manage/admin/", admin.site.urls),
    path("manage/", include("ecoforum.program.manage_urls")),
    path("manage/", include("ecoforum.investment.manage_urls")),
    path("manage/", include("ecoforum.exhibition.manage_urls")),
    path("manage/", include("ecoforum.services.manage_urls")),
    path("manage/", include("ecoforum.releases.manage_urls")),
    path("manage/", include("ecoforum.cooperation.manage_urls")),
    path("manage/", include("ecoforum.people.manage_urls")),
    path("manage/", include("ecoforum.outcomes.manage_urls")),
    path("manage/", include("ecoforum.evaluation.manage_urls")),
    path("library/", include("ecoforum.releases.library_urls")),
    path("cases/", include("ecoforum.exhibition.case_urls")),
    path("think-tank/", include("ecoforum.people.thinktank_urls")),
    path("letters/", include("ecoforum.cooperation.letter_urls")),
    path("outcomes/", include("ecoforum.outcomes.portal_urls")),
    path("rsvp/", include("ecoforum.people.urls")),
    path("jobs/", include("ecoforum.core.job_urls")),
    path("<str:edition>/", include("ecoforum.program.export_urls")),
    path("<str:edition>/", include("ecoforum.forums.urls")),
    path("<str:edition>/", include("ecoforum.investment.urls")),
    path("<str:edition>/", include("ecoforum.exhibition.urls")),
    path("<str:edition>/", include("ecoforum.services.urls")),
    path("<str:edition>/", include("ecoforum.releases.urls")),
    path("<str:edition>/", include("ecoforum.cooperation.urls")),
    path("<str:edition>/", include("ecoforum.people.directory_urls")),
    path("<str:edition>/", include("ecoforum.outcomes.urls")),
    path("<str:edition>/", include("ecoforum.evaluation.urls")),
    path("<str:edition>/", include("ecoforum.search.urls")),
    path("<str:edition>/", include("ecoforum.program.urls")),
]
