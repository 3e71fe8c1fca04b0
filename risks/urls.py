"""The risks area: the risk register with its risicokaart, a risk, its form, escalation;
the issue register, the stakeholders and the weerstandsvermogen."""

from django.urls import path

from .views import issues, resistance, risks, stakeholders

app_name = "risks"

urlpatterns = [
    path("", risks.risk_list, name="risk_list"),
    path("nieuw/", risks.risk_create, name="risk_create"),
    path("verloop/", risks.risk_trend, name="risk_trend"),
    path("<int:pk>/", risks.risk_detail, name="risk_detail"),
    path("<int:pk>/bewerken/", risks.risk_edit, name="risk_edit"),
    path("<int:pk>/escalatie/", risks.risk_escalate, name="risk_escalate"),
    path("issues/", issues.issue_list, name="issue_list"),
    path("issues/nieuw/", issues.issue_create, name="issue_create"),
    path("issues/<int:pk>/", issues.issue_detail, name="issue_detail"),
    path("issues/<int:pk>/bewerken/", issues.issue_edit, name="issue_edit"),
    path("issues/<int:pk>/stap/", issues.issue_advance, name="issue_advance"),
    path("issues/<int:pk>/besluit/", issues.issue_decide, name="issue_decide"),
    path("issues/<int:pk>/escalatie/", issues.issue_escalate, name="issue_escalate"),
    path("weerstandsvermogen/", resistance.resistance_page, name="resistance"),
    path(
        "weerstandsvermogen/berekenen/",
        resistance.simulation_request,
        name="simulation_request",
    ),
    path("weerstandsvermogen/beleid/", resistance.policy_edit, name="policy_edit"),
    path("weerstandsvermogen/capaciteit/", resistance.capacity_edit, name="capacity_create"),
    path(
        "weerstandsvermogen/capaciteit/<int:pk>/",
        resistance.capacity_edit,
        name="capacity_edit",
    ),
    path("belanghebbenden/", stakeholders.stakeholder_list, name="stakeholder_list"),
    path("belanghebbenden/nieuw/", stakeholders.stakeholder_create, name="stakeholder_create"),
    path("belanghebbenden/<int:pk>/", stakeholders.stakeholder_detail, name="stakeholder_detail"),
    path(
        "belanghebbenden/<int:pk>/bewerken/",
        stakeholders.stakeholder_edit,
        name="stakeholder_edit",
    ),
    path(
        "belanghebbenden/<int:pk>/acties/",
        stakeholders.stakeholder_action_add,
        name="stakeholder_action_add",
    ),
    path(
        "belanghebbenden/<int:pk>/acties/<int:action_pk>/gedaan/",
        stakeholders.stakeholder_action_done,
        name="stakeholder_action_done",
    ),
]
