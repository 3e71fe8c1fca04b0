from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("nieuw/", views.project_create, name="project_create"),
    path("<str:code>/", views.project_detail, name="project_detail"),
    path("<str:code>/bewerken/", views.project_edit, name="project_edit"),
    path("<str:code>/budget/", views.budget_edit, name="budget_edit"),
    path("<str:code>/mijlpalen/nieuw/", views.milestone_create, name="milestone_create"),
    path("<str:code>/mijlpalen/<int:pk>/", views.milestone_edit, name="milestone_edit"),
]
