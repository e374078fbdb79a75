"""Staff pages of the catalogue, under /catalogue/."""
from django.urls import path

from . import views

app_name = "publishing"

urlpatterns = [
    path("", views.item_list, name="item_list"),
    path("new/", views.item_new, name="item_new"),
    path("late/", views.late, name="late"),
    path("import/", views.import_view, name="import"),
    path("settings/", views.settings_view, name="settings"),
    path("table2/", views.table2_view, name="table2"),
    path("guide/", views.guide_view, name="guide"),
    path("guide.<str:fmt>", views.guide_file, name="guide_file"),
    path("<int:pk>/", views.item_detail, name="item_detail"),
    path("<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("<int:pk>/step/<slug:step>/", views.item_step, name="item_step"),
    path("<int:pk>/files/", views.attachment_add, name="attachment_add"),
    path("<int:pk>/files/<int:att>/", views.attachment_download, name="attachment"),
    path("<int:pk>/files/<int:att>/delete/", views.attachment_remove, name="attachment_remove"),
]
