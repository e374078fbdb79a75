"""Public pages (no login) under /public/.  Apps that publish something add a ``public_urls``
module of their own (e.g. gongkai.annual.public_urls, gongkai.publishing.public_urls); it is
included here when it exists, so no app edits another's URL list."""

from importlib.util import find_spec

from django.urls import include, path

app_name = "portal"

urlpatterns: list = []
for _app in ("annual", "publishing", "casework"):
    if find_spec(f"gongkai.{_app}.public_urls"):
        urlpatterns.append(path("", include(f"gongkai.{_app}.public_urls")))
