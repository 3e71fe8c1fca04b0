"""The afwegingskader: frameworks, weights, scores and ranking."""

from django.urls import path

from .views import frameworks, ranking, scores, weights

app_name = "assessment"

urlpatterns = [
    path("", frameworks.framework_list, name="framework_list"),
    path("<int:pk>/", frameworks.framework_detail, name="framework_detail"),
    path("<int:pk>/doel/", frameworks.objective_add, name="objective_add"),
    path("<int:pk>/criterium/", frameworks.criterion_add, name="criterion_add"),
    path(
        "<int:pk>/criterium/<int:criterion_pk>/verwijderen/",
        frameworks.criterion_remove,
        name="criterion_remove",
    ),
    path("<int:pk>/gewichten/", weights.weights_direct, name="weights_direct"),
    path("<int:pk>/paarsgewijs/<str:kind>/", weights.pairwise, name="pairwise"),
    path("<int:pk>/publiceren/", frameworks.publish, name="publish"),
    path("<int:pk>/nieuwe-versie/", frameworks.new_version, name="new_version"),
    path("<int:pk>/scores/", scores.score_grid, name="score_grid"),
    path(
        "<int:pk>/scores/<int:project_pk>/<int:criterion_pk>/",
        scores.score_cell,
        name="score_cell",
    ),
    path("<int:pk>/wsjf/<int:project_pk>/", scores.wsjf_edit, name="wsjf_edit"),
    path("<int:pk>/rangorde/", ranking.ranking, name="ranking"),
]
