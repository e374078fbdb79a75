"""Public pages (no login) under /public/.  Apps that publish something add a ``public_urls``
module of their own (e.g. gongkai.annual.public_urls, gongkai.publishing.public_urls); it is
included here when it exists, so no app edits another's URL list.  The portal's own pages
(the region's agencies, an agency's landing page, applying, tracking) come after them."""

from importlib.util import find_spec

from django.urls import include, path

from . import views

app_name = "portal"

urlpatterns: list = [
    path("", views.index, name="index"),
    path("text-size/", views.text_size, name="text_size"),
    path("track/", views.track, name="track"),
    path("track/<str:number>/", views.track_case, name="track_case"),
    path("track/<str:number>/correction/", views.correction, name="correction"),
    path("track/<str:number>/payment/", views.payment, name="payment"),
    path("track/<str:number>/letters/<int:doc_id>.<str:fmt>", views.letter, name="letter"),
]
for _app in ("annual", "publishing", "casework"):
    if find_spec(f"gongkai.{_app}.public_urls"):
        urlpatterns.append(path("", include(f"gongkai.{_app}.public_urls")))
urlpatterns += [
    path("<str:code>/", views.landing, name="landing"),
    path("<str:code>/apply/", views.apply, name="apply"),
]
