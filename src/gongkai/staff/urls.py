from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/step/<slug:step>/", views.case_step, name="case_step"),
    path("cases/<int:pk>/assign/", views.case_assign, name="case_assign"),
    path("cases/<int:pk>/documents/<int:doc_id>.<str:fmt>", views.document_download, name="document"),
    path("table3/", views.table3, name="table3"),
]
