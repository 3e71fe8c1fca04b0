"""The shared base: the channel on every audit line, one stale error for every versioned
model, one refusal on every page."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils.html import escape

from pmo.actors import Actor, Channel
from pmo.audit import audit_entries_for
from pmo.models import AuditEntry
from pmo.versioning import StaleError
from portfolio.projects.services import project_update
from portfolio.status import selectors as report_selectors
from portfolio.status import services as report_services
from tests.support.factories import OrgUnitFactory, ProjectFactory, StatusReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_analyst(analyst):
    analyst.is_staff = True
    analyst.save()
    analyst.user_permissions.add(*Permission.objects.filter(content_type__app_label="portfolio"))
    return analyst


def test_each_channel_is_recorded_as_itself(project, owner):
    for actor, name in ((Actor.screen(owner), "A"), (Actor.api(owner), "B"), (Actor.task(), "C")):
        project = project_update(
            actor=actor, project=project, expected_version=project.version, name=name
        )
    channels = list(
        audit_entries_for(project)
        .filter(action="update")
        .order_by("at", "pk")
        .values_list("source", flat=True)
    )
    assert channels == [Channel.UI, Channel.API, Channel.TASK]


def test_an_audit_line_without_a_channel_is_refused(project, owner):
    from pmo.audit import audit_record

    with pytest.raises(TypeError):
        audit_record(actor=owner, instance=project, action=AuditEntry.Action.UPDATE)


def test_many_audit_lines_at_once_read_back_as_one_line_each(project, owner):
    """audit_insert (COPY on PostgreSQL, executemany elsewhere) keeps what audit_record
    keeps: the actor, the channel, the version, the time, and text with quotes intact."""
    from pmo.audit import audit_insert, audit_record

    other = ProjectFactory(portfolio=project.portfolio, org_unit=project.org_unit)
    changes = {"naam": ['Oud "plan"', "Wijk\\Zuid; café\ttab"]}
    single = audit_record(
        actor=Actor.api(owner), instance=project, action=AuditEntry.Action.UPDATE, changes={}
    )
    audit_insert(
        actor=Actor.api(owner),
        model=type(project),
        lines=[(project, AuditEntry.Action.UPDATE, changes), (other, "create", {})],
    )
    [line] = audit_entries_for(project).exclude(pk=single.pk)
    assert (line.actor, line.source, line.action) == (owner, Channel.API, "update")
    assert (line.version, line.object_repr, line.changes) == (
        project.version,
        str(project),
        changes,
    )
    assert single.at <= line.at
    assert audit_entries_for(other).get().action == "create"
    with pytest.raises(TypeError):
        audit_insert(actor=owner, model=type(project), lines=[(project, "update", {})])


def test_the_admin_records_its_changes_as_beheer(client, staff_analyst, department):
    client.force_login(staff_analyst)
    unit = OrgUnitFactory(parent=department, name="Bruggen")
    url = reverse("admin:portfolio_orgunit_change", args=[unit.pk])
    data = {
        "code": unit.code,
        "name": "Bruggen en Tunnels",
        "kind": unit.kind,
        "parent": department.pk,
    }
    assert client.post(url, data).status_code == 302
    entry = audit_entries_for(unit).get()
    assert entry.source == Channel.ADMIN and entry.actor == staff_analyst
    assert entry.changes["name"] == ["Bruggen", "Bruggen en Tunnels"]


def test_reports_are_read_only_in_the_admin(client, staff_analyst, project):
    report = StatusReportFactory(project=project)
    client.force_login(staff_analyst)
    url = reverse("admin:portfolio_statusreport_change", args=[report.pk])
    assert client.get(url).status_code == 200  # shown for looking up
    assert client.post(url, {"progress_pct": 99}).status_code == 403
    report.refresh_from_db()
    assert report.progress_pct == 50


def test_a_stale_report_names_who_changed_it_since(project, owner, analyst):
    report = StatusReportFactory(project=project, state="concept")
    values = report_selectors.report_values(report)
    report_services.report_update(
        actor=Actor.screen(analyst), report=report, expected_version=1, values=values
    )
    with pytest.raises(StaleError) as stale:
        report_services.report_update(
            actor=Actor.screen(owner), report=report, expected_version=1, values=values
        )
    assert str(analyst) in stale.value.message()
    assert stale.value.current_version == 2


def test_a_stale_page_save_is_409_and_keeps_the_input(client, project, owner, analyst):
    project_update(
        actor=Actor.screen(analyst), project=project, expected_version=1, name="Door het PMO"
    )
    client.force_login(owner)
    url = reverse("projects:project_edit", args=[project.code])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(name="Mijn versie", version=1)
    response = client.post(url, data)
    assert response.status_code == 409
    # Names like "van 't Erve" reach the page HTML-escaped.
    assert "intussen gewijzigd door" in response.text and escape(str(analyst)) in response.text
    assert 'value="Mijn versie"' in response.text
    # The form now carries the version the user has seen: a deliberate second save applies.
    assert response.context["form"].data["version"] == 2


def test_after_one_fresh_migrate_the_beheerder_manages_periodic_tasks(client, db):
    """The test database is made by one `migrate`, as on a fresh install: the roles must
    hold the permissions of the last app too (django_celery_beat)."""
    from pmo.roles import Role
    from tests.support.factories import user_with_role

    beheerder = user_with_role(Role.BEHEERDER)
    beheerder.is_staff = True
    beheerder.save()
    held = set(
        Permission.objects.filter(group__name=Role.BEHEERDER).values_list("codename", flat=True)
    )
    assert {"view_periodictask", "change_periodictask"} <= held
    client.force_login(beheerder)
    response = client.get(reverse("admin:django_celery_beat_periodictask_changelist"))
    assert response.status_code == 200


def test_a_chart_has_its_numbers_as_a_table():
    """The text alternative of a chart: categories by row, named traces by column."""
    from pmo.figures import figure_table

    figure = {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": "groen",
                "y": ["Ruimte", "Veiligheid"],
                "x": [3, 1],
            },
            {"type": "bar", "orientation": "h", "name": "rood", "y": ["Ruimte"], "x": [2]},
            {"type": "scatter", "x": [0, 1], "y": [0, 1], "showlegend": False},
        ],
        "layout": {"title": {"text": "Totaalbeeld"}},
    }
    table = figure_table(figure)
    assert table["caption"] == "Totaalbeeld"
    assert table["columns"] == ["groen", "rood"]
    assert table["rows"] == [("Ruimte", [3, 2]), ("Veiligheid", [1, None])]
    budget = figure_table({"data": [{"type": "bar", "name": "Ruimte", "x": [2027], "y": [1.5]}]})
    assert budget["rows"] == [(2027, [1.5])]


def test_history_shows_field_labels_and_choices_in_the_readers_language():
    from django.utils.translation import override

    from pmo.audit import readable_changes
    from portfolio.projects.models import Project

    changes = {
        "planned_end": ["2027-04-09", "2027-12-31"],
        "phase": ["Voorbereiding", "Realisatie"],
        "reden": ["", "Herplanning"],
    }
    assert readable_changes(changes, Project)[0] == ("Gepland einde", "2027-04-09", "2027-12-31")
    with override("en"):
        rows = readable_changes(changes, Project)
    assert rows[1] == ("Phase", "Preparation", "Realisation")
    assert rows[2] == ("reden", "", "Herplanning")


def test_the_menu_offers_the_dashboard_only_to_who_may_see_it(
    client, owner, board_member, no_role_user
):
    """The menu item and the page ask the same question: a projectleider has their own
    department's dashboard (or is told none is set up yet); without a unit, none."""
    dashboard = reverse("reporting:dashboard")
    client.force_login(no_role_user)
    assert dashboard not in client.get(reverse("projects:project_list")).text
    assert client.get(dashboard).status_code == 404
    client.force_login(owner)
    assert dashboard in client.get(reverse("projects:project_list")).text
    assert client.get(dashboard).status_code == 200
    client.force_login(board_member)
    assert dashboard in client.get(reverse("projects:project_list")).text
    assert client.get(dashboard).status_code == 200


def test_a_wrong_url_shows_the_products_own_404(client, owner, settings):
    settings.DEBUG = False
    client.force_login(owner)
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.text and "PMO Portfolio" in response.text


def test_names_reach_charts_as_text_not_html():
    """A scenario named with a link must not become a link in the legend."""
    from pmo.figures import figure_table
    from portfolio.scenarios.figures import cost_per_year_figure

    name = '<a href="https://example.org">Basis</a>'
    figure = cost_per_year_figure(
        years=["2027"],
        series=[(name, [1.0])],
        budgets=[2.0],
        title="Kosten",
        budget_label="budget",
        axis_title="euro",
    )
    legend = [trace["name"] for trace in figure["data"]]
    assert '&lt;a href="https://example.org"&gt;Basis&lt;/a&gt;' in legend
    assert not any("<a" in label for label in legend)
    assert figure_table(figure)["columns"][0] == name  # the table shows it as typed
