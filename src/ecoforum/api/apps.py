from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ecoforum.api"
    label = "ecoforum_api"
