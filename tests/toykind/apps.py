from django.apps import AppConfig


class ToyKindConfig(AppConfig):
    name = "tests.toykind"
    label = "toykind"
    default_auto_field = "django.db.models.BigAutoField"
