"""URLs: the admin (administrators only), login/logout, and P2's staff pages at /."""

from __future__ import annotations

import importlib.util

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from gongkai.agencies.permissions import is_administrator

# The admin is for administrators only, not for every staff member with is_staff.
admin.site.has_permission = lambda request: request.user.is_active and is_administrator(request.user)
admin.site.site_header = admin.site.site_title = "gongkai 政府信息公开 管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
]

# P2 owns gongkai.staff; until it exists the project still loads.
if importlib.util.find_spec("gongkai.staff") and importlib.util.find_spec("gongkai.staff.urls"):
    urlpatterns.append(path("", include("gongkai.staff.urls")))
