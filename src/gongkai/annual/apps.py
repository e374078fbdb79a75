from django.apps import AppConfig

from gongkai.web.nav import NavItem


def _is_staff_member(user) -> bool:
    from gongkai.agencies.models import Staff

    return user.is_superuser or Staff.objects.filter(user=user).exists()


class AnnualConfig(AppConfig):
    name = "gongkai.annual"
    verbose_name = "年度报告"
    default_auto_field = "django.db.models.BigAutoField"
    nav_items = (NavItem("annual", "年度报告", "annual:index", order=50, visible=_is_staff_member),)
