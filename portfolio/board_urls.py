"""Pages above the single project: the board, organisation levels, overdue reports."""

from django.urls import path

from . import board_views, level_views

app_name = "board"

urlpatterns = [
    path("portfolioraad/", board_views.meeting_list, name="meeting_list"),
    path("portfolioraad/besluiten/", board_views.decision_log, name="decision_log"),
    path("portfolioraad/<int:pk>/", board_views.meeting_detail, name="meeting_detail"),
    path("portfolioraad/<int:pk>/agenda/", board_views.meeting_prepare, name="meeting_prepare"),
    path(
        "portfolioraad/punt/<int:pk>/besluit/",
        board_views.agenda_item_decide,
        name="agenda_item_decide",
    ),
    path("rapportages/achterstallig/", level_views.overdue_reports, name="overdue_reports"),
    path("organisatie/<str:code>/", level_views.org_unit_detail, name="org_unit_detail"),
    path("programma/<str:code>/", level_views.programme_detail, name="programme_detail"),
]
