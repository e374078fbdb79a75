from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "gongkai.publishing"
    label = "publishing"
    verbose_name = "主动公开"
    default_auto_field = "django.db.models.BigAutoField"
    nav_items = ()  # gongkai.web.nav.NavItem entries for the staff menu
