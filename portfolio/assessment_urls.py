"""The afwegingskader: frameworks, weights, scores, ranking and scenarios."""

from django.urls import path

from . import assessment_views as views
from . import ranking_views, scenario_views

app_name = "assessment"

urlpatterns = [
    path("", views.framework_list, name="framework_list"),
    path("<int:pk>/", views.framework_detail, name="framework_detail"),
    path("<int:pk>/doel/", views.objective_add, name="objective_add"),
    path("<int:pk>/criterium/", views.criterion_add, name="criterion_add"),
    path(
        "<int:pk>/criterium/<int:criterion_pk>/verwijderen/",
        views.criterion_remove,
        name="criterion_remove",
    ),
    path("<int:pk>/gewichten/", views.weights_direct, name="weights_direct"),
    path("<int:pk>/paarsgewijs/<str:kind>/", views.pairwise, name="pairwise"),
    path("<int:pk>/publiceren/", views.publish, name="publish"),
    path("<int:pk>/nieuwe-versie/", views.new_version, name="new_version"),
    path("<int:pk>/scores/", views.score_grid, name="score_grid"),
    path(
        "<int:pk>/scores/<int:project_pk>/<int:criterion_pk>/",
        views.score_cell,
        name="score_cell",
    ),
    path("<int:pk>/wsjf/<int:project_pk>/", views.wsjf_edit, name="wsjf_edit"),
    path("<int:pk>/rangorde/", ranking_views.ranking, name="ranking"),
    path("<int:pk>/scenarios/", scenario_views.scenario_list, name="scenario_list"),
    path("<int:pk>/scenarios/vergelijken/", scenario_views.compare, name="scenario_compare"),
    path("scenario/<int:pk>/", scenario_views.scenario_detail, name="scenario_detail"),
    path("scenario/<int:pk>/voorwaarden/", scenario_views.scenario_edit, name="scenario_edit"),
    path("scenario/<int:pk>/regel/", scenario_views.rule_add, name="rule_add"),
    path(
        "scenario/<int:pk>/regel/<int:rule_pk>/verwijderen/",
        scenario_views.rule_remove,
        name="rule_remove",
    ),
    path("scenario/<int:pk>/berekenen/", scenario_views.solve, name="scenario_solve"),
    path("scenario/<int:pk>/vaststellen/", scenario_views.adopt, name="scenario_adopt"),
]
