"""The Celery application. Settings live in Django settings under the CELERY_ namespace."""

import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

app = Celery("cms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _load_search_dictionary(**kwargs):
    """Each worker process loads the Chinese dictionary once, before its first task."""
    from search.analysis import preload

    preload()
