"""The risk register: the register with its risicokaart, a risk, its form, escalation."""

from django.urls import path

from . import views

app_name = "risks"

urlpatterns = [
    path("", views.risk_list, name="risk_list"),
    path("nieuw/", views.risk_create, name="risk_create"),
    path("<int:pk>/", views.risk_detail, name="risk_detail"),
    path("<int:pk>/bewerken/", views.risk_edit, name="risk_edit"),
    path("<int:pk>/escalatie/", views.risk_escalate, name="risk_escalate"),
]
