from django.apps import AppConfig

from gongkai.web.nav import NavItem


def _can_register(user) -> bool:
    from .queries import can_register

    return can_register(user)


def _can_edit_settings(user) -> bool:
    from gongkai.agencies.models import Role

    from .queries import has_any_role

    return has_any_role(user, Role.HEAD, Role.ADMIN)


class StaffConfig(AppConfig):
    name = "gongkai.staff"
    label = "staff"
    verbose_name = "工作台"
    default_auto_field = "django.db.models.BigAutoField"
    nav_items = (
        NavItem("home", "工作台", "staff:home", order=0),
        NavItem("cases", "申请办理", "staff:case_list", order=10),
        NavItem("new", "登记申请", "staff:case_new", order=20, visible=_can_register),
        NavItem("table3", "年报表三", "staff:table3", order=60),
        NavItem("settings", "机关设置", "staff:agency_settings", order=90, visible=_can_edit_settings),
    )
