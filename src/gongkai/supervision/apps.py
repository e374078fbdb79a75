from django.apps import AppConfig

from gongkai.web.nav import NavItem


class SupervisionConfig(AppConfig):
    name = "gongkai.supervision"
    label = "supervision"
    verbose_name = "公开办"
    default_auto_field = "django.db.models.BigAutoField"
    # Shown to every signed-in user (asking who may see it would cost a query on every staff page):
    # supervisors get their region, an agency's staff their own report, anyone else a short note.
    nav_items = (NavItem("supervision", "年报审查", "supervision:index", order=70),)
