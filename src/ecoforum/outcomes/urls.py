"""Public pages of the outcomes under the edition."""

app_name = "outcomes"
urlpatterns: list = []
