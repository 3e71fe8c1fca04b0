from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "benefits"
    verbose_name = _("Baten")

    def ready(self) -> None:
        # The status report's baten proposal reads the attributed benefits through this
        # provider: portfolio.status comes before benefits and may not import it.
        from portfolio.status.providers import register_benefit_facts

        from .selectors import project_benefit_facts

        register_benefit_facts(project_benefit_facts)
