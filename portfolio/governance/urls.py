"""Phases, gates and documents of a project; the portfolioraad's meetings and decisions."""

from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("projecten/<str:code>/faseovergang/", views.gate_propose, name="gate_propose"),
    path("projecten/<str:code>/documenten/", views.document_add, name="document_add"),
    path("portfolioraad/", views.meeting_list, name="meeting_list"),
    path("portfolioraad/besluiten/", views.decision_log, name="decision_log"),
    path("portfolioraad/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("portfolioraad/<int:pk>/agenda/", views.meeting_prepare, name="meeting_prepare"),
    path(
        "portfolioraad/punt/<int:pk>/besluit/",
        views.agenda_item_decide,
        name="agenda_item_decide",
    ),
]
