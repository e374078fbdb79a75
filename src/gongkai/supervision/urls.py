from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.index, name="index"),
    path("region/<int:gov_id>/<int:year>/", views.year_page, name="year"),
    path("region/<int:gov_id>/<int:year>/sync/", views.sync, name="sync"),
    path("region/<int:gov_id>/<int:year>/summary/", views.summary_page, name="summary"),
    path("region/<int:gov_id>/<int:year>/charts/", views.charts_page, name="charts"),
    path("upload/<int:year>/", views.upload, name="upload"),
    path("batch/<int:pk>/", views.batch_page, name="batch"),
    path("agency/<int:agency_id>/<int:year>/", views.agency_year, name="agency_year"),
    path("agency/<int:agency_id>/<int:year>/sheet.<str:fmt>", views.sheet, name="sheet"),
    path("finding/<int:pk>/status/", views.finding_status, name="finding_status"),
    path("document/<int:pk>/", views.document_page, name="document"),
    path("document/<int:pk>/correct/", views.correct, name="correct"),
    path("document/<int:pk>/original/", views.original, name="original"),
    path("document/<int:pk>/page/<int:page>.png", views.page_image, name="page_image"),
]
