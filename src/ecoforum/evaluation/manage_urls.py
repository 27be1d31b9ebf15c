"""Organizers' pages of the evaluation under /manage/."""

app_name = "manage_evaluation"
urlpatterns: list = []
