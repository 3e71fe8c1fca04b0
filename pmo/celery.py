"""The Celery application: `celery -A pmo worker` and `celery -A pmo beat`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmo.settings")

app = Celery("pmo")
# All CELERY_* settings (acks late, reject on worker lost, time limits) come from Django.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
