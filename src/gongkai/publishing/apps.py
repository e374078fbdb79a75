"""主动公开: the catalogue (政府信息公开目录), confidentiality review, the Art. 26 clock, the guide."""
from django.apps import AppConfig

from gongkai.web.nav import NavItem


class PublishingConfig(AppConfig):
    name = "gongkai.publishing"
    label = "publishing"
    verbose_name = "主动公开"
    default_auto_field = "django.db.models.BigAutoField"
    # shown to every signed-in user: a visibility check would cost every staff page a query, and
    # a user of no agency gets a Chinese page saying so
    nav_items = (
        NavItem("catalogue", "公开目录", "publishing:item_list", order=30),
        NavItem("guide", "公开指南", "publishing:guide", order=35),
    )
    # 表二's 第二十条第（一）项 from the catalogue: the annual report asks each app for this
    table2_provider = "gongkai.publishing.table2.provide"
