from django.apps import AppConfig

from gongkai.web.nav import NavItem


class AnnualConfig(AppConfig):
    name = "gongkai.annual"
    verbose_name = "年度报告"
    default_auto_field = "django.db.models.BigAutoField"
    daily_tasks = {"report_due": "gongkai.annual.tasks.remind_report_due"}  # run by the worker's schedule
    nav_items = (NavItem("annual", "年度报告", "annual:index", order=50),)  # every signed-in user: the pages scope by agency
