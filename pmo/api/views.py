"""The API's own pages: the root, the OpenAPI document (public, CORS allowed) and the
browsable docs (Swagger UI, vendored, served from our static files)."""

from django.conf import settings
from django.utils.translation import get_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from .registry import figures, resources
from .throttling import AddressFirst


class Root(AddressFirst, APIView):
    """The resources of this version and where the document is."""

    permission_classes = [AllowAny]
    schema = None

    def get(self, request):
        base = request.build_absolute_uri("/api/v1")
        return Response(
            {
                "version": settings.API_VERSION,
                "openapi": reverse("api:openapi", request=request),
                "docs": reverse("api:docs", request=request),
                "resources": {path: f"{base}/{path}" for path in [*resources, *figures]},
            }
        )


class Versions(AddressFirst, APIView):
    permission_classes = [AllowAny]
    schema = None

    def get(self, request):
        return Response({"v1": request.build_absolute_uri("/api/v1")})


# The document is code, not data: built once per language and process, then served.
_documents: dict[str, object] = {}


class OpenApiDocument(SpectacularAPIView):
    """The OpenAPI 3 document: public, so tools (and the Logius validator) can read it."""

    permission_classes = [AllowAny]
    authentication_classes = []

    def _get_schema_response(self, request):
        language = get_language()
        if language not in _documents:
            generator = self.generator_class(
                urlconf=self.urlconf, api_version=self.api_version, patterns=self.patterns
            )
            _documents[language] = generator.get_schema(request=None, public=True)
        return Response(
            data=_documents[language],
            headers={"Content-Disposition": 'inline; filename="openapi.json"'},
        )

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response


class Docs(SpectacularSwaggerView):
    permission_classes = [AllowAny]
    authentication_classes = []
    url_name = "api:openapi"
