"""The two peers the `api` benchmark compares `GET /api/v1/projects` with, and its urlconf.

- the naive peer: a plain DRF `ModelViewSet` with a default `ModelSerializer` over the
  same model fields, with the project's REST_FRAMEWORK defaults (authentication,
  permission, the cursor pagination ordered by id);
- the lower bound: a plain Django view, `values(<same fields>)[:1000]` and `json.dumps`.

Both read the same 1,000 rows in the same order (by id) with the same columns as the API:
the model fields plus the two annotations the API adds (`budget_total`, the same
subquery; `rag_overall`, the current report's colour). Both are signed-in only, like the
API, and live under /api/ so the API middleware runs for them too.

This module imports Django and DRF at import time: the benchmark points ROOT_URLCONF at
it only after `django.setup()` (the registry skips modules whose name starts with "_").
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F
from django.http import HttpResponse, JsonResponse
from django.urls import include, path
from rest_framework import serializers, viewsets

from portfolio.projects.api import Projects
from portfolio.projects.models import Project
from portfolio.projects.selectors import budget_total_expression

NAIVE_URL = "/api/bench/naive-projects"
VALUES_URL = "/api/bench/values-projects"
PAGE_SIZE = 1000
ANNOTATIONS = ("budget_total", "rag_overall")
# The API's project columns that are model fields (by field name, a foreign key too).
MODEL_FIELDS = [name for name in Projects.columns if name not in ANNOTATIONS]
FIELDS = [*MODEL_FIELDS, *ANNOTATIONS]


def annotated():
    return Project.objects.annotate(
        budget_total=budget_total_expression(), rag_overall=F("current_report__rag_overall")
    ).order_by("id")


class NaiveProjectSerializer(serializers.ModelSerializer):
    budget_total = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    rag_overall = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Project
        fields = FIELDS


class NaiveProjects(viewsets.ModelViewSet):
    """What a first DRF version would be: queryset, serializer, the defaults."""

    serializer_class = NaiveProjectSerializer

    def get_queryset(self):
        return annotated()


def values_json(request):
    if not request.user.is_authenticated:
        return JsonResponse({"detail": "not signed in"}, status=401)
    rows = list(annotated().values(*FIELDS)[:PAGE_SIZE])
    body = json.dumps({"next": None, "results": rows}, cls=DjangoJSONEncoder)
    return HttpResponse(body, content_type="application/json")


urlpatterns = [
    path(NAIVE_URL.lstrip("/"), NaiveProjects.as_view({"get": "list"}), name="bench_naive"),
    path(VALUES_URL.lstrip("/"), values_json, name="bench_values"),
    path("", include("pmo.urls")),
]
