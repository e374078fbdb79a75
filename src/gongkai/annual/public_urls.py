"""Public pages of the annual reports (no login), under /public/annual/."""

from django.urls import path

from . import public_views

app_name = "annual_public"

urlpatterns = [
    path("annual/", public_views.agencies, name="agencies"),
    path("annual/<str:code>/", public_views.agency_reports, name="agency"),
    path("annual/<str:code>/feed/", public_views.ReportsFeed(), name="feed"),
    path("annual/<str:code>/<int:year>/v<int:number>/", public_views.version, name="version"),
    path("annual/<str:code>/<int:year>/v<int:number>.<str:kind>", public_views.version_file, name="file"),
]
