from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"
    verbose_name = "公开门户"
    default_auto_field = "django.db.models.BigAutoField"
    nav_items = ()  # gongkai.web.nav.NavItem entries for the staff menu
