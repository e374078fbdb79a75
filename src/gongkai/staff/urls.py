from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/export.<str:fmt>", views.case_export, name="case_export"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/print/", views.case_print, name="case_print"),
    path("cases/<int:pk>/step/<slug:step>/", views.case_step, name="case_step"),
    path("cases/<int:pk>/documents/<int:doc_id>.<str:fmt>", views.document_download, name="document"),
    path("cases/<int:pk>/documents/<int:doc_id>/render/", views.document_render, name="document_render"),
    path("cases/<int:pk>/attachments/<int:att_id>/", views.attachment_download, name="attachment"),
    path("settings/", views.agency_settings, name="agency_settings"),
    path("settings/<int:agency_id>/", views.agency_settings, name="agency_settings_of"),
    path("table3/", views.table3, name="table3"),
]
