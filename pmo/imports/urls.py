from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.import_list, name="import_list"),
    path("voorbeeld/<str:kind>/", views.import_sample, name="import_sample"),
    path("<int:pk>/", views.import_detail, name="import_detail"),
    path("<int:pk>/inlezen/", views.import_commit_view, name="import_commit"),
    path("<int:pk>/ongedaan/", views.import_undo_view, name="import_undo"),
]
