from django.apps import AppConfig

from gongkai.web.nav import NavItem


def _sees_reports(user) -> bool:
    from .permissions import own_agencies, regions_of

    return bool(regions_of(user) or own_agencies(user))


class SupervisionConfig(AppConfig):
    name = "gongkai.supervision"
    label = "supervision"
    verbose_name = "公开办"
    default_auto_field = "django.db.models.BigAutoField"
    nav_items = (NavItem("supervision", "年报审查", "supervision:index", order=70, visible=_sees_reports),)
