from django.urls import path, re_path  # noqa: F401

from .views import heatmap, heatmap_export

app_name = "capacity"

# Each page module adds its routes below.
urlpatterns = []

# The heatmap, its export and one cell's projects (team code, YYYY-MM: the month in the
# path keeps it apart from other two-part routes).
urlpatterns += [
    path("", heatmap.heatmap, name="heatmap"),
    path("export/", heatmap_export.heatmap_export, name="heatmap_export"),
    re_path(
        r"^(?P<team>[A-Z0-9][A-Z0-9-]{1,29})/(?P<month>\d{4}-\d{2})/$",
        heatmap.heatmap_cell,
        name="heatmap_cell",
    ),
]

# The teams and their capacity; a project's demand grid (views/teams.py, views/demand.py).
from .views import demand as demand_views  # noqa: E402
from .views import teams as team_views  # noqa: E402

urlpatterns += [
    path("teams/", team_views.team_list, name="team_list"),
    path("teams/<str:code>/", team_views.team_detail, name="team_detail"),
    path("projecten/<str:code>/", demand_views.demand_grid, name="demand_grid"),
]
