"""Public pages of the evaluation under the edition."""

app_name = "evaluation"
urlpatterns: list = []
