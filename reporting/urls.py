from django.urls import path

from .views import builds, packs, scopes
from .views import dashboard as dashboards
from .views import export as exports

app_name = "reporting"

urlpatterns: list = []

# The board's dashboard: the user's own, one scope's (periode, domein, programma in the
# query), and its project rows as Excel or CSV.
urlpatterns += [
    path("", dashboards.dashboard, name="dashboard"),
    path("<int:scope_id>/", dashboards.scope_dashboard, name="scope_dashboard"),
    path("<int:scope_id>/export/", exports.rows_export, name="rows_export"),
]

# "Nu bouwen" and its progress; which scopes have a dashboard and when they are built.
urlpatterns += [
    path("<int:scope_id>/bouwen/", builds.build_request, name="build_request"),
    path("bouwopdrachten/<int:build_id>/", builds.build_status, name="build_status"),
    path("beheer/", scopes.scope_list, name="scope_list"),
    path("beheer/nieuw/", scopes.scope_create, name="scope_create"),
    path("beheer/<int:scope_id>/", scopes.scope_edit, name="scope_edit"),
]

# The board pack of a snapshot: ask for it, follow it being made, download it.
urlpatterns += [
    path("<int:scope_id>/pakket/", packs.pack_request, name="pack_request"),
    path("pakketten/<int:pack_id>/", packs.pack_status, name="pack_status"),
    path("pakketten/<int:pack_id>/download/", packs.pack_download, name="pack_download"),
]
