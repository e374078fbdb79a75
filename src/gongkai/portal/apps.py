"""Public pages (no login): the guide, the catalogue, annual reports, online applications, tracking."""
from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"
    verbose_name = "公开门户"
    default_auto_field = "django.db.models.BigAutoField"
    nav_items = ()  # gongkai.web.nav.NavItem entries for the staff menu

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import notify, pagecache  # noqa: F401  (notify connects its receiver)

        post_save.connect(pagecache.on_change, dispatch_uid="portal.pagecache.save")
        post_delete.connect(pagecache.on_change, dispatch_uid="portal.pagecache.delete")
