"""Reminders for cases near or past their due date, written by the reminders task."""

from __future__ import annotations

from django.db import models

from gongkai.agencies.models import Agency
from gongkai.casework.models import Application


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "即将到期"
    OVERDUE = "overdue", "已逾期"


class Reminder(models.Model):
    """One reminder per case, kind and due date: re-running the task never duplicates it.

    A recomputed due date (calendar change, extension) makes a new reminder; reminders of
    cases that have since been concluded are not shown.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reminders")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")  # for per-agency listing
    kind = models.CharField("提醒类型", max_length=16, choices=ReminderKind.choices)
    due_on = models.DateField("答复期限")
    workdays_left = models.IntegerField("剩余工作日", null=True)
    created_at = models.DateTimeField("提醒时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "到期提醒"
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind", "due_on"], name="reminder_unique"),
        ]
        indexes = [models.Index(fields=["agency", "due_on"], name="reminder_agency_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on}"
