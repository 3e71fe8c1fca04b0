"""The layout of DESIGN.md §3, held by tests: domain order, selectors without writes,
a base that knows no domain, one permission contract on every manager, small modules."""

import pytest
from django.apps import apps

from .imports import ROOT, imports_of, module_name, source_files

# DESIGN.md §3: a domain's models, services, selectors and rules import only the domains
# before it. Rank by position; equal ranks (benefits, risks) may not import each other.
ORDER = [
    ("pmo",),
    ("portfolio.scoring",),  # the pure engine: imports no domain at all
    ("portfolio.projects",),
    ("portfolio.capacity",),
    ("portfolio.status",),
    ("portfolio.governance",),
    ("portfolio.assessment",),
    ("portfolio.scenarios",),
    ("benefits", "risks"),
    ("reporting",),
    ("demo",),
]
RANK = {domain: rank for rank, domains in enumerate(ORDER) for domain in domains}
# Kinds of module held to the order; views may read any domain's selectors (a page
# composes), forms and admin follow their views.
ORDERED_KINDS = ("models", "services", "selectors", "rules", "tasks")

# (importing domain, imported domain): the reason this one exception is right.
ALLOWED = {
    ("portfolio.status", "portfolio.governance"): (
        "a submitted report places its exception or escalation on the board's agenda "
        "(status.services → governance.services.agenda_place_report)"
    ),
}


def domain_of(dotted: str) -> str | None:
    for domain in sorted(RANK, key=len, reverse=True):
        if dotted == domain or dotted.startswith(domain + "."):
            return domain
    return None


def kind_of(dotted: str, domain: str) -> str:
    rest = dotted[len(domain) + 1 :].split(".")
    return rest[0] if rest and rest[0] else "__init__"


def ordered_modules():
    for path in source_files("pmo", "portfolio", "benefits", "risks", "reporting", "demo"):
        name = module_name(path)
        domain = domain_of(name)
        if domain is None:
            continue
        if domain in ("pmo", "demo", "portfolio.scoring") or kind_of(name, domain) in ORDERED_KINDS:
            yield path, name, domain


def test_domains_import_only_the_domains_before_them():
    wrong = []
    for path, name, domain in ordered_modules():
        for imported in imports_of(path):
            target = domain_of(imported.target)
            if target is None or target == domain:
                continue
            if RANK[target] < RANK[domain]:
                continue
            if (domain, target) in ALLOWED:
                continue
            wrong.append(f"{name}:{imported.line} imports {imported.target}")
    assert not wrong, "imports against the domain order:\n" + "\n".join(wrong)


def test_the_allowed_exceptions_are_still_needed():
    used = set()
    for path, _name, domain in ordered_modules():
        for imported in imports_of(path):
            target = domain_of(imported.target)
            if (domain, target) in ALLOWED:
                used.add((domain, target))
    assert used == set(ALLOWED), "drop exceptions nothing uses any more"


def test_selectors_never_import_services():
    wrong = [
        f"{module_name(path)}:{imported.line} imports {imported.target}"
        for path in source_files("pmo", "portfolio", "benefits", "risks", "reporting")
        if ".selectors" in module_name(path) or module_name(path).endswith("selectors")
        for imported in imports_of(path)
        if ".services" in imported.target or imported.target.endswith("services")
    ]
    assert not wrong, "\n".join(wrong)


def test_pmo_imports_no_domain_app():
    wrong = [
        f"{module_name(path)}:{imported.line} imports {imported.target}"
        for path in source_files("pmo")
        for imported in imports_of(path)
        if imported.target.split(".")[0] in ("portfolio", "benefits", "risks", "reporting", "demo")
    ]
    assert not wrong, "\n".join(wrong)


DOMAIN_APPS = ("portfolio", "benefits", "risks", "reporting")


@pytest.mark.parametrize(
    "model",
    [m for label in DOMAIN_APPS for m in apps.get_app_config(label).get_models()],
    ids=lambda m: m.__name__,
)
def test_every_model_manager_has_the_permission_contract(model):
    queryset = model._default_manager.all()
    for method in ("visible_to", "editable_by"):
        assert callable(getattr(queryset, method, None)), f"{model.__name__} lacks {method}"


def test_no_module_over_400_lines():
    long = {
        str(path.relative_to(ROOT)): lines
        for path in source_files(
            "pmo", "portfolio", "benefits", "risks", "reporting", "demo", "bench"
        )
        if (lines := len(path.read_text().splitlines())) > 400
    }
    assert not long, f"split these along their seams: {long}"


def test_portfolio_models_is_only_a_face():
    """Code inside imports portfolio.<domain>.models; portfolio/models.py only names them."""
    wrong = [
        f"{module_name(path)}:{imported.line}"
        for path in source_files("portfolio", "reporting", "demo", "pmo")
        if module_name(path) != "portfolio.models"
        for imported in imports_of(path)
        if imported.target == "portfolio.models"
    ]
    assert not wrong, "\n".join(wrong)
