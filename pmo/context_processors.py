from django.http import HttpRequest

from .access import can_create_projects, can_see_board, can_see_dashboards


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "can_create_projects": can_create_projects(user),
        "can_see_board": can_see_board(user),
        "can_see_dashboards": can_see_dashboards(user),
    }
