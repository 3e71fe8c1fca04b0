"""What every answer under `/api` carries (the Dutch API Design Rules): the full version
in `API-Version`, and an error as problem details even when no API view answered it
(an unknown path, a trailing slash: 404, never a redirect)."""

from django.conf import settings
from django.utils.translation import gettext as _

from .problems import MEDIA_TYPE, problem_response

JSON_TYPES = ("application/json", MEDIA_TYPE, "text/csv")


class ApiResponses:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path == "/api" or request.path.startswith("/api/"):
            content_type = response.get("Content-Type", "")
            if response.status_code >= 400 and not content_type.startswith(JSON_TYPES):
                response = problem_response(response.status_code, _describe(response))
            response["API-Version"] = settings.API_VERSION
        return response


def _describe(response) -> str:
    if response.status_code == 404:
        return _("Dit pad bestaat niet. Paden eindigen zonder schuine streep: /api/v1/projects.")
    if response.status_code == 405:
        return _("Deze methode is hier niet toegestaan.")
    return _("Er ging iets mis aan onze kant; de fout is gelogd.")
