"""What drf-spectacular needs to know of our own authentication for the document."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "pmo.api.authentication.TokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Een persoonlijk API-token (pmo_…), aan te maken onder Mijn API-tokens.",
        }


PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "Field errors: a JSON pointer into the request body and why.",
            "items": {
                "type": "object",
                "properties": {"pointer": {"type": "string"}, "detail": {"type": "string"}},
                "required": ["pointer", "detail"],
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
}
ERROR_CODES = {
    "400": "Ongeldige invoer",
    "401": "Niet aangemeld of token ongeldig",
    "403": "Niet toegestaan",
    "404": "Niet gevonden of buiten uw zicht",
    "405": "Methode niet toegestaan",
    "406": "Vorm niet beschikbaar",
    "409": "Conflict",
    "412": "Intussen gewijzigd (If-Match)",
    "413": "Verzoek te groot",
    "415": "Inhoudstype niet ondersteund",
    "422": "Niet te verwerken",
    "428": "If-Match ontbreekt",
    "429": "Te veel verzoeken (Retry-After)",
}


IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "Een unieke sleutel: een herhaling binnen 24 uur krijgt het eerste antwoord.",
    "schema": {"type": "string", "maxLength": 100},
}
IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "description": "De ETag die u las; vereist om te wijzigen (428 zonder, 412 als verouderd).",
    "schema": {"type": "string"},
}


def add_problems(result, generator, request, public):
    """drf-spectacular postprocessing: every operation may answer a problem; a detail
    GET may answer 304; CSV is text, described as such."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code, text in ERROR_CODES.items():
                responses.setdefault(code, {"description": text, "content": problem})
            parameters = operation.setdefault("parameters", [])
            if method == "post":
                parameters.append(IDEMPOTENCY_KEY)
            if method in ("patch", "put", "delete") or (
                method == "post"
                and path.endswith("}/" + path.rsplit("/", 1)[-1])
                and "{id}" in path
            ):
                parameters.append(IF_MATCH)
            if method == "get" and path.endswith("}"):
                responses.setdefault("304", {"description": "Niet gewijzigd (If-None-Match)"})
            for response in responses.values():
                content = response.get("content", {})
                if "text/csv" in content:
                    content["text/csv"] = {"schema": {"type": "string"}}
    return result
