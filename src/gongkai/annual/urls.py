from django.urls import path

from . import views

app_name = "annual"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/<int:year>/", views.report, name="report"),
    path("<str:code>/<int:year>/table2/", views.table2_page, name="table2"),
    path("<str:code>/<int:year>/table2/import/", views.table2_import_page, name="table2_import"),
    path("<str:code>/<int:year>/sections/", views.sections_page, name="sections"),
    path("<str:code>/<int:year>/lock/", views.lock, name="lock"),
    path("<str:code>/<int:year>/publish/", views.publish, name="publish"),
    path("<str:code>/<int:year>/correct/", views.correct, name="correct"),
    path("<str:code>/<int:year>/previous/", views.upload_previous, name="previous"),
    path("<str:code>/<int:year>/draft.<str:kind>", views.draft_file, name="draft"),
]
