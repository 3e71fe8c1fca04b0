from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from demo import data as demo_data
from pmo.models import AuditEntry, User
from pmo.roles import Role
from portfolio.capacity.models import Team
from portfolio.governance.models import AgendaItem, BoardMeeting, GateDecision, ProjectDocument
from portfolio.projects.models import Milestone, OrgUnit, Phase, Programme, Project, ProjectBudget
from portfolio.scenarios.models import Scenario
from portfolio.status.models import ProjectTolerance, StatusReport

pytestmark = pytest.mark.django_db


def table_state():
    return {
        "units": OrgUnit.objects.count(),
        "users": User.objects.count(),
        "programmes": Programme.objects.count(),
        "projects": sorted(Project.objects.values_list("code", "name", "phase", "version")),
        "budgets": ProjectBudget.objects.count(),
        "milestones": Milestone.objects.count(),
        "teams": Team.objects.count(),
        "audit": AuditEntry.objects.count(),
        "reports": sorted(
            StatusReport.objects.values_list("project__code", "period", "rag_overall")
        ),
        "gates": GateDecision.objects.count(),
        "meetings": BoardMeeting.objects.count(),
        "agenda": AgendaItem.objects.count(),
        "documents": ProjectDocument.objects.count(),
        "tolerances": ProjectTolerance.objects.count(),
    }


def test_demo_municipality_is_believable_and_complete():
    call_command("seed_demo", verbosity=0)
    domains = OrgUnit.objects.filter(kind=OrgUnit.Kind.DOMAIN)
    assert domains.count() >= 6
    assert {
        "Sociaal Domein",
        "Ruimte",
        "Stadsbeheer",
        "Dienstverlening",
        "Veiligheid",
        "Bedrijfsvoering",
    } <= set(domains.values_list("name", flat=True))
    assert Programme.objects.count() >= 4
    assert Project.objects.count() >= 80
    phases = Counter(Project.objects.values_list("phase", flat=True))
    assert set(phases) == set(Phase.values)
    assert Team.objects.count() >= 5
    for role in Role:
        assert User.objects.filter(groups__name=role).exists(), role
    # Every demo login works with the printed password.
    for username, *_rest in demo_data.USERS:
        assert User.objects.get(username=username).check_password(demo_data.DEMO_PASSWORD)
    # The demo projectleider leads projects in their own department.
    leader = User.objects.get(username="projectleider")
    assert Project.objects.filter(manager=leader, org_unit=leader.org_unit).exists()


def test_running_it_twice_changes_nothing():
    call_command("seed_demo", verbosity=0)
    first = table_state()
    call_command("seed_demo", verbosity=0)
    assert table_state() == first


def test_demo_has_a_year_of_reports_with_trends_exceptions_and_gates():
    call_command("seed_demo", verbosity=0)
    periods = set(StatusReport.objects.values_list("period", flat=True))
    assert len(periods) == 12
    colours = set(StatusReport.objects.values_list("rag_overall", flat=True))
    assert colours == {"groen", "oranje", "rood"}
    assert StatusReport.objects.filter(is_exception=True).exists()
    assert GateDecision.objects.exclude(decision="").count() >= 40
    upcoming = BoardMeeting.objects.get(state="gepland")
    assert upcoming.items.filter(kind="exception").exists()
    # A project that slipped into red: green a year ago, red now.
    slipping = [
        code
        for code in StatusReport.objects.filter(rag_time="rood")
        .values_list("project__code", flat=True)
        .distinct()
        if StatusReport.objects.filter(project__code=code, rag_time="groen").exists()
    ]
    assert slipping


def test_demo_logins_prints_every_user_grouped_by_role():
    out = StringIO()
    call_command("demo_logins", url="http://127.0.0.1:8000/", stdout=out)
    text = out.getvalue()
    for username, *_rest in demo_data.USERS:
        assert f" {username} " in text, username
    headings = [str(label) for _value, label in Role.choices]
    positions = [text.index(f"  {heading}\n") for heading in headings]
    assert positions == sorted(positions)
    # Every projectleider is listed under the projectleider heading.
    below = text[text.index("  Projectleider\n") :]
    assert "pl.smit" in below.split("\n\n")[0]


def test_quiet_commands_print_nothing_internal():
    out = StringIO()
    call_command("seed_demo", verbosity=0, stdout=out)
    call_command("build_snapshots", verbosity=0, stdout=out)
    assert out.getvalue() == ""


def test_demo_is_realistic_about_closed_projects_meetings_and_decisions():
    """Closed projects stopped reporting and are on no agenda; the board meets on working
    days; its reasonings vary; the elections are statutory and in every scenario."""
    call_command("seed_demo", verbosity=0)
    latest = StatusReport.objects.order_by("-period").values_list("period", flat=True)[0]
    closed = Project.objects.filter(status__in=["afgerond", "gestopt"])
    assert closed.exists()
    assert not StatusReport.objects.filter(project__in=closed, period=latest).exists()
    assert not AgendaItem.objects.filter(project__in=closed, decided_at=None).exists()
    assert all(day.weekday() < 5 for day in BoardMeeting.objects.values_list("date", flat=True))
    assert GateDecision.objects.values("reasoning").distinct().count() >= 5
    elections = Project.objects.get(name__startswith="Verkiezingen")
    assert elections.statutory
    for scenario in Scenario.objects.all():
        assert elections.pk in scenario.result["selected"]
        assert elections.pk in scenario.result["statutory"]


def test_the_demo_dashboards_open_with_a_trend_and_their_figures():
    """`make run` builds twelve periods: the organisation's latest has every running
    project, the weerstandsvermogen's class and priorities; a projectleider has their
    department's dashboard."""
    from reporting.models import Scope, Snapshot
    from reporting.services.scopes import TASK

    call_command("seed_demo", verbosity=0)
    call_command("build_snapshots", periods=3, verbosity=0)
    organisation = Scope.objects.get(kind=Scope.Kind.ORGANISATION)
    latest = Snapshot.objects.filter(scope=organisation, is_current=True).latest("period")
    assert Snapshot.objects.filter(scope=organisation, is_current=True).count() == 3
    assert latest.project_count == latest.rows.count() > 40
    assert latest.tiles["resistance_class"] == "C"
    assert latest.rows.filter(priority_rank__isnull=False).count() > 20
    assert latest.changes["previous_id"] is not None
    leader = User.objects.get(username="projectleider")
    own = Scope.objects.visible_to(leader).get()
    assert own.org_unit_id == leader.org_unit_id
    # Every dashboard is built monthly by its own beat entry.
    assert all(scope.periodic_task.task == TASK for scope in Scope.objects.all())
