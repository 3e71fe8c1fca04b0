"""The baten: register, profiles, measurements, attribution and plan."""

from django.urls import path

from . import views
from .views import canvas as canvas_views
from .views import lessons as lesson_views
from .views import maps
from .views import okrs as okr_views
from .views import reviews as review_views

app_name = "benefits"

urlpatterns = [
    path("", views.benefit_list, name="benefit_list"),
    path("nieuw/", views.benefit_create, name="benefit_create"),
    path("<int:pk>/", views.benefit_detail, name="benefit_detail"),
    path("<int:pk>/bewerken/", views.benefit_edit, name="benefit_edit"),
    path("<int:pk>/metingen/", views.measurement_add, name="measurement_add"),
    path("<int:pk>/toerekening/", views.contribution_edit, name="contribution_edit"),
    path("<int:pk>/plan/", views.plan_edit, name="plan_edit"),
    path("kaarten/", maps.map_list, name="map_list"),
    path("kaarten/nieuw/", maps.map_create, name="map_create"),
    path("kaarten/<int:pk>/", maps.map_detail, name="map_detail"),
    path("kaarten/<int:pk>/bewerken/", maps.map_edit, name="map_edit"),
    path("kaarten/<int:pk>/elementen/", maps.node_add, name="node_add"),
    path("kaarten/<int:pk>/elementen/<int:node_pk>/", maps.node_edit, name="node_edit"),
    path("kaarten/<int:pk>/verbanden/", maps.link_add, name="link_add"),
    path(
        "kaarten/<int:pk>/verbanden/<int:link_pk>/verwijderen/",
        maps.link_remove,
        name="link_remove",
    ),
    # OKR's
    path("okr/", okr_views.okr_list, name="okr_list"),
    path("okr/nieuw/", okr_views.okr_create, name="okr_create"),
    path("okr/<int:pk>/", okr_views.okr_detail, name="okr_detail"),
    path("okr/<int:pk>/bewerken/", okr_views.okr_edit, name="okr_edit"),
    path("okr/<int:pk>/kernresultaten/", okr_views.key_result_add, name="key_result_add"),
    path(
        "okr/<int:pk>/kernresultaten/<int:key_result_pk>/",
        okr_views.key_result_edit,
        name="key_result_edit",
    ),
    path(
        "okr/<int:pk>/kernresultaten/<int:key_result_pk>/verwijderen/",
        okr_views.key_result_remove,
        name="key_result_remove",
    ),
    # Reviews after closure, lessons learned, the Business Value Canvas
    path("evaluaties/", review_views.review_list, name="review_list"),
    path("evaluaties/<int:pk>/", review_views.review_detail, name="review_detail"),
    path("evaluaties/<int:pk>/bewerken/", review_views.review_edit, name="review_edit"),
    path("lessen/", lesson_views.lesson_list, name="lesson_list"),
    path("lessen/nieuw/", lesson_views.lesson_create, name="lesson_create"),
    path("lessen/<int:pk>/", lesson_views.lesson_detail, name="lesson_detail"),
    path("lessen/<int:pk>/bewerken/", lesson_views.lesson_edit, name="lesson_edit"),
    path("canvas/<str:code>/", canvas_views.canvas_detail, name="canvas_detail"),
    path("canvas/<str:code>/bewerken/", canvas_views.canvas_edit, name="canvas_edit"),
]
