"""The baten: register, profiles, measurements, attribution and plan."""

from django.urls import path

from . import views

app_name = "benefits"

urlpatterns = [
    path("", views.benefit_list, name="benefit_list"),
    path("nieuw/", views.benefit_create, name="benefit_create"),
    path("<int:pk>/", views.benefit_detail, name="benefit_detail"),
    path("<int:pk>/bewerken/", views.benefit_edit, name="benefit_edit"),
    path("<int:pk>/metingen/", views.measurement_add, name="measurement_add"),
    path("<int:pk>/toerekening/", views.contribution_edit, name="contribution_edit"),
    path("<int:pk>/plan/", views.plan_edit, name="plan_edit"),
]
