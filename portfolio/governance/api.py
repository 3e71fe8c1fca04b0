"""The board's record on the API (read): gate decisions, meetings and their decisions."""

from pmo.api.columns import model_columns
from pmo.api.filters import resource_filter
from pmo.api.registry import register
from pmo.api.resources import Resource

from .models import AgendaItem, BoardMeeting, GateDecision


@register("gate-decisions")
class GateDecisions(Resource):
    """Beslisdocumenten: a project's passage from one phase to the next, judged on
    GOTIK; `decision` is empty while the board has not decided."""

    model = GateDecision
    columns = model_columns(
        GateDecision,
        "id",
        "project",
        "from_phase",
        "to_phase",
        "proposal",
        "proposed_by",
        "proposed_at",
        "decision",
        "conditions",
        "reasoning",
        "gotik_money",
        "gotik_organisation",
        "gotik_time",
        "gotik_information",
        "gotik_quality",
        "delivery_confidence",
        "decided_by",
        "decided_at",
        "meeting",
        "updated_at",
    )
    filterset_class = resource_filter(GateDecision, project=None, decision=None, meeting=None)


@register("board-meetings")
class BoardMeetings(Resource):
    """Meetings of the portfolioraad."""

    model = BoardMeeting
    area = BoardMeeting
    columns = model_columns(BoardMeeting, "id", "date", "title", "state", "updated_at")
    filterset_class = resource_filter(BoardMeeting, state=None, date=None)
    ordering_fields = ("id", "date", "updated_at")


@register("board-decisions")
class BoardDecisions(Resource):
    """The items on a meeting's agenda and what the board decided on each."""

    model = AgendaItem
    columns = model_columns(
        AgendaItem,
        "id",
        "meeting",
        "kind",
        "project",
        "report",
        "gate",
        "decision",
        "reasoning",
        "decided_by",
        "decided_at",
        "updated_at",
    )
    filterset_class = resource_filter(AgendaItem, meeting=None, project=None, kind=None)
