"""Thin Celery tasks of personnel documents (beat): a service call, nothing else."""

from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def ask_newcomers():
    return services.ask_newcomers()
