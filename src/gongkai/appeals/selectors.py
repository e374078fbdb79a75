"""Reads of appeal records, scoped by who may see which agency."""

from __future__ import annotations

from django.db.models import QuerySet

from gongkai.agencies.permissions import agencies_visible_to, agencies_workable_by

from .models import Appeal


def visible_appeals(user) -> QuerySet[Appeal]:
    return Appeal.objects.filter(agency__in=agencies_visible_to(user)).select_related("agency", "application")


def workable_agencies(user):
    return agencies_workable_by(user).order_by("code")
