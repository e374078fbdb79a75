"""主动公开: the catalogue (政府信息公开目录), confidentiality review, the Art. 26 clock, the guide."""
from django.apps import AppConfig

from gongkai.web.nav import NavItem


def _keeps_any(user) -> bool:
    from .permissions import has_any_membership

    return has_any_membership(user)


class PublishingConfig(AppConfig):
    name = "gongkai.publishing"
    label = "publishing"
    verbose_name = "主动公开"
    default_auto_field = "django.db.models.BigAutoField"
    nav_items = (
        NavItem("catalogue", "公开目录", "publishing:item_list", order=30, visible=_keeps_any),
        NavItem("guide", "公开指南", "publishing:guide", order=35, visible=_keeps_any),
    )
    # 表二's 第二十条第（一）项 from the catalogue: the annual report asks each app for this
    table2_provider = "gongkai.publishing.table2.provide"
