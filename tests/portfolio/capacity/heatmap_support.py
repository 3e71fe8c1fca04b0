"""A small capacity world for the heatmap's tests: two teams, and the owner's, a
colleague's, an outsider's project and a proposal asking the first team for hours."""

import datetime as dt
from decimal import Decimal

from portfolio.projects.models import LifecycleStatus
from tests.support.factories import DemandFactory, ProjectFactory, TeamFactory

FEB, MAR, APR = dt.date(2027, 2, 1), dt.date(2027, 3, 1), dt.date(2027, 4, 1)
# Who reads the whole portfolio sees the heatmap; everyone else gets 404.
READERS = {"board_member": 200, "analyst": 200, "administrator": 200}


def capacity_world(department, other_department, owner) -> dict:
    """ICT (312 h a month) is over-allocated in March 2027: 200 h of the owner's project,
    100 h of another project in the department, 50 h of one elsewhere. A proposal asks
    300 h in February. GIS, elsewhere, has 312 h and one 20 h cell."""
    ict = TeamFactory(code="ICT", name="Informatievoorziening", org_unit=department)
    gis = TeamFactory(code="GIS", name="Geo-informatie", org_unit=other_department)
    own = ProjectFactory(code="RUI-001", name="Ringweg", manager=owner, org_unit=department)
    neighbour = ProjectFactory(code="RUI-002", name="Rotonde", org_unit=department)
    far = ProjectFactory(code="JGD-001", name="Jeugdhulp", org_unit=other_department)
    proposal = ProjectFactory(
        code="VST-001", name="Nieuw loket", org_unit=department, status=LifecycleStatus.PROPOSED
    )
    DemandFactory(project=own, team=ict, month=MAR, hours=Decimal("200"))
    DemandFactory(project=neighbour, team=ict, month=MAR, hours=Decimal("100"))
    DemandFactory(project=far, team=ict, month=MAR, hours=Decimal("50"))
    DemandFactory(project=proposal, team=ict, month=FEB, hours=Decimal("300"))
    DemandFactory(project=far, team=gis, month=APR, hours=Decimal("20"))
    return {
        "ict": ict,
        "gis": gis,
        "own": own,
        "neighbour": neighbour,
        "far": far,
        "proposal": proposal,
    }
