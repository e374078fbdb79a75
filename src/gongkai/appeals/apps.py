"""行政复议 and 行政诉讼 records tied to the cases they concern; 表四 computed from them."""
from django.apps import AppConfig

from gongkai.web.nav import NavItem


class AppealsConfig(AppConfig):
    name = "gongkai.appeals"
    label = "appeals"
    verbose_name = "复议诉讼"
    default_auto_field = "django.db.models.BigAutoField"
    nav_items = (NavItem("appeals", "复议诉讼", "appeals:list", order=45),)  # every signed-in user: the pages scope by agency
