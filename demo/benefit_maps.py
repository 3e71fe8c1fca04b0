"""Lindenhoven's batenkaart for the programme Digitale Dienstverlening: its running
projects through the changes and outcomes they bring to the programme's baten and the
objectives of the afwegingskader. One intermediate benefit is left without its link to
an objective, so the map shows what a gap looks like. Made through the services."""

from __future__ import annotations

from benefits.models import Benefit, BenefitMap, MapNode
from benefits.services import maps
from pmo.actors import Actor
from pmo.models import User
from portfolio.assessment.models import Objective
from portfolio.projects.models import LifecycleStatus, Programme, Project

K = MapNode.Kind
KEY = "KAART-DIGITAAL"
# (key, kind, label, benefit external id, objective name, dis-benefit)
BOXES = [
    ("zaak", K.CHANGE, "Aanvragen volledig online, zaakgericht afgehandeld", None, None, False),
    ("kcc", K.CHANGE, "Klantcontactcentrum werkt met één klantbeeld", None, None, False),
    ("zelf", K.OUTCOME, "Inwoners regelen hun zaken zelf online", None, None, False),
    ("minder", K.OUTCOME, "Minder telefoontjes en baliebezoek", None, None, False),
    ("digitaal", K.INTERMEDIATE, "", "BAAT-DIGITAAL-1", None, False),
    ("balie", K.INTERMEDIATE, "", "BAAT-DIGITAAL-2", None, False),
    ("papier", K.INTERMEDIATE, "Minder papieren post", None, None, False),
    ("tevreden", K.END, "", "BAAT-DIGITAAL-3", None, False),
    ("contact", K.END, "Minder persoonlijk contact voor wie digitaal minder vaardig is",
     None, None, True),
    ("goal-digitaal", K.OBJECTIVE, "", None, "Dienstverlening en digitalisering", False),
    ("goal-lasten", K.OBJECTIVE, "", None, "Lagere structurele lasten", False),
    ("goal-mee", K.OBJECTIVE, "", None, "Iedereen doet mee", False),
]  # fmt: skip
ARROWS = [
    ("zaak", "zelf"), ("kcc", "minder"), ("zelf", "digitaal"), ("zelf", "minder"),
    ("minder", "balie"), ("zelf", "papier"), ("digitaal", "tevreden"),
    ("digitaal", "contact"), ("balie", "goal-lasten"), ("tevreden", "goal-digitaal"),
    ("contact", "goal-mee"),
]  # fmt: skip


def seed_maps(*, analyst: User) -> dict[str, int]:
    """Idempotent: the map is made once, keyed by its external id."""
    programme = Programme.objects.filter(code="PRG-DIGITAAL").first()
    if programme is None or BenefitMap.objects.filter(external_id=KEY).exists():
        return {"benefit_maps": 0}
    actor = Actor.seed(analyst)
    benefit_map = maps.map_create(
        actor=actor,
        external_id=KEY,
        name="Batenkaart Digitale Dienstverlening",
        description="Hoe de projecten van het programma bijdragen aan betere en goedkopere "
        "dienstverlening, en wat het kost aan persoonlijk contact.",
        portfolio=programme.portfolio,
        programme=programme,
    )
    benefits = {b.external_id: b for b in Benefit.objects.filter(programme=programme)}
    objectives = {o.name: o for o in Objective.objects.all()}
    boxes, arrows = {}, list(ARROWS)
    projects = Project.objects.filter(programme=programme, status=LifecycleStatus.ACTIVE)
    for project in projects.order_by("code"):
        boxes[project.code] = maps.node_add(
            actor=actor, benefit_map=benefit_map, kind=K.ENABLER, label="", project=project
        )
        # Every project leads to one of the two changes.
        arrows.append((project.code, "kcc" if "klant" in project.name.lower() else "zaak"))
    for key, kind, label, benefit, objective, negative in BOXES:
        if benefit and benefit not in benefits or objective and objective not in objectives:
            continue  # the rest of the demo is smaller than usual: skip what is missing
        boxes[key] = maps.node_add(
            actor=actor,
            benefit_map=benefit_map,
            kind=kind,
            label=label,
            benefit=benefits.get(benefit),
            objective=objectives.get(objective),
            disbenefit=negative,
        )
    for source, target in arrows:
        if source in boxes and target in boxes:
            maps.link_add(actor=actor, source=boxes[source], target=boxes[target])
    return {"benefit_maps": 1}
