"""Scenarios of the afwegingskader: constraints, optimal selection, comparison, adoption."""

from django.urls import path

from . import views

app_name = "scenarios"

urlpatterns = [
    path("<int:pk>/scenarios/", views.scenario_list, name="scenario_list"),
    path("<int:pk>/scenarios/vergelijken/", views.compare, name="scenario_compare"),
    path("scenario/<int:pk>/", views.scenario_detail, name="scenario_detail"),
    path("scenario/<int:pk>/voorwaarden/", views.scenario_edit, name="scenario_edit"),
    path("scenario/<int:pk>/regel/", views.rule_add, name="rule_add"),
    path(
        "scenario/<int:pk>/regel/<int:rule_pk>/verwijderen/",
        views.rule_remove,
        name="rule_remove",
    ),
    path("scenario/<int:pk>/berekenen/", views.solve, name="scenario_solve"),
    path("scenario/<int:pk>/vaststellen/", views.adopt, name="scenario_adopt"),
]
