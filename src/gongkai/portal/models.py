"""The portal's own rows: how an applicant proves a case is theirs.

The tracking number is the application's number (the one the receipt and every letter
carry); the query code is random (60 bits), shown once on the receipt and stored only as a
keyed hash (`portal.codes`)."""

from __future__ import annotations

from django.db import models

from gongkai.casework.models import Application


class Tracking(models.Model):
    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="tracking")
    code_hash = models.CharField("查询码（散列）", max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "网上申请查询凭据"

    def __str__(self) -> str:
        return f"查询凭据（{self.application_id}）"
