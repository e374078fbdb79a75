from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "gongkai.staff"
    label = "staff"
    verbose_name = "工作台"
    default_auto_field = "django.db.models.BigAutoField"
