from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisksConfig(AppConfig):
    # Risks, issues and stakeholders arrive with their own issue.
    name = "risks"
    verbose_name = _("Risico's en issues")
