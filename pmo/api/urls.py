"""`/api` and `/api/v1/…`, without trailing slashes (Dutch API Design Rules)."""

from django.urls import include, path
from drf_spectacular.renderers import OpenApiJsonRenderer

from . import views
from .deletions import DeletionList
from .registry import discovered, router

discovered()

app_name = "api"
urlpatterns = [
    path("api", views.Versions.as_view(), name="versions"),
    path("api/v1", views.Root.as_view(), name="root"),
    path(
        "api/v1/openapi.json",
        views.OpenApiDocument.as_view(renderer_classes=[OpenApiJsonRenderer]),
        name="openapi",
    ),
    path("api/v1/docs", views.Docs.as_view(), name="docs"),
    path("api/v1/deletions", DeletionList.as_view(), name="deletions"),
    path("api/v1/", include(router.urls)),
]
