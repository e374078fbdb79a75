"""Public catalogue and guide pages (no login), included by gongkai.portal under /public/."""
from django.urls import path

from . import public_views as v

app_name = "catalogue"

urlpatterns = [
    path("<str:code>/catalogue/", v.catalogue, name="list"),
    path("<str:code>/catalogue/feed.atom", v.feed, name="feed"),
    path("<str:code>/catalogue/items/<str:article>/feed.atom", v.feed, name="item_feed"),
    path("<str:code>/catalogue/<int:pk>/", v.item, name="item"),
    path("<str:code>/catalogue/<int:pk>/files/<int:att>/", v.download, name="download"),
    path("<str:code>/guide/", v.guide, name="guide"),
    path("<str:code>/guide.<str:fmt>", v.guide_download, name="guide_file"),
]
