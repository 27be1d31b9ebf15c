
app_name = "program_exports"
urlpatterns: list = []
