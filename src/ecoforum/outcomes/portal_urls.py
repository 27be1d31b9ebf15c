"""The responsible units' pages under /outcomes/ (their outcomes across editions)."""

app_name = "outcomes_portal"
urlpatterns: list = []
