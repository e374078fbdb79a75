from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "gongkai.casework"
    verbose_name = "依申请公开"
    default_auto_field = "django.db.models.BigAutoField"
    daily_tasks = {"reminders": "gongkai.casework.tasks.send_reminders"}  # run by the worker (schedule.py)
