"""Thin Celery tasks of meetings (beat): a service call, nothing else."""

from celery import shared_task

from . import followups


@shared_task(ignore_result=True)
def remind_action_items():
    return followups.remind_action_items()


@shared_task(ignore_result=True)
def remind_idle_series():
    return followups.remind_idle_series()
