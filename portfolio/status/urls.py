"""The hoofdpuntenrapportage of a project, the levels above it and overdue reports."""

from django.urls import include, path

from .views import levels, reports

app_name = "status"

report_patterns = [
    path("nieuw/", reports.report_create, name="report_create"),
    path("voorstel/", reports.report_proposal, name="report_proposal"),
    path("<int:pk>/", reports.report_detail, name="report_detail"),
    path("<int:pk>/bewerken/", reports.report_edit, name="report_edit"),
    path("<int:pk>/herzien/", reports.report_amend, name="report_amend"),
]

urlpatterns = [
    path("projecten/<str:code>/rapportages/", include(report_patterns)),
    path("rapportages/achterstallig/", levels.overdue_reports, name="overdue_reports"),
    path("organisatie/<str:code>/", levels.org_unit_detail, name="org_unit_detail"),
    path("programma/<str:code>/", levels.programme_detail, name="programme_detail"),
]
