from django.urls import path

from . import board_views, report_views, views

app_name = "portfolio"

urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("nieuw/", views.project_create, name="project_create"),
    path("<str:code>/", views.project_detail, name="project_detail"),
    path("<str:code>/bewerken/", views.project_edit, name="project_edit"),
    path("<str:code>/faseovergang/", board_views.gate_propose, name="gate_propose"),
    path("<str:code>/documenten/", board_views.document_add, name="document_add"),
    path("<str:code>/rapportages/nieuw/", report_views.report_create, name="report_create"),
    path("<str:code>/rapportages/voorstel/", report_views.report_proposal, name="report_proposal"),
    path("<str:code>/rapportages/<int:pk>/", report_views.report_detail, name="report_detail"),
    path("<str:code>/rapportages/<int:pk>/bewerken/", report_views.report_edit, name="report_edit"),
    path(
        "<str:code>/rapportages/<int:pk>/herzien/", report_views.report_amend, name="report_amend"
    ),
]
