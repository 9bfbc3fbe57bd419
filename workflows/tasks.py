"""Thin Celery tasks of the workflows (beat): a service call, nothing else."""

from celery import shared_task

from meetings import followups
from personnel import services as hr_documents


@shared_task(ignore_result=True)
def remind_action_items():
    return followups.remind_action_items()


@shared_task(ignore_result=True)
def remind_idle_series():
    return followups.remind_idle_series()


@shared_task(ignore_result=True)
def ask_newcomers():
    return hr_documents.ask_newcomers()
