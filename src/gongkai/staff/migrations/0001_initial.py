# Written by hand to match staff/models.py (makemigrations is interactive while casework's models change).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("agencies", "0001_initial"),
        ("casework", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Reminder",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("due_soon", "即将到期"), ("overdue", "已逾期")], max_length=16, verbose_name="提醒类型")),
                ("due_on", models.DateField(verbose_name="答复期限")),
                ("workdays_left", models.IntegerField(null=True, verbose_name="剩余工作日")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="提醒时间")),
                ("agency", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="agencies.agency")),
                ("application", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="reminders", to="casework.application")),
            ],
            options={
                "verbose_name": "到期提醒",
                "verbose_name_plural": "到期提醒",
                "ordering": ["due_on", "id"],
                "indexes": [models.Index(fields=["agency", "due_on"], name="reminder_agency_due")],
                "constraints": [models.UniqueConstraint(fields=("application", "kind", "due_on"), name="reminder_unique")],
            },
        ),
    ]
