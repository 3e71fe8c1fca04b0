"""Writes to the batenkaarten: the map itself, its boxes and its arrows.

Every write to a box or arrow locks the map's row first, so two people drawing at once
cannot together close a cycle the check would refuse to each alone; it then bumps the
map's version, which a stale form or If-Match of the map is refused against.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pmo.access import is_editable
from pmo.actors import Actor
from pmo.audit import audit_record, diff, snapshot
from pmo.models import AuditEntry
from pmo.versioning import bump, lock
from portfolio.projects.models import Project

from ..models import Benefit, BenefitMap, MapLink, MapNode
from ..rules import graph

MAP_FIELDS = ["name", "description", "portfolio", "programme"]
NODE_FIELDS = ["kind", "label", "disbenefit", "project", "benefit", "objective"]


def _link_messages() -> dict[str, str]:
    return {
        "backwards": _(
            "Een verband loopt naar dezelfde of een latere stap in de keten "
            "(enabler → verandering → uitkomst → baat → doelstelling), niet terug."
        ),
        "from-objective": _("Een strategische doelstelling is het eind van de keten."),
        "cycle": _("Dit verband zou een kringloop maken: %(target)s leidt al tot %(source)s."),
        "double": _("Dit verband staat al op de kaart."),
    }


def can_create_map(user) -> bool:
    """The PMO-analist, or a programme manager (for their programme)."""
    return user.is_authenticated and (user.edits_everything or user.managed_programmes.exists())


def _check_map(benefit_map: BenefitMap, user) -> None:
    errors = {}
    try:
        benefit_map.full_clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    programme = benefit_map.programme
    if programme is not None and programme.portfolio_id != benefit_map.portfolio_id:
        errors.setdefault("programme", []).append(_("Dit programma hoort bij een ander portfolio."))
    if not user.edits_everything and (programme is None or programme.manager_id != user.pk):
        errors.setdefault("programme", []).append(
            _("U tekent alleen de kaart van uw eigen programma.")
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def map_create(*, actor: Actor, **fields: Any) -> BenefitMap:
    if not can_create_map(actor.user):
        raise PermissionDenied
    unknown = set(fields) - set(MAP_FIELDS) - {"external_id"}
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    benefit_map = BenefitMap(created_by=actor.saved_user, **fields)
    _check_map(benefit_map, actor.user)
    benefit_map.save()
    changes = diff({}, snapshot(benefit_map, MAP_FIELDS))
    audit_record(
        actor=actor, instance=benefit_map, action=AuditEntry.Action.CREATE, changes=changes
    )
    return benefit_map


@transaction.atomic
def map_update(
    *, actor: Actor, benefit_map: BenefitMap, expected_version: int, **fields
) -> BenefitMap:
    unknown = set(fields) - set(MAP_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    current = _locked(actor, benefit_map, expected_version)
    before = snapshot(current, MAP_FIELDS)
    for name, value in fields.items():
        setattr(current, name, value)
    _check_map(current, actor.user)
    changes = diff(before, snapshot(current, MAP_FIELDS))
    if not changes:
        return current
    bump(current, expected_version=expected_version, **{n: getattr(current, n) for n in fields})
    audit_record(actor=actor, instance=current, action=AuditEntry.Action.UPDATE, changes=changes)
    return current


def _locked(actor: Actor, benefit_map: BenefitMap, expected_version: int | None) -> BenefitMap:
    if expected_version is None:
        current = BenefitMap.objects.select_for_update().get(pk=benefit_map.pk)
    else:
        current = lock(BenefitMap.objects, pk=benefit_map.pk, expected_version=expected_version)
    if not is_editable(current, actor.user):
        raise PermissionDenied
    return current


def _check_node(node: MapNode, user) -> None:
    errors: dict[str, list[str]] = {}
    try:
        node.full_clean(exclude=["map"])
    except ValidationError as error:
        errors.update(error.message_dict)
    kind = node.kind
    if node.benefit_id and kind not in graph.BENEFITS:
        errors.setdefault("benefit", []).append(
            _("Alleen een baat verwijst naar een batenprofiel.")
        )
    if node.project_id and kind != graph.ENABLER:
        errors.setdefault("project", []).append(_("Alleen een enabler verwijst naar een project."))
    if node.objective_id and kind != graph.OBJECTIVE:
        errors.setdefault("objective", []).append(
            _("Alleen een doelstelling verwijst naar een doelstelling.")
        )
    if kind == graph.OBJECTIVE and not node.objective_id and not node.label:
        errors.setdefault("objective", []).append(
            _("Kies de doelstelling of geef een omschrijving.")
        )
    elif not (node.label or node.benefit_id or node.project_id or node.objective_id):
        errors.setdefault("label", []).append(
            _("Geef een omschrijving of kies wat het element is.")
        )
    if node.benefit_id and not Benefit.objects.visible_to(user).filter(pk=node.benefit_id).exists():
        errors.setdefault("benefit", []).append(_("Onbekend batenprofiel."))
    if node.project_id and not Project.objects.visible_to(user).filter(pk=node.project_id).exists():
        errors.setdefault("project", []).append(_("Onbekend project."))
    if errors:
        raise ValidationError(errors)
    if node.benefit_id:  # a dis-benefit is one because its profile says so
        node.disbenefit = node.benefit.kind == Benefit.Kind.DISBENEFIT


@transaction.atomic
def node_add(*, actor: Actor, benefit_map: BenefitMap, **fields: Any) -> MapNode:
    unknown = set(fields) - set(NODE_FIELDS) - {"external_id"}
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    current = _locked(actor, benefit_map, None)
    node = MapNode(map=current, **fields)
    _check_node(node, actor.user)
    node.save()
    bump(current, expected_version=current.version)
    audit_record(
        actor=actor,
        instance=current,
        action=AuditEntry.Action.UPDATE,
        changes={_("element toegevoegd"): ["", node.title]},
    )
    return node


@transaction.atomic
def node_update(*, actor: Actor, node: MapNode, expected_version: int, **fields: Any) -> MapNode:
    """Change a box; `expected_version` is the map's, as the form showed it."""
    unknown = set(fields) - set(NODE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    current = _locked(actor, node.map, expected_version)
    node = MapNode.objects.get(pk=node.pk, map=current)
    before = snapshot(node, NODE_FIELDS)
    for name, value in fields.items():
        setattr(node, name, value)
    _check_node(node, actor.user)
    if fields.get("kind", node.kind) != before.get("kind"):
        _check_links_of(node)
    changes = diff(before, snapshot(node, NODE_FIELDS))
    if not changes:
        return node
    node.save()
    bump(current, expected_version=expected_version)
    changes = {f"{node.title}: {name}": change for name, change in changes.items()}
    audit_record(actor=actor, instance=current, action=AuditEntry.Action.UPDATE, changes=changes)
    return node


def _check_links_of(node: MapNode) -> None:
    """A box that changes kind keeps only arrows its new kind allows."""
    kinds = dict(MapNode.objects.filter(map=node.map_id).values_list("pk", "kind"))
    kinds[node.pk] = node.kind
    pairs = MapLink.objects.filter(map=node.map_id).values_list("source", "target")
    for source, target in pairs:
        if node.pk in (source, target) and graph.link_problem(kinds[source], kinds[target]):
            raise ValidationError(
                {"kind": [_("Met deze soort kloppen de verbanden van dit element niet meer.")]}
            )


@transaction.atomic
def node_remove(*, actor: Actor, node: MapNode, expected_version: int) -> None:
    """Remove a box and its arrows."""
    current = _locked(actor, node.map, expected_version)
    title = node.title
    MapNode.objects.filter(pk=node.pk, map=current).delete()
    bump(current, expected_version=expected_version)
    audit_record(
        actor=actor,
        instance=current,
        action=AuditEntry.Action.UPDATE,
        changes={_("element verwijderd"): [title, ""]},
    )


@transaction.atomic
def link_add(*, actor: Actor, source: MapNode, target: MapNode) -> MapLink:
    """Draw `source → target` if the kinds allow it and it closes no cycle."""
    current = _locked(actor, source.map, None)
    if target.map_id != current.pk:
        raise ValidationError({"target": [_("Dit element staat op een andere kaart.")]})
    messages = _link_messages()
    problem = graph.link_problem(source.kind, target.kind)
    if problem:
        raise ValidationError({"target": [messages[problem]]})
    pairs = list(MapLink.objects.filter(map=current).values_list("source", "target"))
    if (source.pk, target.pk) in pairs:
        raise ValidationError({"target": [messages["double"]]})
    if graph.closes_cycle(pairs, source.pk, target.pk):
        raise ValidationError(
            {"target": [messages["cycle"] % {"source": source.title, "target": target.title}]}
        )
    link = MapLink.objects.create(map=current, source=source, target=target)
    bump(current, expected_version=current.version)
    audit_record(
        actor=actor,
        instance=current,
        action=AuditEntry.Action.UPDATE,
        changes={_("verband toegevoegd"): ["", f"{source.title} → {target.title}"]},
    )
    return link


@transaction.atomic
def link_remove(*, actor: Actor, link: MapLink) -> None:
    current = _locked(actor, link.map, None)
    text = f"{link.source.title} → {link.target.title}"
    MapLink.objects.filter(pk=link.pk, map=current).delete()
    bump(current, expected_version=current.version)
    audit_record(
        actor=actor,
        instance=current,
        action=AuditEntry.Action.UPDATE,
        changes={_("verband verwijderd"): [text, ""]},
    )
