from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Rapportage")

    def ready(self) -> None:
        from . import schedules

        # After django_celery_beat's own tables exist, i.e. once its migrations ran.
        def after_beat_migrated(sender, **kwargs):
            if sender.label == "django_celery_beat":
                schedules.ensure_schedules()

        post_migrate.connect(
            after_beat_migrated, weak=False, dispatch_uid="reporting.ensure_schedules"
        )
