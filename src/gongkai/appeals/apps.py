"""行政复议 and 行政诉讼 records tied to the cases they concern; 表四 computed from them."""
from django.apps import AppConfig

from gongkai.web.nav import NavItem


def _is_staff_member(user) -> bool:
    from gongkai.agencies.models import Staff

    return user.is_superuser or Staff.objects.filter(user=user).exists()


class AppealsConfig(AppConfig):
    name = "gongkai.appeals"
    label = "appeals"
    verbose_name = "复议诉讼"
    default_auto_field = "django.db.models.BigAutoField"
    nav_items = (NavItem("appeals", "复议诉讼", "appeals:list", order=45, visible=_is_staff_member),)
