from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "gongkai.supervision"
    label = "supervision"
    verbose_name = "公开办"
    default_auto_field = "django.db.models.BigAutoField"
    nav_items = ()  # gongkai.web.nav.NavItem entries for the staff menu
