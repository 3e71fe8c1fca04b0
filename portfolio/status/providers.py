"""Facts that later domains provide to the status report, registered when they start.

The status domain comes before `benefits` and `risks` in the domain order (DESIGN.md §3),
so it may not read them itself. Instead each app registers its reader in its `ready()`,
and the baten and risico proposals ask this module. Without a registered
reader there are no facts, and so no proposal. The registration is made once per process
at start-up, like a URL pattern: configuration, not state kept between requests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from .rules.rag import BenefitFact, RiskFact

BenefitFacts = Callable[..., Sequence[BenefitFact]]
RiskFacts = Callable[..., Sequence[RiskFact]]

_benefit_facts: BenefitFacts | None = None
_risk_facts: RiskFacts | None = None


def register_benefit_facts(reader: BenefitFacts | None) -> BenefitFacts | None:
    """Set the reader of a project's attributed benefits, called as
    `reader(project, today=...)`; None removes it. Returns the reader it replaced (so a
    test can put it back)."""
    global _benefit_facts
    previous, _benefit_facts = _benefit_facts, reader
    return previous


def benefit_facts(project, *, today: dt.date) -> list[BenefitFact]:
    """The facts of the benefits attributed to `project`; none without a reader."""
    if _benefit_facts is None or project is None or project.pk is None:
        return []
    return list(_benefit_facts(project, today=today))


def register_risk_facts(reader: RiskFacts | None) -> RiskFacts | None:
    """Set the reader of a project's open threats (the risks app does, in its
    `ready()`), called as `reader(project)`; None removes it. Returns the one it replaced."""
    global _risk_facts
    previous, _risk_facts = _risk_facts, reader
    return previous


def risk_facts(project) -> list[RiskFact]:
    """The facts of the project's open threats; none without a reader."""
    if _risk_facts is None or project is None or project.pk is None:
        return []
    return list(_risk_facts(project))
