"""URLs: the admin (administrators only), login/logout, each app's pages under its prefix, staff at /."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from gongkai.agencies.permissions import is_administrator
from gongkai.web import twofactor

# The admin is for administrators only, not for every staff member with is_staff.
admin.site.has_permission = lambda request: request.user.is_active and is_administrator(request.user)
admin.site.site_header = admin.site.site_title = "gongkai 政府信息公开 管理"



urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=False), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/otp/verify/", twofactor.verify, name="otp_verify"),
    path("accounts/otp/setup/", twofactor.setup, name="otp_setup"),
    path("annual/", include("gongkai.annual.urls")),
    path("appeals/", include("gongkai.appeals.urls")),
    path("catalogue/", include("gongkai.publishing.urls")),
    path("supervision/", include("gongkai.supervision.urls")),
    path("public/", include("gongkai.portal.urls")),
    path("", include("gongkai.staff.urls")),
]
