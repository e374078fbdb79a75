"""The staff menu, gathered from the apps: each AppConfig may declare ``nav_items``.

An app adds its pages to the menu by declaring them in its own ``apps.py``; nobody edits a
shared template to add a link, and an item whose URL name is not (yet) routed is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    key: str  # what a view passes as ``nav`` to mark the current page
    label: str  # Chinese, short
    url_name: str  # e.g. "staff:case_list"
    order: int = 100  # lower first
    visible: Callable[[object], bool] | None = None  # user → bool; None: every signed-in user


def items_for(user) -> list[dict]:
    if not getattr(user, "is_authenticated", False):
        return []
    found = []
    for config in apps.get_app_configs():
        for item in getattr(config, "nav_items", ()):
            if item.visible is not None and not item.visible(user):
                continue
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            found.append((item.order, item.label, {"key": item.key, "label": item.label, "url": url}))
    return [entry for _, _, entry in sorted(found, key=lambda t: (t[0], t[1]))]


def context(request) -> dict:
    """Template context processor: ``nav_items`` for the signed-in user."""
    user = getattr(request, "user", None)
    return {"nav_items": items_for(user)} if user is not None else {}
