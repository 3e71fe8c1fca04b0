from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from pmo import access
from pmo.web.pages import render_page

from .models import Snapshot
from .selectors import latest_snapshots
from .services import chart_specs


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    # The dashboard is the board's: out of sight for a projectleider (404).
    access.require_area(Snapshot, request.user)
    snapshots = latest_snapshots(user=request.user)
    panels = [
        {
            "snapshot": snapshot,
            "charts": [
                {"id": f"chart-{snapshot.pk}-{index}", "figure": figure}
                for index, figure in enumerate(chart_specs(snapshot))
            ],
        }
        for snapshot in snapshots
    ]
    return render_page(request, "reporting/dashboard.html", {"panels": panels})
