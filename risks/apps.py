from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisksConfig(AppConfig):
    name = "risks"
    verbose_name = _("Risico's en issues")

    def ready(self) -> None:
        # The status report's risico proposal reads the open threats through this
        # provider: portfolio.status comes before risks and may not import it.
        from portfolio.status.providers import register_risk_facts

        from .selectors import project_risk_facts

        register_risk_facts(project_risk_facts)

        # Preparing the board's agenda asks for escalated risks and issues and requests
        # for change beyond tolerance: governance comes before risks too.
        from portfolio.governance.providers import register_board_subjects

        from .selectors import pending_for_the_board

        register_board_subjects(pending_for_the_board)
