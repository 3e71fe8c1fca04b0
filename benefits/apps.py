from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    # Benefits, benefit maps and measurements arrive with their own issue.
    name = "benefits"
    verbose_name = _("Baten")
