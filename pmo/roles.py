"""The four roles of the product, held as Django groups.

A user may hold several roles; what they may see and change follows from the union.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PORTFOLIORAAD = "portfolioraad", _("Portfolioraad")
    PROJECTLEIDER = "projectleider", _("Projectleider")
    PMO_ANALIST = "pmo-analist", _("PMO-analist")
    BEHEERDER = "beheerder", _("Beheerder")


# Roles that read every project in the portfolio.
READ_ALL_ROLES = frozenset({Role.PORTFOLIORAAD, Role.PMO_ANALIST, Role.BEHEERDER})
# Roles that change every project in the portfolio.
EDIT_ALL_ROLES = frozenset({Role.PMO_ANALIST})
