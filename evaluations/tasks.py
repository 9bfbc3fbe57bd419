"""Thin Celery tasks of the evaluation rounds (beat): a service call, nothing else."""

from celery import shared_task

from .services import reminders


@shared_task(ignore_result=True)
def remind_evaluation_deadlines():
    return reminders.remind_and_escalate()
