"""Organizers' pages of the outcomes under /manage/."""

app_name = "manage_outcomes"
urlpatterns: list = []
