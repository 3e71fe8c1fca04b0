"""The risks area: the risk register with its risicokaart, a risk, its form, escalation;
the issue register, the stakeholders and the weerstandsvermogen."""

from django.urls import path

from .views import risks

app_name = "risks"

urlpatterns = [
    path("", risks.risk_list, name="risk_list"),
    path("nieuw/", risks.risk_create, name="risk_create"),
    path("<int:pk>/", risks.risk_detail, name="risk_detail"),
    path("<int:pk>/bewerken/", risks.risk_edit, name="risk_edit"),
    path("<int:pk>/escalatie/", risks.risk_escalate, name="risk_escalate"),
]
